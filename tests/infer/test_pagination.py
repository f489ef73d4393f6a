"""pagination: the four paging shapes, each told by the response and the query together."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi.pagination import PAGINATION_KEY, pagination
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

ITEMS = {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}
BOOLEAN, STRING, NUMBER = {"type": "boolean"}, {"type": "string"}, {"type": "number"}
NULLABLE_STRING = {"type": ["string", "null"]}


def descriptor(response: dict[str, Any], query: dict[str, dict[str, Any]]) -> dict | None:
    if "type" not in response:
        response = {"type": "object", "properties": response}
    parameters = [{"name": name, "in": "query", "schema": schema} for name, schema in query.items()]
    document = operation_document(response, parameters=parameters)
    pagination(document, Provenance())
    found: dict | None = document["paths"]["/things"]["get"].get(PAGINATION_KEY)
    return found


@pytest.mark.parametrize(
    ("response", "query", "expected"),
    [
        pytest.param(  # Anthropic
            {"data": ITEMS, "has_more": BOOLEAN, "first_id": STRING, "last_id": STRING},
            {"before_id": STRING, "after_id": STRING, "limit": NUMBER},
            {
                "kind": "cursor",
                "items_field": "data",
                "param": "after_id",
                "cursor_field": "last_id",
                "backward_param": "before_id",
                "backward_cursor_field": "first_id",
                "has_more_field": "has_more",
                "limit_param": "limit",
            },
            id="cursor, last_id",
        ),
        pytest.param(  # OpenAI: the cursor is the last item's id
            {"object": STRING, "data": ITEMS, "has_more": BOOLEAN},
            {"after": STRING, "limit": NUMBER},
            {
                "kind": "cursor",
                "items_field": "data",
                "param": "after",
                "has_more_field": "has_more",
                "limit_param": "limit",
            },
            id="cursor, item id",
        ),
        pytest.param(  # Letta: the response is the array itself
            {"type": "array", "items": ITEMS["items"]},
            {"after": STRING, "before": STRING, "limit": NUMBER},
            {
                "kind": "cursor",
                "items_field": "",
                "param": "after",
                "backward_param": "before",
                "limit_param": "limit",
            },
            id="cursor, bare array",
        ),
        pytest.param(  # Anthropic compliance sessions
            {"data": ITEMS, "next_page": NULLABLE_STRING},
            {"page": STRING, "limit": NUMBER},
            {
                "kind": "token",
                "items_field": "data",
                "param": "page",
                "cursor_field": "next_page",
                "limit_param": "limit",
            },
            id="token",
        ),
        pytest.param(  # issue 14, item 8: has_more + next_page + page
            {"data": ITEMS, "has_more": BOOLEAN, "next_page": STRING},
            {"page": STRING},
            {
                "kind": "token",
                "items_field": "data",
                "param": "page",
                "cursor_field": "next_page",
                "has_more_field": "has_more",
            },
            id="token with has_more",
        ),
        pytest.param(  # Cloudflare: a numeric `next`, taken by `cursor`
            {"items": ITEMS, "next": NUMBER},
            {"cursor": NUMBER, "limit": NUMBER},
            {
                "kind": "token",
                "items_field": "items",
                "param": "cursor",
                "cursor_field": "next",
                "limit_param": "limit",
            },
            id="token, numeric",
        ),
        pytest.param(  # Cloudflare: page numbers up to result_info.total_pages
            {
                "errors": ITEMS,
                "messages": ITEMS,
                "result": ITEMS,
                "result_info": {
                    "type": "object",
                    "properties": {"page": NUMBER, "per_page": NUMBER, "total_pages": NUMBER},
                },
            },
            {"page": NUMBER, "per_page": NUMBER},
            {
                "kind": "page",
                "items_field": "result",
                "param": "page",
                "total_pages_field": "result_info.total_pages",
                "limit_param": "per_page",
            },
            id="page",
        ),
        pytest.param(  # Letta access tokens
            {"hasNextPage": BOOLEAN, "tokens": ITEMS},
            {"limit": NUMBER, "offset": NUMBER},
            {
                "kind": "offset",
                "items_field": "tokens",
                "param": "offset",
                "has_more_field": "hasNextPage",
                "limit_param": "limit",
            },
            id="offset",
        ),
    ],
)
def test_paging_shapes(response: dict, query: dict, expected: dict) -> None:
    assert descriptor(response, query) == expected


@pytest.mark.parametrize(
    ("response", "query"),
    [
        pytest.param({"data": ITEMS, "has_more": BOOLEAN}, {"limit": NUMBER}, id="no cursor"),
        pytest.param({"id": STRING}, {"after": STRING}, id="no list"),
        # `after` alone, nothing else of paging: a filter ("created after"), not a cursor.
        pytest.param({"data": ITEMS}, {"after": STRING}, id="after as a filter"),
        # The token is a string, the parameter a number: it cannot take it.
        pytest.param({"data": ITEMS, "next_page": STRING}, {"page": NUMBER}, id="token type"),
        # Items without ids and no last_id: nothing to send as the cursor.
        pytest.param(
            {"data": {"type": "array", "items": STRING}, "has_more": BOOLEAN},
            {"after": STRING},
            id="no id",
        ),
        # A page number and nothing that tells where the pages end.
        pytest.param({"data": ITEMS}, {"page": NUMBER}, id="page alone"),
        pytest.param({"data": ITEMS}, {"offset": NUMBER}, id="offset without a size"),
    ],
)
def test_not_a_paging_shape(response: dict, query: dict) -> None:
    assert descriptor(response, query) is None
