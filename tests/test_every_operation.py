"""Every operation of the clients generated from each corpus tree, called against a real
server on 127.0.0.1 (tests/http_server.py) that answers with a response built from the
operation's schema: JSON, JSON Lines, server-sent events, bytes, or pages of a list with a
second page. Each returned value is checked against the method's declared return annotation
(`typing.get_type_hints`), item by item inside pages, streams and JSON Lines: the annotation
is always what the runtime returns (issue 13, item 1).

The clients are strict (`strict_response_validation=True`), so a response the models do not
accept fails the call instead of being built leniently. Every operation is called with the
sync client; the async client on every operation that returns a page, a stream, JSON Lines or
bytes, and on a sample of the others.
"""

from __future__ import annotations

import asyncio
import functools
import json
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pydantic
import pytest

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render.context import OperationContext, PackageContext, build_context
from generator.spec.refs import resolve
from tests.conftest import ANTHROPIC, CORPUS, parsed_tree
from tests.generated_package import import_package
from tests.http_server import Reply, ScriptedServer, running_server

TREES = {
    "openai": CORPUS / "openai",
    "anthropic": ANTHROPIC / "2026-08-22",  # parsed_tree's, shared with the other tests
    "letta": CORPUS / "others" / "letta",
    "cloudflare": CORPUS / "others" / "cloudflare",
}
ASYNC_SAMPLE = 5  # besides every non-JSON kind, one JSON operation in ASYNC_SAMPLE is async
BINARY = b"\x00refgen binary \xff\n"


@dataclass(frozen=True)
class Generated:
    document: dict[str, Any]
    context: PackageContext
    package: types.ModuleType


@pytest.fixture(scope="module", params=sorted(TREES))
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Generated:
    """Each tree's client, generated and imported once per test session."""
    name = f"walk_{request.param}"
    tree = TREES[request.param]
    document = (
        parsed_tree(tree.name) if tree.parent == ANTHROPIC else parse_pages([tree])
    ).document
    directory = tmp_path_factory.mktemp(name)
    write_tree(directory, render_files(document, name))
    return Generated(document, build_context(document, name), import_package(directory, name))


@pytest.fixture(scope="module")
def shared_server() -> Iterator[ScriptedServer]:
    yield from running_server()


# -- values built from schemas --------------------------------------------------------------


class Sampler:
    """A JSON value that fits a schema: every required property, optional ones near the top,
    the first member of a union (its discriminator then names it), the first enum value."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def value(self, schema: Any, depth: int = 0, trail: frozenset[str] = frozenset()) -> Any:
        if not isinstance(schema, dict):
            return None
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in trail:
                return None
            return self.value(resolve(self.document, schema), depth, trail | {ref})
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
        members = schema.get("oneOf") or schema.get("anyOf")
        if members:
            chosen = [m for m in members if resolve(self.document, m).get("type") != "null"]
            return self.value((chosen or members)[0], depth, trail)
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self.value(part, depth, trail)
                merged.update(value if isinstance(value, dict) else {})
            return merged
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        return self._of_kind(schema, kind, depth, trail)

    def _of_kind(self, schema: dict[str, Any], kind: Any, depth: int, trail: frozenset[str]) -> Any:
        if kind == "object" or (kind is None and "properties" in schema):
            required = set(schema.get("required", []))
            result = {}
            for name, prop in schema.get("properties", {}).items():
                if name in required or depth < 2:
                    value = self.value(prop, depth + 1, trail)
                    if value is not None or name in required:
                        result[name] = value
            values = schema.get("additionalProperties")
            if isinstance(values, dict) and not result:
                result["key"] = self.value(values, depth + 1, trail)
            return result
        if kind == "array":
            item = self.value(schema.get("items", {}), depth + 1, trail)
            return [] if item is None else [item]
        if kind == "string":
            return "2026-01-02T03:04:05Z" if schema.get("format") == "date-time" else "text"
        return {"integer": 7, "number": 1.5, "boolean": True}.get(kind) if kind else "any"


# -- the declared annotation, checked -------------------------------------------------------


def conforms(value: Any, annotation: Any) -> bool:
    """Whether `value` is of the type `annotation` says, the way a reader of the signature
    understands it: models by class, unions by any member, containers item by item."""
    if annotation is Any or annotation is object:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return conforms(value, arguments[0])
    if origin is typing.Union or origin is types.UnionType:
        return any(conforms(value, member) for member in arguments)
    if origin is typing.Literal:
        return value in arguments
    if origin is list:
        return isinstance(value, list) and all(conforms(v, arguments[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(conforms(v, arguments[1]) for v in value.values())
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    return pydantic.TypeAdapter(annotation).validate_python(value) is not None  # pragma: no cover


def return_annotation(method: Any) -> Any:
    return typing.get_type_hints(method)["return"]


# -- one operation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """What the walk needs of one operation: its context, its OpenAPI object and a sampler."""

    operation: OperationContext
    raw: dict[str, Any]
    sampler: Sampler

    def arguments(self) -> tuple[list[Any], dict[str, Any]]:
        """Values for the required parameters (path ones by position), from their schemas."""
        schemas = _parameter_schemas(self.sampler.document, self.raw)
        positional: list[Any] = []
        keywords: dict[str, Any] = {}
        for parameter in self.operation.parameters:
            if not parameter.required:
                continue
            schema = schemas.get((parameter.location, parameter.wire_name), {})
            if schema.get("format") == "binary":
                value: Any = ("upload.bin", BINARY)
            else:
                value = self.sampler.value(schema)
            if parameter.location == "path":
                positional.append(value if value not in (None, "") else "id-1")
            else:
                keywords[str(parameter.name)] = value
        return positional, keywords

    def response_schema(self) -> dict[str, Any]:
        content = self.raw["responses"]["200"]["content"]
        return next(iter(content.values())).get("schema", {})

    def replies(self) -> list[Reply]:
        kind = self.operation.response_kind
        schema = self.response_schema()
        if kind == "binary":
            return [Reply(body=BINARY, headers={"Content-Type": "application/octet-stream"})]
        if kind == "jsonl":
            line = json.dumps(self.sampler.value(schema)).encode()
            return [Reply(chunks=[line + b"\n", line + b"\n"], headers=_type("application/jsonl"))]
        if kind == "events":
            return [Reply(chunks=self.events(schema), headers=_type("text/event-stream"))]
        if kind == "page":
            return self.pages(schema)
        return [Reply(json=self.sampler.value(schema))]

    def events(self, schema: dict[str, Any]) -> list[bytes]:
        """One event of each member of the event union (the first three)."""
        members = resolve(self.sampler.document, schema)
        variants = (members.get("oneOf") or members.get("anyOf") or [schema])[:3]
        frames = []
        for variant in variants:
            event = self.sampler.value(variant)
            name = event.get("type") if isinstance(event, dict) else None
            head = f"event: {name}\n" if isinstance(name, str) else ""
            frames.append(f"{head}data: {json.dumps(event)}\n\n".encode())
        return frames

    def pages(self, schema: dict[str, Any]) -> list[Reply]:
        """A first page that says there is more, a second that says it is the last, and an
        empty third for the kinds that learn the end only from an empty page."""
        style = self.raw["x-refgen-pagination"]
        body = self.sampler.value(schema)
        item_schema = resolve(self.sampler.document, schema)
        for name in style["items_field"].split(".") if style["items_field"] else ():
            item_schema = resolve(self.sampler.document, item_schema["properties"][name])
        item = self.sampler.value(item_schema.get("items", {}))
        return [
            Reply(json=_page(style, body, item, 1, more=True)),
            Reply(json=_page(style, body, item, 2, more=False)),
            Reply(json=_page(style, body, None, 3, more=False)),
        ]


def _type(media: str) -> dict[str, str]:
    return {"Content-Type": media}


def _page(style: dict[str, Any], body: Any, item: Any, number: int, *, more: bool) -> Any:
    items = [] if item is None else [_with_id(item, number)]
    if not style["items_field"]:
        return items
    page = json.loads(json.dumps(body)) if isinstance(body, dict) else {}
    _set(page, style["items_field"], items)
    if style.get("has_more_field"):
        _set(page, style["has_more_field"], more)
    if style.get("cursor_field"):
        _set(page, style["cursor_field"], f"cursor-{number + 1}" if more else None)
    if style.get("total_pages_field"):
        _set(page, style["total_pages_field"], 2)
    return page


def _with_id(item: Any, number: int) -> Any:
    """The item with an id of its own on each page (of the id's type), for cursors read from
    the items."""
    if not isinstance(item, dict) or "id" not in item:
        return item
    return {**item, "id": number if isinstance(item["id"], int | float) else f"item-{number}"}


def _set(body: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for name in parents:
        body = body.setdefault(name, {})
    body[last] = value


def _parameter_schemas(document: dict[str, Any], raw: dict[str, Any]) -> dict[tuple[str, str], Any]:
    schemas = {}
    for parameter in raw.get("parameters", []):
        parameter = resolve(document, parameter)
        schemas[(parameter.get("in", "query"), parameter["name"])] = parameter.get("schema", {})
    for media in raw.get("requestBody", {}).get("content", {}).values():
        body = resolve(document, media.get("schema", {}))
        for name, prop in body.get("properties", {}).items():
            schemas[("body", name)] = resolve(document, prop)
    return schemas


def calls(generated: Generated) -> list[Call]:
    by_id = {
        str(op.get("operationId")): op
        for item in generated.document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    }
    sampler = Sampler(generated.document)
    return [Call(o, by_id[o.operation_id], sampler) for o in generated.context.operations]


def bound(client: Any, operation: OperationContext) -> Any:
    target = client
    for attribute in operation.resource_path:
        target = getattr(target, str(attribute))
    return getattr(target, str(operation.method_name))


# -- checking a result ----------------------------------------------------------------------


def check_sync(result: Any, annotation: Any, call: Call, server: ScriptedServer) -> None:
    kind = call.operation.response_kind
    if kind == "model":
        assert conforms(result, annotation), f"{result!r} is not {annotation}"
        return
    origin = typing.get_origin(annotation) or annotation
    assert isinstance(result, origin), f"{type(result).__name__} is not {annotation}"
    if kind == "binary":
        assert result.read() == BINARY
        return
    (item_type,) = typing.get_args(annotation)
    items = list(result)
    assert items and all(conforms(i, item_type) for i in items), f"{items!r} vs {item_type}"
    if kind == "page":
        assert len(items) == 2, f"{len(items)} items over {len(server.requests)} requests"
        param = call.raw["x-refgen-pagination"]["param"]
        assert param in dict(server.requests[1].query_pairs)
    if kind == "jsonl":
        assert len(items) == 2


async def check_async(
    result: Any,
    annotation: Any,
    call: Call,
    server: ScriptedServer,
    rerun: Callable[[], Any],
) -> None:
    origin = typing.get_origin(annotation) or annotation
    kind = call.operation.response_kind
    if kind == "page":
        # A plain `def` returning an AsyncPaginator: `async for` needs no await.
        assert isinstance(result, origin)
        item_type, page_type = typing.get_args(annotation)
        items = [item async for item in result]
        assert len(items) == 2 and all(conforms(i, item_type) for i in items)
        serve(server, call)
        first = await rerun()  # and `await` gives the first page
        assert isinstance(first, typing.get_origin(page_type)) and len(first.data) == 1
        return
    result = await result
    if kind == "model":
        assert conforms(result, annotation), f"{result!r} is not {annotation}"
        return
    assert isinstance(result, origin), f"{type(result).__name__} is not {annotation}"
    if kind == "binary":
        assert await result.read() == BINARY
    else:
        (item_type,) = typing.get_args(annotation)
        items = [item async for item in result]
        assert items and all(conforms(i, item_type) for i in items)


def serve(server: ScriptedServer, call: Call) -> None:
    server.replies.clear()
    server.requests.clear()
    server.reply(*call.replies())


# -- the tests ------------------------------------------------------------------------------


def test_every_operation_returns_what_it_declares(
    generated: Generated, shared_server: ScriptedServer
) -> None:
    client = generated.package.Client(
        api_key="k", base_url=shared_server.url, strict_response_validation=True, max_retries=0
    )
    failures = []
    for call in calls(generated):
        serve(shared_server, call)
        method = bound(client, call.operation)
        positional, keywords = call.arguments()
        try:
            check_sync(
                method(*positional, **keywords), return_annotation(method), call, shared_server
            )
        except Exception as error:  # noqa: BLE001 - collected: one report lists every failure
            failures.append(f"{call.operation.client_call}: {type(error).__name__}: {error}"[:400])
    assert not failures, f"{len(failures)} operations:\n" + "\n".join(failures)


def test_async_operations_return_what_they_declare(
    generated: Generated, shared_server: ScriptedServer
) -> None:
    chosen = [
        call
        for index, call in enumerate(calls(generated))
        if call.operation.response_kind != "model" or index % ASYNC_SAMPLE == 0
    ]

    async def walk() -> list[str]:
        failures = []
        async with generated.package.AsyncClient(
            api_key="k", base_url=shared_server.url, strict_response_validation=True, max_retries=0
        ) as client:
            for call in chosen:
                serve(shared_server, call)
                method = bound(client, call.operation)
                positional, keywords = call.arguments()
                try:
                    await check_async(
                        method(*positional, **keywords),
                        return_annotation(method),
                        call,
                        shared_server,
                        functools.partial(method, *positional, **keywords),
                    )
                except Exception as error:  # noqa: BLE001 - collected, as above
                    failures.append(f"{call.operation.client_call}: {error!r}"[:400])
        return failures

    failures = asyncio.run(walk())
    assert not failures, f"{len(failures)} operations:\n" + "\n".join(failures)


def test_the_walk_covers_every_kind(generated: Generated) -> None:
    """Each tree contributes what it has; together they hold every kind (checked per tree
    against the counts of docs/inference.md, so that a rule that stops firing is noticed)."""
    kinds = sorted({c.operation.response_kind for c in calls(generated)})
    expected = {
        "anthropic": ["binary", "events", "jsonl", "model", "page"],
        "openai": ["binary", "model", "page"],
        "letta": ["events", "model", "page"],
        "cloudflare": ["binary", "model", "page"],
    }
    name = generated.context.name.removeprefix("walk_")
    assert kinds == expected[name]


def test_page_kinds_of_the_trees(generated: Generated) -> None:
    kinds = sorted(
        {c.operation.pagination.kind for c in calls(generated) if c.operation.pagination}
    )
    name = generated.context.name.removeprefix("walk_")
    expected = {
        "anthropic": ["cursor", "token"],
        "openai": ["cursor", "token"],
        "letta": ["cursor", "offset"],
        "cloudflare": ["page", "token"],
    }
    assert kinds == expected[name]


def test_every_resource_has_raw_and_streaming_views(generated: Generated) -> None:
    """`client.with_raw_response.<resource>.<method>` and `with_streaming_response` (on the
    client and on each resource) for every operation, sync and async."""
    for client_class in (generated.package.Client, generated.package.AsyncClient):
        client = client_class(api_key="k", base_url="http://127.0.0.1:9")
        for call in calls(generated):
            operation = call.operation
            for view in ("with_raw_response", "with_streaming_response"):
                on_client = getattr(client, view)
                for attribute in operation.resource_path:
                    on_client = getattr(on_client, str(attribute))
                resource = bound(client, operation).__self__
                on_resource = getattr(resource, view)
                for found in (on_client, on_resource):
                    assert callable(getattr(found, str(operation.method_name)))


def test_the_log_switch_is_named_after_the_api(generated: Generated) -> None:
    expected = {
        "walk_openai": "OPENAI_LOG",
        "walk_anthropic": "ANTHROPIC_LOG",
        "walk_letta": "LETTA_LOG",
        "walk_cloudflare": "CLOUDFLARE_LOG",  # from CLOUDFLARE_API_TOKEN
    }
    assert generated.package.Client.log_env_var == expected[generated.context.name]
