"""schemas.json_types: the JSON types a schema's `type` names, asked tens of thousands of times
by the inference rules; the usual answers are shared, and no answer can be changed."""

from generator.openapi.schemas import json_types


def test_the_types_a_schema_names() -> None:
    assert json_types({"type": "string"}) == {"string"}
    assert json_types({"type": ["integer", "null"]}) == {"integer", "null"}
    assert json_types({"type": ["string", 3, None]}) == {"string"}
    assert json_types({"type": "x-custom"}) == {"x-custom"}
    assert json_types({}) == set() and json_types({"type": 3}) == set()


def test_answers_are_frozen_so_a_caller_cannot_change_the_next_ones() -> None:
    first = json_types({"type": "number"})
    assert isinstance(first, frozenset)
    first |= {"null"}  # makes a new set: the shared answer stays
    assert json_types({"type": "number"}) == {"number"}
    assert json_types({"type": "string"}) - {"null"} == {"string"}
