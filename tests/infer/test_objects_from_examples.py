"""objects_from_examples: an object shown only by its header takes its fields from examples."""

from __future__ import annotations

from generator.openapi.infer import objects_from_examples
from generator.openapi.provenance import SILENT, Provenance
from tests.infer.helpers import operation_document


def _document(header: dict, examples: list) -> tuple[dict, Provenance]:
    provenance = Provenance()
    provenance.note(header, "schema", SILENT)  # as the builder records a header-only object
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"}, examples=examples, components={"Thing": header}
    )
    return document, provenance


def test_fields_and_their_types_come_from_every_example() -> None:
    header = {"type": "object", "properties": {"id": {}, "tags": {}}}
    document, provenance = _document(
        header,
        [
            {"id": "a", "tags": ["x"], "size": 3, "owner": {"name": "n"}},
            {"id": "b", "tags": [], "size": None, "extra": True},
        ],
    )
    objects_from_examples(document, provenance)
    properties = document["components"]["schemas"]["Thing"]["properties"]
    assert list(properties) == ["id", "tags", "size", "owner", "extra"]  # the header's first
    assert properties["tags"] == {"type": "array", "items": {"type": "string"}}
    assert properties["size"] == {"type": ["number", "null"]}
    assert properties["owner"] == {"$ref": "#/components/schemas/ThingOwner"}
    assert document["components"]["schemas"]["ThingOwner"]["properties"] == {
        "name": {"type": "string"}
    }
    assert provenance.evidence(properties["size"]) == {"required": "example", "nullable": "example"}
    assert provenance.evidence(header) == {"schema": "example"}
    assert list(document["components"]["schemas"]) == ["Thing", "ThingOwner"]  # sorted


def test_a_value_of_several_kinds_is_a_union() -> None:
    document, provenance = _document(
        {"type": "object", "properties": {"v": {}}}, [{"v": "text"}, {"v": 2.5}]
    )
    objects_from_examples(document, provenance)
    assert document["components"]["schemas"]["Thing"]["properties"]["v"] == {
        "anyOf": [{"type": "string"}, {"type": "number"}]
    }


def test_objects_the_page_lists_are_left_alone() -> None:
    listed = {"type": "object", "properties": {"id": {"type": "string"}}}
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"},
        examples=[{"id": "a", "more": 1}],
        components={"Thing": listed},
    )
    objects_from_examples(document, Provenance())
    assert listed == {"type": "object", "properties": {"id": {"type": "string"}}}
