"""Shortcuts of the document build's later passes (issue 16, the `fieldkey` lane) give what
the long way gives: a page's section is worked out once per page and working directory, a
union's members are resolved once per observation of the examples, the source map's export
makes pointers for known nodes only, and `objects_from_examples` reads no example when no
object is shown by its header alone."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Location
from generator.openapi import infer
from generator.openapi.copies import _section
from generator.openapi.infer import integer_from_examples, objects_from_examples
from generator.openapi.provenance import SILENT, Provenance
from tests.infer.helpers import operation_document


def test_a_relative_page_is_placed_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "one" / "beta").mkdir(parents=True)
    (tmp_path / "two" / "models").mkdir(parents=True)
    root_one, root_two = str(tmp_path / "one"), str(tmp_path / "two")
    monkeypatch.chdir(tmp_path / "one")
    assert _section("beta/skills.md", root_one) == "beta"
    assert _section("beta.md", root_one) == "beta"
    # The same relative name from another folder is another page (the memo keys on both).
    monkeypatch.chdir(tmp_path / "two" / "models")
    assert _section("list.md", root_two) == "models"
    monkeypatch.chdir(tmp_path / "one")
    assert _section("beta/skills.md", root_one) == "beta"
    assert _section(str(tmp_path / "two" / "models" / "list.md"), root_two) == "models"


def test_a_union_met_by_many_examples_is_observed_as_each_would_be_alone() -> None:
    """The members of `size` are resolved once for the pass; every example still reaches
    the member its value fits, and a union that lists no schema stops the walk as before."""
    components = {
        "Sized": {
            "type": "object",
            "properties": {
                "size": {"anyOf": [{"$ref": "#/components/schemas/Bytes"}, {"type": "string"}]},
                "odd": {"type": "number", "anyOf": [True]},  # members, but none a schema
            },
        },
        "Bytes": {"type": "number"},
    }
    examples = [{"size": 2048, "odd": 5}, {"size": "big", "odd": 7}, {"size": 4096}]
    document = operation_document(
        {"$ref": "#/components/schemas/Sized"}, examples, copy.deepcopy(components)
    )
    integer_from_examples(document, Provenance())
    schemas = document["components"]["schemas"]
    assert schemas["Bytes"]["type"] == "integer"
    # Listed members that are no schemas match nothing: the number itself is never observed.
    assert schemas["Sized"]["properties"]["odd"]["type"] == "number"
    one_at_a_time = copy.deepcopy(components)
    for example in examples:
        alone = operation_document({"$ref": "#/components/schemas/Sized"}, [example], one_at_a_time)
        integer_from_examples(alone, Provenance())
    assert one_at_a_time == schemas


def test_export_gives_every_known_node_and_no_other() -> None:
    table = Provenance()
    known = table.locate({"type": "string"}, Location("a.md", 1))
    table.note(known, "nullable", SILENT)
    unknown: dict[str, Any] = {"type": "string"}
    document = {
        "a/b": {"c~d": [known, unknown, {"e": known}]},
        "x": unknown,
        "y": [[{"z": unknown}]],
    }
    exported = table.export(document)
    assert exported.locations == {"/a~1b/c~0d/0": "a.md:1", "/a~1b/c~0d/2/e": "a.md:1"}
    assert exported.evidence == {
        "/a~1b/c~0d/0": {"nullable": SILENT},
        "/a~1b/c~0d/2/e": {"nullable": SILENT},
    }


def _fail(*_: object) -> None:
    raise AssertionError("the examples were read")


def test_objects_from_examples_reads_no_example_when_no_object_is_shown_by_its_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = {"type": "object", "properties": {"id": {"type": "string"}}}
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"},
        [{"id": "x", "extra": {"a": 1}}],
        {"Thing": listed},
    )
    before = copy.deepcopy(document)
    monkeypatch.setattr(infer, "_observations", _fail)
    objects_from_examples(document, Provenance())
    assert document == before


def test_objects_from_examples_still_fills_an_object_shown_by_its_header() -> None:
    provenance = Provenance()
    header = {"type": "object", "properties": {"id": {}, "size": {}}}
    provenance.note(header, "schema", SILENT)
    document = operation_document(
        {"$ref": "#/components/schemas/Thing"},
        [{"id": "x", "size": 3, "owner": {"name": "n"}}],
        {"Thing": header},
    )
    objects_from_examples(document, provenance)
    schemas = document["components"]["schemas"]
    assert schemas["Thing"]["properties"] == {
        "id": {"type": "string"},
        "size": {"type": "number"},
        "owner": {"$ref": "#/components/schemas/ThingOwner"},
    }
    assert schemas["ThingOwner"] == {
        "type": "object",
        "properties": {"name": {"type": "string"}},
    }
