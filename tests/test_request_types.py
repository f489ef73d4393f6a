"""Dict-friendly requests (issue 12 item 4): every schema a request reaches has a TypedDict
twin (`...Param`), methods take them, and code written with dict and list literals passes
`mypy --strict` and sends the JSON it spells. Checked on the clients generated from the
2026-08-22 Anthropic tree and the OpenAI pages, by usage files run against a real server."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from generator.naming import python_identifier
from generator.openapi.schemas import parse_node
from generator.output import write_tree
from generator.pages.model import SectionKind
from generator.pipeline import parse_pages, render_files
from tests.conftest import OPENAI_PAGES, SDK_PACKAGE, parsed_tree
from tests.feature_document import feature_document
from tests.generated_package import all_types, import_package, mypy_strict_findings
from tests.http_server import ScriptedServer
from tests.method_pages import TREE, pages, url_below_api
from tests.test_sdk_addresses import operations_by_address

PACKAGE = SDK_PACKAGE


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return parsed_tree(TREE).document


@pytest.fixture(scope="module")
def generated(sdk_folder: Path) -> Path:
    return sdk_folder


@pytest.fixture(scope="module")
def sdk(sdk_folder: Path) -> ModuleType:
    return import_package(sdk_folder, PACKAGE)


def _example(document: dict[str, Any], path_key: str, method: str = "post") -> object:
    media = document["paths"][path_key][method]["responses"]["200"]["content"]
    return next(iter(media["application/json"]["examples"].values()))["value"]


def _run(source: str, directory: Path, server: ScriptedServer) -> None:
    (directory / "usage.py").write_text(source, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "usage.py"],
        cwd=directory,
        env={**os.environ, "BASE_URL": server.url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


ANTHROPIC_USAGE = """\
import os

from anthropic_sdk import Anthropic
from anthropic_sdk.types import MessageParam, ToolParam

client = Anthropic(api_key="k", base_url=os.environ["BASE_URL"], max_retries=0)

message = client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hi"}],
)
print(message.id)

weather: ToolParam = {
    "name": "get_weather",
    "description": "The weather at a place.",
    "input_schema": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
    },
}
history: list[MessageParam] = [
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is the weather in Paris?"},
            {
                "type": "image",
                "source": {"type": "url", "url": "https://example.com/paris.png"},
            },
        ],
    }
]
client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    messages=history,
    tools=[weather],
    tool_choice={"type": "tool", "name": "get_weather"},
    stop_sequences=("END",),
    metadata={"user_id": "u-1"},
)

beta = client.beta.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hi"}],
    betas=["context-management-2025-06-27"],
    context_management={"edits": [{"type": "clear_tool_uses_20250919"}]},
)
print(beta.id)
"""

# Each line is a mistake in a dict or list literal that mypy --strict must refuse.
ANTHROPIC_MISTAKES = [
    'messages=[{"role": "user", "contents": "Hi"}]',  # a key the type does not have
    'messages=[{"role": "user", "content": 1}]',  # a value of the wrong type
    'messages=[{"role": "robot", "content": "Hi"}]',  # a value outside the enum
    'messages=[{"content": "Hi"}]',  # a required key left out
    'messages=[{"role": "user", "content": "Hi"}], stop_sequences="END"',  # a str for a list
    'messages=[{"role": "user", "content": [{"type": "text"}]}]',  # a nested required key
]


def test_a_usage_file_with_dict_literals_passes_mypy_strict_and_sends_what_it_spells(
    generated: Path, document: dict[str, Any], server: ScriptedServer, tmp_path: Path
) -> None:
    (generated / "usage.py").write_text(ANTHROPIC_USAGE, encoding="utf-8")
    assert not mypy_strict_findings(generated / PACKAGE, tmp_path / "mypy", "usage.py")
    server.reply_json(_example(document, "/v1/messages"))
    server.reply_json(_example(document, "/v1/messages"))
    server.reply_json(_example(document, "/v1/messages?beta=true"))
    _run(ANTHROPIC_USAGE, generated, server)
    first, second, third = server.requests
    assert first.json() == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Hi"}],
    }
    assert second.json() == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is the weather in Paris?"},
                    {
                        "type": "image",
                        "source": {"type": "url", "url": "https://example.com/paris.png"},
                    },
                ],
            }
        ],
        "tools": [
            {
                "name": "get_weather",
                "description": "The weather at a place.",
                "input_schema": {
                    "type": "object",
                    "properties": {"location": {"type": "string"}},
                    "required": ["location"],
                },
            }
        ],
        "tool_choice": {"type": "tool", "name": "get_weather"},
        "stop_sequences": ["END"],  # a tuple is a JSON array
        "metadata": {"user_id": "u-1"},
    }
    assert (third.method, third.path) == ("POST", "/v1/messages")
    assert third.headers["anthropic-beta"] == "context-management-2025-06-27"
    assert third.json() == {
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [{"role": "user", "content": "Hi"}],
        "context_management": {"edits": [{"type": "clear_tool_uses_20250919"}]},
    }


COST_FILTER_USAGE = """\
import os
from datetime import datetime, timedelta, timezone

from anthropic_sdk import Anthropic

client = Anthropic(api_key="k", base_url=os.environ["BASE_URL"], max_retries=0)

paris = timezone(timedelta(hours=2))
report = client.admin.cost_report.retrieve(starting_at=datetime(2026, 3, 1, 9, 30, tzinfo=paris))
print(report.has_more)
client.admin.cost_report.retrieve(starting_at="2026-03-01T00:00:00Z")
"""


def test_a_date_time_filter_takes_a_datetime_and_sends_rfc_3339(
    generated: Path, document: dict[str, Any], server: ScriptedServer, tmp_path: Path
) -> None:
    # The page says "Time buckets that start on or after this RFC 3339 timestamp" and writes
    # no format: date_times_from_descriptions makes it a date-time, so the filter takes a
    # datetime (or the string, as before); the same page's `YYYY-MM-DD` dates stay strings.
    (generated / "dates.py").write_text(COST_FILTER_USAGE, encoding="utf-8")
    assert not mypy_strict_findings(generated / PACKAGE, tmp_path / "mypy", "dates.py")
    example = _example(document, "/v1/organizations/cost_report", "get")
    for _ in range(2):
        server.reply_json(example)
    _run(COST_FILTER_USAGE, generated, server)
    first, second = server.requests
    assert ("starting_at", "2026-03-01T09:30:00+02:00") in first.query_pairs
    assert ("starting_at", "2026-03-01T00:00:00Z") in second.query_pairs
    source = (generated / PACKAGE / "resources" / "admin" / "usage_report.py").read_text()
    assert "starting_at: str," in source  # "UTC date in YYYY-MM-DD format"


def test_mypy_strict_refuses_each_mistake_in_a_dict_literal(
    generated: Path, tmp_path: Path
) -> None:
    calls = "".join(
        f"client.messages.create(model='m', max_tokens=1, {mistake})  # mistake {i}\n"
        for i, mistake in enumerate(ANTHROPIC_MISTAKES)
    )
    source = "from anthropic_sdk import Anthropic\n\nclient = Anthropic(api_key='k')\n\n" + calls
    (generated / "mistakes.py").write_text(source, encoding="utf-8")
    findings = mypy_strict_findings(generated / PACKAGE, tmp_path / "mypy", "mistakes.py")
    lines = {
        int(line.split(":")[1]) for line in findings.splitlines() if line.startswith("mistakes.py:")
    }
    first_call = 5  # the line of mistake 0
    assert lines == set(range(first_call, first_call + len(ANTHROPIC_MISTAKES))), findings


def test_request_types_are_typed_dicts_named_param_beside_their_models(sdk: ModuleType) -> None:
    types = all_types(sdk)
    # The pages name MessageParam a request type: the TypedDict takes the name, as in the
    # official SDK, and the model (kept for callers holding one) is MessageParamModel.
    assert types.MessageParam.__required_keys__ | types.MessageParam.__optional_keys__ == {
        "role",
        "content",
    }
    assert types.MessageParamModel.model_fields.keys() == {"role", "content"}
    # A schema the pages name plainly (Tool) has its model and a ToolParam twin, in the same
    # module; Message is returned, never sent, so it has no twin.
    assert sdk.types.ToolParam.__module__ == sdk.types.Tool.__module__ == f"{PACKAGE}.types"
    assert not hasattr(types, "MessageParamParam") and not hasattr(types, "MessageParam2")
    assert "BetaMessageParam" in vars(sdk.types.beta)


def test_signatures_take_request_types_and_return_models(sdk: ModuleType) -> None:
    client = sdk.Anthropic(api_key="k")
    hints = inspect.signature(client.messages.create).parameters
    assert str(hints["messages"].annotation) == "Iterable[MessageParam]"
    assert str(hints["tools"].annotation) == "Iterable[ToolUnionParam] | NotGiven"
    assert str(hints["stop_sequences"].annotation) == "SequenceNotStr[str] | NotGiven"
    beta = inspect.signature(client.beta.messages.create).parameters
    assert str(beta["messages"].annotation) == "Iterable[BetaMessageParam]"
    returns = inspect.signature(client.beta.messages.create).return_annotation
    assert returns == "BetaMessage | Stream[BetaRawMessageStreamEvent]"  # the implementation


def test_every_documented_body_parameter_is_a_parameter_of_its_method(
    document: dict[str, Any], sdk: ModuleType
) -> None:
    """Counted from the pages' `### Body Parameters` (top level) of every page of the tree,
    each block at the address of its operation in its namespace."""
    addresses = operations_by_address(document)
    client = sdk.Anthropic(api_key="k")
    counted, missing = 0, []
    for page in pages():
        beta = url_below_api(page)[:1] == ("beta",)
        for block in page.operations:
            (address,) = [
                a
                for a, (route, _) in addresses.items()
                if route == (block.method, block.path) and a.startswith("beta.") == beta
            ]
            method: Any = client
            for part in address.split("."):
                method = getattr(method, part)
            accepted = set(inspect.signature(method).parameters)
            for section in block.sections_of(SectionKind.BODY):
                for node in section.declarations:
                    name = parse_node(node).name
                    if name is None:
                        continue
                    counted += 1
                    python = python_identifier(name)
                    if not {python, f"{python}_body"} & accepted:
                        missing.append(f"{page.path}: {address}({name})")
    assert not missing, f"{counted} documented, {len(missing)} missing: {missing}"
    # The top-level `- ` items of every `### Body Parameters` section (awk on the pages: 771).
    assert counted == 771, f"{counted} body parameters read"


OPENAI_USAGE = """\
import os

from openai_sdk import Client

client = Client(api_key="k", base_url=os.environ["BASE_URL"], max_retries=0)
# The raw views: the pages show no response example to reply with, and what is checked is
# what the client sends.
client.with_raw_response.batches.create(
    completion_window="24h",
    endpoint="/v1/responses",
    input_file_id="file-1",
    output_expires_after={"anchor": "created_at", "seconds": 3600},
)
client.with_raw_response.moderations.create(
    input=[
        {"type": "text", "text": "hello"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
    ],
)
"""


def test_the_openai_client_takes_dicts_too(server: ScriptedServer, tmp_path: Path) -> None:
    document = parse_pages([OPENAI_PAGES[0].parent]).document
    write_tree(tmp_path, render_files(document, "openai_sdk"))
    (tmp_path / "usage.py").write_text(OPENAI_USAGE, encoding="utf-8")
    assert not mypy_strict_findings(tmp_path / "openai_sdk", tmp_path / "mypy", "usage.py")
    server.reply_json({})
    server.reply_json({})
    _run(OPENAI_USAGE, tmp_path, server)
    batch, moderation = (r.json() for r in server.requests)
    assert batch == {
        "completion_window": "24h",
        "endpoint": "/v1/responses",
        "input_file_id": "file-1",
        "output_expires_after": {"anchor": "created_at", "seconds": 3600},
    }
    assert moderation == {
        "input": [
            {"type": "text", "text": "hello"},
            {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}},
        ]
    }


def _date_time_document() -> dict[str, Any]:
    """The feature document with a date-time query filter and a request body holding a
    date-time, an object with keys that are no Python names, and a nested object."""
    document = feature_document()
    document["components"]["schemas"]["Window"] = {
        "type": "object",
        "required": ["from"],
        "properties": {
            "from": {"type": "string", "format": "date-time"},
            "time-zone": {"type": "string"},
            "str": {"type": "string"},
            "__hidden": {"type": "integer"},
        },
    }
    document["paths"]["/windows"] = {
        "post": {
            "operationId": "windows_create",
            "x-refgen-client": {"resource": ["windows"], "method": "create"},
            "parameters": [
                {
                    "name": "created_after",
                    "in": "query",
                    "schema": {"type": "string", "format": "date-time"},
                }
            ],
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["window"],
                            "properties": {
                                "window": {"$ref": "#/components/schemas/Window"},
                                "windows": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Window"},
                                },
                            },
                        }
                    }
                }
            },
            "responses": {"204": {"description": "done"}},
        }
    }
    return document


DATE_TIME_USAGE = """\
import os
from datetime import UTC, datetime, timedelta, timezone

from w import Client

client = Client(api_key="k", base_url=os.environ["BASE_URL"], max_retries=0)
client.windows.create(
    created_after=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    window={"from": datetime(2026, 1, 2, 12, 0, tzinfo=timezone(timedelta(hours=2)))},
    windows=({"from": "2026-01-01T00:00:00Z", "time-zone": "UTC", "str": "s", "__hidden": 1},),
)
"""


def test_date_times_and_wire_names_that_are_no_python_names(
    server: ScriptedServer, tmp_path: Path
) -> None:
    files = render_files(_date_time_document(), "w")
    write_tree(tmp_path, files)
    types_module = files["w/types/__init__.py"]
    # Keys that cannot be class fields put the TypedDict in the functional syntax, each key
    # a string literal and each type a forward reference.
    assert 'WindowParam = TypedDict(\n    "WindowParam",\n' in types_module
    assert '"time-zone": "str",' in types_module and '"__hidden": "int",' in types_module
    assert '"from": "Required[str | datetime]",' in types_module
    (tmp_path / "usage.py").write_text(DATE_TIME_USAGE, encoding="utf-8")
    assert not mypy_strict_findings(tmp_path / "w", tmp_path / "mypy", "usage.py")
    server.reply_json(None, status=204)
    _run(DATE_TIME_USAGE, tmp_path, server)
    (request,) = server.requests
    assert request.query_pairs == [("created_after", "2026-01-02T03:04:05Z")]
    assert json.loads(request.body) == {
        "window": {"from": "2026-01-02T12:00:00+02:00"},
        "windows": [
            {"from": "2026-01-01T00:00:00Z", "time-zone": "UTC", "str": "s", "__hidden": 1}
        ],
    }


def _colliding_document() -> dict[str, Any]:
    """A body sending `Widget` beside a response returning a schema named `WidgetParam`,
    and a request-only `GadgetParam`, which the pages named a request type themselves."""
    document = feature_document()
    schemas = document["components"]["schemas"]
    schemas["WidgetParam"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    schemas["GadgetParam"] = {"type": "object", "properties": {"size": {"type": "integer"}}}
    document["paths"]["/gadgets"] = {
        "post": {
            "operationId": "gadgets_create",
            "x-refgen-client": {"resource": ["gadgets"], "method": "create"},
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "widget": {"$ref": "#/components/schemas/Widget"},
                                "gadget": {"$ref": "#/components/schemas/GadgetParam"},
                            },
                        }
                    }
                }
            },
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/WidgetParam"}}
                    },
                }
            },
        }
    }
    return document


def test_request_type_names_that_collide_are_decided_by_written_rules() -> None:
    from generator.render.context import build_context

    document = _colliding_document()
    context = build_context(document, "w")
    requests = {r.schema_name: str(r.name) for r in context.request_types}
    models = {m.schema_name: str(m.name) for m in context.models}
    # WidgetParam is a model a response returns: Widget's request type steps aside.
    assert requests["Widget"] == "WidgetRequestParam" and models["WidgetParam"] == "WidgetParam"
    # GadgetParam is request-only and named so by the pages: the TypedDict takes the name.
    assert requests["GadgetParam"] == "GadgetParam"
    assert models["GadgetParam"] == "GadgetParamModel"
    # The same names whatever order the schemas come in.
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = dict(reversed(list(schemas.items())))
    again = build_context(document, "w")
    assert {r.schema_name: str(r.name) for r in again.request_types} == requests
    assert {m.schema_name: str(m.name) for m in again.models} == models


def test_models_renamed_for_their_request_types_avoid_each_other_and_the_taken_names() -> None:
    """Each model that gives its name to its request type becomes `...Model`, avoiding the
    names taken so far, those made by the renames before it included (worked out by hand)."""
    from generator.render.request_types import request_type_names

    class_names = {
        "AParam": "AParam",
        "AParamModel": "AParamModel",
        "BParam": "BParam",
        "C": "C",
        "CParams": "CParams",
    }
    names, classes = request_type_names(
        {"AParam", "BParam", "C", "CParams"}, set(), class_names, {"BParamModel"}
    )
    assert classes == {
        "AParam": "AParamModelModel",  # AParamModel is a class already
        "AParamModel": "AParamModel",
        "BParam": "BParamModelModel",  # BParamModel is taken
        "C": "C",
        "CParams": "CParamsModel",
    }
    assert names == {"AParam": "AParam", "BParam": "BParam", "CParams": "CParams", "C": "CParam"}
