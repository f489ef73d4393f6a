"""nullable_from_examples: a property an example shows as null can be null."""

from __future__ import annotations

from generator.openapi.infer import nullable_from_examples
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document


def test_a_null_in_an_example_makes_the_property_nullable() -> None:
    components = {
        "Job": {
            "type": "object",
            "properties": {
                "error": {"$ref": "#/components/schemas/Error", "description": "Why it failed."},
                "finished_at": {"type": "integer"},
                "model": {"type": "string"},
                "status": {"type": "string", "enum": ["running", "done"]},
            },
        },
        "Error": {"type": "object", "properties": {"code": {"type": "string"}}},
    }
    document = operation_document(
        {"$ref": "#/components/schemas/Job"},
        examples=[{"error": None, "finished_at": None, "model": "m", "status": "running"}],
        components=components,
    )
    nullable_from_examples(document, Provenance())
    job = document["components"]["schemas"]["Job"]["properties"]
    assert job["error"] == {
        "anyOf": [{"$ref": "#/components/schemas/Error"}, {"type": "null"}],
        "description": "Why it failed.",
    }
    assert job["finished_at"] == {"type": ["integer", "null"]}
    assert job["model"] == {"type": "string"}
    assert job["status"] == {"type": "string", "enum": ["running", "done"]}


def test_a_null_in_a_request_example_counts_too_and_only_for_that_property() -> None:
    components = {
        "Params": {
            "type": "object",
            "properties": {
                "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                "name": {"type": "string"},
            },
        }
    }
    document = operation_document({"type": "object"}, components=components)
    document["paths"]["/things"]["get"]["requestBody"] = {
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Params"},
                "examples": {"clear": {"value": {"metadata": None, "name": "n"}}},
            }
        }
    }
    nullable_from_examples(document, Provenance())
    params = document["components"]["schemas"]["Params"]["properties"]
    assert params["metadata"]["type"] == ["object", "null"]
    assert params["name"] == {"type": "string"}
