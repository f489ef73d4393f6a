"""What the client puts on the wire, checked on a real server: paths, query, headers,
JSON and multipart bodies (files as bytes, file objects or paths), binary responses,
options, copies and connection handling."""

from __future__ import annotations

import email.parser
import email.policy
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from sdk._base_client import RequestOptions
from sdk._response import AsyncBinaryAPIResponse, BinaryAPIResponse
from sdk._types import NOT_GIVEN

from .conftest import RecordedRequest, Reply, ScriptedServer
from .fake_api import AsyncClient, Client, Hyperparameters

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


@pytest.mark.parametrize(
    "job_id", ["a/b", "a?b=1", "a#frag", "100%", "..", ".", "../../admin", "sp ace", "ü"]
)
def test_hostile_ids_never_change_the_path(
    server: ScriptedServer, client: Client, job_id: str
) -> None:
    server.reply_json(JOB)
    client.jobs.resume(job_id)
    prefix, segment, suffix = server.last.path.rsplit("/", 2)
    assert (prefix, suffix) == ("/fine_tuning/jobs", "resume")
    assert unquote(segment) == job_id
    assert server.last.query == ""


def test_empty_id_is_refused_before_sending(server: ScriptedServer, client: Client) -> None:
    with pytest.raises(ValueError, match="fine_tuning_job_id"):
        client.jobs.resume("")
    assert server.requests == []


def test_query_arrays_maps_and_booleans(server: ScriptedServer, client: Client) -> None:
    server.reply_json({})
    client.request(
        "get",
        "/search",
        query={
            "tags": ["a", "b"],
            "metadata": {"team": "x y", "nested": {"on": True}},
            "stream": False,
            "limit": 3,
            "after": NOT_GIVEN,
            "before": None,
        },
        cast_to=dict,
    )
    assert server.last.query_pairs == [
        ("tags", "a"),
        ("tags", "b"),
        ("metadata[team]", "x y"),
        ("metadata[nested][on]", "true"),
        ("stream", "false"),
        ("limit", "3"),
    ]


def test_not_given_is_dropped_and_none_is_sent_as_null(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json(JOB)
    client.jobs.create(model="gpt", suffix=None)
    assert server.last.json() == {"model": "gpt", "suffix": None}
    assert server.last.headers["content-type"] == "application/json"


def test_models_in_bodies_are_dumped_with_only_their_set_fields(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json(JOB)
    client.jobs.create(model="gpt", hyperparameters=Hyperparameters(n_epochs=3))
    assert server.last.json() == {"model": "gpt", "hyperparameters": {"n_epochs": 3}}


def test_request_options_extend_headers_query_and_body(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    client = Client(base_url=server.url, api_key="sk-test", default_headers={"X-Team": "a"})
    client.jobs.create(
        model="gpt",
        options=RequestOptions(
            extra_headers={"X-Trace": "t1", "X-Team": None},
            extra_query={"debug": True},
            extra_body={"model": "override", "beta": [1]},
        ),
    )
    request = server.last
    assert request.headers["x-trace"] == "t1"
    assert "x-team" not in request.headers
    assert request.query_pairs == [("debug", "true")]
    assert request.json() == {"model": "override", "beta": [1]}


def test_default_headers_auth_and_user_agent(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    client = Client(
        base_url=server.url + "/v1/",
        api_key="sk-test",
        default_headers={"OpenAI-Beta": "x"},
        default_query={"api-version": "2"},
    )
    client.jobs.resume("ft-1")
    request = server.last
    assert request.path == "/v1/fine_tuning/jobs/ft-1/resume"
    assert request.query_pairs == [("api-version", "2")]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["openai-beta"] == "x"
    assert request.headers["user-agent"] == "sdk/python"
    assert request.headers["accept"] == "application/json"


def _multipart_parts(request: RecordedRequest) -> list[tuple[str, str | None, str, bytes]]:
    """(field name, filename, content type, content) for each part of a multipart body."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    return [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type() if "content-type" in part else "",
            part.get_payload(decode=True),
        )
        for part in message.iter_parts()
    ]


def test_multipart_upload(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"id": "file-1", "bytes": 4, "filename": "train.jsonl"})
    uploaded = client.files.create(
        file=("train.jsonl", b"{}\n\xff", "application/jsonl"), purpose="fine-tune"
    )
    assert uploaded.id == "file-1"
    assert server.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _multipart_parts(server.last) == [
        ("file", "train.jsonl", "application/jsonl", b"{}\n\xff"),
        ("purpose", None, "", b"fine-tune"),
    ]


def test_multipart_nested_fields_lists_and_file_objects(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json({})
    client.request(
        "post",
        "/uploads",
        multipart={
            "file": io.BytesIO(b"contents"),
            "meta": {"k": "v"},
            "tags": ["a", "b"],
            "final": False,
            "skip": NOT_GIVEN,
        },
        cast_to=dict,
    )
    assert _multipart_parts(server.last) == [
        ("file", "upload", "application/octet-stream", b"contents"),
        ("meta[k]", None, "", b"v"),
        ("tags", None, "", b"a"),
        ("tags", None, "", b"b"),
        ("final", None, "", b"false"),
    ]


def test_a_path_is_uploaded_as_its_file(
    server: ScriptedServer, client: Client, tmp_path: Path
) -> None:
    training = tmp_path / "train.jsonl"
    training.write_bytes(b'{"prompt": "x"}\n')
    server.reply_json({"id": "file-1", "bytes": 16, "filename": "train.jsonl"})
    server.reply_json({"id": "file-2", "bytes": 16, "filename": "renamed.jsonl"})
    client.files.create(file=training, purpose="fine-tune")
    assert _multipart_parts(server.last)[0] == (
        "file",
        "train.jsonl",
        "application/octet-stream",
        b'{"prompt": "x"}\n',
    )
    client.files.create(file=("renamed.jsonl", training, "application/jsonl"), purpose="x")
    assert _multipart_parts(server.last)[0] == (
        "file",
        "renamed.jsonl",
        "application/jsonl",
        b'{"prompt": "x"}\n',
    )


def test_a_retried_path_upload_sends_the_same_file(
    server: ScriptedServer, client: Client, tmp_path: Path
) -> None:
    document = tmp_path / "report.pdf"
    document.write_bytes(b"%PDF-1.7")
    server.reply(Reply(status=503))
    server.reply_json({"id": "file-1", "bytes": 8, "filename": "report.pdf"})
    client.files.create(file=document, purpose="assistants")
    first, second = server.requests
    assert _multipart_parts(first) == _multipart_parts(second)
    assert _multipart_parts(second)[0][1:] == ("report.pdf", "application/pdf", b"%PDF-1.7")


def test_a_missing_path_fails_before_sending(
    server: ScriptedServer, client: Client, tmp_path: Path
) -> None:
    with pytest.raises(FileNotFoundError):
        client.files.create(file=tmp_path / "absent.jsonl", purpose="fine-tune")
    assert server.requests == []


def test_multipart_without_files_is_still_multipart(server: ScriptedServer, client: Client) -> None:
    server.reply_json({})
    client.request("post", "/skills", multipart={"name": "x"}, cast_to=dict)
    assert server.last.headers["content-type"].startswith("multipart/form-data")
    assert _multipart_parts(server.last) == [("name", None, "", b"x")]


BINARY = bytes(range(256)) * 64


def test_binary_response(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(body=BINARY, headers={"Content-Type": "application/octet-stream"}))
    assert client.files.content("file-1") == BINARY
    assert server.last.headers["accept"] == "application/octet-stream"


def test_binary_api_response(server: ScriptedServer, client: Client, tmp_path: Path) -> None:
    server.reply(Reply(body=BINARY, headers={"Content-Type": "audio/mpeg", "request-id": "r1"}))
    download = client.files.download("file-1")
    assert isinstance(download, BinaryAPIResponse)
    assert (download.status_code, download.request_id) == (200, "r1")
    assert download.read() == BINARY
    assert download.parse() == BINARY
    assert b"".join(download.iter_bytes(1000)) == BINARY
    target = tmp_path / "speech.mp3"
    download.write_to_file(target)
    assert target.read_bytes() == BINARY
    assert server.last.headers["accept"] == "application/octet-stream"


def test_raw_binary_response_parses_to_the_binary_response(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(body=b"abc"))
    raw = client.with_raw_response.files.download("file-1")
    assert isinstance(raw.parse(), BinaryAPIResponse)
    assert raw.parse().read() == b"abc"


def test_streamed_binary_response_goes_to_a_file_as_it_arrives(
    server: ScriptedServer, client: Client, tmp_path: Path
) -> None:
    server.reply(Reply(chunks=[BINARY[:1000], BINARY[1000:]]))
    target = tmp_path / "out.bin"
    with client.with_streaming_response.files.download("file-1") as response:
        assert not response.is_closed
        response.stream_to_file(target, chunk_size=4096)
    assert target.read_bytes() == BINARY


def test_streaming_binary_response(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(chunks=[BINARY[:1000], BINARY[1000:]]))
    with client.files.stream_content("file-1") as chunks:
        assert b"".join(chunks) == BINARY


def test_streaming_binary_stopped_early_closes_the_connection(
    server: ScriptedServer, client: Client
) -> None:
    server.reply(Reply(chunks=[b"first"], keep_streaming=True))
    with client.files.stream_content("file-1") as chunks:
        assert next(chunks) == b"first"
    assert server.client_disconnected.wait(timeout=3)


def test_empty_and_text_responses(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(status=204), Reply(body=b"plain", headers={"Content-Type": "text/plain"}))
    assert client.request("delete", "/things/1", cast_to=type(None)) is None
    assert client.request("get", "/things/1/text", cast_to=str) == "plain"


def test_one_connection_is_reused(server: ScriptedServer, client: Client) -> None:
    server.reply_json(JOB)
    server.reply_json(JOB)
    client.jobs.resume("a")
    client.jobs.resume("b")
    assert server.requests[0].client_port == server.requests[1].client_port


def test_with_options_copies_settings_and_shares_the_pool(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json(JOB)
    server.reply_json(JOB)
    copy = client.with_options(max_retries=7, timeout=3.0, default_headers={"X-Copy": "1"})
    assert isinstance(copy, Client)
    assert (copy.max_retries, copy.timeout, copy.api_key) == (7, 3.0, "sk-test")
    assert client.max_retries == 2
    client.jobs.resume("a")
    copy.jobs.resume("b")
    first, second = server.requests
    assert "x-copy" not in first.headers
    assert second.headers["x-copy"] == "1"
    assert first.client_port == second.client_port
    copy.close()  # the copy does not own the pool
    server.reply_json(JOB)
    client.jobs.resume("c")


def test_with_options_can_point_elsewhere(server: ScriptedServer, client: Client) -> None:
    server.reply_json(JOB)
    client.with_options(base_url=server.url + "/proxy").jobs.resume("a")
    assert server.last.path == "/proxy/fine_tuning/jobs/a/resume"


def test_context_manager_closes_its_own_pool_but_not_a_given_one(server: ScriptedServer) -> None:
    with Client(base_url=server.url, api_key="k") as owned:
        pass
    assert owned._http.is_closed
    given = httpx.Client()
    with Client(base_url=server.url, api_key="k", http_client=given):
        pass
    assert not given.is_closed
    given.close()


@pytest.mark.anyio
async def test_async_client_sends_the_same_requests(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    server.reply_json({"id": "file-1", "bytes": 3, "filename": "a.txt"})
    server.reply(Reply(body=BINARY))
    server.reply(Reply(chunks=[b"ab", b"cd"]))
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        job = await client.jobs.resume("a/b")
        uploaded = await client.files.create(file=("a.txt", b"abc"), purpose="p")
        content = await client.files.content("file-1")
        async with client.files.stream_content("file-1") as chunks:
            streamed = b"".join([chunk async for chunk in chunks])
    assert client._http.is_closed
    assert job.id == "ft-1"
    assert server.requests[0].path == "/fine_tuning/jobs/a%2Fb/resume"
    assert uploaded.filename == "a.txt"
    assert _multipart_parts(server.requests[1])[0] == ("file", "a.txt", "text/plain", b"abc")
    assert content == BINARY
    assert streamed == b"abcd"


@pytest.mark.anyio
async def test_async_with_options_shares_the_pool(server: ScriptedServer) -> None:
    server.reply_json(JOB)
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        copy = client.with_options(max_retries=0)
        assert copy._http is client._http
        await copy.jobs.resume("a")
        await copy.aclose()
        assert not client._http.is_closed


@pytest.mark.anyio
async def test_async_binary_response_and_path_upload(
    server: ScriptedServer, tmp_path: Path
) -> None:
    server.reply(Reply(body=BINARY))
    server.reply_json({"id": "file-1", "bytes": 3, "filename": "a.txt"})
    source = tmp_path / "a.txt"
    source.write_bytes(b"abc")
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        download = await client.files.download("file-1")
        assert isinstance(download, AsyncBinaryAPIResponse)
        target = tmp_path / "copy.bin"
        await download.write_to_file(target)
        assert target.read_bytes() == BINARY
        assert await download.read() == BINARY
        await client.files.create(file=source, purpose="assistants")
    assert _multipart_parts(server.last)[0] == ("file", "a.txt", "text/plain", b"abc")
