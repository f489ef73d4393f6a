"""Every `#### Response` JSON block of the whole corpus round-trips through the generated
model of its operation: it validates, and dumping the model gives the same JSON back
(`Model.model_validate(x).model_dump(mode="json", exclude_unset=True) == x`: no 1710000000
turned into 1710000000.0, no field lost or invented).

Blocks are read from the pages themselves, so the copies of an operation in parent pages
are checked too, each against the operation its copy became (a beta page's against the beta
operation). Blocks that are not valid
JSON (trailing commas, `....`) are counted and skipped. The comparison is of JSON text, so a
`number` field must keep a whole value whole: models type `number` as `int | float` (the
runtime's `Number`), never as a bare `float` that turns 0 into 0.0.

Generated models keep fields they do not declare (extra "allow"), so a round trip alone
would pass an example through a model that lacks half its fields. Each parsed example is
therefore also searched for undeclared fields: they are a failure, except in the examples
of a copy of an operation that was not used (a copy that differs from the one used; the
parse reports those copies), which are listed. So are the examples that only leave out
fields the page lists as required and not null: examples are often abridged, and the field
list is the page's statement (docs/inference.md, `optional_from_examples`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import pydantic
import pytest

from generator.output import write_tree
from generator.pipeline import render_files
from generator.render.context import build_context
from tests.conftest import ANTHROPIC, CORPUS, TREES
from tests.corpus_examples import (
    conflicting_operations,
    corpus_folders,
    leaves_out_only_required_fields,
    parsed_folder,
    response_blocks,
)
from tests.generated_package import all_types, import_package

# Each folder is one API: its pages are parsed together into one document and one package.
# (The two whole trees first: they take longest.)
FOLDERS = [ANTHROPIC / tree for tree in TREES] + [
    folder for folder in corpus_folders() if folder not in [ANTHROPIC / tree for tree in TREES]
]


@dataclass
class Tally:
    checked: int = 0
    invalid_json: int = 0
    failures: list[str] = field(default_factory=list)
    # Examples of a copy of an operation that was not used (a copy that differs from the
    # one used): fields the used definition lacks are kept as extra fields.
    extras_of_unused_copies: list[str] = field(default_factory=list)
    # Examples that leave out fields the page lists as required and not null (abridged).
    abridged: list[str] = field(default_factory=list)


def check_folder(folder: Path, directory: Path) -> Tally:
    result = parsed_folder(folder)
    document = result.document
    package = "roundtrip_" + "".join(c if c.isalnum() else "_" for c in folder.name)
    write_tree(directory / package, render_files(document, package))
    models = all_types(import_package(directory / package, package))
    context = build_context(document, package)
    names = {m.schema_name: m.name for m in context.models}
    names |= {a.schema_name: a.name for a in context.aliases}
    conflicts = conflicting_operations(result)
    tally = Tally()
    for where, (method, path), text in response_blocks(folder):
        try:
            value = json.loads(text)
        except ValueError:
            tally.invalid_json += 1
            continue
        tally.checked += 1
        problem, extras = round_trip(document, models, names, method, path, value)
        if problem == ABRIDGED:
            tally.abridged.append(f"{where}: {method.upper()} {path}")
        elif problem:
            tally.failures.append(f"{where}: {method.upper()} {path}: {problem}")
        elif extras:
            message = f"{where}: {method.upper()} {path}: not declared: {', '.join(extras)}"
            unused_copy = (method, path) in conflicts
            (tally.extras_of_unused_copies if unused_copy else tally.failures).append(message)
    return tally


ABRIDGED = "leaves out only fields the page lists as required and not null"


def round_trip(
    document: dict[str, Any],
    models: Any,
    names: dict[str, str],
    method: str,
    path: str,
    value: Any,
) -> tuple[str | None, list[str]]:
    """What is wrong with the example (None when it round-trips), and the paths of the
    fields it holds that no model declares: generated models keep unknown fields (extra
    "allow"), so an example can round-trip through a model that lacks half its fields."""
    operation = document["paths"][path][method]
    # JSON, or one event of an event stream, or one line of JSON Lines: each example is one.
    content = operation["responses"]["200"]["content"]
    media = next((m for t, m in content.items() if t != "application/octet-stream"), None)
    if media is None:
        return "the operation has no JSON response", []
    schema = media["schema"]
    target = python_type(schema, models, names)
    if target is None:
        return f"no model for the response schema {schema}", []
    adapter = pydantic.TypeAdapter(target)
    try:
        parsed = adapter.validate_python(value)
    except pydantic.ValidationError as error:
        if leaves_out_only_required_fields({item["type"] for item in error.errors()}):
            return ABRIDGED, []
        return f"does not validate: {_brief(error)}", []
    dumped = adapter.dump_python(parsed, mode="json", exclude_unset=True, by_alias=True)
    if _canonical(dumped) != _canonical(value):  # 0.0 == 0 in Python, not in JSON text
        return f"does not round-trip: {_first_difference(value, dumped)}", []
    return None, undeclared_fields(parsed)


_SCALARS = {
    "string": str,
    "integer": int,
    "number": int | float,
    "boolean": bool,
    "null": type(None),
}


def python_type(schema: dict[str, Any], models: Any, names: dict[str, str]) -> Any:
    """The Python type a response schema stands for, from the generated models: a model, a
    list of them, a union (copies of an operation that answer with different types), a
    scalar; None when a model is missing."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return getattr(models, names.get(ref.rsplit("/", 1)[-1], ""), None)
    members = schema.get("anyOf") or schema.get("oneOf")
    if members:
        found = [python_type(member, models, names) for member in members]
        return None if None in found else Union[tuple(found)]  # noqa: UP007
    kind = schema.get("type")
    if kind == "array":
        item = python_type(schema.get("items", {}), models, names)
        return None if item is None else list[item]  # type: ignore[valid-type]
    if kind == "object":
        return dict[str, Any]
    return _SCALARS.get(kind, Any) if isinstance(kind, str) else Any


def undeclared_fields(value: Any, where: str = "$") -> list[str]:
    """The paths of the extra (undeclared) fields of every model in a parsed value."""
    if isinstance(value, pydantic.BaseModel):
        found = [f"{where}.{key}" for key in value.model_extra or {}]
        for name in type(value).model_fields:
            found += undeclared_fields(getattr(value, name), f"{where}.{name}")
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in undeclared_fields(item, f"{where}[{i}]")]
    if isinstance(value, dict):
        return [p for k, item in value.items() for p in undeclared_fields(item, f"{where}.{k}")]
    return []


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _brief(error: pydantic.ValidationError) -> str:
    first = error.errors()[0]
    location = ".".join(str(p) for p in first["loc"])
    return f"{error.error_count()} errors, first at {location}: {first['msg']}"


def _first_difference(expected: Any, actual: Any, where: str = "$") -> str:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() | actual.keys():
            if key not in actual:
                return f"{where}.{key} is lost"
            if key not in expected:
                return f"{where}.{key} is added"
            if _canonical(expected[key]) != _canonical(actual[key]):
                return _first_difference(expected[key], actual[key], f"{where}.{key}")
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            if _canonical(a) != _canonical(b):
                return _first_difference(a, b, f"{where}[{index}]")
    return f"{where}: {expected!r} became {actual!r}"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: str(f.relative_to(CORPUS)))
def test_response_examples_round_trip(folder: Path, tmp_path: Path) -> None:
    tally = check_folder(folder, tmp_path)
    print(
        f"{folder.relative_to(CORPUS)}: checked {tally.checked} response examples, "
        f"skipped {tally.invalid_json} that are not valid JSON, {len(tally.failures)} failed; "
        f"{len(tally.extras_of_unused_copies)} from copies not used hold fields kept as extras; "
        f"{len(tally.abridged)} leave out fields the page requires"
    )
    for line in tally.extras_of_unused_copies + tally.abridged:
        print("  " + line)
    assert not tally.failures, "\n".join(tally.failures)
