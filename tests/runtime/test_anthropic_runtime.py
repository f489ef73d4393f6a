"""The runtime features that need no template change, through the client generated from the
whole Anthropic reference (2026-08-22), against the real local server: `OverloadedError`
with its request id on 529, `x-should-retry: false`, `to_json()`, a `Path` upload,
`_request_id` on results and the `ANTHROPIC_LOG` switch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.output import write_tree
from generator.pipeline import render_files
from tests.conftest import parsed_tree
from tests.generated_package import import_package

from .conftest import Reply, ScriptedServer

PACKAGE = "anthropic_runtime_check"
SECRET = "sk-ant-runtime-secret"
OVERLOADED = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return parsed_tree("2026-08-22").document


@pytest.fixture(scope="module")
def package_dir(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("anthropic_runtime")
    write_tree(directory, render_files(document, PACKAGE))
    return directory


@pytest.fixture(scope="module")
def anthropic(package_dir: Path) -> ModuleType:
    return import_package(package_dir, PACKAGE)


def example(document: dict[str, Any], method: str, path: str) -> Any:
    media = document["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return next(iter(media["examples"].values()))["value"]


def test_529_is_an_overloaded_error_with_the_request_id(
    anthropic: ModuleType, server: ScriptedServer
) -> None:
    server.reply(*[Reply(status=529, json=OVERLOADED, headers={"request-id": "req_529"})] * 3)
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    exceptions = sys.modules[f"{PACKAGE}._exceptions"]
    with pytest.raises(exceptions.OverloadedError) as caught:
        client.models.get("claude-opus-5")
    error = caught.value
    assert isinstance(error, exceptions.InternalServerError)
    assert (error.status_code, error.request_id) == (529, "req_529")
    assert error.body == OVERLOADED
    assert str(error) == "529: Overloaded"
    assert len(server.requests) == 3  # retried twice, as 5xx are


def test_x_should_retry_false_stops_retries(anthropic: ModuleType, server: ScriptedServer) -> None:
    server.reply(Reply(status=529, json=OVERLOADED, headers={"x-should-retry": "false"}))
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    with pytest.raises(sys.modules[f"{PACKAGE}._exceptions"].OverloadedError):
        client.models.get("claude-opus-5")
    assert len(server.requests) == 1


def test_results_carry_their_request_id_and_dump_to_json(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json(model, **{"request-id": "req_model"})
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    fetched = client.models.get(model["id"])
    assert fetched._request_id == "req_model"
    assert json.loads(fetched.to_json()) == model
    assert fetched.to_dict() == model


def test_a_path_is_uploaded(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer, tmp_path: Path
) -> None:
    server.reply_json(example(document, "post", "/v1/files"))
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.7 runtime")
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    client.files.upload(file=report)
    assert server.last.headers["content-type"].startswith("multipart/form-data")
    assert b'filename="report.pdf"' in server.last.body
    assert b"%PDF-1.7 runtime" in server.last.body


def test_the_anthropic_log_switch(package_dir: Path, server: ScriptedServer) -> None:
    server.reply(Reply(status=529, json=OVERLOADED, headers={"request-id": "req_logged"}))
    server.reply(Reply(status=529, json=OVERLOADED, headers={"x-should-retry": "false"}))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, sys.argv[2])
        import {PACKAGE}
        client = {PACKAGE}.Client(base_url=sys.argv[1])
        try:
            client.models.get("claude-opus-5")
        except Exception as error:
            print(type(error).__name__)
        """
    )
    env = {**os.environ, "ANTHROPIC_API_KEY": SECRET, "ANTHROPIC_LOG": "debug"}
    result = subprocess.run(
        [sys.executable, "-c", script, server.url, str(package_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() == "OverloadedError"
    assert "HTTP Request: GET" in result.stderr
    assert "request_id=req_logged" in result.stderr
    assert "Retrying GET" in result.stderr
    assert "'x-api-key': '[redacted]'" in result.stderr
    assert SECRET not in result.stderr
