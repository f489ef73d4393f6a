"""The response media rule (generator/openapi/media.py): a declared type that is one
server-sent event or one JSON Lines line makes the response `text/event-stream` or
`application/jsonl`; everything else stays JSON."""

from __future__ import annotations

import pytest

from generator.openapi.media import EVENT_STREAM, JSON, JSON_LINES, returns_media_type
from generator.pipeline import parse_pages
from tests.conftest import CORPUS, parsed_tree

OTHERS = CORPUS / "others"


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Server-sent event in the session stream.", EVENT_STREAM),
        ("Streaming response type for Server-Sent Events (SSE) endpoints.", EVENT_STREAM),
        ("One SSE frame.", EVENT_STREAM),
        (
            (
                "This is a single line in the response `.jsonl` file and does not represent "
                "the response as a whole."
            ),
            JSON_LINES,
        ),
        ("Each result, as JSON Lines.", JSON_LINES),
        ("A message object.", JSON),
        ("", JSON),
        # Words that merely contain the evidence are not evidence.
        ("The CLASSES of the model; see results.jsonlike.", JSON),
    ],
)
def test_the_declared_types_description_decides(description: str, expected: str) -> None:
    assert returns_media_type(description) == expected


def success_media(document: dict, method: str, path: str) -> list[str]:
    return sorted(document["paths"][path][method]["responses"]["200"]["content"])


def test_the_anthropic_tree_streams_sessions_and_batch_results() -> None:
    document = parsed_tree("2026-08-22").document
    assert success_media(document, "get", "/v1/sessions/{session_id}/events/stream?beta=true") == [
        EVENT_STREAM
    ]
    assert success_media(document, "get", "/v1/messages/batches/{message_batch_id}/results") == [
        JSON_LINES
    ]
    # A `stream` flag is read by the client from the flag: the response stays JSON.
    assert success_media(document, "post", "/v1/messages") == [JSON]
    # A page that mentions uploading a `.jsonl` file is not a JSON Lines response.
    assert success_media(document, "post", "/v1/messages/batches") == [JSON]


def test_letta_streams_agent_messages() -> None:
    document = parse_pages([OTHERS / "letta"]).document
    assert success_media(document, "post", "/v1/agents/{agent_id}/messages/stream") == [
        EVENT_STREAM
    ]
