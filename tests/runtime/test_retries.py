"""Retries: which failures are retried, how long the client waits, and that the same
request is sent again (counted on the server)."""

from __future__ import annotations

import email.utils
import io
import time
from collections.abc import Iterator

import pytest
from sdk._base_client import AuthScheme, RequestOptions
from sdk._exceptions import APIStatusError, InternalServerError, RateLimitError

from .conftest import Reply, ScriptedServer
from .fake_api import AsyncClient, Client, QuickClient

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


def test_server_errors_are_retried_with_growing_jittered_backoff(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(status=500), Reply(status=502))
    server.reply_json(JOB)
    assert client.jobs.resume("ft-1").id == "ft-1"
    assert len(server.requests) == 3
    first, second = client.sleeps
    assert 0.375 <= first <= 0.5
    assert 0.75 <= second <= 1.0


def test_retries_stop_after_max_retries(server: ScriptedServer, client: Client) -> None:
    server.reply(*[Reply(status=503, json={"error": {"message": "busy"}})] * 3)
    with pytest.raises(InternalServerError, match="busy"):
        client.jobs.resume("ft-1")
    assert len(server.requests) == 3


def test_max_retries_per_client_and_per_call(server: ScriptedServer, client: Client) -> None:
    server.reply(*[Reply(status=500)] * 7)
    with pytest.raises(InternalServerError):
        client.with_options(max_retries=0).jobs.resume("ft-1")
    assert len(server.requests) == 1
    with pytest.raises(InternalServerError):
        client.jobs.resume("ft-1", options=RequestOptions(max_retries=5))
    assert len(server.requests) == 7


@pytest.mark.parametrize("status", [408, 409, 429, 500, 503, 504])
def test_retryable_statuses(server: ScriptedServer, client: Client, status: int) -> None:
    server.reply(Reply(status=status))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_client_errors_are_not_retried(
    server: ScriptedServer, client: Client, status: int
) -> None:
    server.reply(Reply(status=status))
    with pytest.raises(APIStatusError):
        client.jobs.resume("ft-1")
    assert len(server.requests) == 1
    assert client.sleeps == []


@pytest.mark.parametrize("verdict", ["false", "False", " false "])
def test_x_should_retry_false_stops_retries_of_a_retryable_status(
    server: ScriptedServer, client: Client, verdict: str
) -> None:
    server.reply(*[Reply(status=529, headers={"x-should-retry": verdict})] * 3)
    with pytest.raises(InternalServerError):
        client.jobs.resume("ft-1")
    assert len(server.requests) == 1
    assert client.sleeps == []


def test_x_should_retry_true_retries_any_error_status(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(status=400, headers={"x-should-retry": "true"}))
    server.reply_json(JOB)
    assert client.jobs.resume("ft-1").id == "ft-1"
    assert len(server.requests) == 2


def test_x_should_retry_is_ignored_on_success_and_when_unclear(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(status=200, json=JOB, headers={"x-should-retry": "true"}))
    server.reply(Reply(status=503, headers={"x-should-retry": "maybe"}))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    assert len(server.requests) == 1
    client.jobs.resume("ft-1")
    assert len(server.requests) == 3  # "maybe": the status decides, 503 is retried


def test_retry_after_in_seconds(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(status=429, headers={"Retry-After": "2"}))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    assert client.sleeps == [2.0]


def test_retry_after_as_http_date(server: ScriptedServer, client: Client) -> None:
    when = email.utils.formatdate(time.time() + 5, usegmt=True)
    server.reply(Reply(status=503, headers={"Retry-After": when}))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    [slept] = client.sleeps
    assert 3.0 < slept <= 5.0


def test_retry_after_ms_wins(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(status=429, headers={"retry-after-ms": "250", "Retry-After": "9"}))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    assert client.sleeps == [0.25]


@pytest.mark.parametrize(
    ("header", "shortest", "longest"),
    [
        ("3600", 60.0, 60.0),  # capped
        ("-5", 0.0, 0.0),
        ("soon", 0.375, 0.5),  # unreadable: the usual backoff
        ("nan", 0.375, 0.5),
    ],
)
def test_unusual_retry_after_values(
    server: ScriptedServer, client: Client, header: str, shortest: float, longest: float
) -> None:
    server.reply(Reply(status=429, headers={"Retry-After": header}))
    server.reply_json(JOB)
    client.jobs.resume("ft-1")
    [slept] = client.sleeps
    assert shortest <= slept <= longest


def test_backoff_is_capped(client: Client) -> None:
    delays = [client._retry_delay(retries_taken, None) for retries_taken in range(12)]
    assert max(delays) <= 8.0
    assert min(delays[5:]) >= 6.0


def test_connection_errors_and_timeouts_are_retried(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(hang_up=True), Reply(delay=0.5, json=JOB))
    server.reply_json(JOB)
    client.jobs.resume("ft-1", options=RequestOptions(timeout=0.1))
    assert len(server.requests) == 3
    assert len(client.sleeps) == 2


def test_the_same_body_is_sent_again(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(status=500), Reply(status=500))
    server.reply_json({"id": "file-1", "bytes": 4, "filename": "a.txt"})
    client.files.create(file=("a.txt", io.BytesIO(b"data")), purpose="p")
    bodies = {request.body for request in server.requests}
    assert len(bodies) == 1
    assert b"data" in bodies.pop()


def test_real_waits_with_small_class_delays(server: ScriptedServer) -> None:
    server.reply(Reply(status=500), Reply(status=500), Reply(status=204))
    client = QuickClient(base_url=server.url, auth=AuthScheme(kind="none"))
    started = time.monotonic()
    client.request("get", "/ping", cast_to=type(None))
    assert time.monotonic() - started < 1.0
    assert len(server.requests) == 3


@pytest.mark.anyio
async def test_async_retries(server: ScriptedServer) -> None:
    server.reply(Reply(status=429, headers={"Retry-After": "1"}), Reply(hang_up=True))
    server.reply_json(JOB)
    server.reply(*[Reply(status=429)] * 3)
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        assert (await client.jobs.resume("ft-1")).id == "ft-1"
        assert len(server.requests) == 3
        assert client.sleeps[0] == 1.0
        with pytest.raises(RateLimitError):
            await client.jobs.resume("ft-1")
        assert len(server.requests) == 6
        server.reply(Reply(status=500, headers={"x-should-retry": "false"}))
        with pytest.raises(InternalServerError):
            await client.jobs.resume("ft-1")
    assert len(server.requests) == 7
