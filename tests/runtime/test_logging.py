"""The logging switch `<PREFIX>_LOG=info|debug` (prefix from the API key's variable), run in
a real subprocess against the real server: what each level prints on stderr, and that no
level ever prints the key, not even when the server echoes it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from sdk._base_client import AuthScheme

from .conftest import RUNTIME_DIR, ScriptedServer
from .fake_api import AnthropicLikeClient, QuickClient

ROOT = RUNTIME_DIR.parents[1]
SECRET = "sk-log-secret-7f3a"
SCRIPT = textwrap.dedent(
    """
    import logging, sys
    sys.path.insert(0, sys.argv[2])
    import tests.runtime.conftest  # registers the runtime as the package `sdk`
    from tests.runtime.fake_api import Client

    client = Client(base_url=sys.argv[1], max_retries=1)  # the key comes from FAKE_API_KEY
    try:
        client.jobs.resume("ft-1")
    except Exception as error:
        print("raised", type(error).__name__)
    logging.getLogger("sdk").warning("a message holding the key: %s", client.api_key)
    """
)


def run_client(server: ScriptedServer, level: str | None) -> subprocess.CompletedProcess[str]:
    echoed = {"error": {"message": f"Incorrect API key provided: {SECRET}"}}
    server.reply_json(echoed, status=500, **{"x-request-id": "req_log"})
    server.reply_json(echoed, status=401)
    env = {key: value for key, value in os.environ.items() if key != "FAKE_LOG"}
    env["FAKE_API_KEY"] = SECRET
    if level is not None:
        env["FAKE_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, server.url, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_debug_shows_requests_responses_and_retries_but_never_the_key(
    server: ScriptedServer,
) -> None:
    result = run_client(server, "debug")
    assert "raised AuthenticationError" in result.stdout
    log = result.stderr
    assert "HTTP Request: POST http://127.0.0.1" in log  # httpx's line
    assert "Request: POST" in log and "headers=" in log  # ours, with the headers
    assert "'authorization': '[redacted]'" in log
    assert "request_id=req_log" in log
    assert "Retrying POST" in log
    assert "a message holding the key: [redacted]" in log
    assert SECRET not in log + result.stdout
    assert len(server.requests) == 2


def test_info_shows_requests_and_retries_only(server: ScriptedServer) -> None:
    result = run_client(server, "INFO")
    assert "HTTP Request: POST" in result.stderr
    assert "Retrying POST" in result.stderr
    assert "headers=" not in result.stderr
    assert SECRET not in result.stderr


@pytest.mark.parametrize("level", [None, "", "verbose"])
def test_without_the_switch_nothing_is_printed(server: ScriptedServer, level: str | None) -> None:
    result = run_client(server, level)
    assert "raised AuthenticationError" in result.stdout
    # Only the warning the script itself logs, through Python's last-resort handler.
    assert result.stderr.strip() == "a message holding the key: [redacted]"


@pytest.mark.parametrize(
    ("env_var", "switch"),
    [
        ("ANTHROPIC_API_KEY", "ANTHROPIC_LOG"),
        ("OPENAI_API_KEY", "OPENAI_LOG"),
        ("CLOUDFLARE_API_TOKEN", "CLOUDFLARE_LOG"),
        ("LETTA_KEY", "LETTA_LOG"),
        ("WEIRD", "WEIRD_LOG"),
        (None, "SDK_LOG"),  # no key variable: the package's name
    ],
)
def test_the_switch_is_named_after_the_keys_variable(
    server: ScriptedServer, env_var: str | None, switch: str
) -> None:
    client = QuickClient(
        base_url=server.url, api_key="k", auth=AuthScheme(kind="bearer", env_var=env_var)
    )
    assert client._log_switch() == switch


def test_a_generated_client_can_name_the_switch(server: ScriptedServer) -> None:
    class Named(AnthropicLikeClient):
        log_env_var = "MY_API_LOG"

    assert Named(base_url=server.url, api_key="k")._log_switch() == "MY_API_LOG"
