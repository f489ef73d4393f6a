"""integer_from_examples: whole example values make a number an integer; fractions keep it."""

from __future__ import annotations

import copy
from pathlib import Path

from generator.openapi.infer import integer_from_examples
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document, parse_text, schema

THING = {
    "type": "object",
    "properties": {
        "created": {"type": "number"},
        "score": {"type": "number"},
        "rate": {"type": "number"},
        "maybe": {"type": ["number", "null"]},
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
    },
}
ITEM = {"type": "object", "properties": {"size": {"type": "number"}}}


def test_whole_values_make_an_integer_and_fractions_keep_a_number() -> None:
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"},
        examples=[
            {"created": 1710000000, "score": 3, "maybe": 12, "items": [{"size": 2048}]},
            {"created": 1710000001, "score": 0.5, "maybe": None},
        ],
        components=copy.deepcopy({"Thing": THING, "Item": ITEM}),
    )
    provenance = Provenance()
    integer_from_examples(document, provenance)
    thing = document["components"]["schemas"]["Thing"]["properties"]
    assert thing["created"]["type"] == "integer"
    assert thing["maybe"]["type"] == ["integer", "null"]
    assert document["components"]["schemas"]["Item"]["properties"]["size"]["type"] == "integer"
    assert thing["score"]["type"] == "number"  # 3 and 0.5: one fraction settles it
    # Both decisions are the rule's, and recorded, so that the name rules leave them alone.
    decided = {"type": "inferred:integer_from_examples"}
    assert provenance.evidence(thing["score"]) == provenance.evidence(thing["created"]) == decided
    assert provenance.evidence(thing["rate"]) == {}
    assert thing["rate"]["type"] == "number"  # no example: nothing to say


def test_zero_and_one_are_no_evidence() -> None:
    # Generated examples put 0 in every number; people write `"temperature": 1` for floats.
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"},
        examples=[{"created": 0, "rate": 1}],
        components=copy.deepcopy({"Thing": THING, "Item": ITEM}),
    )
    provenance = Provenance()
    integer_from_examples(document, provenance)
    thing = document["components"]["schemas"]["Thing"]["properties"]
    assert thing["created"]["type"] == thing["rate"]["type"] == "number"
    assert provenance.evidence(thing["created"]) == {}


def test_union_members_are_matched_by_the_value(tmp_path: Path) -> None:
    document = parse_text(
        tmp_path,
        """
        ## Create

        **post** `/jobs`

        ### Body Parameters

        - `epochs: "auto" or number`

        - `temperature: optional number`

        ### Returns

        - `Job object { id, epochs }`

          - `id: string`

          - `epochs: "auto" or number`

        ### Example

        ```http
        curl https://api.example.com/v1/jobs -d '{"epochs": 3, "temperature": 0.7}'
        ```

        #### Response

        ```json
        {"id": "job_1", "epochs": 4}
        ```
        """,
    )
    body = schema(document, "JobsCreateParams")["properties"]
    assert body["epochs"]["anyOf"] == [{"type": "string", "const": "auto"}, {"type": "integer"}]
    assert body["temperature"]["type"] == "number"
    assert schema(document, "Job")["properties"]["epochs"]["anyOf"][1] == {"type": "integer"}
