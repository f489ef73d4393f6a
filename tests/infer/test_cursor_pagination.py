"""cursor_pagination: the three paging shapes of the docs, from names alone."""

from __future__ import annotations

import pytest

from generator.openapi.infer import PAGINATION_KEY, cursor_pagination
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

ITEMS = {"type": "array", "items": {"type": "object"}}


def style(fields: dict, query: list[str]) -> dict | None:
    response = {"type": "object", "properties": {name: dict(s) for name, s in fields.items()}}
    parameters = [{"name": q, "in": "query", "schema": {"type": "string"}} for q in query]
    document = operation_document(response, parameters=parameters)
    cursor_pagination(document, Provenance())
    return document["paths"]["/things"]["get"].get(PAGINATION_KEY)


BOOLEAN, STRING = {"type": "boolean"}, {"type": "string"}


@pytest.mark.parametrize(
    ("fields", "query", "expected"),
    [
        ({"data": ITEMS, "has_more": BOOLEAN, "first_id": STRING, "last_id": STRING},
         ["before_id", "after_id", "limit"],
         {"items_field": "data", "has_more_field": "has_more", "param": "after_id",
          "cursor_field": "last_id", "backward_param": "before_id",
          "backward_cursor_field": "first_id"}),
        ({"object": STRING, "data": ITEMS, "has_more": BOOLEAN}, ["after", "limit"],
         {"items_field": "data", "has_more_field": "has_more", "param": "after",
          "cursor_field": None}),
        ({"data": ITEMS, "next_page": STRING}, ["page", "limit"],
         {"items_field": "data", "param": "page", "cursor_field": "next_page",
          "has_more_field": None}),
    ],
)
def test_paging_shapes(fields: dict, query: list[str], expected: dict) -> None:
    assert style(fields, query) == expected


def test_no_cursor_parameter_no_pagination() -> None:
    assert style({"data": ITEMS, "has_more": BOOLEAN}, ["limit"]) is None
    assert style({"id": STRING}, ["after"]) is None
