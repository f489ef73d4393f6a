"""Cursor pagination against a real server: following has_more with `after` (OpenAI),
`after_id`/`before_id` (Anthropic) and opaque `next_page` tokens, sync and async."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sdk._base_client import AuthScheme
from sdk._exceptions import APIResponseValidationError
from sdk._pagination import CursorStyle, SyncCursorPage

from .conftest import ScriptedServer
from .fake_api import AsyncClient, Client, FineTuningJob, QuickClient, Workspace


def job(job_id: str, status: str = "running") -> dict[str, object]:
    return {"id": job_id, "created_at": 1, "fine_tuned_model": "m", "status": status}


def workspace(workspace_id: str) -> dict[str, str]:
    return {"id": workspace_id, "name": f"name-{workspace_id}"}


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


def test_openai_style_after_last_item_id(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"object": "list", "data": [job("a"), job("b")], "has_more": True})
    server.reply_json({"object": "list", "data": [job("c")], "has_more": False})
    page = client.jobs.list(limit=2, metadata={"team": "x"})
    assert [item.id for item in page.data] == ["a", "b"]
    assert (page.has_more, page.first_id, page.last_id) == (True, "a", "b")
    assert page.has_next_page()
    assert [item.id for item in page] == ["a", "b", "c"]
    first, second = server.requests
    assert first.query_pairs == [("limit", "2"), ("metadata[team]", "x")]
    assert sorted(second.query_pairs) == [("after", "b"), ("limit", "2"), ("metadata[team]", "x")]
    assert all(isinstance(item, FineTuningJob) for item in page.data)


def test_next_page_and_iter_pages(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [job("a")], "has_more": True})
    server.reply_json({"data": [job("b")], "has_more": False})
    page = client.jobs.list()
    following = page.next_page()
    assert [item.id for item in following.data] == ["b"]
    assert not following.has_next_page()
    with pytest.raises(RuntimeError, match="last page"):
        following.next_page()
    server.reply_json({"data": [job("b")], "has_more": False})
    assert [len(each.data) for each in page.iter_pages()] == [1, 1]


def test_anthropic_style_after_id_from_last_id(server: ScriptedServer, client: Client) -> None:
    server.reply_json(
        {"data": [workspace("w1")], "has_more": True, "first_id": "f1", "last_id": "cursor-1"}
    )
    server.reply_json(
        {"data": [workspace("w2")], "has_more": False, "first_id": "f2", "last_id": "cursor-2"}
    )
    page = client.workspaces.list(limit=1)
    assert (page.first_id, page.last_id) == ("f1", "cursor-1")
    assert [item.name for item in page] == ["name-w1", "name-w2"]
    assert sorted(server.requests[1].query_pairs) == [("after_id", "cursor-1"), ("limit", "1")]
    assert all(isinstance(item, Workspace) for item in page.data)


def test_anthropic_style_before_id_pages_backwards(server: ScriptedServer, client: Client) -> None:
    server.reply_json(
        {"data": [workspace("w9")], "has_more": True, "first_id": "f9", "last_id": "l9"}
    )
    server.reply_json(
        {"data": [workspace("w8")], "has_more": False, "first_id": "f8", "last_id": "l8"}
    )
    assert [item.id for item in client.workspaces.list(before_id="start")] == ["w9", "w8"]
    assert server.requests[0].query_pairs == [("before_id", "start")]
    assert server.requests[1].query_pairs == [("before_id", "f9")]


def test_opaque_next_page_token(server: ScriptedServer) -> None:
    tokens = CursorStyle(param="page", cursor_field="next_page", has_more_field=None)
    server.reply_json({"data": [{"id": 1}], "next_page": "tok-2"})
    server.reply_json({"data": [{"id": 2}], "next_page": None})
    client = QuickClient(base_url=server.url, auth=AuthScheme(kind="none"))
    page = client.request_page("get", "/v1/skills", item_type=dict, cursor=tokens)
    assert page.has_more
    assert [item["id"] for item in page] == [1, 2]
    assert server.requests[1].query_pairs == [("page", "tok-2")]


def test_an_empty_page_ends_paging(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [], "has_more": True})
    page = client.jobs.list()
    assert not page.has_next_page()
    assert list(page) == []
    assert len(server.requests) == 1


def test_items_are_parsed_leniently(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [job("a", status="paused")], "has_more": False})
    [item] = client.jobs.list()
    assert isinstance(item, FineTuningJob)
    assert item.status == "paused"


def test_a_page_that_is_not_an_object_is_an_error(server: ScriptedServer, client: Client) -> None:
    server.reply_json([job("a")])
    with pytest.raises(APIResponseValidationError, match="JSON object"):
        client.jobs.list()


def test_raw_list_response(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [job("a")], "has_more": False}, **{"x-request-id": "req_9"})
    raw = client.with_raw_response.jobs.list()
    assert raw.headers["x-request-id"] == "req_9"
    page = raw.parse()
    assert isinstance(page, SyncCursorPage)
    assert [item.id for item in page] == ["a"]


@pytest.mark.anyio
async def test_async_pages(server: ScriptedServer) -> None:
    server.reply_json({"data": [job("a"), job("b")], "has_more": True})
    server.reply_json({"data": [job("c")], "has_more": False})
    server.reply_json({"data": [workspace("w1")], "has_more": True, "last_id": "l1"})
    server.reply_json({"data": [workspace("w2")], "has_more": False, "last_id": "l2"})
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        jobs = await client.jobs.list()
        assert [item.id async for item in jobs] == ["a", "b", "c"]
        workspaces = await client.workspaces.list()
        following = await workspaces.next_page()
        assert [item.id for item in following.data] == ["w2"]
        assert [len(page.data) async for page in following.iter_pages()] == [1]
    assert server.requests[1].query_pairs == [("after", "b")]
    assert server.requests[3].query_pairs == [("after_id", "l1")]
