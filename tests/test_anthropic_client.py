"""A client generated from the whole Anthropic reference (2026-08-22), used as a team would:
messages (plain and streamed), message batches, models and files, against a real HTTP
server on 127.0.0.1; and the runtime features that need no template change (`OverloadedError`
with its request id on 529, `x-should-retry: false`, `to_json()`, a `Path` upload,
`_request_id` on results, the `ANTHROPIC_LOG` switch)."""

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
from tests.http_server import Reply, ScriptedServer

PACKAGE = "anthropic_generated"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return parsed_tree("2026-08-22").document


@pytest.fixture(scope="module")
def anthropic(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from tests.generated_package import import_package

    directory = tmp_path_factory.mktemp("anthropic")
    write_tree(directory, render_files(document, PACKAGE))
    return import_package(directory, PACKAGE)


def example(document: dict[str, Any], method: str, path: str) -> Any:
    """The first response example the pages give for an operation."""
    media = document["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return next(iter(media["examples"].values()))["value"]


def sse(*events: dict[str, Any]) -> list[bytes]:
    return [f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events]


def test_messages_create_sends_key_version_and_body(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    server.reply_json(example(document, "post", "/v1/messages"))
    client = anthropic.Client(api_key="sk-ant-test", base_url=server.url)
    message = client.messages.create(
        max_tokens=1024, model="claude-opus-5", messages=[{"role": "user", "content": "Hello"}]
    )
    assert message.id == "msg_013Zva2CMHLNnXjNJJKqJ2EF"
    assert message.content[0].text == "Hi! My name is Claude."
    request = server.last
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.headers["x-api-key"] == "sk-ant-test"
    assert request.headers["anthropic-version"] == "2023-06-01"  # from the docs' curl examples
    assert request.json() == {
        "max_tokens": 1024,
        "model": "claude-opus-5",
        "messages": [{"role": "user", "content": "Hello"}],
    }


def test_messages_stream_decodes_events_into_the_documented_models(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    start = {"type": "message_start", "message": example(document, "post", "/v1/messages")}
    delta = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "text_delta", "text": "Hi"},
    }
    server.reply(
        Reply(
            chunks=sse(start, delta, {"type": "message_stop"}),
            headers={"Content-Type": "text/event-stream"},
        )
    )
    client = anthropic.Client(api_key="k", base_url=server.url)
    with client.messages.create(max_tokens=5, model="m", messages=[], stream=True) as stream:
        events = list(stream)
    assert [type(e).__name__ for e in events][-1].endswith("MessageStopEvent")
    assert [e.type for e in events] == ["message_start", "content_block_delta", "message_stop"]
    assert events[1].delta.text == "Hi"
    assert server.last.json()["stream"] is True


def test_stopping_a_stream_early_closes_the_connection(
    anthropic: ModuleType, server: ScriptedServer
) -> None:
    stop = {"type": "message_stop"}  # not `ping`: keep-alives are skipped, never yielded
    server.reply(
        Reply(
            chunks=sse(stop, stop),
            keep_streaming=True,
            headers={"Content-Type": "text/event-stream"},
        )
    )
    client = anthropic.Client(api_key="k", base_url=server.url)
    stream = client.messages.create(max_tokens=5, model="m", messages=[], stream=True)
    for _ in stream:
        break
    stream.close()
    assert server.client_disconnected.wait(5)


def test_batches_list_pages_with_after_id(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    batch = example(document, "get", "/v1/messages/batches/{message_batch_id}")
    second = {**batch, "id": "msgbatch_2"}
    server.reply_json(
        {"data": [batch], "has_more": True, "first_id": batch["id"], "last_id": batch["id"]}
    )
    server.reply_json(
        {"data": [second], "has_more": False, "first_id": "msgbatch_2", "last_id": "msgbatch_2"}
    )
    client = anthropic.Client(api_key="k", base_url=server.url)
    assert [b.id for b in client.messages.batches.list(limit=1)] == [batch["id"], "msgbatch_2"]
    assert ("after_id", batch["id"]) in server.requests[1].query_pairs


def test_batch_results_and_cancel(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    batch = example(document, "get", "/v1/messages/batches/{message_batch_id}")
    server.reply_json(batch)
    client = anthropic.Client(api_key="k", base_url=server.url)
    assert client.messages.batches.cancel("msgbatch_1").id == batch["id"]
    assert (server.last.method, server.last.path) == (
        "POST",
        "/v1/messages/batches/msgbatch_1/cancel",
    )


@pytest.mark.anyio
async def test_models_list_and_retrieve_async(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json(
        {"data": [model], "has_more": False, "first_id": model["id"], "last_id": model["id"]}
    )
    server.reply_json(model)
    async with anthropic.AsyncClient(api_key="k", base_url=server.url) as client:
        page = await client.models.list()
        assert [m.id async for m in page] == [model["id"]]
        fetched = await client.models.retrieve(model["id"])
    assert fetched.id == model["id"]
    assert server.last.path == f"/v1/models/{model['id']}"


def test_files_upload_list_and_download(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer, tmp_path: Path
) -> None:
    metadata = example(document, "post", "/v1/files")
    client = anthropic.Client(api_key="k", base_url=server.url)
    server.reply_json(metadata)
    document_file = tmp_path / "document.pdf"
    document_file.write_bytes(b"%PDF-1.7 tiny")
    with document_file.open("rb") as stream:
        uploaded = client.files.upload(file=stream)
    assert uploaded.id == metadata["id"]
    assert server.last.headers["content-type"].startswith("multipart/form-data")
    assert b'filename="document.pdf"' in server.last.body and b"%PDF-1.7 tiny" in server.last.body

    server.reply(Reply(body=b"%PDF-1.7 tiny", headers={"Content-Type": "application/pdf"}))
    downloaded = client.files.download(metadata["id"])
    assert type(downloaded).__name__ == "BinaryAPIResponse"
    assert downloaded.read() == b"%PDF-1.7 tiny"
    written = tmp_path / "copy.pdf"
    downloaded.write_to_file(written)
    assert written.read_bytes() == b"%PDF-1.7 tiny"
    assert server.last.path == f"/v1/files/{metadata['id']}/content"


def test_overloaded_server_is_retried(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply(
        Reply(
            status=529,
            json={"type": "error", "error": {"type": "overloaded_error"}},
            headers={"retry-after": "0"},
        )
    )
    server.reply_json(model)
    client = anthropic.Client(api_key="k", base_url=server.url)
    assert client.models.retrieve("m").id == model["id"]
    assert len(server.requests) == 2


def test_api_key_header_and_missing_key(
    anthropic: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(anthropic.MissingAPIKeyError, match="ANTHROPIC_API_KEY"):
        anthropic.Client()
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-env")
    assert "sk-ant-env" not in repr(anthropic.Client())


def test_array_header_parameters_are_comma_separated(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json({"data": [model], "has_more": False, "first_id": None, "last_id": None})
    client = anthropic.Client(api_key="k", base_url=server.url)
    list(client.models.list(betas=["files-api-2025-04-14", "custom-beta"]))
    assert server.last.headers["anthropic-beta"] == "files-api-2025-04-14,custom-beta"


def test_every_method_page_is_a_method_of_the_client_at_its_url_with_its_parameters(
    anthropic: ModuleType,
) -> None:
    import inspect

    from generator.naming import python_identifier
    from generator.openapi.schemas import parse_node
    from generator.pages.model import PARAMETER_SECTIONS, SectionKind
    from tests.method_pages import method_pages

    client = anthropic.Client(api_key="k")
    checked = 0
    for address, block in method_pages().items():
        target: Any = client
        for name in address.split("."):
            target = getattr(target, python_identifier(name))
        accepted = set(inspect.signature(target).parameters)
        kinds = [*PARAMETER_SECTIONS, SectionKind.BODY]
        documented = {
            # docs/naming.md §7: a header holding a list is named by its plural.
            "betas" if declaration.name == "anthropic-beta" else python_identifier(declaration.name)
            for kind in kinds
            for section in block.sections_of(kind)
            for node in section.declarations
            if (declaration := parse_node(node)).kind == "field" and declaration.name
        }
        # A name two locations share is spelled with its location (`limit_body`): the first
        # spelling is enough to know the parameter is there.
        missing = {
            name
            for name in documented
            if not any(a == name or a.startswith(name + "_") for a in accepted)
        }
        assert not missing, f"{address}: {sorted(missing)}"
        checked += len(documented)
    # 278 method pages documenting 1,129 parameters: the `- `name: ...`` items of their
    # Path/Query/Header/Cookie/Body Parameters sections (counted with awk on the pages too).
    assert (len(method_pages()), checked) == (278, 1129)


def test_stable_and_beta_messages_are_two_methods_with_their_own_types(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    import inspect

    stable = inspect.signature(anthropic.Client(api_key="k").messages.create).parameters
    beta = inspect.signature(anthropic.Client(api_key="k").beta.messages.create).parameters
    # What only the beta page documents is a parameter of the beta method alone.
    assert {"context_management", "mcp_servers", "speed", "fallbacks", "betas"} <= set(beta)
    assert not {"context_management", "mcp_servers", "speed", "fallbacks"} & set(stable)
    server.reply_json(example(document, "post", "/v1/messages?beta=true"))
    client = anthropic.Client(api_key="k", base_url=server.url)
    message = client.beta.messages.create(
        max_tokens=8,
        model="claude-opus-5",
        messages=[{"role": "user", "content": "Hi"}],
        betas=["context-management-2025-06-27"],
        speed="fast",
    )
    assert type(message).__name__ == "BetaMessage"
    assert "speed" in type(message.usage).model_fields  # BetaUsage, not Usage
    request = server.last
    # The route the page documents, without the fragment's `?beta=true` qualifier.
    assert (request.method, request.path, request.query_pairs) == ("POST", "/v1/messages", [])
    assert request.headers["anthropic-beta"] == "context-management-2025-06-27"
    assert request.json()["speed"] == "fast"


# The runtime of issue 13 through this client (docs/runtime.md, "refgen against the official
# SDK"); the templates are not rewired yet, so these are the features that need no change.

SECRET = "sk-ant-runtime-secret"
OVERLOADED = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}


def test_529_is_an_overloaded_error_with_the_request_id(
    anthropic: ModuleType, server: ScriptedServer
) -> None:
    server.reply(*[Reply(status=529, json=OVERLOADED, headers={"request-id": "req_529"})] * 3)
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    exceptions = sys.modules[f"{PACKAGE}._exceptions"]
    with pytest.raises(exceptions.OverloadedError) as caught:
        client.models.retrieve("claude-opus-5")
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
        client.models.retrieve("claude-opus-5")
    assert len(server.requests) == 1


def test_results_carry_their_request_id_and_dump_to_json(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json(model, **{"request-id": "req_model"})
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    fetched = client.models.retrieve(model["id"])
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


def test_the_anthropic_log_switch(anthropic: ModuleType, server: ScriptedServer) -> None:
    package_dir = Path(anthropic.__file__).parent.parent
    server.reply(Reply(status=529, json=OVERLOADED, headers={"request-id": "req_logged"}))
    server.reply(Reply(status=529, json=OVERLOADED, headers={"x-should-retry": "false"}))
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, sys.argv[2])
        import {PACKAGE}
        client = {PACKAGE}.Client(base_url=sys.argv[1])
        try:
            client.models.retrieve("claude-opus-5")
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


# -- issue 13: the response kinds and errors the templates wire in ---------------------------


def sample_event(document: dict[str, Any]) -> dict[str, Any]:
    """The page's example of a session event (a `user.message`)."""
    path = "/v1/sessions/{session_id}/events/stream?beta=true"
    media = document["paths"][path]["get"]["responses"]["200"]["content"]["text/event-stream"]
    return next(iter(media["examples"].values()))["value"]


def test_batch_results_iterate_typed_items(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    message = example(document, "post", "/v1/messages")
    lines = [
        {"custom_id": "a", "result": {"type": "succeeded", "message": message}},
        {"custom_id": "b", "result": {"type": "expired"}},
    ]
    body = "\r\n".join(json.dumps(line) for line in lines).encode()
    # Split mid-line, CRLF endings, no newline after the last line.
    server.reply(
        Reply(chunks=[body[:50], body[50:]], headers={"Content-Type": "application/jsonl"})
    )
    client = anthropic.Client(api_key="k", base_url=server.url)
    with client.messages.batches.results("msgbatch_1") as results:
        items = list(results)
    assert [type(i).__name__ for i in items] == ["MessageBatchIndividualResponse"] * 2
    assert type(items[0].result).__name__ == "MessageBatchSucceededResult"
    assert items[0].result.message.id == message["id"]
    assert type(items[1].result).__name__ == "MessageBatchExpiredResult"
    assert server.last.path == "/v1/messages/batches/msgbatch_1/results"
    assert server.last.body == b""  # a GET without body parameters sends no body


def test_the_sessions_event_stream_yields_typed_events(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    event = sample_event(document)
    frames = [b"event: ping\ndata: {}\n\n", f"data: {json.dumps(event)}\n\n".encode()]
    server.reply(Reply(chunks=frames, headers={"Content-Type": "text/event-stream"}))
    client = anthropic.Client(api_key="k", base_url=server.url)
    stream = client.beta.sessions.events.stream("sesn_1")
    assert type(stream).__name__ == "Stream"
    with stream:
        events = list(stream)
    assert [type(e).__name__ for e in events] == ["BetaManagedAgentsUserMessageEvent"]
    assert events[0].content[0].text == event["content"][0]["text"]
    request = server.last
    assert (request.method, request.path) == ("GET", "/v1/sessions/sesn_1/events/stream")
    assert request.headers["accept"] == "text/event-stream"


def test_a_token_paged_list_pages(anthropic: ModuleType, server: ScriptedServer) -> None:
    group = {"id": "grp_1", "name": "one", "type": "rbac_group"}
    server.reply_json({"data": [group], "has_more": True, "next_page": "tok_2"})
    server.reply_json({"data": [{**group, "id": "grp_2"}], "has_more": False, "next_page": None})
    client = anthropic.Client(api_key="k", base_url=server.url)
    page = client.admin.rbac_groups.list()
    assert type(page).__name__ == "SyncTokenPage" and page.next_page == "tok_2"
    assert [g.id for g in page] == ["grp_1", "grp_2"]
    assert ("page", "tok_2") in server.requests[1].query_pairs


@pytest.mark.anyio
async def test_async_for_over_a_list_needs_no_await(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    second = {**model, "id": "claude-2"}
    server.reply_json({"data": [model], "has_more": True, "first_id": "a", "last_id": "a"})
    server.reply_json({"data": [second], "has_more": False, "first_id": "b", "last_id": "b"})
    async with anthropic.AsyncClient(api_key="k", base_url=server.url) as client:
        assert [m.id async for m in client.models.list()] == [model["id"], "claude-2"]
    assert ("after_id", "a") in server.requests[1].query_pairs


def test_the_error_classes_come_from_the_errors_page(
    anthropic: ModuleType, server: ScriptedServer
) -> None:
    billing = {"type": "error", "error": {"type": "billing_error", "message": "Pay up"}}
    server.reply(Reply(status=402, json=billing, headers={"request-id": "req_402"}))
    client = anthropic.Client(api_key=SECRET, base_url=server.url)
    with pytest.raises(anthropic.BillingError) as caught:  # exported at the top level
        client.models.retrieve("claude-opus-5")
    assert (caught.value.status_code, caught.value.request_id) == (402, "req_402")
    assert caught.value.body == billing
    assert "BillingError" in anthropic.__all__
    # 504 has no standard class: named after its reason phrase (`TimeoutError` is a builtin),
    # and still an InternalServerError, retried like one.
    assert issubclass(anthropic.GatewayTimeoutError, anthropic.InternalServerError)
    server.reply(*[Reply(status=504, json={"error": {"type": "timeout_error"}})] * 3)
    with pytest.raises(anthropic.GatewayTimeoutError):
        client.models.retrieve("claude-opus-5")
    assert len(server.requests) == 4
    for name in ("OverloadedError", "ContentTooLargeError", "DefaultHttpxClient"):
        assert name in anthropic.__all__


def test_an_error_event_mid_stream_raises_the_class_its_type_names(
    anthropic: ModuleType, server: ScriptedServer
) -> None:
    start = {"type": "message_stop"}
    error = {"type": "error", "error": {"type": "billing_error", "message": "Pay up"}}
    frames = sse(start) + [f"event: error\ndata: {json.dumps(error)}\n\n".encode()]
    server.reply(Reply(chunks=frames, headers={"Content-Type": "text/event-stream"}))
    client = anthropic.Client(api_key="k", base_url=server.url)
    stream = client.messages.create(max_tokens=5, model="m", messages=[], stream=True)
    with pytest.raises(anthropic.BillingError) as caught:
        list(stream)
    assert caught.value.status_code == 402


def test_with_streaming_response_reads_the_body_only_when_asked(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer, tmp_path: Path
) -> None:
    content = b"%PDF-1.7 " + b"x" * 1000
    server.reply(
        Reply(chunks=[content[:9], content[9:]], headers={"Content-Type": "application/pdf"})
    )
    client = anthropic.Client(api_key="k", base_url=server.url)
    with client.with_streaming_response.files.download("file_1") as response:
        assert not response.is_closed  # nothing read yet
        assert response.http_request.url.path == "/v1/files/file_1/content"
        target = tmp_path / "out.pdf"
        response.stream_to_file(target)
    assert response.is_closed
    assert target.read_bytes() == content
    # A view on a nested resource, and parse() giving what the plain call returns.
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json(model, **{"request-id": "req_1"})
    with client.models.with_streaming_response.retrieve("m") as response:
        parsed = response.parse()
    assert type(parsed).__name__ == "ModelInfo" and parsed.id == model["id"]
    assert parsed._request_id == "req_1"


def test_with_raw_response_exposes_the_request_and_parses(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json(model, **{"request-id": "req_2"})
    client = anthropic.Client(api_key="k", base_url=server.url)
    raw = client.with_raw_response.models.retrieve("m")
    assert raw.is_closed and raw.status_code == 200
    assert raw.http_request.method == "GET" and raw.request_id == "req_2"
    assert raw.parse().id == model["id"]


@pytest.mark.anyio
async def test_async_streaming_response_of_a_list_parses_to_its_page(
    anthropic: ModuleType, document: dict[str, Any], server: ScriptedServer
) -> None:
    model = example(document, "get", "/v1/models/{model_id}")
    server.reply_json({"data": [model], "has_more": False, "first_id": "a", "last_id": "a"})
    client = anthropic.AsyncClient(api_key="k", base_url=server.url)
    async with client, client.with_streaming_response.models.list() as response:
        page = await response.parse()
    assert type(page).__name__ == "AsyncPage"
    assert [m.id for m in page.data] == [model["id"]]
