"""Credentials stay with their origin (issue 11, finding 3): on a redirect to another scheme,
host or port every credential header the client sets is dropped, and no request object
reachable from a response or an error shows the key. Two real servers on different ports
are two origins."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest
from sdk._base_client import AuthScheme
from sdk._exceptions import APIConnectionError, AuthenticationError

from tests.http_server import running_server

from .conftest import Reply, ScriptedServer
from .fake_api import AsyncClient, Client, QuickClient

SECRET = "sk-redirect-secret-42"
BEARER = AuthScheme(kind="bearer", env_var="FAKE_API_KEY")
API_KEY_HEADER = AuthScheme(kind="header", header_name="x-api-key", env_var="FAKE_API_KEY")


@pytest.fixture
def other_server() -> Iterator[ScriptedServer]:
    """A second origin: same host, another port."""
    yield from running_server()


def redirect(to: str, status: int = 307) -> Reply:
    return Reply(status=status, headers={"Location": to, "Content-Length": "0"})


def shown_requests(response: httpx.Response) -> list[httpx.Request]:
    """Every request object a caller can reach from a response."""
    return [response.request, *(earlier.request for earlier in response.history)]


def assert_masked(request: httpx.Request) -> None:
    assert SECRET not in repr(request.headers.raw)
    assert SECRET not in str(request.url)


@pytest.mark.parametrize("auth", [BEARER, API_KEY_HEADER], ids=["bearer", "x-api-key"])
def test_a_redirect_to_another_origin_drops_every_credential(
    server: ScriptedServer, other_server: ScriptedServer, auth: AuthScheme
) -> None:
    server.reply(redirect(f"{other_server.url}/elsewhere"))
    other_server.reply_json({"ok": True})
    client = QuickClient(
        base_url=server.url,
        api_key=SECRET,
        auth=auth,
        default_headers={"x-backup-key": SECRET, "x-trace": "t-1"},
    )
    raw = client.request("post", "/start", json_body={"a": 1}, cast_to=dict)
    assert raw == {"ok": True}
    sent_first, followed = server.last, other_server.last
    assert sent_first.headers[auth.header_name.lower()].endswith(SECRET)  # the origin got it
    assert followed.path == "/elsewhere"
    assert SECRET not in repr(followed.headers)
    assert "authorization" not in followed.headers
    assert "x-api-key" not in followed.headers
    assert "x-backup-key" not in followed.headers
    assert followed.headers["x-trace"] == "t-1"  # other headers go along
    assert followed.json() == {"a": 1}  # a 307 repeats the body


def test_a_redirect_within_the_origin_keeps_credentials_and_cookies(
    server: ScriptedServer,
) -> None:
    server.reply(redirect("/v1/sessions/s-1/", status=308))
    server.reply_json({"id": "s-1"})
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=API_KEY_HEADER)
    client.request("get", "/v1/sessions/s-1", cookies={"session_token": "tok"}, cast_to=dict)
    followed = server.last
    assert followed.path == "/v1/sessions/s-1/"
    assert followed.headers["x-api-key"] == SECRET
    assert followed.headers["cookie"] == "session_token=tok"


def test_cookie_parameters_do_not_follow_to_another_origin(
    server: ScriptedServer, other_server: ScriptedServer
) -> None:
    server.reply(redirect(f"{other_server.url}/x"))
    other_server.reply_json({})
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=BEARER)
    client.request("get", "/s", cookies={"session_token": "tok"}, cast_to=dict)
    assert server.last.headers["cookie"] == "session_token=tok"
    assert "cookie" not in other_server.last.headers


def test_coming_back_to_the_origin_does_not_restore_credentials(
    server: ScriptedServer, other_server: ScriptedServer
) -> None:
    server.reply(redirect(f"{other_server.url}/bounce"))
    other_server.reply(redirect(f"{server.url}/back"))
    server.reply_json({})
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=BEARER)
    client.request("get", "/start", cast_to=dict)
    assert server.last.path == "/back"
    assert "authorization" not in server.last.headers


def test_history_and_final_request_are_masked(
    server: ScriptedServer, other_server: ScriptedServer
) -> None:
    server.reply(redirect("/second", status=302))
    server.reply(redirect(f"{other_server.url}/third", status=303))
    other_server.reply_json({"done": True}, **{"x-request-id": "req_r"})
    client = Client(base_url=server.url, api_key=SECRET)
    raw = client.with_raw_response.jobs.resume("ft-1")
    response = raw.http_response
    assert [earlier.status_code for earlier in response.history] == [302, 303]
    assert len(shown_requests(response)) == 3
    for request in shown_requests(response):
        assert_masked(request)
    assert all(earlier.next_request is None for earlier in response.history)
    assert raw.http_request.method == "GET"  # 302 and 303 turn a POST into a GET
    assert raw.request_id == "req_r"


def test_too_many_redirects_is_an_error_showing_no_key(server: ScriptedServer) -> None:
    server.reply(*[redirect("/loop")] * 30)
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=BEARER)
    with pytest.raises(APIConnectionError, match="Too many redirects") as caught:
        client.request("get", "/loop", cast_to=dict)
    assert_masked(caught.value.request)
    assert len(server.requests) == 21  # httpx's limit: 20 redirects


def test_a_client_that_does_not_follow_redirects_is_obeyed(server: ScriptedServer) -> None:
    server.reply(redirect("/elsewhere"))
    http_client = httpx.Client(follow_redirects=False)
    client = Client(base_url=server.url, api_key=SECRET, http_client=http_client)
    raw = client.with_raw_response.jobs.resume("ft-1")
    assert raw.status_code == 307
    assert len(server.requests) == 1
    next_request = raw.http_response.next_request
    assert next_request is not None
    assert_masked(next_request)
    http_client.close()


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _chained(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


@pytest.mark.parametrize("auth", [BEARER, API_KEY_HEADER], ids=["bearer", "x-api-key"])
def test_no_error_in_the_chain_shows_the_key(server: ScriptedServer, auth: AuthScheme) -> None:
    dead = f"http://127.0.0.1:{_unused_port()}"
    server.reply(redirect(f"{dead}/gone"))
    for base_url in (dead, server.url):
        client = QuickClient(base_url=base_url, api_key=SECRET, auth=auth, max_retries=0)
        with pytest.raises(APIConnectionError) as caught:
            client.request("get", "/x", cast_to=dict)
        chain = list(_chained(caught.value))
        assert any(isinstance(error, httpx.ConnectError) for error in chain)
        for error in chain:
            request = getattr(error, "_request", None) or getattr(error, "request", None)
            if isinstance(request, httpx.Request):
                assert_masked(request)


@pytest.mark.parametrize(
    ("start", "target", "same"),
    [
        ("http://api.test/v1/a", "http://api.test:80/v1/b", True),
        ("https://api.test/v1/a", "https://api.test/v2", True),
        ("http://api.test/v1/a", "https://api.test/v1/a", False),  # scheme (httpx keeps it)
        ("https://api.test/v1/a", "https://evil.test/v1/a", False),  # host
        ("https://api.test/v1/a", "https://api.test:8443/v1/a", False),  # port
        ("https://api.test/v1/a", "https://API.TEST/v1/a", True),  # hosts are case-blind
    ],
)
def test_what_counts_as_the_same_origin(start: str, target: str, same: bool) -> None:
    from sdk._base_client import _origin

    assert (_origin(httpx.URL(start)) == _origin(httpx.URL(target))) is same


@pytest.mark.anyio
async def test_async_redirects_drop_credentials_and_mask_history(
    server: ScriptedServer, other_server: ScriptedServer
) -> None:
    server.reply(redirect(f"{other_server.url}/elsewhere"))
    other_server.reply_json({"id": "ft-1", "created_at": 1, "fine_tuned_model": "m"})
    async with AsyncClient(base_url=server.url, api_key=SECRET) as client:
        raw = await client.with_raw_response.jobs.resume("ft-1")
    assert "authorization" not in other_server.last.headers
    for request in shown_requests(raw.http_response):
        assert_masked(request)


def test_errors_after_a_redirect_show_no_key(
    server: ScriptedServer, other_server: ScriptedServer
) -> None:
    server.reply(redirect(f"{other_server.url}/fails"))
    other_server.reply_json({"error": {"message": f"bad key {SECRET}"}}, status=401)
    client = QuickClient(base_url=server.url, api_key=SECRET, auth=BEARER)
    with pytest.raises(AuthenticationError) as caught:
        client.request("get", "/x", cast_to=dict)
    error = caught.value
    assert SECRET not in str(error)
    for request in [error.request, *shown_requests(error.response)]:
        assert_masked(request)
