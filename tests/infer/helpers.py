"""Small documents for testing one inference rule at a time."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from generator.pipeline import parse_pages


def operation_document(
    response: dict[str, Any],
    examples: tuple[Any, ...] | list[Any] = (),
    components: dict[str, Any] | None = None,
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One GET /things operation whose 200 response has `response` as schema."""
    media: dict[str, Any] = {"schema": response}
    if examples:
        media["examples"] = {f"example{i + 1}": {"value": v} for i, v in enumerate(examples)}
    operation: dict[str, Any] = {
        "responses": {"200": {"description": "OK", "content": {"application/json": media}}}
    }
    if parameters:
        operation["parameters"] = parameters
    return {
        "openapi": "3.1.0",
        "paths": {"/things": {"get": operation}},
        "components": {"schemas": components or {}},
    }


def parse_text(tmp_path: Path, text: str, name: str = "page.md") -> dict[str, Any]:
    """The document `refgen parse` makes of a page with this text (dedented)."""
    page = tmp_path / name
    page.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return parse_pages([page]).document


def schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]
