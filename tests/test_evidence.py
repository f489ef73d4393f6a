"""Evidence beside the document: the source map says which facts the pages did not state, and
the fragment carries nothing but the documented `x-refgen-` extensions (docs/sourcemap.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.openapi.sourcemap import FORMAT, SourceMap, SourceMapError, from_json, loads
from generator.pipeline import parse_pages
from generator.spec.refs import walk_schemas
from tests.conftest import CORPUS, ROOT, TREES, parsed_tree
from tests.corpus_examples import parsed_folder

FIXTURES = ROOT / "tests" / "fixtures" / "evidence"
JOB = "/components/schemas/Job/properties"


def evidence_of(folder: str) -> SourceMap:
    return parse_pages([FIXTURES / folder]).sources


def test_facts_the_older_page_does_not_state() -> None:
    sources = evidence_of("older")
    assert sources.conventions["nullable"] is False  # the page never writes `or null`
    assert sources.evidence[f"{JOB}/finished_at"] == {
        "nullable": "inferred:nullable_from_descriptions",  # "will be null if ..."
        "type": "inferred:integer_from_names",  # "The Unix timestamp ..."
    }
    assert sources.evidence[f"{JOB}/status"] == {"enum": "silent"}  # `or 2 more`, no list
    assert sources.evidence["/components/schemas/JobResult"] == {"schema": "silent"}
    assert sources.evidence["/paths/~1v1~1jobs~1{job_id}/delete"] == {"body": "silent"}
    assert sources.evidence["/paths/~1v1~1files/post"] == {"body": "example"}
    form = "/components/schemas/FilesUploadParams/properties"
    assert sources.evidence[f"{form}/file"] == {"required": "example"}
    assert sources.evidence[f"{form}/size"] == {"required": "example", "type": "example"}
    # Stated: the id and the model are listed as they are; a GET carries no body.
    assert f"{JOB}/id" not in sources.evidence
    assert "/components/schemas/JobsCreateParams/properties/model" not in sources.evidence
    assert "/paths/~1v1~1jobs/post" not in sources.evidence
    # With conventions, a nullability without an entry is silent on this tree...
    assert sources.how(f"{JOB}/id", "nullable") == "silent"
    assert sources.how(f"{JOB}/id", "required") is None


def test_the_newer_page_states_nullability() -> None:
    sources = evidence_of("newer")
    assert sources.conventions["nullable"] is True
    assert sources.evidence[f"{JOB}/finished_at"] == {"type": "inferred:integer_from_names"}
    assert sources.how(f"{JOB}/finished_at", "nullable") is None  # `number or null`: stated
    assert sources.how(f"{JOB}/id", "nullable") is None  # stated: not null


def test_an_upload_known_from_one_example_requires_nothing() -> None:
    document = parse_pages([FIXTURES / "older"]).document
    body = document["paths"]["/v1/files"]["post"]["requestBody"]
    assert body["required"] is False
    assert "required" not in document["components"]["schemas"]["FilesUploadParams"]


def test_the_source_map_file_is_format_2(tmp_path: Path) -> None:
    out = tmp_path / "openapi.yaml"
    source_map = tmp_path / "openapi.sourcemap.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "parse",
            str(FIXTURES / "older"),
            "-o",
            str(out),
            "--source-map",
            str(source_map),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    written = json.loads(source_map.read_text(encoding="utf-8"))
    assert list(written) == ["format", "locations", "evidence", "conventions"]
    assert written["format"] == FORMAT == "refgen-sourcemap/2"
    assert written["locations"][f"{JOB}/finished_at"] == "jobs.md:27:6"  # relative to the root
    assert written["evidence"][f"{JOB}/status"] == {"enum": "silent"}
    assert written["conventions"] == {
        "nullable": False,
        "required": True,
        "type": False,
        "enum": True,
        "body": True,
        "schema": True,
    }
    assert (
        loads(source_map.read_text(encoding="utf-8")) == parse_pages([FIXTURES / "older"]).sources
    )


def test_format_1_is_read_as_locations() -> None:
    old = from_json({"/paths/~1a/get": "a.md:3"})
    assert old == SourceMap({"/paths/~1a/get": "a.md:3"})
    assert old.how("/paths/~1a/get", "nullable") is None  # no conventions: nothing known


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "a JSON object"),
        ({"format": "refgen-sourcemap/9"}, "unknown source map format"),
        ({"format": FORMAT, "evidence": {"/a": "silent"}}, "fact → how"),
        ({"format": FORMAT, "conventions": {"nullable": "no"}}, "true or false"),
        ({"format": FORMAT, "locations": {"/a": 3}}, "strings"),
        ({"/a": {"nested": 1}}, "strings"),
    ],
)
def test_a_bad_source_map_is_refused(value: Any, message: str) -> None:
    with pytest.raises(SourceMapError, match=message):
        from_json(value)
    with pytest.raises(SourceMapError, match="not valid JSON"):
        loads("{")


# -- the published fragment -----------------------------------------------------------------


def documented_extensions() -> set[str]:
    """The `x-refgen-` extensions docs/sourcemap.md lists in its table."""
    text = (ROOT / "docs" / "sourcemap.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(x-refgen-[a-z-]+)` \|", text, re.MULTILINE))


def extension_keys(document: dict[str, Any]) -> set[str]:
    return {
        key
        for node in walk_schemas(document)
        for key in node
        if isinstance(key, str) and key.startswith("x-refgen-")
    }


def test_the_docs_list_the_extensions_refgen_writes() -> None:
    assert documented_extensions() == {
        "x-refgen-client",
        "x-refgen-default-headers",
        "x-refgen-env",
        "x-refgen-errors",
        "x-refgen-pagination",
        "x-refgen-resource",
    }


FRAGMENTS = [
    "bundled example",
    *(f"anthropic/{tree}" for tree in TREES),
    "openai",
    "openai-zh",
    "others/letta",
    "others/cloudflare",
]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_fragments_carry_only_documented_extensions(fragment: str) -> None:
    if fragment == "bundled example":
        import yaml

        document = yaml.safe_load((ROOT / "spec" / "openapi.yaml").read_text(encoding="utf-8"))
    elif fragment.startswith("anthropic/"):
        document = parsed_tree(fragment.split("/")[1]).document
    else:
        document = parsed_folder(CORPUS / fragment).document
    found = extension_keys(document)
    assert found, "every fragment names where its operations stand in the client"
    assert found <= documented_extensions(), found - documented_extensions()
