"""Responses as objects: `client.with_raw_response.<resource>.<method>(...)` (body read)
and `client.with_streaming_response...` (a context manager whose body is read only when
asked), as the official SDKs offer them: `http_request`, `is_closed`, `parse()`,
`request_id`, `read()`, `iter_bytes()`..."""

from __future__ import annotations

import pytest
from sdk._exceptions import NotFoundError
from sdk._response import APIResponse, AsyncAPIResponse, to_raw_response

from .conftest import Reply, ScriptedServer
from .fake_api import AsyncClient, Client, FineTuningJob, TextDelta

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}
SECRET = "sk-secret-raw"


def test_raw_response_gives_status_headers_and_parsed_body(server: ScriptedServer) -> None:
    server.reply_json(JOB, status=201, **{"x-request-id": "req_1"})
    client = Client(base_url=server.url, api_key=SECRET)
    raw = client.with_raw_response.jobs.resume("ft-1")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "req_1"
    assert raw.request_id == "req_1"
    assert raw.is_closed  # the body has been read
    assert raw.http_response.json() == JOB
    assert raw.json() == JOB
    assert (raw.method, raw.url.path) == ("POST", "/fine_tuning/jobs/ft-1/resume")
    assert raw.http_request.headers["authorization"] == "[redacted]"
    job = raw.parse()
    assert isinstance(job, FineTuningJob)
    assert job._request_id == "req_1"
    assert raw.parse() is job
    assert repr(raw) == "<APIResponse [201 Created]>"
    assert server.last.path == "/fine_tuning/jobs/ft-1/resume"


def test_raw_mode_ends_with_the_call(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    server.reply_json(JOB)
    client = Client(base_url=server.url, api_key="sk-test")
    client.with_raw_response.jobs.resume("ft-1")
    assert isinstance(client.jobs.resume("ft-1"), FineTuningJob)


def test_raw_calls_still_raise_on_error_status(server: ScriptedServer) -> None:
    server.reply_json({"error": {"message": "no such job"}}, status=404)
    client = Client(base_url=server.url, api_key="sk-test")
    with pytest.raises(NotFoundError, match="no such job"):
        client.with_raw_response.jobs.resume("ft-404")


def test_raw_event_stream(server: ScriptedServer) -> None:
    server.reply(Reply(chunks=[b'data: {"type": "text.delta", "delta": "a"}\n\n']))
    client = Client(base_url=server.url, api_key="sk-test")
    raw = to_raw_response(client.responses.create)(input="hi")
    assert raw.headers["transfer-encoding"] == "chunked"
    assert not raw.is_closed  # an event stream is parsed from the open body
    with raw.parse() as stream:
        assert list(stream) == [TextDelta(type="text.delta", delta="a")]
    assert raw.is_closed


def test_streaming_response_reads_the_body_only_when_asked(server: ScriptedServer) -> None:
    server.reply(
        Reply(chunks=[b"part one, "], keep_streaming=True, headers={"request-id": "req_s"})
    )
    client = Client(base_url=server.url, api_key=SECRET)
    with client.with_streaming_response.files.download("file-1") as response:
        assert isinstance(response, APIResponse)
        assert response.status_code == 200
        assert response.request_id == "req_s"
        assert not response.is_closed  # headers are in, the body is not read
        assert response.http_request.url.path == "/files/file-1/content"
        assert next(response.iter_bytes()) == b"part one, "
    # Leaving the block released the connection although the server kept sending.
    assert response.is_closed
    assert server.client_disconnected.wait(5)


def test_streaming_response_parse_reads_then_parses(server: ScriptedServer) -> None:
    server.reply_json(JOB, **{"x-request-id": "req_p"})
    client = Client(base_url=server.url, api_key=SECRET)
    with client.with_streaming_response.jobs.resume("ft-1") as response:
        assert not response.is_closed
        job = response.parse()
        assert response.is_closed
    assert isinstance(job, FineTuningJob)
    assert job._request_id == "req_p"


def test_streaming_response_of_a_list_and_of_an_event_stream(server: ScriptedServer) -> None:
    server.reply_json({"data": [JOB], "has_more": False})
    server.reply(Reply(chunks=[b'data: {"type": "text.delta", "delta": "z"}\n\n']))
    client = Client(base_url=server.url, api_key=SECRET)
    with client.with_streaming_response.jobs.list() as response:
        assert [job.id for job in response.parse()] == ["ft-1"]
    with client.with_streaming_response.responses.create(input="hi") as response:
        assert [event.delta for event in response.parse() if isinstance(event, TextDelta)] == ["z"]


def test_streaming_response_sends_nothing_before_the_block(server: ScriptedServer) -> None:
    client = Client(base_url=server.url, api_key=SECRET)
    pending = client.with_streaming_response.jobs.resume("ft-1")
    assert server.requests == []
    server.reply_json(JOB)
    with pending as response:
        assert response.status_code == 200
    assert len(server.requests) == 1


def test_streaming_response_errors_raise_on_entering(server: ScriptedServer) -> None:
    server.reply_json({"error": {"message": "gone"}}, status=404)
    client = Client(base_url=server.url, api_key=SECRET)
    with (
        pytest.raises(NotFoundError, match="gone"),
        client.with_streaming_response.jobs.resume("ft-1"),
    ):
        pass


@pytest.mark.anyio
async def test_async_raw_response(server: ScriptedServer) -> None:
    server.reply_json(JOB, **{"x-request-id": "req_2"})
    server.reply_json(JOB)
    server.reply_json({"data": [JOB], "has_more": False})
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        raw = await client.with_raw_response.jobs.resume("ft-1")
        assert isinstance(raw, AsyncAPIResponse)
        assert raw.headers["x-request-id"] == "req_2"
        assert isinstance(await raw.parse(), FineTuningJob)
        assert isinstance(await client.jobs.resume("ft-1"), FineTuningJob)
        raw_list = await client.with_raw_response.jobs.list()
        assert [job.id async for job in await raw_list.parse()] == ["ft-1"]


@pytest.mark.anyio
async def test_async_streaming_response(server: ScriptedServer) -> None:
    server.reply(Reply(chunks=[b"abc", b"def"], headers={"request-id": "req_a"}))
    server.reply_json({"data": [JOB], "has_more": False})
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        async with client.with_streaming_response.files.download("file-1") as response:
            assert not response.is_closed
            assert response.request_id == "req_a"
            assert b"".join([chunk async for chunk in response.iter_bytes()]) == b"abcdef"
        assert response.is_closed
        async with client.with_streaming_response.jobs.list() as listing:
            page = await listing.parse()
            assert [job.id for job in page.data] == ["ft-1"]
