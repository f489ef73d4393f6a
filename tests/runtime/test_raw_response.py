"""Raw responses: `client.with_raw_response.<resource>.<method>(...)`."""

from __future__ import annotations

import pytest
from sdk._exceptions import NotFoundError
from sdk._response import RawResponse, to_raw_response

from .conftest import Reply, ScriptedServer
from .fake_api import AsyncClient, Client, FineTuningJob, TextDelta

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}


def test_raw_response_gives_status_headers_and_parsed_body(server: ScriptedServer) -> None:
    server.reply_json(JOB, status=201, **{"x-request-id": "req_1"})
    client = Client(base_url=server.url, api_key="sk-test")
    raw = client.with_raw_response.jobs.resume("ft-1")
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 201
    assert raw.headers["x-request-id"] == "req_1"
    assert raw.http_response.json() == JOB
    job = raw.parse()
    assert isinstance(job, FineTuningJob)
    assert raw.parse() is job
    assert repr(raw) == "<RawResponse [201 Created]>"
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
    with raw.parse() as stream:
        assert list(stream) == [TextDelta(type="text.delta", delta="a")]


@pytest.mark.anyio
async def test_async_raw_response(server: ScriptedServer) -> None:
    server.reply_json(JOB, **{"x-request-id": "req_2"})
    server.reply_json(JOB)
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        raw = await client.with_raw_response.jobs.resume("ft-1")
        assert raw.headers["x-request-id"] == "req_2"
        assert isinstance(raw.parse(), FineTuningJob)
        assert isinstance(await client.jobs.resume("ft-1"), FineTuningJob)
