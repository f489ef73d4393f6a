"""Limits: hostile sizes are handled, or refused with an error naming the limit — never a
RecursionError or MemoryError. (Time and memory on the big inputs are measured by `make
bench`, not here.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.pipeline import parse_pages

OPERATION = "## Big\n\n**post** `/big`\n\n### Body Parameters\n\n"


def test_declarations_nested_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    lines = [
        f"{'  ' * depth}- `f{depth}: optional object {{ f{depth + 1} }}`" for depth in range(10_000)
    ]
    page = tmp_path / "deep.md"
    page.write_text(OPERATION + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RefgenError, match=r"nested more than 100 levels deep \(the limit"):
        parse_pages([page])


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    lines = [
        f"{'  ' * depth}- `f{depth}: optional object {{ f{depth + 1} }}`" for depth in range(99)
    ]
    page = tmp_path / "deep.md"
    page.write_text(OPERATION + "\n".join(lines) + "\n", encoding="utf-8")
    schemas = parse_pages([page]).document["components"]["schemas"]
    assert (
        len(schemas) == 100
    )  # the body and the 99 objects, each lifted under a name from its path


def test_many_fields(tmp_path: Path) -> None:
    lines = [f"- `field_{i}: optional string`\n\n  Field {i}.\n" for i in range(20_000)]
    page = tmp_path / "wide.md"
    page.write_text(OPERATION + "\n".join(lines), encoding="utf-8")
    body = parse_pages([page]).document["components"]["schemas"]["BigCreateParams"]
    assert len(body["properties"]) == 20_000
    assert body["properties"]["field_19999"]["description"] == "Field 19999."


def test_deeply_nested_json_examples_are_skipped(tmp_path: Path) -> None:
    deep = "[" * 5_000 + "]" * 5_000
    page = tmp_path / "example.md"
    page.write_text(
        "## T\n\n**get** `/t`\n\n### Returns\n\n- `ok: boolean`\n\n### Example\n\n"
        "```http\ncurl https://x.test/t\n```\n\n#### Response\n\n```json\n"
        f"{deep}\n```\n\n#### Response\n\n```json\n{json.dumps({'ok': True})}\n```\n",
        encoding="utf-8",
    )
    media = parse_pages([page]).document["paths"]["/t"]["get"]["responses"]["200"]["content"]
    examples = [e["value"] for e in media["application/json"]["examples"].values()]
    assert examples == [{"ok": True}]
