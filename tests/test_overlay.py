"""OpenAPI Overlay 1.0 actions applied to a parsed document, and the JSONPath they use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics, RefgenError
from generator.openapi.jsonpath import JSONPathError, find
from generator.openapi.overlay import apply_overlay, apply_overlay_with_sources
from generator.openapi.sourcemap import SourceMap

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/files": {
            "get": {"tags": ["files"], "parameters": [
                {"name": "after", "in": "query"}, {"name": "order", "in": "query"},
                {"name": "limit", "in": "query"}]},
            "post": {"tags": ["files"]},
        },
    },
    "components": {"schemas": {
        "FileObject": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "string"}, "bytes": {"type": "number", "description": "Size."}}},
        "Deleted": {"type": "object", "properties": {"deleted": {"type": "boolean"}}},
    }},
}


def overlay(tmp_path: Path, actions: str) -> Path:
    path = tmp_path / "overlay.yaml"
    path.write_text("overlay: 1.0.0\ninfo:\n  title: t\n  version: '1'\nactions:\n" + actions)
    return path


@pytest.mark.parametrize(
    ("query", "locations"),
    [
        ("$.paths['/files'].get", [("paths", "/files", "get")]),
        ('$.paths["/files"].post.tags[0]', [("paths", "/files", "post", "tags", 0)]),
        ("$.components.schemas.FileObject.properties.bytes",
         [("components", "schemas", "FileObject", "properties", "bytes")]),
        ("$.paths.*.*.tags", [("paths", "/files", "get", "tags"), ("paths", "/files", "post", "tags")]),
        ("$.paths['/files'].get.parameters[?@.name == 'order']",
         [("paths", "/files", "get", "parameters", 1)]),
        ("$.paths['/files'].get.parameters[?(@.name != 'order' && @.in == 'query')].name",
         [("paths", "/files", "get", "parameters", 0, "name"),
          ("paths", "/files", "get", "parameters", 2, "name")]),
        ("$.paths['/files'].get.parameters[-1]", [("paths", "/files", "get", "parameters", 2)]),
        ("$..properties.deleted", [("components", "schemas", "Deleted", "properties", "deleted")]),
        ("$.components.schemas[?@.required]", [("components", "schemas", "FileObject")]),
        ("$.components.schemas['Nope', 'Deleted']", [("components", "schemas", "Deleted")]),
    ],
)
def test_jsonpath_queries_overlays_use(query: str, locations: list[tuple[Any, ...]]) -> None:
    assert [node.location for node in find(DOCUMENT, query)] == locations


@pytest.mark.parametrize(("query", "column"), [("paths", 1), ("$.a[1:2]", 6), ("$.a[?1]", 7)])
def test_jsonpath_errors_name_the_column(query: str, column: int) -> None:
    with pytest.raises(JSONPathError) as caught:
        find(DOCUMENT, query)
    assert caught.value.column == column


def test_update_merges_recursively_and_remove_removes(tmp_path: Path) -> None:
    path = overlay(tmp_path, """\
  - target: $.components.schemas.FileObject.properties.bytes
    update: {type: integer}
  - target: $.components.schemas.FileObject
    update: {required: [id, bytes], properties: {purpose: {type: string}}}
  - target: $.paths['/files'].get.parameters[?@.name == 'order']
    remove: true
  - target: $.paths.*.*.tags
    update: uploads
""")
    result = apply_overlay(DOCUMENT, path)
    file_object = result["components"]["schemas"]["FileObject"]
    assert file_object["properties"]["bytes"] == {"type": "integer", "description": "Size."}
    assert file_object["required"] == ["id", "bytes"]  # arrays inside an update replace
    assert file_object["properties"]["purpose"] == {"type": "string"}
    assert [p["name"] for p in result["paths"]["/files"]["get"]["parameters"]] == ["after", "limit"]
    assert result["paths"]["/files"]["post"]["tags"] == ["files", "uploads"]  # appended
    assert DOCUMENT["components"]["schemas"]["FileObject"]["properties"]["bytes"]["type"] == "number"


def test_source_map_follows_the_actions(tmp_path: Path) -> None:
    path = overlay(tmp_path, """\
  - target: $.paths['/files'].get.parameters[?@.name == 'order']
    remove: true
  - target: $.components.schemas.Deleted
    remove: true
  - target: $.components.schemas.FileObject.properties.bytes
    update: {type: integer}
""")
    sources = {
        "/paths/~1files/get/parameters/0": "a.md:1", "/paths/~1files/get/parameters/1": "a.md:2",
        "/paths/~1files/get/parameters/2": "a.md:3", "/components/schemas/Deleted": "a.md:4",
        "/components/schemas/Deleted/properties/deleted": "a.md:5",
    }
    evidence = {"/components/schemas/FileObject/properties/bytes": {"type": "silent"},
                "/components/schemas/FileObject/properties/id": {"nullable": "silent"},
                "/paths/~1files/get/parameters/2/schema": {"enum": "silent"}}
    _, after = apply_overlay_with_sources(DOCUMENT, SourceMap(sources, evidence), path)
    result = after.locations
    assert result["/components/schemas/FileObject/properties/bytes"].endswith("overlay.yaml:10")
    del result["/components/schemas/FileObject/properties/bytes"]
    # The overlay states what it updates; what it did not touch stays unstated, and moves
    # with its array item.
    assert after.evidence == {"/components/schemas/FileObject/properties/id": {"nullable": "silent"},
                              "/paths/~1files/get/parameters/1/schema": {"enum": "silent"}}
    assert result == {
        "/paths/~1files/get/parameters/0": "a.md:1",
        "/paths/~1files/get/parameters/1": "a.md:3",  # was item 2, before `order` left
    }


def test_a_target_that_selects_nothing_is_a_warning(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    path = overlay(tmp_path, "  - target: $.paths['/gone'].get\n    remove: true\n")
    assert apply_overlay(DOCUMENT, path, diagnostics) == DOCUMENT
    (warning,) = diagnostics.items
    assert warning.location.line == 6 and "selects nothing" in warning.message


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n",
         "unsupported overlay version", 1),
        ("overlay: 1.0.0\nactions: [{target: $.a, remove: true}]\n", "needs `info`", 1),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "non-empty list", 3),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - {target: $.a}\n",
         "needs `update` or `remove: true`", 4),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - {target: '$.a[', remove: true}\n",
         "is not a JSONPath query", 4),
        (("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
         "  - {target: $.components, update: [1]}\n"), "must be one too", 4),
    ],
)
def test_invalid_overlays_are_errors_with_a_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    path = tmp_path / "overlay.yaml"
    path.write_text(text)
    with pytest.raises(RefgenError) as caught:
        apply_overlay(DOCUMENT, path)
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.location.line == line


def test_the_spec_overlay_makes_the_resume_page_match_its_official_spec() -> None:
    """spec/overlay.yaml adds what the page never says (nullability); with it, the fragment
    agrees with the seed-era spec on every property, required flag, type and enum."""
    from generator.compare.comparison import compare_documents
    from generator.compare.report import render_json
    from generator.pipeline import parse_pages
    from generator.spec.load import load_spec
    from tests.conftest import RESUME_PAGE, ROOT, SHARED

    document = apply_overlay(parse_pages([RESUME_PAGE]).document, ROOT / "spec" / "overlay.yaml")
    anchor = SHARED / "anchors" / "openai-openapi" / "seed-era-5162af9" / "openapi.yaml"
    comparison = compare_documents(document, load_spec(anchor).document)
    figures = json.loads(render_json(comparison, "fragment", "anchor"))["total"]
    assert figures["properties"] == {"both": 204, "only_authoritative": 0, "only_reconstructed": 0}
    for check in ("required", "types", "int_number", "nullability", "enums"):
        assert figures[check]["ratio"] == 1.0, check
