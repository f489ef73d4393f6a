"""The client generated from the 2026-08-22 Anthropic tree, shaped like the official SDK
(issue 12): its layout (nested resource modules, types where the official SDK has them, a
public `pagination`, client classes named in refgen.yaml), a fast import (nothing imported
before it is used, model_rebuild() only where a forward reference needs it), lenient about
nulls a response leaves out, ready to vendor under ruff's default settings."""

from __future__ import annotations

import ast
import importlib
import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruff.__main__ import find_ruff_bin

from generator.naming import python_identifier
from generator.output import write_tree
from generator.pipeline import render_files
from generator.render import declared
from generator.render.files import public_names
from generator.render.loader import RUNTIME_FILES
from tests.cli_run import ROOT, refgen
from tests.conftest import RESUME_PAGE, SDK_PACKAGE, parsed_tree
from tests.feature_document import feature_document
from tests.generated_package import RENDERED_ORDER_RULES, all_types
from tests.http_server import ScriptedServer

PACKAGE = SDK_PACKAGE


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return parsed_tree("2026-08-22").document


@pytest.fixture(scope="module")
def generated(sdk_folder: Path) -> Path:
    """The folder holding the generated package and its docs."""
    return sdk_folder


@pytest.fixture(scope="module")
def sdk(generated: Path) -> ModuleType:
    from tests.generated_package import import_package

    return import_package(generated, PACKAGE)


def _nullable(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _nullable(document["components"]["schemas"][name], document)
    kinds = schema.get("type")
    return (
        kinds == "null"
        or (isinstance(kinds, list) and "null" in kinds)
        or None in schema.get("enum", [0])
        or any(_nullable(m, document) for m in schema.get("oneOf", schema.get("anyOf", [])))
    )


def test_a_response_omitting_a_required_but_nullable_field_validates(
    sdk: ModuleType, document: dict[str, Any]
) -> None:
    media = document["paths"]["/v1/messages"]["post"]["responses"]["200"]["content"]
    example = dict(next(iter(media["application/json"]["examples"].values()))["value"])
    assert "stop_reason" in document["components"]["schemas"]["Message"]["required"]
    del example["stop_reason"], example["stop_sequence"]
    message = types_of(sdk).Message.model_validate(example)
    assert message.stop_reason is None and message.stop_sequence is None
    with pytest.raises(ValueError, match="id"):  # a required field that cannot be null
        types_of(sdk).Message.model_validate({**example, "id": None})


def test_every_required_nullable_field_of_every_model_defaults_to_none(
    sdk: ModuleType, document: dict[str, Any]
) -> None:
    checked = 0
    types = every_type(sdk)
    for name, schema in document["components"]["schemas"].items():
        model = types.get(python_identifier(name, style="pascal"))
        if schema.get("type") != "object" or not hasattr(model, "model_fields"):
            continue
        by_alias = {f.alias or n: f for n, f in model.model_fields.items()}
        for wire_name in schema.get("required", []):
            nullable = _nullable(schema["properties"][wire_name], document)
            assert by_alias[wire_name].is_required() is not nullable, (name, wire_name)
            checked += nullable
    assert checked > 100  # the tree has hundreds of them


def _ruff_check(target: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_ruff_bin(), "check", "--isolated", *RENDERED_ORDER_RULES, *settings, str(target)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_passes_ruff_check_under_default_and_project_settings(
    generated: Path,
) -> None:
    for settings in ((), ("--line-length", "100")):
        result = _ruff_check(generated / PACKAGE, *settings)
        assert result.returncode == 0, f"{settings}:\n{result.stdout}"


def test_rendered_modules_are_formatted_at_ruffs_default_line_length(generated: Path) -> None:
    package = generated / PACKAGE
    rendered = [p for p in package.rglob("*.py") if p.name not in RUNTIME_FILES]
    assert len(rendered) > 10
    result = subprocess.run(
        [find_ruff_bin(), "format", "--isolated", "--check", *map(str, rendered)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def types_of(sdk: ModuleType) -> ModuleType:
    """`pkg.types`, which importing the package does not import."""
    return importlib.import_module(f"{sdk.__name__}.types")


def every_type(sdk: ModuleType) -> dict[str, Any]:
    """{name: class or alias} of every types module of the package (each imported)."""
    return vars(all_types(sdk))


def test_types_are_importable_where_the_official_sdk_has_them(sdk: ModuleType) -> None:
    from anthropic_sdk.types import Message  # type: ignore[import-not-found]
    from anthropic_sdk.types.beta import BetaMessage  # type: ignore[import-not-found]
    from anthropic_sdk.types.messages import MessageBatch  # type: ignore[import-not-found]

    assert Message.__module__ == "anthropic_sdk.types"
    assert BetaMessage.__module__ == "anthropic_sdk.types.beta"
    assert MessageBatch.__module__ == "anthropic_sdk.types.messages"
    from anthropic_sdk.pagination import AsyncPage, SyncPage  # type: ignore[import-not-found]

    page = sdk.Anthropic(api_key="k").messages.batches.list
    assert inspect.signature(page).return_annotation.startswith("SyncPage[")
    assert SyncPage.__name__ == "SyncPage" and AsyncPage.__name__ == "AsyncPage"


def test_resources_are_nested_modules_by_address(generated: Path) -> None:
    resources = generated / PACKAGE / "resources"
    assert (resources / "beta" / "messages" / "__init__.py").is_file()  # batches below it
    assert (resources / "beta" / "messages" / "batches.py").is_file()
    assert (resources / "messages" / "batches.py").is_file()
    assert (resources / "models.py").is_file()
    # Each module holds one resource: its class, the async twin, their raw and streaming views.
    tree = ast.parse((resources / "beta" / "messages" / "batches.py").read_text())
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    assert len(classes) == 6, classes


def test_a_type_shared_across_resources_stands_at_their_common_place(sdk: ModuleType) -> None:
    types = every_type(sdk)
    # Message: messages.create (top level) and messages.batches results → pkg.types
    assert types["Message"].__module__ == "anthropic_sdk.types"
    # Every type names only types of its own module or of a module above it.
    for name, value in types.items():
        module = getattr(value, "__module__", "")
        for field in getattr(value, "model_fields", {}).values():
            for other in _named_classes(field.annotation):
                above = other.__module__
                assert module == above or module.startswith(above + "."), (name, above)


def _named_classes(annotation: object) -> list[type]:
    import typing

    found = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and current.__module__.startswith("anthropic_sdk.types"):
            found.append(current)
        stack.extend(typing.get_args(current))
    return found


def _run(code: str, generated: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=generated, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_importing_the_package_and_making_a_client_import_no_type_nor_resource(
    generated: Path,
) -> None:
    out = _run(
        "import sys, anthropic_sdk\n"
        "client = anthropic_sdk.Anthropic(api_key='k')\n"
        "print(sorted(m for m in sys.modules if m.startswith('anthropic_sdk.types')"
        " or m.startswith('anthropic_sdk.resources.')))\n"
        "client.beta.messages\n"
        "print(sorted(m for m in sys.modules if m.startswith('anthropic_sdk.resources.')))\n",
        generated,
    )
    before, after = out.splitlines()
    assert before == "[]"
    assert after == "['anthropic_sdk.resources.beta', 'anthropic_sdk.resources.beta.messages']"


def test_resources_and_views_are_created_once(sdk: ModuleType) -> None:
    client = sdk.Anthropic(api_key="k")
    assert client.beta is client.beta
    assert client.beta.messages is client.beta.messages
    assert client.with_raw_response is client.with_raw_response
    assert client.with_raw_response.beta.messages is client.with_raw_response.beta.messages


def test_model_rebuild_only_where_a_forward_reference_needs_it(
    generated: Path, sdk: ModuleType
) -> None:
    types = every_type(sdk)
    models = {n: t for n, t in types.items() if hasattr(t, "model_fields")}
    assert all(m.__pydantic_complete__ for m in models.values())
    rebuilt = [
        line
        for path in (generated / PACKAGE / "types").rglob("*.py")
        for line in path.read_text().splitlines()
        if line.endswith(".model_rebuild()")
    ]
    assert 0 < len(rebuilt) < len(models) / 5, (len(rebuilt), len(models))


def test_every_response_example_validates_against_its_return_type(
    sdk: ModuleType, document: dict[str, Any]
) -> None:
    """Through forward references across modules: each type resolved in its own module."""
    import pydantic

    types = every_type(sdk)
    checked, failed = 0, []
    for path, item in document["paths"].items():
        for operation in item.values():
            media = operation["responses"].get("200", {}).get("content", {})
            json_media = media.get("application/json", {})
            ref = json_media.get("schema", {}).get("$ref", "")
            for example in json_media.get("examples", {}).values():
                target = types[python_identifier(ref.rsplit("/", 1)[1], style="pascal")]
                checked += 1
                try:  # any other error (an unresolved forward reference) fails the test
                    pydantic.TypeAdapter(target).validate_python(example["value"])
                except pydantic.ValidationError as error:
                    failed.append(f"{path}: {error}")
    assert checked > 250, checked  # 269 examples on the pages of the tree
    # A few page examples leave out fields their page calls required: the page's mistake.
    assert len(failed) <= checked // 50, "\n".join(failed)


def test_client_classes_are_named_in_refgen_yaml(sdk: ModuleType) -> None:
    assert sdk.Client is sdk.Anthropic and sdk.AsyncClient is sdk.AsyncAnthropic
    assert sdk.Anthropic.__name__ == "Anthropic"
    for error in (sdk.APIError, sdk.APIStatusError, sdk.NotFoundError, sdk.MissingAPIKeyError):
        assert issubclass(error, sdk.AnthropicError)
    assert "AnthropicError" in sdk.__all__ and "Anthropic" in sdk.__all__


def _project(tmp_path: Path, client: str) -> Path:
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copy(RESUME_PAGE, spec / "resume.md")
    (spec / "refgen.yaml").write_text(
        f"title: T\npackage: demo\nsources: ['*.md']\nclient: {client}\n", encoding="utf-8"
    )
    return tmp_path


@pytest.mark.parametrize(
    ("client", "message"),
    [
        ("{name: my-client}", "must be a Python identifier"),
        ("{name: class}", "must be a Python identifier"),
        ("{name: acme}", "must start with a capital letter"),
        ("{name: _Acme}", "must start with a capital letter"),
        ("{name: API}", "would give APIError, a name the package exports already"),
        ("{name: 7}", "must be a Python identifier"),
        ("Acme", "must be a mapping with the one key 'name'"),
        ("{name: Acme, extra: 1}", "must be a mapping with the one key 'name'"),
    ],
)
def test_a_bad_client_name_is_a_config_error_at_its_line(
    tmp_path: Path, client: str, message: str
) -> None:
    root = _project(tmp_path, client)
    result = refgen("build", cwd=root)
    assert result.returncode == 1
    assert "spec/refgen.yaml:4: error: " in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "generated").exists()


def test_a_client_name_names_the_classes_and_the_root_error(tmp_path: Path) -> None:
    root = _project(tmp_path, "{name: Acme}")
    assert refgen("build", cwd=root).returncode == 0
    out = _run(
        "import demo\n"
        "assert demo.Acme.__name__ == 'Acme' and demo.AsyncAcme.__name__ == 'AsyncAcme'\n"
        "assert demo.Client is demo.Acme and demo.AsyncClient is demo.AsyncAcme\n"
        "try:\n"
        "    demo.Acme(api_key='k', base_url='http://127.0.0.1:9', max_retries=0)"
        ".fine_tuning.jobs.resume('x')\n"
        "except demo.AcmeError as error:\n"
        "    print(type(error).__name__)\n",
        root / "generated",
    )
    assert out.strip() == "APIConnectionError"


def test_generate_takes_the_client_name_on_the_command_line(tmp_path: Path) -> None:
    """`refgen generate --client-name` names the classes as refgen.yaml's `client:` does."""
    document = tmp_path / "openapi.yaml"
    shutil.copy(ROOT / "spec" / "openapi.yaml", document)
    result = refgen(
        "generate",
        str(document),
        "-o",
        str(tmp_path / "out"),
        "--package",
        "demo",
        "--client-name",
        "Acme",
    )
    assert result.returncode == 0, result.stderr
    out = _run(
        "import demo\n"
        "assert demo.Acme.__name__ == 'Acme' and demo.AsyncClient is demo.AsyncAcme\n"
        "assert demo.AcmeError is demo.SDKError\n"
        "print('ok')\n",
        tmp_path / "out",
    )
    assert out.strip() == "ok"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("my-client", "must be a Python identifier"),
        ("acme", "must start with a capital letter"),
        ("API", "would give APIError, a name the package exports already"),
    ],
)
def test_a_bad_client_name_on_the_command_line_is_a_usage_error(
    tmp_path: Path, name: str, message: str
) -> None:
    result = refgen(
        "generate",
        str(ROOT / "spec" / "openapi.yaml"),
        "-o",
        str(tmp_path / "out"),
        "--client-name",
        name,
    )
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


NESTED_COLLISIONS = ("with_raw_response", "cast", "builtins", "list", "overload")


def test_a_nested_resource_never_shadows_a_member_or_a_name_its_parent_module_uses(
    tmp_path: Path, server: ScriptedServer
) -> None:
    """A sub-resource is an attribute of its parent's class and a module of its parent's
    package (importing it binds its name in the parent module): named like a member
    (`with_raw_response`) or like a name the module uses (`cast`, `builtins`), it is renamed."""
    document = feature_document()
    for name in NESTED_COLLISIONS:
        document["paths"][f"/widgets/{name}"] = {
            "post": {
                "operationId": f"{name}_create",
                "x-refgen-client": {"resource": ["widgets", name], "method": "create"},
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Widget"}}
                        },
                    }
                },
            }
        }
    write_tree(tmp_path, render_files(document, "w"))
    for _ in range(2 * len(NESTED_COLLISIONS)):
        server.reply_json({"id": "1", "kind": "small"})
    calls = "\n".join(
        f"client.widgets.{name}_.create(); client.with_raw_response.widgets.{name}_.create()"
        for name in NESTED_COLLISIONS
    )
    _run(
        f"import w\nclient = w.Client(api_key='k', base_url={server.url!r}, max_retries=0)\n"
        f"{calls}\n"
        "assert client.widgets.with_raw_response.list  # still the view of widgets\n",
        tmp_path,
    )
    assert sorted(r.path for r in server.requests) == sorted(
        f"/widgets/{name}" for name in NESTED_COLLISIONS for _ in range(2)
    )


def _runtime_tree(module: str) -> ast.Module:
    return ast.parse((ROOT / "templates" / "runtime" / f"{module}.py").read_text())


def test_what_the_package_re_exports_is_what_the_runtime_offers() -> None:
    """declared.py names runtime classes for the package's __init__ and for the status
    classes; each must still be what the runtime module lists, or the package breaks."""
    for module, names in declared.PACKAGE_IMPORTS:
        offered = public_names((ROOT / "templates" / "runtime" / f"{module}.py").read_text())
        assert set(names) <= set(offered), (module, set(names) - set(offered))
    [status_errors] = [
        node.value
        for node in _runtime_tree("_exceptions").body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "STATUS_ERRORS"
    ]
    assert isinstance(status_errors, ast.Dict)
    runtime_classes = {
        ast.literal_eval(key): value.id
        for key, value in zip(status_errors.keys, status_errors.values, strict=True)
        if key is not None and isinstance(value, ast.Name)
    }
    assert runtime_classes == declared.STANDARD_ERRORS
