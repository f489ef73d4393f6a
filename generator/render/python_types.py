"""JSON Schema → Python type annotations for Pydantic v2 models."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from generator.spec.refs import ref_name

Schema = Mapping[str, Any]

# JSON numbers the docs do not call integers may still arrive as integers; `Number` (int |
# float, from the runtime) keeps 1710000000 an int where `float` would make it 1710000000.0.
_SCALARS = {"string": "str", "integer": "int", "number": "Number", "boolean": "bool", "null": "None"}


def python_literal(value: object) -> str:
    """A Python literal for a JSON scalar; strings go through json.dumps, whose escapes are
    valid Python, so no text from a page can end the literal early."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=True)


def is_binary(schema: Schema) -> bool:
    return schema.get("type") == "string" and schema.get("format") == "binary"


class TypeNamer:
    """Turns schemas into annotations, given the Python name of every component."""

    def __init__(self, class_names: Mapping[str, str]) -> None:
        self.class_names = class_names

    def annotation(self, schema: Schema) -> str:
        parts = self._parts(schema)
        return _union(parts)

    def _parts(self, schema: Schema) -> list[str]:
        name = ref_name(dict(schema))
        if name is not None:
            return [self.class_names.get(name, "Any")]
        if "const" in schema:
            return [f"Literal[{python_literal(schema['const'])}]"]
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            literal = [f"Literal[{', '.join(python_literal(v) for v in values)}]"] if values else []
            return literal + (["None"] if None in schema["enum"] else [])
        if "oneOf" in schema or "anyOf" in schema:
            return self._union_parts(schema)
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind] if kind else []
        if not kinds:
            return ["Any"]
        return [self._single(schema, single) for single in kinds]

    def _union_parts(self, schema: Schema) -> list[str]:
        members = schema.get("oneOf") or schema.get("anyOf") or []
        parts: list[str] = []
        for member in members:
            for part in self._parts(member):
                if part not in parts:
                    parts.append(part)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, Mapping) and "oneOf" in schema:
            inner = " | ".join(parts)
            field = python_literal(discriminator["propertyName"])
            return [f"Annotated[{inner}, Field(discriminator={field})]"]
        if "Any" in parts:
            return ["Any"]
        return parts

    def _single(self, schema: Schema, kind: str) -> str:
        if kind == "array":
            items = schema.get("items", {})
            return f"list[{self.annotation(items)}]"
        if kind == "object":
            values = schema.get("additionalProperties")
            if isinstance(values, Mapping):
                return f"dict[str, {self.annotation(values)}]"
            return "dict[str, Any]"
        if kind == "string" and schema.get("format") == "binary":
            return "FileInput"
        return _SCALARS.get(kind, "Any")


def _union(parts: list[str]) -> str:
    if not parts:
        return "Any"
    ordered = [p for p in parts if p != "None"] + (["None"] if "None" in parts else [])
    return " | ".join(dict.fromkeys(ordered))
