"""Cookie parameters (issue 14, item 5) are sent as one `Cookie` header, merged by name with
the caller's cookies (the http client's jar, default headers, per-call headers), with
values that can never end one cookie and start another; checked on the wire, through the
hand-written client and through a client generated from a page with
`### Cookie Parameters`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from sdk._base_client import RequestOptions
from sdk._encoding import cookie_header, encode_cookies

from tests.generated_package import generate_into, import_package

from .conftest import ScriptedServer
from .fake_api import Client

PAGE = Path(__file__).parent / "fixtures" / "cookie_parameters.md"
SESSION = {"id": "sess_1", "theme": "dark"}


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


def cookies_sent(server: ScriptedServer) -> str | None:
    return server.last.headers.get("cookie")


def test_cookie_parameters_are_sent(server: ScriptedServer, client: Client) -> None:
    server.reply_json(SESSION)
    server.reply_json(SESSION)
    client.sessions.retrieve("s1", session_token="tok-1")
    assert cookies_sent(server) == "session_token=tok-1"
    client.sessions.retrieve("s1")  # NOT_GIVEN: no cookie, no empty header
    assert cookies_sent(server) is None


def test_merged_by_name_with_the_callers_cookies(server: ScriptedServer) -> None:
    jar_client = httpx.Client(cookies={"jar_cookie": "j", "session_token": "from-jar"})
    client = Client(
        base_url=server.url,
        api_key="sk-test",
        http_client=jar_client,
        default_headers={"Cookie": "team=blue; theme=light"},
    )
    server.reply_json(SESSION)
    client.request(
        "get",
        "/v1/sessions/s1",
        cookies={"session_token": "tok", "theme": "dark"},
        options=RequestOptions(extra_headers={"cookie": "extra=1; theme=system"}),
        cast_to=dict,
    )
    sent = dict(pair.split("=", 1) for pair in (cookies_sent(server) or "").split("; "))
    # Later sources win: jar < default headers < cookie parameters < per-call headers.
    assert sent == {
        "jar_cookie": "j",
        "session_token": "tok",
        "team": "blue",
        "theme": "system",
        "extra": "1",
    }
    assert server.last.headers.get("cookie", "").count("theme=") == 1
    jar_client.close()


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ("a; admin=1", "a%3B%20admin=1"),  # `=` may stay; `;` and the space may not
        ("x,y", "x%2Cy"),
        ('q"uote\\', "q%22uote%5C"),
        ("100%", "100%25"),
        ("line\r\nX-Injected: 1", "line%0D%0AX-Injected:%201"),
        ("café", "caf%C3%A9"),
        (True, "true"),
        (42, "42"),
        (["a", "b;c"], "a,b%3Bc"),
    ],
)
def test_values_never_break_out_of_their_cookie(value: object, wire: str) -> None:
    assert encode_cookies({"c": value}) == {"c": wire}


def test_names_must_be_tokens_and_none_is_left_out() -> None:
    assert encode_cookies({"kept": "v", "gone": None}) == {"kept": "v"}
    for name in ("a b", "a;b", "a=b", "", "é"):
        with pytest.raises(ValueError, match="not an HTTP token"):
            encode_cookies({name: "v"})


def test_cookie_header_merging() -> None:
    assert cookie_header(None, {}, "") is None
    assert cookie_header("a=1; b=2", {"b": "3"}, "c=4;;") == "a=1; b=3; c=4"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    directory = tmp_path_factory.mktemp("cookies")
    generate_into(directory, [PAGE], "cookies_api")
    return import_package(directory, "cookies_api")


def test_the_generated_client_sends_its_cookie_parameters(
    generated: ModuleType, server: ScriptedServer
) -> None:
    server.reply_json(SESSION)
    client = generated.Client(api_key="sk-test", base_url=server.url)
    session = client.sessions.retrieve("sess_1", session_token="tok; x=1", theme="light")
    assert session.id == "sess_1"
    assert server.last.path == "/sessions/sess_1"
    assert cookies_sent(server) == "session_token=tok%3B%20x=1; theme=light"


@pytest.mark.anyio
async def test_the_generated_async_client_sends_them_too(
    generated: ModuleType, server: ScriptedServer
) -> None:
    server.reply_json(SESSION)
    async with generated.AsyncClient(api_key="sk-test", base_url=server.url) as client:
        await client.sessions.retrieve("sess_1", session_token="tok", expand=True)
    assert cookies_sent(server) == "session_token=tok"
    assert server.last.query_pairs == [("expand", "true")]
