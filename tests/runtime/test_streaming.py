"""Server-sent events: the decoder against the WHATWG rules, and streams over HTTP for any
method, including closing the connection when the caller stops early, keep-alive events
skipped, and error events raising the status error their payload names."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sdk._exceptions import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    NotFoundError,
    OverloadedError,
    RateLimitError,
)
from sdk._models import BaseModel
from sdk._streaming import ServerSentEvent, SSEDecoder

from .conftest import Reply, ScriptedServer
from .fake_api import (
    AnthropicLikeClient,
    AsyncClient,
    BillingError,
    Client,
    ResponseDone,
    SessionEvent,
    TextDelta,
)


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    decoder = SSEDecoder()
    return [event for chunk in chunks for event in decoder.feed(chunk)]


def test_multi_line_data_event_type_and_id() -> None:
    stream = b"event: add\nid: 7\ndata: first\ndata: second\n\ndata: next\n\n"
    assert decode(stream) == [
        ServerSentEvent(event="add", data="first\nsecond", id="7"),
        ServerSentEvent(event="message", data="next", id="7"),  # the id persists
    ]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_every_line_ending(newline: bytes) -> None:
    stream = newline.join([b"data: a", b"data: b", b"", b"data: c", b"", b""])
    assert [event.data for event in decode(stream)] == ["a\nb", "c"]


def test_comments_unknown_fields_and_colon_rules() -> None:
    stream = (
        b": a comment\n"
        b"data:no space\n"
        b"data:  two spaces\n"
        b"data\n"  # no colon: empty value
        b"unknown: ignored\n"
        b"\n"
    )
    assert decode(stream) == [ServerSentEvent(data="no space\n two spaces\n")]


def test_retry_id_with_nul_and_byte_order_mark() -> None:
    stream = b"\xef\xbb\xbfretry: 1500\nretry: soon\nid: ok\nid: bad\x00id\ndata: x\n\n"
    assert decode(stream) == [ServerSentEvent(data="x", id="ok", retry=1500)]


def test_events_without_data_and_unterminated_events_are_dropped() -> None:
    assert decode(b"event: ping\n\ndata: kept\n\ndata: never finished\n") == [
        ServerSentEvent(data="kept")
    ]


def test_crlf_split_across_chunks_is_one_line_break() -> None:
    assert [event.data for event in decode(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n")] == [
        "a\nb"
    ]


sse_streams = st.lists(
    st.tuples(
        st.sampled_from(["", "event: e\n", "id: 1\n", ": comment\n"]),
        st.lists(
            st.text(
                alphabet=st.characters(exclude_characters="\r\n\x00", exclude_categories=["Cs"])
            ),
            max_size=3,
        ),
    ),
    max_size=4,
)


@settings(deadline=None)  # first examples compile validators: timing varies
@given(sse_streams, st.sampled_from(["\n", "\r\n", "\r"]), st.data())
def test_chunking_never_changes_the_events(
    blocks: list[tuple[str, list[str]]], newline: str, data: st.DataObject
) -> None:
    text = "".join(
        prefix + "".join(f"data: {line}\n" for line in lines) + "\n" for prefix, lines in blocks
    )
    encoded = text.replace("\n", newline).encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(encoded)), max_size=6)))
    chunks = [
        encoded[start:end] for start, end in zip([0, *cuts], [*cuts, len(encoded)], strict=True)
    ]
    assert decode(*chunks) == decode(encoded)
    assert [event.data for event in decode(encoded)] == [
        "\n".join(lines) for _, lines in blocks if lines
    ]


def sse(*events: dict[str, object], done: bool = True) -> list[bytes]:
    chunks = [f"data: {json.dumps(event)}\n\n".encode() for event in events]
    return [*chunks, b"data: [DONE]\n\n"] if done else chunks


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


def test_events_are_parsed_into_the_event_union(server: ScriptedServer, client: Client) -> None:
    chunks = sse({"type": "text.delta", "delta": "Hel"}, {"type": "response.done", "id": "r1"})
    server.reply(Reply(chunks=[*chunks, b'data: {"type": "text.delta", "delta": "late"}\n\n']))
    with client.responses.create(input="hi") as stream:
        events = list(stream)
    assert events == [
        TextDelta(type="text.delta", delta="Hel"),
        ResponseDone(type="response.done", id="r1"),
    ]
    assert stream.response.is_closed
    assert server.last.headers["accept"] == "text/event-stream"
    assert server.last.json() == {"input": "hi", "stream": True}


def test_unknown_events_do_not_raise(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(chunks=sse({"type": "brand.new", "n": 1}, done=False)))
    [event] = list(client.responses.create(input="hi"))
    assert isinstance(event, BaseModel)
    assert event.type == "brand.new"  # type: ignore[attr-defined]


def error_event(payload: object) -> bytes:
    return f"event: error\ndata: {json.dumps(payload)}\n\n".encode()


def test_error_event_raises_the_status_error_it_names(
    server: ScriptedServer, client: Client
) -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    chunks = [*sse({"type": "text.delta", "delta": "a"}, done=False)]
    server.reply(Reply(chunks=[*chunks, error_event(error)], headers={"request-id": "req_e"}))
    stream = client.responses.create(input="hi")
    assert next(stream) == TextDelta(type="text.delta", delta="a")
    with pytest.raises(OverloadedError, match="Overloaded") as caught:
        next(stream)
    assert (caught.value.status_code, caught.value.request_id) == (529, "req_e")
    assert caught.value.body == error
    assert stream.response.is_closed


@pytest.mark.parametrize(
    ("payload", "error_class", "status"),
    [
        ({"error": {"type": "not_found_error", "message": "m"}}, NotFoundError, 404),
        ({"error": {"type": "api_error", "message": "m"}}, InternalServerError, 500),
        ({"error": {"message": "m", "status": 503}}, InternalServerError, 503),
        ({"type": "error", "error": {"type": "billing_error", "message": "m"}}, BillingError, 402),
    ],
)
def test_error_events_map_through_the_clients_catalog(
    server: ScriptedServer, payload: object, error_class: type[APIStatusError], status: int
) -> None:
    server.reply(Reply(chunks=[error_event(payload)]))
    client = AnthropicLikeClient(base_url=server.url, api_key="k")
    with pytest.raises(APIStatusError) as caught:
        list(client.responses.create(input="hi"))
    assert type(caught.value) is error_class
    assert caught.value.status_code == status


def test_an_error_event_naming_no_status_is_an_api_error(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(chunks=[b"event: error\ndata: something broke\n\n"]))
    with pytest.raises(APIError, match="something broke") as caught:
        list(client.responses.create(input="hi"))
    assert not isinstance(caught.value, APIStatusError)


def test_openai_style_error_data_without_an_event_name(
    server: ScriptedServer, client: Client
) -> None:
    payload = {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
    server.reply(Reply(chunks=sse(payload, done=False)))
    with pytest.raises(RateLimitError, match="Rate limit reached"):
        list(client.responses.create(input="hi"))


def test_keep_alive_events_are_skipped(server: ScriptedServer, client: Client) -> None:
    chunks = [
        b'event: ping\ndata: {"type": "ping"}\n\n',
        *sse({"type": "response.done", "id": "r"}),
    ]
    server.reply(Reply(chunks=chunks))
    assert list(client.responses.create(input="hi")) == [ResponseDone(type="response.done", id="r")]


def test_a_get_endpoint_streams_events_without_a_flag(
    server: ScriptedServer, client: Client
) -> None:
    chunks = [b'event: status\ndata: {"type": "status", "text": "running"}\n\n']
    server.reply(Reply(chunks=chunks, headers={"Content-Type": "text/event-stream"}))
    with client.sessions.stream_events("sess_1") as events:
        assert list(events) == [SessionEvent(type="status", text="running")]
    assert (server.last.method, server.last.path) == ("GET", "/v1/sessions/sess_1/events/stream")
    assert server.last.headers["accept"] == "text/event-stream"


def test_stopping_early_closes_the_connection(server: ScriptedServer, client: Client) -> None:
    server.reply(
        Reply(chunks=sse({"type": "text.delta", "delta": "a"}, done=False), keep_streaming=True)
    )
    with client.responses.create(input="hi") as stream:
        for _event in stream:
            break
    assert stream.response.is_closed
    assert server.client_disconnected.wait(timeout=3)


def test_close_without_iterating(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(chunks=[], keep_streaming=True))
    stream = client.responses.create(input="hi")
    stream.close()
    assert server.client_disconnected.wait(timeout=3)


def test_error_status_before_the_stream(server: ScriptedServer, client: Client) -> None:
    server.reply(*[Reply(status=429, json={"error": {"message": "slow down"}})] * 3)
    with pytest.raises(RateLimitError, match="slow down"):
        client.responses.create(input="hi")


def test_strict_mode_applies_to_events(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(chunks=sse({"type": "text.delta", "delta": 5})))
    strict = client.with_options(strict_response_validation=True)
    with pytest.raises(APIResponseValidationError), strict.responses.create(input="hi") as stream:
        list(stream)


@pytest.mark.anyio
async def test_async_stream_and_early_stop(server: ScriptedServer) -> None:
    server.reply(
        Reply(
            chunks=sse({"type": "text.delta", "delta": "a"}, {"type": "response.done", "id": "r"})
        )
    )
    server.reply(
        Reply(chunks=sse({"type": "text.delta", "delta": "b"}, done=False), keep_streaming=True)
    )
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        stream = await client.responses.create(input="hi")
        events = [event async for event in stream]
        assert [type(event) for event in events] == [TextDelta, ResponseDone]
        async with await client.responses.create(input="again") as early:
            assert await early.__anext__() == TextDelta(type="text.delta", delta="b")
        assert early.response.is_closed
    assert server.client_disconnected.wait(timeout=3)
