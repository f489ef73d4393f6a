"""The httpx clients behind the API clients: `DefaultHttpxClient` / `DefaultAsyncHttpxClient`
keep the API client's defaults for callers who pass their own, and `DefaultAioHttpClient`
runs the async client over aiohttp when the optional `httpx-aiohttp` package is there (and
says what to install when it is not)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import httpx
import pytest
from sdk._http_clients import (
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_TIMEOUT,
    DefaultAioHttpClient,
    DefaultAsyncHttpxClient,
    DefaultHttpxClient,
)

from .conftest import RUNTIME_DIR, Reply, ScriptedServer
from .fake_api import AsyncClient, Client, FineTuningJob

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}


def test_default_clients_carry_the_api_clients_defaults() -> None:
    with DefaultHttpxClient() as client:
        assert client.timeout == DEFAULT_TIMEOUT
        assert client.follow_redirects is True
    with DefaultHttpxClient(timeout=3.0, follow_redirects=False) as client:
        assert client.timeout == httpx.Timeout(3.0)
        assert client.follow_redirects is False
    assert DEFAULT_CONNECTION_LIMITS.max_connections == 1000


def test_the_api_client_makes_one_when_given_none(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    with Client(base_url=server.url, api_key="k") as client:
        assert isinstance(client._http, DefaultHttpxClient)
        assert client.jobs.resume("ft-1").id == "ft-1"


def test_a_given_default_client_is_used_and_left_open(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    http_client = DefaultHttpxClient(headers={"x-proxy-tag": "t"})
    with Client(base_url=server.url, api_key="k", http_client=http_client) as client:
        client.jobs.resume("ft-1")
    assert server.last.headers["x-proxy-tag"] == "t"
    assert not http_client.is_closed
    http_client.close()


@pytest.mark.anyio
async def test_async_default_client(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    async with (
        DefaultAsyncHttpxClient() as http_client,
        AsyncClient(base_url=server.url, api_key="k", http_client=http_client) as client,
    ):
        assert (await client.jobs.resume("ft-1")).id == "ft-1"


@pytest.mark.anyio
async def test_aiohttp_client_against_the_server(server: ScriptedServer) -> None:
    pytest.importorskip("httpx_aiohttp")
    server.reply_json(JOB, **{"x-request-id": "req_aio"})
    server.reply(Reply(chunks=[b'data: {"type": "text.delta", "delta": "a"}\n\n']))
    http_client = DefaultAioHttpClient()
    assert type(http_client._transport).__module__.startswith("httpx_aiohttp")
    async with AsyncClient(base_url=server.url, api_key="k", http_client=http_client) as client:
        job = await client.jobs.resume("ft-1")
        assert isinstance(job, FineTuningJob)
        assert job._request_id == "req_aio"
        stream = await client.responses.create(input="hi")
        assert [event.type async for event in stream] == ["text.delta"]
    await http_client.aclose()
    assert server.requests[0].headers["authorization"] == "Bearer k"


def test_without_the_extra_the_aiohttp_client_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # what `import` sees when absent
    with pytest.raises(ImportError, match="pip install httpx-aiohttp"):
        DefaultAioHttpClient()


def test_importing_the_runtime_does_not_import_aiohttp() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, sys.argv[1])
        import tests.runtime.conftest
        import sdk._base_client, sdk._http_clients
        print(sorted(name for name in ("aiohttp", "httpx_aiohttp") if name in sys.modules))
        """
    )
    root = str(RUNTIME_DIR.parents[1])
    result = subprocess.run(
        [sys.executable, "-c", script, root], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
