"""Each distinct type is made once (python_types._Interned): equal types are one object,
different types never are, and nothing about the output depends on which copy came first
or on the hash seed."""

from __future__ import annotations

import copy
import dataclasses
import os
import subprocess
import sys

import pytest

from generator.render.python_types import (
    ANY,
    NONE,
    Discriminated,
    Generic,
    LiteralType,
    Named,
    PyType,
    TypeNamer,
    Union,
    builtin,
    generic,
    union,
)
from tests.conftest import ROOT

SCHEMAS = {
    "Job": {"type": "object", "properties": {"id": {"type": "string"}}},
    "Run": {"type": "object", "properties": {"id": {"type": "string"}}},
}


def namer() -> TypeNamer:
    return TypeNamer({"Job": "Job", "Run": "Run"}, SCHEMAS)


def equal_pairs() -> list[tuple[PyType, PyType]]:
    """Each type built twice, by separate calls with separately made arguments."""
    job = Named("Job", ".types")
    return [
        (Named("Job", ".types"), Named("Job", ".types", True, False)),  # defaults spelled out
        (
            generic(builtin("list"), job),
            Generic(Named("list", "builtins"), (Named("Job", ".types"),)),
        ),
        (LiteralType(("a", 1, True)), LiteralType(("a", 1, True))),
        (union([job, NONE]), Union((Named("Job", ".types"), Named("None", "builtins")))),
        (
            Discriminated(Union((job, Named("Run", ".types"))), "type"),
            Discriminated(union([Named("Job", ".types"), Named("Run", ".types")]), "type"),
        ),
    ]


@pytest.mark.parametrize("first, second", equal_pairs())
def test_equal_types_are_one_object(first: PyType, second: PyType) -> None:
    assert first is second
    assert first == second and hash(first) == hash(second)


def test_different_types_are_never_one_object() -> None:
    job = Named("Job", ".types")
    different = [
        job,
        Named("Job", ".types.beta"),  # another module
        Named("Job", ".types", is_class=False),  # an alias of the same name
        Named("Job", ".types", spelled_with_module=True),
        Named("Run", ".types"),
        LiteralType((1,)),
        LiteralType((True,)),  # 1 == True in Python, never in a Literal
        LiteralType(("1",)),
        LiteralType((1, True)),
        LiteralType((True, 1)),  # the order is the text's
        generic(builtin("list"), job),
        generic(builtin("list"), Named("Run", ".types")),
        generic(builtin("dict"), builtin("str"), job),
        Union((job, NONE)),
        Union((NONE, job)),
        Discriminated(Union((job, Named("Run", ".types"))), "type"),
        Discriminated(Union((job, Named("Run", ".types"))), "kind"),
    ]
    for index, one in enumerate(different):
        for other in different[index + 1 :]:
            assert one is not other and one != other, (one.render(), other.render())
    # Literal[1] and Literal[True] keep their own text, whichever was made first.
    assert LiteralType((True,)).render() == "Literal[True]"
    assert LiteralType((1,)).render() == "Literal[1]"
    assert union([LiteralType((1,)), LiteralType((True,))]).render() == (
        "Literal[1] | Literal[True]"
    )


def test_equal_schemas_in_different_places_give_one_type() -> None:
    types = namer()
    first = types.python_type({"type": "array", "items": {"$ref": "#/components/schemas/Job"}})
    second = types.python_type({"type": "array", "items": {"$ref": "#/components/schemas/Job"}})
    other = types.python_type({"type": "array", "items": {"$ref": "#/components/schemas/Run"}})
    assert first is second
    assert other is not first
    assert first.render() == "list[Job]" and other.render() == "list[Run]"
    # A second namer (the one that knows field names) gives the same objects too.
    assert namer().python_type({"anyOf": [{"type": "string"}, {"type": "null"}]}) is union(
        [builtin("str"), NONE]
    )


@pytest.mark.parametrize("made", [pair[0] for pair in equal_pairs()])
def test_copies_and_replacements_are_the_interned_type(made: PyType) -> None:
    assert copy.copy(made) is made
    assert copy.deepcopy(made) is made
    assert dataclasses.replace(Named("Job", ".types"), module=".types") is Named("Job", ".types")
    assert dataclasses.replace(Named("Job", ".types"), is_class=False) is not Named("Job", ".types")


def test_union_drops_repeats_by_identity_and_keeps_order() -> None:
    job, run = Named("Job", ".types"), Named("Run", ".types")
    made = union([Named("Run", ".types"), NONE, job, Union((run, job)), Named("Job", ".types")])
    assert made.render() == "Run | Job | None"
    assert union([Named("Any", "typing"), job]) is ANY


_SEEDED = """
from generator.render.python_types import LiteralType, Named, NONE, union, generic, builtin
names = [Named(f"T{i}", ".types") for i in range(40)]
types = {generic(builtin("list"), n) for n in names} | {union([n, NONE]) for n in names}
types |= {LiteralType((i, True)) for i in range(20)} | {LiteralType((True, i)) for i in range(20)}
made = union(sorted(types, key=lambda t: t.render()))
print(made.render())
print(len(types))
"""


def test_the_same_text_under_any_hash_seed() -> None:
    outputs = set()
    for seed in ("0", "1", "4242"):
        result = subprocess.run(
            [sys.executable, "-c", _SEEDED],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1
    text = outputs.pop()
    assert "| Literal[1, True] |" in text and "| Literal[True, 1] |" in text
    assert text.endswith("\n120\n")  # 40 lists, 40 unions, 40 literals: none merged
