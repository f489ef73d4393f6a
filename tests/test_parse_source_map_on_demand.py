"""`refgen parse` without --source-map makes no source map (issue 16, the `docbuild` lane of
session 10): the build's export, a walk of the whole document, is left out unless an error
needs a place (tests/test_operation_paths.py: errors at their lines, with and without an
overlay). What is written does not depend on it: the fragment and the warnings are the same
with and without --source-map, and a source map made on demand is the one made with the
document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.openapi.document import ApiInfo, build_document
from generator.openapi.sourcemap import SourceMap
from generator.pipeline import parse_pages, read_pages
from tests.cli_run import refgen
from tests.conftest import ANTHROPIC, CORPUS


@pytest.mark.parametrize("folder", [ANTHROPIC / "2026-05-23", CORPUS / "openai"], ids=str)
def test_the_fragment_and_warnings_are_the_same_with_and_without_a_source_map(
    tmp_path: Path, folder: Path
) -> None:
    plain = refgen("parse", str(folder), "-o", str(tmp_path / "plain.yaml"))
    mapped = refgen(
        "parse",
        str(folder),
        "-o",
        str(tmp_path / "mapped.yaml"),
        "--source-map",
        str(tmp_path / "map.json"),
    )
    assert plain.returncode == mapped.returncode == 0, plain.stderr + mapped.stderr
    assert plain.stderr == mapped.stderr
    assert (tmp_path / "plain.yaml").read_bytes() == (tmp_path / "mapped.yaml").read_bytes()
    written = (tmp_path / "map.json").read_text(encoding="utf-8")
    assert written == parse_pages([folder]).sources.dumps()
    assert '"locations": {}' not in written  # a real map: every node located


def test_a_source_map_made_on_demand_is_the_one_made_with_the_document() -> None:
    pages = read_pages([ANTHROPIC / "2026-05-23"], Diagnostics())
    eager = build_document(pages, ApiInfo(), Diagnostics())
    deferred = build_document(pages, ApiInfo(), Diagnostics(), export=False)
    assert deferred.exported is None
    assert deferred.document == eager.document
    assert deferred.source_map == eager.source_map
    assert eager.source_map.locations and eager.source_map.evidence


def test_parse_pages_asked_for_no_source_map_makes_it_when_asked() -> None:
    folder = ANTHROPIC / "2026-05-23"
    full = parse_pages([folder])
    deferred = parse_pages([folder], source_map=False)
    assert isinstance(full.made, SourceMap) and not isinstance(deferred.made, SourceMap)
    assert deferred.document == full.document
    assert deferred.diagnostics == full.diagnostics
    assert deferred.sources == full.sources
    assert deferred.sources is deferred.sources  # made once


def test_a_build_with_a_worker_writes_the_source_map_it_writes_without_one(
    tmp_path: Path,
) -> None:
    """The worker sends the document first and makes the source map after (from its own
    copy); without a worker it is made with the document. Same files either way."""
    outputs = []
    for jobs in ("1", "2"):
        project = tmp_path / f"jobs{jobs}"
        (project / "spec").mkdir(parents=True)
        shutil.copytree(ANTHROPIC / "2026-05-23", project / "spec" / "pages")
        (project / "spec" / "refgen.yaml").write_text(
            'title: T\nversion: "1"\npackage: t_client\nsources: ["pages/**/*.md"]\n'
        )
        result = refgen("build", "--force", "--jobs", jobs, cwd=project)
        assert result.returncode == 0, result.stderr
        outputs.append(
            {
                path.relative_to(project).as_posix(): path.read_bytes()
                for path in sorted(project.rglob("*"))
                if path.is_file() and not {"pages", ".refgen-cache"} & set(path.parts)
            }
        )
    assert outputs[0] == outputs[1]
    assert any(
        name.endswith(".json") and b'"locations"' in body for name, body in outputs[1].items()
    )
