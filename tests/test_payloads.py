"""The generic payload test of issue 11: an injection payload in every string the document
and the template context can hold (tests/payloads.py walks both, so new fields are covered by
themselves), then: every generated module parses and the payload sits only in its string
literals and comments; the package imports in a subprocess where starting any process fails,
and nothing ran; the docs are inert.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render.context import build_context
from generator.render.files import load_templates, render_code, render_docs
from generator.render.format import format_python
from tests.conftest import RESUME_PAGE
from tests.feature_document import feature_document
from tests.generated_package import GOLDEN, types_source
from tests.payloads import (
    MARKER,
    PARSER,
    PAYLOAD,
    anchors,
    docs_link_problems,
    import_without_effects,
    markdown_problems,
    payloaded_context,
    payloaded_document,
    python_outside_strings,
)


def documents() -> dict[str, dict]:
    """The feature document (every branch of the templates), the golden cases' fragments and
    the bundled example's pages."""
    found = {"features": feature_document(), "resume-page": parse_pages([RESUME_PAGE]).document}
    for case in sorted(GOLDEN.glob("*/openapi.yaml")):
        found[case.parent.name] = yaml.safe_load(case.read_text(encoding="utf-8"))
    return found


def check_package(files: dict[str, str], directory: Path, package: str) -> None:
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text)
            assert python_outside_strings(text) == [], path
        if path.endswith(".md"):
            assert markdown_problems(text) == [], path
    assert any(MARKER in text for path, text in files.items() if path.endswith(".py"))
    write_tree(directory, files)
    result = import_without_effects(directory, package)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(directory.rglob("PWNED_RAN")) and not Path("PWNED_RAN").exists()


@pytest.mark.parametrize("name", sorted(documents()))
def test_a_payload_in_every_string_of_the_document_stays_text(name: str, tmp_path: Path) -> None:
    document = payloaded_document(documents()[name])
    files = render_files(document, "payloaded")
    check_package(files, tmp_path, "payloaded")
    assert PAYLOAD.split('"')[0] in types_source(files, "payloaded")


def test_a_payload_in_every_string_of_the_context_stays_text(tmp_path: Path) -> None:
    used = load_templates(None)
    context = payloaded_context(build_context(feature_document(), "payloaded", used.reserved))
    assert context.title.endswith(PAYLOAD) and context.models[0].fields[0].description.endswith(
        PAYLOAD
    )
    code = render_code(context, used)
    files = {**code, **format_python(code), **render_docs(context, used)}
    check_package(files, tmp_path, "payloaded")


# Breaks out of a Markdown block every way a description, a name or a path could: a heading of
# its own (GitHub anchors), a fence left open, a details block closed, a table row, a link.
MARKDOWN_PAYLOAD = (
    "\n\n## Injected\n</details>\n```\n| x | y |\n[l](javascript:alert(1))` \\\nTitle\n---\n"
)


@pytest.mark.parametrize("name", sorted(documents()))
def test_a_markdown_payload_in_every_string_stays_in_its_block(name: str) -> None:
    """The docs pages keep their structure: the payload made no heading and no fence (every
    heading is one the templates wrote), and every link still lands on its page and heading."""
    clean = render_docs_only(documents()[name])
    files = render_docs_only(payloaded_document(documents()[name], MARKDOWN_PAYLOAD))
    assert len(files) == len(clean)  # the same pages (their names may take the payload)
    for path, text in files.items():
        assert markdown_problems(text) == [], path
        assert not {"injected", "title"} & set(anchors(text)), path
        # The page ends as the template ends it, outside any block the payload opened: with
        # the back link, or the index with its list.
        last = PARSER.parse(text)[-1].type
        assert last == "bullet_list_close" if path == "docs/index.md" else last == "paragraph_close"
        assert path == "docs/index.md" or text.rstrip().endswith(")"), path
    assert docs_link_problems(files) == []
    assert sum(text.count("Injected") for text in files.values()) > 0


def render_docs_only(document: dict) -> dict[str, str]:
    used = load_templates(None)
    return render_docs(build_context(document, "payloaded", used.reserved), used)


def test_the_walks_reach_every_string(tmp_path: Path) -> None:
    """Strings that are OpenAPI's vocabulary keep their value; every other one, names
    included, carries the payload, and references still meet."""
    document = payloaded_document(feature_document())

    def strings(value: object, key: str | None = None) -> list[tuple[str | None, str]]:
        if isinstance(value, dict):
            return [(None, k) for k in value] + [s for k, v in value.items() for s in strings(v, k)]
        if isinstance(value, list):
            return [s for item in value for s in strings(item, key)]
        return [(key, value)] if isinstance(value, str) else []

    schemas = document["components"]["schemas"]
    plain = [
        (k, s)
        for k, s in strings(document)
        if not s.endswith(PAYLOAD)
        and s not in schemas
        and not any(s.endswith(name) for name in schemas)
    ]
    assert {k for k, _ in plain} <= {"openapi", "type", "format", "in", "scheme", None}
    # Keys left as they were are the document's structure: `properties`, `get`, `200`, ...
    structure = {s for k, s in strings(feature_document()) if k is None}
    assert {s for k, s in plain if k is None} <= structure and plain
    assert all(path.endswith(PAYLOAD) for path in document["paths"])
    widget = next(
        s
        for name, s in schemas.items()
        if name.startswith("Widget") and "properties" in s and "kind" + PAYLOAD in s["properties"]
    )
    assert set(widget["required"]) <= set(widget["properties"])
    assert all(name.endswith(PAYLOAD) for name in widget["properties"])
    refs = [s for k, s in strings(document) if k == "$ref"]
    assert refs and all(ref.removeprefix("#/components/schemas/") in schemas for ref in refs)


def test_hostile_wire_names_of_a_request_type_stay_string_keys(tmp_path: Path) -> None:
    """A TypedDict's keys are the wire names themselves (a dict has no aliases): hostile
    ones put the TypedDict in the functional syntax, each key a string literal, each type a
    string too, and never a class field or an expression."""
    document = payloaded_document(feature_document())
    files = render_files(document, "payloaded")
    check_package(files, tmp_path, "payloaded")
    context = build_context(document, "payloaded")
    (request,) = context.request_types  # the upload body's part: file, purpose
    assert not request.class_syntax
    assert all(key.wire_name.endswith(PAYLOAD) for key in request.keys)
    source = types_source(files, "payloaded")
    assert f"{request.name} = TypedDict(\n    {request.name!r}".replace("'", '"') in source
