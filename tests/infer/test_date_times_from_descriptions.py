"""date_times_from_descriptions: a string its description says is written in RFC 3339 or
ISO 8601 is a `date-time`, so a request that holds one takes a `datetime` (issue 12 item 4)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.openapi.infer import date_times_from_descriptions
from generator.openapi.provenance import Provenance
from tests.infer.helpers import operation_document

# Descriptions of the 2026-08-22 Anthropic pages, which never write a format.
MOMENTS = [
    "A timestamp in RFC 3339 format",
    "RFC 3339 datetime string representing the time at which the Message Batch was created.",
    "ISO 8601 timestamp of when the skill was created",
    "When the message was recorded (RFC 3339, UTC).",
    "Start of range, inclusive. rfc3339 tz-aware.",
    "An ISO-8601 date and time.",
]
NOT_MOMENTS = [
    "UTC date in YYYY-MM-DD format. Returns metrics for this single day (ISO 8601).",
    "The day, as an RFC 3339 full-date.",
    "The time the batch was created.",  # a moment, but the page names no notation
    "A Unix timestamp (in seconds) for when the job was created.",
]


def _with_property(prop: dict[str, Any]) -> dict[str, Any]:
    return operation_document({"type": "object", "properties": {"p": prop}})


@pytest.mark.parametrize("description", MOMENTS)
def test_a_string_in_rfc_3339_or_iso_8601_is_a_date_time(description: str) -> None:
    prop = {"type": "string", "description": description}
    provenance = Provenance()
    date_times_from_descriptions(_with_property(prop), provenance)
    assert prop["format"] == "date-time"
    assert provenance.evidence(prop) == {"format": "inferred:date_times_from_descriptions"}


@pytest.mark.parametrize("description", NOT_MOMENTS)
def test_a_date_alone_or_no_notation_is_left_alone(description: str) -> None:
    prop = {"type": "string", "description": description}
    date_times_from_descriptions(_with_property(prop), Provenance())
    assert "format" not in prop


@pytest.mark.parametrize(
    "prop",
    [
        {"type": "integer", "description": "A timestamp in RFC 3339 format"},
        {"type": "string", "enum": ["2026-01-01T00:00:00Z"], "description": "RFC 3339."},
        {"type": "string", "const": "now", "description": "RFC 3339."},
        {"type": "string", "format": "date", "description": "RFC 3339 full date."},
        {"type": ["string", "integer"], "description": "RFC 3339 or a Unix time."},
    ],
)
def test_what_is_not_a_plain_string_is_left_alone(prop: dict[str, Any]) -> None:
    before = dict(prop)
    date_times_from_descriptions(_with_property(prop), Provenance())
    assert prop == before


def test_a_nullable_string_and_a_query_parameter_are_read_too() -> None:
    nullable = {"type": ["string", "null"], "description": "RFC 3339 timestamp, or null."}
    parameter = {
        "name": "starting_at",
        "in": "query",
        "description": "Time buckets that start on or after this RFC 3339 timestamp.",
        "schema": {"type": "string"},
    }
    document = operation_document(
        {"type": "object", "properties": {"p": nullable}}, parameters=[parameter]
    )
    date_times_from_descriptions(document, Provenance())
    assert nullable["format"] == "date-time"
    assert parameter["schema"] == {"type": "string", "format": "date-time"}


@pytest.mark.parametrize(
    ("shown", "moment"),
    [
        ("2026-03-01T09:30:00Z", True),
        ("2026-03-01T09:30:00.123+02:00", True),
        ("created_at", False),  # a generated placeholder: the server may send what it shows
        ("2026-03-01", False),  # a date alone
        ("2026-03-01T09:30:00", False),  # RFC 3339 requires the offset
    ],
)
def test_an_example_that_shows_another_string_wins(shown: str, moment: bool) -> None:
    prop = {"type": "string", "description": "A timestamp in RFC 3339 format"}
    document = operation_document(
        {"type": "object", "properties": {"created_at": prop}}, examples=[{"created_at": shown}]
    )
    date_times_from_descriptions(document, Provenance())
    assert ("format" in prop) is moment
