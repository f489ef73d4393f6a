"""No inference rule reads or rewrites an example as if it were a schema of the document.

An example is data the API sends or receives; a request example may well hold a JSON Schema
(a tool's `input_schema`) with every sign a rule looks for. Each rule, and all of them in
order, must leave every example exactly as the page gave it."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.openapi.infer import RULES, Rule, apply_rules
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

# What each rule looks for, inside a value: a numeric `count` (integer_from_names), an RFC
# 3339 description (date_times_from_descriptions), "Can be null" (nullable_from_descriptions),
# a cursor page's ids (nullable_page_ids), a union of references (discriminated_unions), a
# field described as a map of an undefined type (maps_from_descriptions), a $ref.
_TOOL_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "count": {"type": "number", "description": "The number of items"},
        "created_at": {"type": "string", "description": "An RFC 3339 timestamp"},
        "note": {"type": "string", "description": "Can be null"},
        "has_more": {"type": "boolean"},
        "data": {"type": "array", "items": {"type": "string"}},
        "first_id": {"type": "string"},
        "labels": {"$ref": "#/components/schemas/Labels", "description": "A map of labels"},
        "choice": {
            "anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]
        },
    },
}
_COMPONENTS: dict[str, Any] = {
    "A": {
        "type": "object",
        "properties": {"type": {"const": "a"}},
        "required": ["type"],
    },
    "B": {
        "type": "object",
        "properties": {"type": {"const": "b"}},
        "required": ["type"],
    },
}


def _document() -> dict[str, Any]:
    response = {"type": "object", "properties": {"tool": {"type": "object"}}}
    document = operation_document(
        response,
        examples=[{"tool": {"name": "t", "input_schema": copy.deepcopy(_TOOL_SCHEMA)}}],
        components=copy.deepcopy(_COMPONENTS),
        parameters=[
            {
                "name": "filter",
                "in": "query",
                "schema": {"type": "object"},
                "example": copy.deepcopy(_TOOL_SCHEMA),
                "examples": {"one": {"value": copy.deepcopy(_TOOL_SCHEMA)}},
            }
        ],
    )
    operation = document["paths"]["/things"]["get"]
    operation["requestBody"] = {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"tools": {"type": "array", "items": {"type": "object"}}},
                    "default": {"tools": [copy.deepcopy(_TOOL_SCHEMA)]},
                },
                "example": {"tools": [copy.deepcopy(_TOOL_SCHEMA)]},
                "examples": {"tool": {"value": {"tools": [copy.deepcopy(_TOOL_SCHEMA)]}}},
            }
        }
    }
    return document


def _data(document: dict[str, Any]) -> list[Any]:
    operation = document["paths"]["/things"]["get"]
    body = operation["requestBody"]["content"]["application/json"]
    parameter = operation["parameters"][0]
    response = operation["responses"]["200"]["content"]["application/json"]
    return [
        body["example"],
        body["examples"],
        body["schema"]["default"],
        parameter["example"],
        parameter["examples"],
        response["examples"],
    ]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_a_rule_leaves_examples_as_given(rule: Rule) -> None:
    document = _document()
    before = copy.deepcopy(_data(document))
    apply_rules(document, Provenance(), (rule,))
    assert _data(document) == before


def test_all_rules_in_order_leave_examples_as_given() -> None:
    document = _document()
    before = copy.deepcopy(_data(document))
    apply_rules(document, Provenance())
    assert _data(document) == before


def test_the_same_signs_in_a_schema_are_read() -> None:
    # The guard is not that the rules see nothing: put the tool's schema in the document as
    # a schema, and the rules act on it.
    document = operation_document(
        copy.deepcopy(_TOOL_SCHEMA), components=copy.deepcopy(_COMPONENTS)
    )
    apply_rules(document, Provenance())
    schema = document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    assert schema["properties"]["count"]["type"] == "integer"
    assert schema["properties"]["created_at"]["format"] == "date-time"
    assert "discriminator" in schema["properties"]["choice"]
