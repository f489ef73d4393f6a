"""integer_from_names: clear signs in names and descriptions, when examples say nothing."""

from __future__ import annotations

import pytest

from generator.openapi.infer import integer_from_names
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document


def kind(name: str, description: str = "", schema: dict | None = None) -> str:
    prop = schema or {"type": "number", "description": description}
    document = operation_document({"type": "object", "properties": {name: prop}})
    integer_from_names(document, Provenance())
    return prop["items"]["type"] if prop["type"] == "array" else prop["type"]


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("created_at", ""),
        ("finished_at", "The Unix timestamp (in seconds) for when..."),
        ("started", "Time of start, in seconds since the epoch."),
        ("input_tokens", ""),
        ("max_tokens", ""),
        ("trained_tokens", ""),
        ("n_epochs", ""),
        ("num_results", ""),
        ("item_count", ""),
        ("total", "The number of items in the list."),
        ("limit", ""),
        ("max_length", ""),
        ("bytes", ""),
        ("file_size", ""),
        ("batch_size", ""),
        ("index", ""),
        ("start_index", ""),
        ("timeout_ms", ""),
        ("sequence_number", ""),
        ("status_code", ""),
        ("seed", ""),
        ("line", "The line number of the input file where the error occurred."),
        ("top_logprobs", "An integer between 0 and 20."),
    ],
)
def test_clear_signs_make_an_integer(name: str, description: str) -> None:
    assert kind(name, description) == "integer"


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("temperature", "What sampling temperature to use, between 0 and 2."),
        ("top_p", ""),
        ("score", "The grade."),
        ("duration", "The number of seconds it took."),
        ("reset_seconds", ""),
        ("x", "The x coordinate."),
        ("weight", ""),
        ("frequency_penalty", "Number between -2.0 and 2.0."),
    ],
)
def test_no_clear_sign_leaves_a_number(name: str, description: str) -> None:
    assert kind(name, description) == "number"


def test_the_items_of_an_array_follow_its_name_and_description() -> None:
    schema = {
        "type": "array",
        "items": {"type": "number"},
        "description": "A list of integers representing the UTF-8 bytes of the token.",
    }
    assert kind("bytes", schema=schema) == "integer"


def test_examples_beat_names() -> None:
    prop = {"type": "number"}
    provenance = Provenance()
    provenance.note(prop, "type", "inferred:integer_from_examples")  # an example showed 2.5
    document = operation_document({"type": "object", "properties": {"input_tokens": prop}})
    integer_from_names(document, provenance)
    assert prop["type"] == "number"


def test_parameters_are_named_too() -> None:
    parameter = {"name": "limit", "in": "query", "schema": {"type": "number"}}
    document = operation_document({"type": "object"}, parameters=[parameter])
    integer_from_names(document, Provenance())
    assert parameter["schema"]["type"] == "integer"
