"""Constructs of Stainless-style pages from vendors refgen had not seen (issue 14): one small
fixture page per construct under tests/fixtures/vendor/, and what refgen must make of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.pipeline import ParseResult, parse_pages
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "vendor"


def parsed(page: str) -> ParseResult:
    return parse_pages([FIXTURES / page])


def schemas(result: ParseResult) -> dict[str, Any]:
    components: dict[str, Any] = result.document["components"]["schemas"]
    return components


def test_union_members_labelled_alike_are_members_not_types() -> None:
    # Item 1: `Array = array of string`, `Array = array of number`, ... label the members of
    # a union; they are no type of the API, and the third must not be named after the file.
    result = parsed("embeddings.md")
    assert not {"Array", "String"} & set(schemas(result))
    assert all("Md" not in name and "At" not in name for name in schemas(result))
    members = schemas(result)["EmbeddingsCreateParams"]["properties"]["input"]["anyOf"]
    assert [m["type"] for m in members] == ["string", "array", "array", "array"]
    assert members[1]["items"] == {"type": "string"}
    assert not [d for d in result.diagnostics if "defined differently" in d.message]


def test_variants_nothing_else_tells_apart_are_named_by_their_content(tmp_path: Path) -> None:
    # Three different definitions of `Item` in one union of one operation: neither the
    # resource nor the enclosing path tells them apart, so their content does.
    page = tmp_path / "sources.md"
    page.write_text(
        "## Create source\n\n**post** `/sources`\n\n### Body Parameters\n\n"
        "- `source: Item or Item or Item`\n\n"
        "  - `Item = array of string`\n\n  - `Item = array of number`\n\n"
        "  - `Item object { url }`\n\n    - `url: string`\n\n"
        "### Returns\n\n- `id: string`\n",
        encoding="utf-8",
    )
    names = set(parse_pages([page]).document["components"]["schemas"])
    assert {"SourcesItem", "SourcesCreateParamsSourceItem",
            "SourcesCreateParamsSourceItemWithUrl"} <= names
