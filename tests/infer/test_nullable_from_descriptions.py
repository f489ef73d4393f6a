"""nullable_from_descriptions: "The value will be null if ..." makes a property nullable."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.openapi.infer import nullable_from_descriptions
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document, parse_text, schema


@pytest.mark.parametrize(
    "description",
    [
        "The name of the model. The value will be null if the job is still running.",
        "This field will be null if the failure was not parameter-specific.",
        "Can be `null` if there is no bytes representation for the token.",
        "The reason, or null.",
        "Set to null to disable tracing.",
    ],
)
def test_descriptions_that_say_null(description: str) -> None:
    prop = {"type": "string", "description": description}
    document = operation_document({"type": "object", "properties": {"p": prop}})
    nullable_from_descriptions(document, Provenance())
    assert document["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]["properties"]["p"]["type"] == ["string", "null"]


def test_not_on_a_tree_that_writes_or_null() -> None:
    # "`name` and `email_address` are null when ..." speaks of the fields inside; a tree that
    # writes `or null` says so of the field itself when it means it.
    prop = {
        "$ref": "#/components/schemas/Actor",
        "description": "A user. `name` and `email_address` are null when it was deleted.",
    }
    document = operation_document({"type": "object", "properties": {"actor": prop}})
    nullable_from_descriptions(document, Provenance({"nullable": True}))
    assert prop == {"$ref": "#/components/schemas/Actor", "description": prop["description"]}


@pytest.mark.parametrize(
    "description",
    [
        "The name of the model.",
        "This is never null.",
        "A non-null identifier.",
        "Accepts nullable values in the map.",
        "Use `none` to disable.",
    ],
)
def test_descriptions_that_do_not(description: str) -> None:
    prop = {"type": "string", "description": description}
    document = operation_document({"type": "object", "properties": {"p": prop}})
    nullable_from_descriptions(document, Provenance())
    assert prop["type"] == "string"


def test_on_an_older_page(tmp_path: Path) -> None:
    document = parse_text(
        tmp_path,
        """
        ## Retrieve

        **get** `/jobs/{id}`

        ### Returns

        - `Job = object { id, fine_tuned_model }`

          - `id: string`

          - `fine_tuned_model: string`

            The value will be null if the fine-tuning job is still running.
        """,
    )
    assert schema(document, "Job")["properties"]["fine_tuned_model"]["type"] == ["string", "null"]
    assert schema(document, "Job")["properties"]["id"]["type"] == "string"
