"""Errors: one class per status (the catalog a generated client extends), request ids,
bodies that are not JSON, transport failures, API keys."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator

import pytest
from sdk._base_client import AuthScheme, RequestOptions
from sdk._exceptions import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ContentTooLargeError,
    InternalServerError,
    MissingAPIKeyError,
    NotFoundError,
    OverloadedError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

from .conftest import Reply, ScriptedServer
from .fake_api import AnthropicLikeClient, AsyncClient, BillingError, Client, QuickClient

NO_RETRY = RequestOptions(max_retries=0)
SECRET = "sk-secret-0123456789"


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key=SECRET) as client:
        yield client


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, ContentTooLargeError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (529, OverloadedError),
        (418, APIStatusError),
        (402, APIStatusError),
    ],
)
def test_each_status_raises_its_error_class(
    server: ScriptedServer, client: Client, status: int, error_class: type[APIStatusError]
) -> None:
    error_body = {"error": {"message": "Something specific", "type": "invalid_request_error"}}
    server.reply_json(error_body, status=status, **{"x-request-id": "req_1"})
    with pytest.raises(APIStatusError) as caught:
        client.jobs.resume("ft-1", options=NO_RETRY)
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.headers["x-request-id"] == "req_1"
    assert error.request_id == "req_1"
    assert error.response.status_code == status
    assert error.body == error_body  # parsed, since it is JSON
    assert str(error).startswith(f"{status} ") or str(error).startswith(f"{status}:")
    assert "Something specific" in str(error)
    assert error.request.url.path == "/fine_tuning/jobs/ft-1/resume"


def test_overloaded_529_has_its_class_message_and_request_id(server: ScriptedServer) -> None:
    body = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    server.reply_json(body, status=529, **{"request-id": "req_529"})
    client = AnthropicLikeClient(base_url=server.url, api_key="k", max_retries=0)
    with pytest.raises(OverloadedError) as caught:
        client.jobs.resume("ft-1")
    error = caught.value
    assert isinstance(error, InternalServerError)  # still caught as a 5xx
    assert (error.status_code, error.request_id, error.body) == (529, "req_529", body)
    assert str(error) == "529: Overloaded"  # httpx knows no reason phrase for 529


def test_the_catalog_is_data_a_client_extends(server: ScriptedServer) -> None:
    server.reply_json({"error": {"type": "billing_error", "message": "Pay up"}}, status=402)
    server.reply_json({}, status=402, **{"x-request-id": "ignored"})
    client = AnthropicLikeClient(base_url=server.url, api_key="k", max_retries=0)
    with pytest.raises(BillingError, match="Pay up"):
        client.jobs.resume("ft-1")
    with pytest.raises(BillingError) as caught:
        client.jobs.resume("ft-1")
    assert caught.value.request_id is None  # this API's header is `request-id` only


def test_request_id_from_either_usual_header_by_default(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json({}, status=404, **{"request-id": "req_a"})
    server.reply_json({}, status=404)
    with pytest.raises(NotFoundError) as first:
        client.jobs.resume("ft-1")
    with pytest.raises(NotFoundError) as second:
        client.jobs.resume("ft-1")
    assert (first.value.request_id, second.value.request_id) == ("req_a", None)


def test_non_json_error_body_does_not_crash(server: ScriptedServer, client: Client) -> None:
    page = "<html><body>Bad gateway</body></html>"
    server.reply(Reply(status=404, body=page.encode(), headers={"Content-Type": "text/html"}))
    with pytest.raises(NotFoundError) as caught:
        client.jobs.resume("ft-1")
    assert caught.value.body == page  # not JSON: the text
    assert "Bad gateway" in str(caught.value)


def test_binary_and_empty_error_bodies(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(status=400, body=b"\xff\xfe\x00garbage"), Reply(status=403))
    with pytest.raises(BadRequestError) as binary:
        client.jobs.resume("ft-1")
    assert isinstance(binary.value.body, str)
    with pytest.raises(PermissionDeniedError) as empty:
        client.jobs.resume("ft-1")
    assert empty.value.body == ""
    assert "(empty body)" in str(empty.value)


def test_long_error_bodies_are_shortened_in_the_message(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(status=400, body=b"x" * 10_000))
    with pytest.raises(BadRequestError) as caught:
        client.jobs.resume("ft-1")
    assert len(str(caught.value)) < 600
    assert caught.value.body == "x" * 10_000


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_connection_refused() -> None:
    client = Client(base_url=f"http://127.0.0.1:{_unused_port()}", api_key=SECRET)
    with pytest.raises(APIConnectionError) as caught:
        client.jobs.resume("ft-1")
    assert not isinstance(caught.value, APITimeoutError)
    assert len(client.sleeps) == 2  # retried max_retries times first


def test_server_hanging_up_is_a_connection_error(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(hang_up=True))
    with pytest.raises(APIConnectionError):
        client.jobs.resume("ft-1", options=NO_RETRY)


def test_timeout(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(delay=1.0, json={}))
    with pytest.raises(APITimeoutError) as caught:
        client.jobs.resume("ft-1", options=RequestOptions(timeout=0.05, max_retries=0))
    assert isinstance(caught.value, APIConnectionError)
    assert str(caught.value) == "Request timed out."


def test_missing_api_key_names_the_argument_and_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FAKE_API_KEY", raising=False)
    with pytest.raises(MissingAPIKeyError) as caught:
        Client(base_url="http://127.0.0.1:1")
    message = str(caught.value)
    assert "api_key=" in message
    assert "Client()" in message
    assert "FAKE_API_KEY" in message


def test_api_key_from_the_environment(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_API_KEY", "sk-from-env")
    server.reply_json({}, status=204)
    server.reply_json({}, status=204)
    Client(base_url=server.url).request("get", "/ping", cast_to=type(None))
    assert server.last.headers["authorization"] == "Bearer sk-from-env"
    Client(base_url=server.url, api_key="sk-arg").request("get", "/ping", cast_to=type(None))
    assert server.last.headers["authorization"] == "Bearer sk-arg"


def test_header_and_keyless_auth(server: ScriptedServer) -> None:
    server.reply(Reply(status=204), Reply(status=204))
    header_auth = AuthScheme(kind="header", header_name="x-api-key", env_var="ANTHROPIC_API_KEY")
    QuickClient(base_url=server.url, api_key="k1", auth=header_auth).request(
        "get", "/ping", cast_to=type(None)
    )
    assert server.last.headers["x-api-key"] == "k1"
    assert "authorization" not in server.last.headers
    QuickClient(base_url=server.url, auth=AuthScheme(kind="none")).request(
        "get", "/ping", cast_to=type(None)
    )
    assert "authorization" not in server.last.headers


@pytest.mark.parametrize(
    "auth", [AuthScheme(kind="bearer"), AuthScheme(kind="header", header_name="x-api-key")]
)
def test_api_key_never_shows_in_errors_reprs_or_logs(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture, auth: AuthScheme
) -> None:
    caplog.set_level(logging.DEBUG)
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=auth, max_retries=1)
    echoed = {"error": {"message": f"Incorrect API key provided: {SECRET}"}}
    server.reply_json(echoed, status=500)
    server.reply_json(echoed, status=401)
    with pytest.raises(AuthenticationError) as caught:
        client.request("post", "/jobs", json_body={"a": 1}, cast_to=dict)
    error = caught.value
    assert SECRET in server.last.headers.get(auth.header_name.lower(), "")  # it was sent
    shown = [
        str(error),
        repr(error),
        error.message,
        repr(client),
        str(error.request.headers),
        repr(error.request.headers.raw),
        repr(error.response.request.headers.raw),
        caplog.text,
    ]
    assert not [text for text in shown if SECRET in text]
    assert "[redacted]" in str(error)

    refused = QuickClient(
        base_url=f"http://127.0.0.1:{_unused_port()}", api_key=SECRET, auth=auth, max_retries=0
    )
    with pytest.raises(APIConnectionError) as connection_error:
        refused.request("get", "/", cast_to=dict)
    assert SECRET not in repr(connection_error.value.request.headers.raw)


@pytest.mark.anyio
async def test_async_errors(server: ScriptedServer) -> None:
    server.reply_json({"error": {"message": "nope"}}, status=404)
    server.reply(Reply(delay=1.0, json={}))
    async with AsyncClient(base_url=server.url, api_key=SECRET) as client:
        with pytest.raises(NotFoundError, match="nope"):
            await client.jobs.resume("ft-1")
        with pytest.raises(APITimeoutError):
            await client.jobs.resume("ft-1", options=RequestOptions(timeout=0.05, max_retries=0))
    refused = AsyncClient(base_url=f"http://127.0.0.1:{_unused_port()}", api_key=SECRET)
    with pytest.raises(APIConnectionError):
        await refused.jobs.resume("ft-1")
    assert len(refused.sleeps) == 2
    await refused.aclose()
