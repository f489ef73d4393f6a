"""Short, readable summaries of schemas and values for messages (`string | null`, `Workspace`)."""

import json
from typing import Any

from generator.diff.spellings import (
    Node,
    enum_values,
    is_nullable,
    types_of,
    union_keyword,
)
from generator.spec.refs import ref_name

_MAX_TEXT = 60


def schema_summary(node: Node) -> str:
    """One line for a schema: its component name, its types, its literal values, or its union."""
    text = _summary_without_null(node)
    if is_nullable(node) and text != "null":
        text += " | null"
    return _shorten(text)


def _summary_without_null(node: Node) -> str:
    name = ref_name(node)
    if name is not None:
        return name
    values = enum_values(node)
    if values:
        return " | ".join(value_text(value) for value in values)
    keyword = union_keyword(node)
    if keyword is not None:
        parts = [_summary_without_null(m) for m in node[keyword] if isinstance(m, dict)]
        return " | ".join(part for part in parts if part != "null") or "null"
    types = types_of(node)
    if types == {"array"} and isinstance(node.get("items"), dict):
        return f"array of {_summary_without_null(node['items'])}"
    if types:
        return " | ".join(sorted(types))
    return "null" if node.get("type") == "null" else "any"


def value_text(value: Any) -> str:
    """A literal as it would be written in JSON."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"
