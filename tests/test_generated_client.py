"""The generated clients (the golden packages, as committed, with the runtime) against a real
HTTP server."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.generated_package import GOLDEN, all_types, golden_package, import_package
from tests.http_server import Reply, ScriptedServer

JOB = {
    "id": "ftjob-abc",
    "created_at": 1721764800,
    "error": None,
    "fine_tuned_model": None,
    "finished_at": None,
    "hyperparameters": {"n_epochs": "auto"},
    "model": "gpt-4o-mini",
    "object": "fine_tuning.job",
    "organization_id": "org-1",
    "result_files": [],
    "seed": 7,
    "status": "queued",
    "trained_tokens": None,
    "training_file": "file-1",
    "validation_file": None,
    "estimated_finish": None,
    "method": {"type": "supervised"},
}
FILE = {
    "id": "file-abc123",
    "bytes": 120000,
    "created_at": 1677610602,
    "filename": "mydata.jsonl",
    "object": "file",
    "purpose": "fine-tune",
    "status": "processed",
}


@pytest.fixture(scope="module")
def resume(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package(
        golden_package("resume", tmp_path_factory.mktemp("golden")), "openai_fine_tuning"
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return import_package(
        golden_package("files", tmp_path_factory.mktemp("golden")), "openai_files"
    )


def test_resume_returns_a_fine_tuning_job(resume: ModuleType, server: ScriptedServer) -> None:
    server.reply_json(JOB)
    client = resume.Client(api_key="sk-test", base_url=server.url + "/v1")
    job = client.fine_tuning.jobs.resume("ftjob-abc")
    assert isinstance(job, all_types(resume).FineTuningJob)
    assert (job.id, job.status, job.created_at, job.object) == (
        "ftjob-abc",
        "queued",
        1721764800,
        "fine_tuning.job",
    )
    assert isinstance(job.method, all_types(resume).FineTuningJobMethod)
    request = server.last
    assert (request.method, request.path) == ("POST", "/v1/fine_tuning/jobs/ftjob-abc/resume")
    assert request.headers["authorization"] == "Bearer sk-test"


@pytest.mark.anyio
async def test_async_client_has_the_same_surface(
    resume: ModuleType, server: ScriptedServer
) -> None:
    server.reply_json(JOB)
    async with resume.AsyncClient(api_key="sk-test", base_url=server.url) as client:
        job = await client.fine_tuning.jobs.resume("ftjob-abc")
    assert job.id == "ftjob-abc"
    assert server.last.path == "/fine_tuning/jobs/ftjob-abc/resume"


def test_path_parameters_cannot_change_the_path(resume: ModuleType, server: ScriptedServer) -> None:
    server.reply_json(JOB)
    client = resume.Client(api_key="k", base_url=server.url)
    server.reply_json(JOB)
    client.fine_tuning.jobs.resume("../../files/x?y#z")
    # One segment: its slashes, `?` and `#` are escaped, so it cannot climb or cut the path.
    assert server.requests[0].path == "/fine_tuning/jobs/..%2F..%2Ffiles%2Fx%3Fy%23z/resume"
    client.fine_tuning.jobs.resume("..")
    assert server.requests[1].path == "/fine_tuning/jobs/%2E%2E/resume"


def test_api_key_and_base_url_from_the_environment(
    resume: ModuleType, server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url + "/base")
    server.reply_json(JOB)
    resume.Client().fine_tuning.jobs.resume("ftjob-abc")
    assert server.last.path == "/base/fine_tuning/jobs/ftjob-abc/resume"
    assert server.last.headers["authorization"] == "Bearer sk-from-env"


def test_default_base_url_is_the_one_the_docs_show(resume: ModuleType) -> None:
    assert resume.Client(api_key="k").base_url == "https://api.openai.com/v1"


def test_missing_api_key_is_a_clear_error(
    resume: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(resume.MissingAPIKeyError, match="OPENAI_API_KEY"):
        resume.Client()


def test_errors_are_typed(resume: ModuleType, server: ScriptedServer) -> None:
    server.reply_json({"error": {"message": "no such job"}}, status=404)
    client = resume.Client(api_key="sk-secret", base_url=server.url)
    with pytest.raises(resume.NotFoundError) as caught:
        client.fine_tuning.jobs.resume("nope")
    assert caught.value.status_code == 404
    assert "sk-secret" not in str(caught.value) + repr(caught.value) + repr(client)


def test_raw_response_gives_status_headers_and_the_parsed_body(
    resume: ModuleType, server: ScriptedServer
) -> None:
    server.reply(Reply(json=JOB, headers={"x-request-id": "req_1"}))
    client = resume.Client(api_key="k", base_url=server.url)
    raw = client.with_raw_response.fine_tuning.jobs.resume("ftjob-abc")
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_1"
    assert raw.parse().id == "ftjob-abc"


def test_files_list_upload_retrieve_and_content(files: ModuleType, server: ScriptedServer) -> None:
    client = files.Client(api_key="k", base_url=server.url)
    server.reply_json(
        {
            "data": [FILE],
            "first_id": "file-abc123",
            "last_id": "file-abc123",
            "has_more": False,
            "object": "list",
        }
    )
    listed = client.files.list(limit=2, purpose="fine-tune")
    assert listed.data[0].id == "file-abc123"
    assert sorted(server.last.query_pairs) == [("limit", "2"), ("purpose", "fine-tune")]

    server.reply_json(FILE)
    uploaded = client.files.upload(file=("mydata.jsonl", b'{"a": 1}\n'), purpose="fine-tune")
    assert uploaded.bytes == 120000
    request = server.last
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="purpose"' in request.body and b"fine-tune" in request.body
    assert b'filename="mydata.jsonl"' in request.body and b'{"a": 1}\n' in request.body

    server.reply(
        Reply(body=b"\x00\x01binary", headers={"Content-Type": "application/octet-stream"})
    )
    assert client.files.content("file-abc123").read() == b"\x00\x01binary"
    assert server.last.path == "/files/file-abc123/content"

    server.reply_json({"id": "file-abc123", "deleted": True, "object": "file"})
    assert client.files.delete("file-abc123").deleted is True
    assert server.last.method == "DELETE"


def test_generated_packages_never_import_refgen(tmp_path: Path) -> None:
    cases = [golden_package(case.name, tmp_path) for case in GOLDEN.glob("*") if case.is_dir()]
    for package in (p.parent for case in cases for p in case.glob("*/__init__.py")):
        for module in package.rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            assert "import generator" not in text and "from generator" not in text, module


def test_list_pages_automatically_with_after(files: ModuleType, server: ScriptedServer) -> None:
    second = {**FILE, "id": "file-2"}
    server.reply_json(
        {
            "data": [FILE],
            "first_id": "file-abc123",
            "last_id": "file-abc123",
            "has_more": True,
            "object": "list",
        }
    )
    server.reply_json(
        {
            "data": [second],
            "first_id": "file-2",
            "last_id": "file-2",
            "has_more": False,
            "object": "list",
        }
    )
    client = files.Client(api_key="k", base_url=server.url)
    assert [f.id for f in client.files.list(limit=1)] == ["file-abc123", "file-2"]
    assert len(server.requests) == 2
    assert sorted(server.requests[1].query_pairs) == [("after", "file-abc123"), ("limit", "1")]


@pytest.mark.anyio
async def test_async_list_pages_automatically(files: ModuleType, server: ScriptedServer) -> None:
    server.reply_json(
        {
            "data": [FILE],
            "last_id": "file-abc123",
            "has_more": True,
            "object": "list",
            "first_id": "file-abc123",
        }
    )
    server.reply_json(
        {"data": [], "has_more": False, "object": "list", "first_id": "", "last_id": ""}
    )
    async with files.AsyncClient(api_key="k", base_url=server.url) as client:
        page = await client.files.list()
        assert [f.id async for f in page] == ["file-abc123"]
    assert len(server.requests) == 2


def test_binary_content_can_be_streamed_in_chunks(
    files: ModuleType, server: ScriptedServer
) -> None:
    server.reply(
        Reply(chunks=[b"abc", b"def", b"ghi"], headers={"Content-Type": "application/octet-stream"})
    )
    client = files.Client(api_key="k", base_url=server.url)
    with client.files.content_streamed("file-1", chunk_size=3) as chunks:
        received = list(chunks)
    assert b"".join(received) == b"abcdefghi"
    assert all(len(chunk) == 3 for chunk in received)
