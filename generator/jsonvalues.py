"""Facts about JSON values that several stages need."""

from __future__ import annotations

from collections.abc import Mapping


def json_type(value: object) -> str:
    """The JSON Schema type of a JSON value. As in JSON Schema, `1.0` is an integer, and a
    bool is never a number."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"
