"""JSON Lines responses (message batch results): typed items, decoded lazily as the body
arrives, whatever the chunking, sync and async."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sdk._exceptions import APIResponseValidationError, NotFoundError
from sdk._jsonl import _LineSplitter

from .conftest import Reply, ScriptedServer
from .fake_api import AsyncClient, BatchResult, Client

RESULTS = [
    {"custom_id": "a", "result": {"type": "succeeded"}},
    {"custom_id": "b", "result": {"type": "errored"}},
]


def jsonl(*items: object, newline: bytes = b"\n") -> bytes:
    return b"".join(json.dumps(item).encode() + newline for item in items)


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[Client]:
    with Client(base_url=server.url, api_key="sk-test") as client:
        yield client


def test_each_line_is_a_typed_item(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(body=jsonl(*RESULTS), headers={"Content-Type": "application/x-jsonl"}))
    results = list(client.batches.results("batch_1"))
    assert all(isinstance(result, BatchResult) for result in results)
    assert [result.custom_id for result in results] == ["a", "b"]
    assert server.last.path == "/v1/messages/batches/batch_1/results"
    assert "application/x-jsonl" in server.last.headers["accept"]


def test_items_come_as_the_body_arrives(server: ScriptedServer, client: Client) -> None:
    # The server keeps the response open: a decoder that read the whole body first
    # would never return the first item.
    server.reply(Reply(chunks=[jsonl(RESULTS[0])], keep_streaming=True))
    with client.batches.results("batch_1") as results:
        assert next(results).custom_id == "a"
    assert server.client_disconnected.wait(5)


def test_lines_split_anywhere_crlf_blank_lines_and_no_final_newline(
    server: ScriptedServer, client: Client
) -> None:
    body = jsonl(RESULTS[0], newline=b"\r\n") + b"\r\n\n" + json.dumps(RESULTS[1]).encode()
    server.reply(Reply(chunks=[body[:7], body[7:31], body[31:32], body[32:]]))
    assert [result.custom_id for result in client.batches.results("b")] == ["a", "b"]


def test_a_line_that_is_not_json_names_its_number(server: ScriptedServer, client: Client) -> None:
    server.reply(Reply(body=jsonl(RESULTS[0]) + b"{truncated\n"))
    results = client.batches.results("b")
    assert next(results).custom_id == "a"
    with pytest.raises(APIResponseValidationError) as caught:
        next(results)
    assert caught.value.errors[0]["loc"] == (2,)
    assert results.response.is_closed


def test_error_status_raises_before_any_item(server: ScriptedServer, client: Client) -> None:
    server.reply_json({"error": {"message": "no batch"}}, status=404)
    with pytest.raises(NotFoundError, match="no batch"):
        client.batches.results("missing")


@settings(max_examples=50, deadline=None)
@given(
    lines=st.lists(st.dictionaries(st.text(max_size=5), st.integers()), max_size=5),
    cuts=st.lists(st.integers(min_value=0, max_value=200), max_size=6),
    newline=st.sampled_from([b"\n", b"\r\n"]),
)
def test_chunking_never_changes_the_lines(
    lines: list[dict[str, int]], cuts: list[int], newline: bytes
) -> None:
    body = jsonl(*lines, newline=newline)
    bounds = sorted({0, len(body), *(cut % (len(body) + 1) for cut in cuts)})
    splitter = _LineSplitter()
    decoded = [
        json.loads(line)
        for start, end in itertools.pairwise(bounds)
        for line in splitter.feed(body[start:end])
    ]
    decoded += [json.loads(line) for line in splitter.flush()]
    assert decoded == lines


@pytest.mark.anyio
async def test_async_results(server: ScriptedServer) -> None:
    server.reply(Reply(chunks=[jsonl(*RESULTS)[:20], jsonl(*RESULTS)[20:]]))
    server.reply(Reply(chunks=[jsonl(RESULTS[0])], keep_streaming=True))
    async with AsyncClient(base_url=server.url, api_key="sk-test") as client:
        results = await client.batches.results("batch_1")
        assert [result.custom_id async for result in results] == ["a", "b"]
        async with await client.batches.results("batch_2") as endless:
            first = await endless.__anext__()
            assert isinstance(first, BatchResult)
    assert server.client_disconnected.wait(5)
