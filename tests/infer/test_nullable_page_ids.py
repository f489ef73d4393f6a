"""nullable_page_ids: `first_id` and `last_id` of a cursor page are null when it is empty."""

from __future__ import annotations

from generator.openapi.infer import nullable_page_ids
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document


def page(extra: dict) -> dict:
    return {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": {"type": "string"}},
            "first_id": {"type": "string"},
            "last_id": {"type": "string"},
            **extra,
        },
    }


def test_ids_of_a_cursor_page_can_be_null() -> None:
    document = operation_document(
        {"$ref": "#/components/schemas/Page"},
        components={"Page": page({"has_more": {"type": "boolean"}})},
    )
    nullable_page_ids(document, Provenance())
    properties = document["components"]["schemas"]["Page"]["properties"]
    assert properties["first_id"]["type"] == properties["last_id"]["type"] == ["string", "null"]


def test_not_without_has_more() -> None:
    document = operation_document(
        {"$ref": "#/components/schemas/Page"}, components={"Page": page({})}
    )
    nullable_page_ids(document, Provenance())
    assert document["components"]["schemas"]["Page"]["properties"]["first_id"]["type"] == "string"


def test_not_on_a_tree_that_writes_or_null() -> None:
    # There the page says `first_id: string or null` when it means it.
    document = operation_document(
        {"$ref": "#/components/schemas/Page"},
        components={"Page": page({"has_more": {"type": "boolean"}})},
    )
    nullable_page_ids(document, Provenance({"nullable": True}))
    assert document["components"]["schemas"]["Page"]["properties"]["first_id"]["type"] == "string"
