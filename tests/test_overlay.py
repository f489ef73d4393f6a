"""OpenAPI Overlay 1.0 actions applied to a parsed document, and the JSONPath they use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics, RefgenError
from generator.openapi import jsonpath
from generator.openapi.jsonpath import JSONPathError, find
from generator.openapi.overlay import apply_overlay, apply_overlay_with_sources
from generator.openapi.sourcemap import SourceMap

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {
        "/files": {
            "get": {
                "tags": ["files"],
                "parameters": [
                    {"name": "after", "in": "query"},
                    {"name": "order", "in": "query"},
                    {"name": "limit", "in": "query"},
                ],
            },
            "post": {"tags": ["files"]},
        },
    },
    "components": {
        "schemas": {
            "FileObject": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "bytes": {"type": "number", "description": "Size."},
                },
            },
            "Deleted": {"type": "object", "properties": {"deleted": {"type": "boolean"}}},
        }
    },
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
        (
            "$.components.schemas.FileObject.properties.bytes",
            [("components", "schemas", "FileObject", "properties", "bytes")],
        ),
        (
            "$.paths.*.*.tags",
            [("paths", "/files", "get", "tags"), ("paths", "/files", "post", "tags")],
        ),
        (
            "$.paths['/files'].get.parameters[?@.name == 'order']",
            [("paths", "/files", "get", "parameters", 1)],
        ),
        (
            "$.paths['/files'].get.parameters[?(@.name != 'order' && @.in == 'query')].name",
            [
                ("paths", "/files", "get", "parameters", 0, "name"),
                ("paths", "/files", "get", "parameters", 2, "name"),
            ],
        ),
        ("$.paths['/files'].get.parameters[-1]", [("paths", "/files", "get", "parameters", 2)]),
        ("$..properties.deleted", [("components", "schemas", "Deleted", "properties", "deleted")]),
        ("$.components.schemas[?@.required]", [("components", "schemas", "FileObject")]),
        ("$.components.schemas['Nope', 'Deleted']", [("components", "schemas", "Deleted")]),
    ],
)
def test_jsonpath_queries_overlays_use(query: str, locations: list[tuple[Any, ...]]) -> None:
    assert [node.location for node in find(DOCUMENT, query)] == locations


# What the hand-written subset lacked and RFC 9535 has: slices and the function extensions.
# Expected locations read off DOCUMENT and LISTS by hand.
LISTS: dict[str, Any] = {
    "numbers": [10, 11, 12, 13, 14],
    "names": [
        {"name": "after", "description": "A cursor.\nFor paging."},
        {"name": "order", "description": "Sort order: asc or desc."},
        {"name": "limit", "description": "At most 100.\rThe default is 20."},
    ],
}


@pytest.mark.parametrize(
    ("query", "locations"),
    [
        ("$.numbers[1:3]", [("numbers", 1), ("numbers", 2)]),
        ("$.numbers[-2:]", [("numbers", 3), ("numbers", 4)]),
        ("$.numbers[::2]", [("numbers", 0), ("numbers", 2), ("numbers", 4)]),
        (
            "$.numbers[::-1]",
            [("numbers", 4), ("numbers", 3), ("numbers", 2), ("numbers", 1), ("numbers", 0)],
        ),
        ("$.numbers[3:1]", []),
        ("$.numbers[1:4:0]", []),  # a zero step is valid and selects nothing
        (
            "$.names[?length(@.name) == 5].name",
            [("names", 0, "name"), ("names", 1, "name"), ("names", 2, "name")],
        ),
        ("$.names[?length(@.description) == 24]", [("names", 1)]),
        ("$[?count(@[*]) == 3]", [("names",)]),
        ("$.names[?match(@.name, 'o.*')]", [("names", 1)]),
        ("$.names[?match(@.name, 'rde')]", []),  # match() is the whole string
        ("$.names[?search(@.name, 'rde')]", [("names", 1)]),
        ("$.names[?value(@..name) == 'limit']", [("names", 2)]),
        # I-Regexp (RFC 9485, 5.3): `.` matches no carriage return (Python's `.` does).
        ("$.names[?search(@.description, '100[.].The')]", []),
        ("$.names[?search(@.description, '100[.]\\rThe')]", [("names", 2)]),
        ("$.names[?search(@.description, 'cursor[.]')]", [("names", 0)]),
        # Not I-Regexp (a back reference, `\\1` in the query's string, which Python's and the
        # regex module's syntax would find in "order"): false for every value, never an error.
        ("$.names[?search(@.name, '(r)de\\\\1')]", []),
        ("$.names[?search(@.name, '(r)der')]", [("names", 1)]),
        # A node selected twice is returned once, where RFC 9535 puts it first.
        ("$.numbers[0, 0, -5]", [("numbers", 0)]),
        ("$['names', 'names'][2]", [("names", 2)]),
    ],
)
def test_jsonpath_slices_and_functions(query: str, locations: list[tuple[Any, ...]]) -> None:
    assert [node.location for node in find(LISTS, query)] == locations


def test_jsonpath_nodes_are_the_documents_own() -> None:
    """The overlay edits nodes in place: a node's value is the document's object, not a copy."""
    (node,) = find(DOCUMENT, "$.components.schemas.Deleted")
    assert node.value is DOCUMENT["components"]["schemas"]["Deleted"]


# Columns count from 1 and point at the character blamed (checked by hand on each query).
@pytest.mark.parametrize(
    ("query", "column", "reason"),
    [
        ("paths", 1, "expected '$'"),
        ("$.a[?1]", 6, "must be compared"),  # the literal `1`
        ("$.a[", 5, "unbalanced brackets"),  # the end of the query
        ("$.a[?nope(@)]", 6, "'nope' is not defined"),
        ("$.a[?length(@.b, 1) > 1]", 6, "requires 1 arguments"),
        ("$.a[?length(@.b)]", 5, "must be compared"),  # the filter: length() is no test
    ],
)
def test_jsonpath_errors_name_the_column(query: str, column: int, reason: str) -> None:
    with pytest.raises(JSONPathError) as caught:
        find(DOCUMENT, query)
    assert caught.value.column == column
    assert reason in caught.value.reason and "is not a JSONPath query" in caught.value.reason


def test_update_merges_recursively_and_remove_removes(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """\
  - target: $.components.schemas.FileObject.properties.bytes
    update: {type: integer}
  - target: $.components.schemas.FileObject
    update: {required: [id, bytes], properties: {purpose: {type: string}}}
  - target: $.paths['/files'].get.parameters[?@.name == 'order']
    remove: true
  - target: $.paths.*.*.tags
    update: uploads
""",
    )
    result = apply_overlay(DOCUMENT, path)
    file_object = result["components"]["schemas"]["FileObject"]
    assert file_object["properties"]["bytes"] == {"type": "integer", "description": "Size."}
    assert file_object["required"] == ["id", "bytes"]  # arrays inside an update replace
    assert file_object["properties"]["purpose"] == {"type": "string"}
    assert [p["name"] for p in result["paths"]["/files"]["get"]["parameters"]] == ["after", "limit"]
    assert result["paths"]["/files"]["post"]["tags"] == ["files", "uploads"]  # appended
    assert (
        DOCUMENT["components"]["schemas"]["FileObject"]["properties"]["bytes"]["type"] == "number"
    )


def test_source_map_follows_the_actions(tmp_path: Path) -> None:
    path = overlay(
        tmp_path,
        """\
  - target: $.paths['/files'].get.parameters[?@.name == 'order']
    remove: true
  - target: $.components.schemas.Deleted
    remove: true
  - target: $.components.schemas.FileObject.properties.bytes
    update: {type: integer}
""",
    )
    sources = {
        "/paths/~1files/get/parameters/0": "a.md:1",
        "/paths/~1files/get/parameters/1": "a.md:2",
        "/paths/~1files/get/parameters/2": "a.md:3",
        "/components/schemas/Deleted": "a.md:4",
        "/components/schemas/Deleted/properties/deleted": "a.md:5",
    }
    evidence = {
        "/components/schemas/FileObject/properties/bytes": {"type": "silent"},
        "/components/schemas/FileObject/properties/id": {"nullable": "silent"},
        "/paths/~1files/get/parameters/2/schema": {"enum": "silent"},
    }
    _, after = apply_overlay_with_sources(DOCUMENT, SourceMap(sources, evidence), path)
    result = after.locations
    assert result["/components/schemas/FileObject/properties/bytes"].endswith("overlay.yaml:10")
    del result["/components/schemas/FileObject/properties/bytes"]
    # The overlay states what it updates; what it did not touch stays unstated, and moves
    # with its array item.
    assert after.evidence == {
        "/components/schemas/FileObject/properties/id": {"nullable": "silent"},
        "/paths/~1files/get/parameters/1/schema": {"enum": "silent"},
    }
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
        (
            "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: [{target: $, remove: true}]\n",
            "unsupported overlay version",
            1,
        ),
        ("overlay: 1.0.0\nactions: [{target: $.a, remove: true}]\n", "needs `info`", 1),
        ("overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions: []\n", "non-empty list", 3),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - {target: $.a}\n",
            "needs `update` or `remove: true`",
            4,
        ),
        (
            "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - {target: '$.a[', remove: true}\n",
            "is not a JSONPath query",
            4,
        ),
        (
            (
                "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
                "  - {target: $.components, update: [1]}\n"
            ),
            "must be one too",
            4,
        ),
    ],
)
def test_invalid_overlays_are_errors_with_a_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    path = tmp_path / "overlay.yaml"
    path.write_text(text)
    with pytest.raises(RefgenError) as caught:
        apply_overlay(DOCUMENT, path)
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.location.line == line


# Where a bad target is reported: the character blamed, as line:column of the overlay file
# (counted by hand on each text), with the line quoted; when the target is not written in the
# file as it is (escapes), the action's line and the column within the target.
@pytest.mark.parametrize(
    ("actions", "line", "column", "extra"),
    [
        ("  - target: $.paths[?nope(@)]\n    remove: true\n", 6, 22, ""),
        ("  - description: x\n    target: $.a[?1]\n    remove: true\n", 7, 18, ""),
        ("  - {target: '$.a[1:', remove: true}\n", 6, 21, ""),  # the end of the query
        (
            '  - target: "$.paths[\\"/files\\"][?nope(@)]"\n    remove: true\n',
            6,
            0,
            "(column 20 of the target)",
        ),
    ],
)
def test_a_bad_target_is_an_error_at_its_line_and_column(
    tmp_path: Path, actions: str, line: int, column: int, extra: str
) -> None:
    path = overlay(tmp_path, actions)
    with pytest.raises(RefgenError) as caught:
        apply_overlay(DOCUMENT, path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.location.line, diagnostic.location.column) == (line, column)
    assert "is not a JSONPath query" in diagnostic.message
    assert diagnostic.message.endswith(extra)
    if column:
        assert diagnostic.quote == path.read_text().splitlines()[line - 1]


def test_the_command_line_prints_the_bad_targets_line_and_column(tmp_path: Path) -> None:
    """As users see it: `refgen parse --overlay`, a real subprocess; exit 1, no traceback, the
    file:line:column of the unknown function's name, the line quoted, no output written."""
    from tests.conftest import RESUME_PAGE, ROOT

    path = overlay(tmp_path, "  - target: $.components.schemas[?size(@) > 1]\n    remove: true\n")
    output = tmp_path / "out.yaml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "parse",
            str(RESUME_PAGE),
            "-o",
            str(output),
            "--overlay",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first, quote = result.stderr.splitlines()[:2]
    assert first.endswith(
        "overlay.yaml:6:35: error: target '$.components.schemas[?size(@) > 1]' is not a JSONPath "
        "query: function 'size' is not defined"
    )
    assert quote.strip() == "- target: $.components.schemas[?size(@) > 1]"
    assert not output.exists()


def test_a_slow_pattern_is_stopped_with_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`(a|aa)+c` backtracks for hours on forty a's (the `regex` module finds no shortcut for
    it); the time limit turns that into an error at the action's line."""
    monkeypatch.setattr(jsonpath, "PATTERN_SECONDS", 0.05)
    document = {"names": ["a" * 40]}
    path = overlay(tmp_path, "  - target: $.names[?match(@, '(a|aa)+c')]\n    remove: true\n")
    with pytest.raises(RefgenError) as caught:
        apply_overlay(document, path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.location.line == 6
    assert (
        "cannot be evaluated" in diagnostic.message
        and "took more than 0.05 s" in diagnostic.message
    )


def test_a_descent_too_deep_is_an_error(tmp_path: Path) -> None:
    document: dict[str, Any] = {}
    node = document
    for _ in range(150):
        node["a"] = {}
        node = node["a"]
    path = overlay(tmp_path, "  - target: $..a\n    update: {b: 1}\n")
    with pytest.raises(RefgenError) as caught:
        apply_overlay(document, path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.location.line == 6 and "recursion limit" in diagnostic.message


def test_source_map_follows_a_slice(tmp_path: Path) -> None:
    """Removing the first two parameters with a slice renumbers the third, in the document
    and in the source map."""
    path = overlay(tmp_path, "  - target: $.paths['/files'].get.parameters[:2]\n    remove: true\n")
    sources = {
        "/paths/~1files/get/parameters/0": "a.md:1",
        "/paths/~1files/get/parameters/1": "a.md:2",
        "/paths/~1files/get/parameters/2": "a.md:3",
    }
    document, result = apply_overlay_with_sources(DOCUMENT, SourceMap(sources), path)
    assert document["paths"]["/files"]["get"]["parameters"] == [{"name": "limit", "in": "query"}]
    assert result.locations == {"/paths/~1files/get/parameters/0": "a.md:3"}


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
