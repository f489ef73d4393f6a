"""optional_from_examples: a property the page marks required but that can be null is optional
when a response example leaves it out; one that cannot be null stays required (the field list
is the page's statement, examples are often abridged)."""

from __future__ import annotations

import copy
from typing import Any

from generator.openapi.infer import optional_from_examples
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

JOB = {
    "type": "object",
    "required": ["id", "status", "error"],
    "properties": {
        "id": {"type": "string"},
        "status": {"type": "string"},
        "error": {"anyOf": [{"$ref": "#/components/schemas/Error"}, {"type": "null"}]},
    },
}
ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": ["string", "null"]}},
}


def _document(examples: list[Any]) -> dict[str, Any]:
    return operation_document(
        {"$ref": "#/components/schemas/Job"},
        examples=examples,
        components=copy.deepcopy({"Job": JOB, "Error": ERROR}),
    )


def _required(document: dict[str, Any], name: str) -> list[str] | None:
    required: list[str] | None = document["components"]["schemas"][name].get("required")
    return required


def test_a_nullable_property_a_response_example_leaves_out_is_optional() -> None:
    document = _document(
        [
            {"id": "a", "status": "failed", "error": {"code": "x", "message": "m"}},
            {"id": "b", "status": "running"},  # no error while it runs: null, left out
        ]
    )
    provenance = Provenance()
    optional_from_examples(document, provenance)
    assert _required(document, "Job") == ["id", "status"]  # in every example: still required
    assert _required(document, "Error") == ["code", "message"]
    error = document["components"]["schemas"]["Job"]["properties"]["error"]
    assert provenance.evidence(error) == {"required": "inferred:optional_from_examples"}


def test_a_property_that_cannot_be_null_stays_required() -> None:
    # The second example is abridged: it leaves out `status`, which the page lists as
    # required and not nullable. The statement wins.
    document = _document([{"id": "a", "status": "failed", "error": None}, {"id": "b"}])
    optional_from_examples(document, Provenance())
    assert _required(document, "Job") == ["id", "status"]


def test_nested_objects_are_judged_by_their_own_examples() -> None:
    document = _document([{"id": "a", "status": "failed", "error": {"code": "x"}}])
    optional_from_examples(document, Provenance())
    assert _required(document, "Job") == ["id", "status", "error"]
    assert _required(document, "Error") == ["code"]


def test_no_required_property_left_removes_the_list() -> None:
    document = _document([{"id": "a", "status": "s", "error": {"code": "x"}}])
    document["components"]["schemas"]["Error"]["required"] = ["message"]
    optional_from_examples(document, Provenance())
    assert _required(document, "Error") is None


def test_request_examples_and_unseen_objects_say_nothing() -> None:
    document = _document([])
    operation = document["paths"]["/things"]["get"]
    operation["requestBody"] = {
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/Job"},
                "examples": {"minimal": {"value": {"id": "a"}}},
            }
        }
    }  # a request may leave out anything
    optional_from_examples(document, Provenance())
    assert _required(document, "Job") == ["id", "status", "error"]
    assert _required(document, "Error") == ["code", "message"]
