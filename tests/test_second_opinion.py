"""datamodel-codegen's reading of our fragment, as a second opinion on our models.

Each whole Anthropic tree (and the OpenAI pages) is parsed, its OpenAPI document handed to
datamodel-codegen (a real subprocess, extra fields forbidden), and what it makes compared with
what refgen makes: model by model, the same fields under the same wire names, the same ones
required, the same ones accepting null; and every `#### Response` example of the tree accepted
by its models, with no field they lack. Two generators that share no code agree, so the
fragment says what the pages say, not what our templates happen to read into it."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Union

import pydantic
import pytest

from generator.pipeline import ParseResult
from generator.render.context import ModelContext, build_context
from generator.yamlio import dump_json
from tests.conftest import ANTHROPIC, CORPUS
from tests.corpus_examples import (
    conflicting_operations,
    leaves_out_only_required_fields,
    parsed_folder,
    response_blocks,
)

BIN = Path(sys.executable).parent
FOLDERS = {
    "anthropic-2026-05-09": ANTHROPIC / "2026-05-09",
    "anthropic-2026-08-22": ANTHROPIC / "2026-08-22",
    "openai": CORPUS / "openai",
}
WITH_EXAMPLES = ["anthropic-2026-08-22", "openai"]  # the older style has no Response blocks


def parsed(name: str) -> ParseResult:
    return parsed_folder(FOLDERS[name])


@pytest.fixture(scope="session")
def second_opinion(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], types.ModuleType]:
    """folder → the models datamodel-codegen generates from its fragment, imported (once per
    test process)."""
    made: dict[str, types.ModuleType] = {}

    def models_of(folder: str) -> types.ModuleType:
        if folder not in made:
            made[folder] = _generate(folder, tmp_path_factory.mktemp("second_opinion"))
        return made[folder]

    return models_of


def _generate(folder: str, directory: Path) -> types.ModuleType:
    module_name = "second_opinion_" + folder.replace("-", "_")
    fragment, models = directory / "openapi.json", directory / f"{module_name}.py"
    fragment.write_text(dump_json(parsed(folder).document), encoding="utf-8")
    subprocess.run(
        [
            str(BIN / "datamodel-codegen"),
            "--input",
            str(fragment),
            "--input-file-type",
            "openapi",
            "--output-model-type",
            "pydantic_v2.BaseModel",
            "--formatters",
            "builtin",
            "--extra-fields",
            "forbid",
            "--output",
            str(models),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    spec = importlib.util.spec_from_file_location(models.stem, models)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[models.stem] = module  # pydantic resolves the module's forward references
    spec.loader.exec_module(module)
    return module


def _their_classes(
    module: types.ModuleType, roots: bool = False
) -> dict[str, type[pydantic.BaseModel]]:
    """Their model classes (with the `RootModel`s of unions and aliases when `roots`) by name
    with underscores dropped: datamodel-codegen writes `ToolSearchToolBm2520251119` for our
    `ToolSearchToolBm25_20251119`."""
    return {
        name.replace("_", ""): value
        for name, value in vars(module).items()
        if isinstance(value, type)
        and issubclass(value, pydantic.BaseModel)
        and (roots or not issubclass(value, pydantic.RootModel))
    }


def _admits_null(annotation: Any) -> bool:
    if annotation is type(None):
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _admits_null(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return any(_admits_null(member) for member in typing.get_args(annotation))
    return False


def _ours(model: ModelContext) -> dict[str, tuple[bool, bool]]:
    """wire name → (required, accepts null) of our model's fields."""
    return {
        f.wire_name: (f.required, not f.required or f.annotation.nullable) for f in model.fields
    }


def _theirs(cls: type[pydantic.BaseModel]) -> dict[str, tuple[bool, bool]]:
    return {
        field.alias or name: (field.is_required(), _admits_null(field.annotation))
        for name, field in cls.model_fields.items()
    }


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_both_generators_make_the_same_models(
    folder: str, second_opinion: Callable[[str], types.ModuleType]
) -> None:
    theirs = _their_classes(second_opinion(folder))
    models = build_context(parsed(folder).document, "second_opinion").models
    unmatched = [m.schema_name for m in models if m.schema_name.replace("_", "") not in theirs]
    assert unmatched == []
    pairs = [(m, _ours(m), _theirs(theirs[m.schema_name.replace("_", "")])) for m in models]
    differences = [
        f"{m.schema_name}: ours {ours}, theirs {their}" for m, ours, their in pairs if ours != their
    ]
    print(f"{folder}: {len(models)} models compared, {len(differences)} differ")
    assert len(models) > 100
    assert differences == []


@pytest.mark.parametrize("folder", WITH_EXAMPLES)
def test_their_models_accept_every_response_example(
    folder: str, second_opinion: Callable[[str], types.ModuleType]
) -> None:
    result = parsed(folder)
    theirs = _their_classes(second_opinion(folder), roots=True)
    conflicts = conflicting_operations(result)
    checked, rejected, abridged, failures = 0, [], [], []
    for where, (method, path), text in response_blocks(FOLDERS[folder]):
        try:
            value = json.loads(text)
        except ValueError:
            continue
        checked += 1
        problem = _rejection(result, theirs, method, path, value)
        if problem is None:
            continue
        # An example of a copy that differs from the copy used may hold fields the used
        # definition lacks: only those, and only there.
        if (method, path) in conflicts and problem == {"extra_forbidden"}:
            rejected.append(where)
        elif leaves_out_only_required_fields(problem):
            abridged.append(where)
        else:
            failures.append(f"{where}: {method.upper()} {path}: {sorted(problem)}")
    print(
        f"{folder}: their models checked {checked} response examples; {len(rejected)} from "
        f"copies not used hold fields the used definition lacks; {len(abridged)} leave out "
        f"fields the page requires"
    )
    assert checked >= 12
    assert failures == []


def _rejection(
    result: ParseResult,
    theirs: dict[str, type[pydantic.BaseModel]],
    method: str,
    path: str,
    value: Any,
) -> set[str] | None:
    """None when one of the response's models accepts the value, else the error types."""
    # The body, or one event or line of an event stream or JSON Lines (one media type).
    (media,) = result.document["paths"][path][method]["responses"]["200"]["content"].values()
    schema = media["schema"]
    names = [ref["$ref"].rsplit("/", 1)[-1] for ref in schema.get("anyOf", [schema])]
    errors: set[str] = set()
    for name in names:
        target = theirs.get(name.replace("_", ""))
        if target is None:
            return {f"no model {name}"}
        try:
            target.model_validate(value)
            return None
        except pydantic.ValidationError as error:
            errors |= {item["type"] for item in error.errors()}
    return errors
