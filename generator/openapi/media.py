"""The media type of a success response whose body is not one JSON document: a stream of
server-sent events, or JSON Lines (docs/inference.md, "Response media types").

The pages write such a response like any other (`### Returns` declares one type), and say in
its description that the type is one event or one line of the body. The OpenAPI fragment
then names the body's real media type, with the declared type as the schema of one event or
one line, as the official OpenAI spec does for its event streams (`text/event-stream` with
the event's schema); the client returns a `Stream` or a `JSONLDecoder` of that type.
"""

from __future__ import annotations

import re

JSON = "application/json"
EVENT_STREAM = "text/event-stream"
JSON_LINES = "application/jsonl"
# The names JSON Lines goes by: a fragment (or an overlay) may use any of them.
JSON_LINES_TYPES = frozenset({JSON_LINES, "application/x-jsonl", "application/x-ndjson"})

_EVENTS = re.compile(r"server[- ]sent events?\b|\bSSE\b", re.IGNORECASE)
_LINES = re.compile(r"\.jsonl\b|\bJSON ?Lines\b", re.IGNORECASE)


def returns_media_type(description: str) -> str:
    """The media type of a body whose declared type has `description`.

    Evidence: the description calls the type a server-sent event (Anthropic's session event
    streams: "Server-sent event in the session stream."; Letta's streaming messages:
    "Streaming response type for Server-Sent Events (SSE) endpoints.") → an event stream; it
    calls it a line of a `.jsonl` file or JSON Lines (Anthropic's batch results: "This is a
    single line in the response `.jsonl` file") → JSON Lines; otherwise JSON. Only the
    declared type's own description counts: an operation that merely mentions a `.jsonl`
    file it uploads, or a `stream` flag (whose events the client reads from that flag),
    stays JSON.
    """
    if _EVENTS.search(description):
        return EVENT_STREAM
    if _LINES.search(description):
        return JSON_LINES
    return JSON
