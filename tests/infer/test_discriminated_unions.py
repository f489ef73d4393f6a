"""discriminated_unions: members told apart by a required constant become oneOf."""

from __future__ import annotations

from generator.openapi.infer import discriminated_unions
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

REF = "#/components/schemas/"


def member(kind: str, required: bool = True) -> dict:
    return {
        "type": "object",
        "properties": {"type": {"type": "string", "const": kind}},
        "required": ["type"] if required else [],
    }


def test_distinct_required_constants_make_a_discriminator() -> None:
    union = {"anyOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Image"}]}
    document = operation_document(
        union, components={"Text": member("text"), "Image": member("image")}
    )
    discriminated_unions(document, Provenance())
    assert union == {
        "oneOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Image"}],
        "discriminator": {
            "propertyName": "type",
            "mapping": {"text": REF + "Text", "image": REF + "Image"},
        },
    }


def test_an_optional_or_shared_constant_is_not_enough() -> None:
    optional = {"anyOf": [{"$ref": REF + "Text"}, {"$ref": REF + "Image"}]}
    document = operation_document(
        optional, components={"Text": member("text"), "Image": member("image", False)}
    )
    discriminated_unions(document, Provenance())
    assert "anyOf" in optional
    shared = {"anyOf": [{"$ref": REF + "A"}, {"$ref": REF + "B"}]}
    document = operation_document(shared, components={"A": member("x"), "B": member("x")})
    discriminated_unions(document, Provenance())
    assert "anyOf" in shared
