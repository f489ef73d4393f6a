"""Pagination against a real server, one page class per kind of the generator's descriptor:
cursor (`after` from the last item's id, OpenAI; `after_id`/`before_id` from `last_id`/
`first_id`, Anthropic), token (`next_page`), page number (`page`/`total_pages`) and offset
(`offset`/`limit`), each also stopped by `has_more`; sync and async, where `async for` works
on the list call itself and `await` on it gives the first page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sdk._base_client import AuthScheme
from sdk._exceptions import APIResponseValidationError
from sdk._pagination import (
    AsyncCursorPage,
    AsyncPaginator,
    AsyncTokenPage,
    CursorStyle,
    Pagination,
    SyncCursorPage,
    SyncOffsetPage,
    SyncPageNumberPage,
    SyncTokenPage,
)

from .conftest import ScriptedServer
from .fake_api import AsyncClient, Client, FineTuningJob, QuickClient, Skill, Workspace


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
    assert page.next_page_info() == {"after": "a"}
    following = page.get_next_page()
    assert [item.id for item in following.data] == ["b"]
    assert not following.has_next_page()
    assert following.next_page_info() is None
    with pytest.raises(RuntimeError, match="last page"):
        following.get_next_page()
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


def test_cursor_style_of_the_first_templates_still_pages(server: ScriptedServer) -> None:
    tokens = CursorStyle(param="page", cursor_field="next_page", has_more_field=None)
    server.reply_json({"data": [{"id": 1}], "next_page": "tok-2"})
    server.reply_json({"data": [{"id": 2}], "next_page": None})
    client = QuickClient(base_url=server.url, auth=AuthScheme(kind="none"))
    page = client.request_page("get", "/v1/skills", item_type=dict, cursor=tokens)
    assert isinstance(page, SyncCursorPage)
    assert page.has_more is None  # this list has no such flag
    assert page.has_next_page()
    assert [item["id"] for item in page] == [1, 2]
    assert server.requests[1].query_pairs == [("page", "tok-2")]


def test_token_pages_until_the_token_is_null(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [{"id": "s1"}], "next_page": "tok-2"})
    server.reply_json({"data": [{"id": "s2"}], "next_page": "tok-3"})
    server.reply_json({"data": [{"id": "s3"}], "next_page": None})
    page = client.catalog.skills()
    assert isinstance(page, SyncTokenPage)
    assert page.next_page == "tok-2"
    assert [skill.id for skill in page] == ["s1", "s2", "s3"]
    assert all(isinstance(skill, Skill) for skill in page.data)
    assert [request.query_pairs for request in server.requests] == [
        [],
        [("page", "tok-2")],
        [("page", "tok-3")],
    ]


def test_page_numbers_stop_at_total_pages(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [{"id": "r1"}], "total_pages": 2})
    server.reply_json({"data": [{"id": "r2"}], "total_pages": 2})
    page = client.catalog.reports()
    assert isinstance(page, SyncPageNumberPage)
    assert (page.page, page.total_pages) == (1, 2)
    pages = list(page.iter_pages())
    assert [(each.page, [item.id for item in each.data]) for each in pages] == [
        (1, ["r1"]),
        (2, ["r2"]),
    ]
    assert server.requests[1].query_pairs == [("page", "2")]
    assert len(server.requests) == 2


def test_page_numbers_without_a_total_stop_on_an_empty_page(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json({"data": [{"id": "r3"}]})
    server.reply_json({"data": []})
    assert [report.id for report in client.catalog.reports(page=3)] == ["r3"]
    assert server.requests[1].query_pairs == [("page", "4")]


def test_offsets_advance_by_the_items_received(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"data": [{"id": "e1"}, {"id": "e2"}], "has_more": True})
    server.reply_json({"data": [{"id": "e3"}, {"id": "e4"}], "has_more": True})
    server.reply_json({"data": [{"id": "e5"}], "has_more": True})  # short page: the last
    page = client.catalog.events(limit=2)
    assert isinstance(page, SyncOffsetPage)
    assert [event.id for event in page] == ["e1", "e2", "e3", "e4", "e5"]
    offsets = [dict(request.query_pairs).get("offset") for request in server.requests]
    assert offsets == [None, "2", "4"]


@pytest.mark.parametrize(
    ("pagination", "first_body"),
    [
        (Pagination(kind="cursor", param="after", has_more_field="has_more"), {}),
        (
            Pagination(kind="token", param="page", cursor_field="next", has_more_field="more"),
            {"next": "t2"},
        ),
        (Pagination(kind="page", param="page", has_more_field="has_more"), {}),
        (Pagination(kind="offset", param="offset", has_more_field="has_more"), {}),
    ],
    ids=["cursor", "token", "page", "offset"],
)
def test_a_false_has_more_stops_every_kind(
    server: ScriptedServer, pagination: Pagination, first_body: dict[str, object]
) -> None:
    flag = pagination.has_more_field or ""
    server.reply_json({"data": [{"id": "a"}], flag: True, **first_body})
    server.reply_json({"data": [{"id": "b"}], flag: False, "next": "t3"})
    client = QuickClient(base_url=server.url, auth=AuthScheme(kind="none"))
    page = client.request_list(
        "get", "/v1/items", page=SyncCursorPage[dict], item_type=dict, pagination=pagination
    )
    assert [item["id"] for item in page] == ["a", "b"]
    assert len(server.requests) == 2


def test_a_server_ignoring_the_cursor_cannot_loop_forever(
    server: ScriptedServer, client: Client
) -> None:
    server.reply_json({"data": [{"id": "s1"}], "next_page": "same"})
    server.reply_json({"data": [{"id": "s1"}], "next_page": "same"})
    assert [skill.id for skill in client.catalog.skills()] == ["s1", "s1"]
    assert len(server.requests) == 2


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
    assert page._request_id == "req_9"


@pytest.mark.anyio
async def test_async_pages(server: ScriptedServer) -> None:
    server.reply_json({"data": [job("a"), job("b")], "has_more": True})
    server.reply_json({"data": [job("c")], "has_more": False})
    server.reply_json({"data": [workspace("w1")], "has_more": True, "last_id": "l1"})
    server.reply_json({"data": [workspace("w2")], "has_more": False, "last_id": "l2"})
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        jobs = await client.jobs.list()
        assert isinstance(jobs, AsyncCursorPage)
        assert [item.id async for item in jobs] == ["a", "b", "c"]
        workspaces = await client.workspaces.list()
        following = await workspaces.get_next_page()
        assert [item.id for item in following.data] == ["w2"]
        assert [len(page.data) async for page in following.iter_pages()] == [1]
    assert server.requests[1].query_pairs == [("after", "b")]
    assert server.requests[3].query_pairs == [("after_id", "l1")]


@pytest.mark.anyio
async def test_async_for_over_a_list_call_needs_no_await(server: ScriptedServer) -> None:
    server.reply_json({"data": [job("a")], "has_more": True}, **{"x-request-id": "req_1"})
    server.reply_json({"data": [job("b")], "has_more": False})
    server.reply_json({"data": [job("c")], "has_more": False}, **{"x-request-id": "req_3"})
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        listing = client.jobs.list()
        assert isinstance(listing, AsyncPaginator)
        assert server.requests == []  # nothing is sent before it is awaited or iterated
        assert [item.id async for item in client.jobs.list()] == ["a", "b"]
        first_page = await client.jobs.list()
        assert isinstance(first_page, AsyncCursorPage)
        assert [item.id for item in first_page.data] == ["c"]
        assert first_page._request_id == "req_3"


@pytest.mark.anyio
async def test_async_token_pages(server: ScriptedServer) -> None:
    server.reply_json({"data": [{"id": 1}], "next_page_token": "t2"})
    server.reply_json({"data": [{"id": 2}], "next_page_token": None})
    tokens = Pagination(kind="token", param="page_token", cursor_field="next_page_token")
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        paginator = client.request_list(
            "get", "/v1/things", page=AsyncTokenPage[dict], item_type=dict, pagination=tokens
        )
        assert [item["id"] async for item in paginator] == [1, 2]
    assert server.requests[1].query_pairs == [("page_token", "t2")]
