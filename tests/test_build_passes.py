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
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostics, Location, RefgenError
from generator.openapi import infer
from generator.openapi.copies import _section
from generator.openapi.infer import integer_from_examples, objects_from_examples
from generator.openapi.merge import choose
from generator.openapi.provenance import SILENT, Provenance
from generator.openapi.schemas import Context, SchemaBuilder, SchemaCandidate, parse_node
from generator.pages.model import DeclNode
from tests.infer.helpers import operation_document, parse_text, schema


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


def _node(text: str, *children: DeclNode, line: int = 1) -> DeclNode:
    return DeclNode.make(text, Location("p.md", line), "", children)


def _builder() -> SchemaBuilder:
    builder = SchemaBuilder()
    builder.begin("Scope", Context(("things",)), Location("p.md", 1))
    return builder


def test_a_definition_met_again_is_the_same_candidate() -> None:
    """A repeat is looked up before anything else is asked of it: the same node is the same
    definition, one candidate, one token, a Domain Types entry still marking it top level."""
    builder = _builder()
    thing = _node("Thing object { id }", _node("id: string", line=2))
    first = builder.declared_schema(thing, ("Scope",))
    again = builder.declared_schema(thing, ("Other",), top_level=True)
    assert first == again == {"$ref": first["$ref"]}
    [candidate] = builder.candidates["Thing"]
    assert candidate.schema["properties"] == {"id": {"type": "string"}}
    assert candidate.owner is not None and candidate.owner.top_level
    # The same text in another node (another place) is another definition, as before.
    elsewhere = _node("Thing object { id }", _node("id: string", line=9), line=8)
    assert builder.declared_schema(elsewhere, ("Scope",)) != first
    assert len(builder.candidates["Thing"]) == 2


def test_a_type_named_as_itself_or_a_collection_of_itself_is_never_remembered() -> None:
    """`Name = Name` is a reference each time it is met, and `Content = array of Content`
    a new array each time (of the items its children define once): neither is a definition
    to look up again."""
    builder = _builder()
    itself = _node("Name = Name")
    one = builder.declared_schema(itself, ("Scope",))
    two = builder.declared_schema(itself, ("Other",))
    assert one != two  # two bare references, each resolved where it stands
    assert [r.name for r in builder.references] == ["Name", "Name"]
    block = _node("Block object { text }", _node("text: string", line=3), line=2)
    content = _node("Content = array of Content", block)
    first, second = (builder.declared_schema(content, ("Scope",)) for _ in range(2))
    assert first == second == {"type": "array", "items": first["items"]}
    assert first is not second and first["items"] is not second["items"]  # each its own
    [items] = builder.candidates["Content"]  # the items, named by the page after the member
    assert first["items"] == {"$ref": items.token}
    assert len(builder.candidates["Block"]) == 1


def test_a_union_reads_its_children_in_their_order(tmp_path: Path) -> None:
    """Members, listed values and fields mixed: the values stand where the first of them is
    listed, and each child is read once."""
    document = parse_text(
        tmp_path,
        """\
        # Things

        ## Domain Types

        ### Mode

        - `Mode = "auto" or Manual or "off"`

          - `"auto"`

          - `Manual object { level }`

            - `level: number`

          - `"off"`
        """,
    )
    mode = schema(document, "Mode")
    assert mode["anyOf"][0] == {"type": "string", "enum": ["auto", "off"]}
    assert mode["anyOf"][1] == {"$ref": "#/components/schemas/Manual"}


# -- a declaration placed at several paths ------------------------------------------------------
# What a build keyed by content would have to give (docs/performance.md, the `fieldkey` lane):
# the same declaration node built under two paths gives the same schema but for the names of
# what it lifts, which derive from the path; no part of one hand-out is part of the other.

_FIELD_NAMES = st.sampled_from(["id", "data", "kind", "next_page", "items", "value"])
_LEAF_TYPES = st.sampled_from(["string", "number", "boolean", "map[string]", "array of string"])


@st.composite
def _fields(draw: st.DrawFn, depth: int = 0) -> tuple[str, tuple[Any, ...]]:
    """(declaration text, children) of one field, nested up to three levels."""
    name = draw(_FIELD_NAMES)
    optional = "optional " if draw(st.booleans()) else ""
    nullable = " or null" if draw(st.booleans()) else ""
    shape = draw(st.sampled_from(["leaf", "enum", "object", "array"] if depth < 3 else ["leaf"]))
    if shape == "leaf":
        return f"{name}: {optional}{draw(_LEAF_TYPES)}{nullable}", ()
    if shape == "enum":
        values = draw(
            st.lists(st.sampled_from(["a", "b", "c"]), min_size=2, max_size=3, unique=True)
        )
        text = " or ".join(f'"{v}"' for v in values)
        return f"{name}: {optional}{text}", tuple((f'"{v}"', ()) for v in values)
    children = draw(
        st.lists(_fields(depth + 1), min_size=1, max_size=3, unique_by=lambda f: f[0].split(":")[0])
    )
    header = "object { " + ", ".join(text.split(":")[0] for text, _ in children) + " }"
    kind = header if shape == "object" else f"array of {header}"
    return f"{name}: {optional}{kind}{nullable}", tuple(children)


def _declaration_node(field: tuple[str, tuple[Any, ...]], line: list[int]) -> DeclNode:
    text, children = field
    line[0] += 1
    here = Location("p.md", line[0])
    return DeclNode.make(text, here, "", tuple(_declaration_node(c, line) for c in children))


def _named(value: Any, builder: SchemaBuilder) -> Any:
    """The schema with each placeholder $ref replaced by the name and schema it stands for."""
    if isinstance(value, dict):
        target = builder.target(value.get("$ref", ""))
        if isinstance(target, SchemaCandidate):
            return {"lifted": target.name, "schema": _named(target.schema, builder)}
        return {key: _named(item, builder) for key, item in value.items()}
    if isinstance(value, list):
        return [_named(item, builder) for item in value]
    return value


def _parts(value: Any, builder: SchemaBuilder) -> list[Any]:
    """Every dict and list a hand-out is made of, the schemas it lifts included."""
    found, stack = [], [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            found.append(current)
            target = builder.target(current.get("$ref", ""))
            if isinstance(target, SchemaCandidate):
                stack.append(target.schema)
            stack.extend(current.values())
        elif isinstance(current, list):
            found.append(current)
            stack.extend(current)
    return found


def _renamed(value: Any, old: str, new: str) -> Any:
    if isinstance(value, dict):
        return {
            key: (item.replace(old, new, 1) if key == "lifted" else _renamed(item, old, new))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_renamed(item, old, new) for item in value]
    return value


@settings(max_examples=300, deadline=None, database=None)
@given(field=_fields())
def test_a_declaration_at_two_paths_differs_only_in_the_names_it_lifts(
    field: tuple[str, tuple[Any, ...]],
) -> None:
    node = _declaration_node(field, [0])
    builder = _builder()
    declaration = parse_node(node)
    here = builder.field_schema(node, declaration, ("Alpha",))
    there = builder.field_schema(node, declaration, ("Beta", "Gamma"))
    assert _renamed(_named(here, builder), "Alpha", "BetaGamma") == _named(there, builder)
    # No part is shared: an inference rule changing one place never changes the other.
    assert not {id(part) for part in _parts(here, builder)} & {
        id(part) for part in _parts(there, builder)
    }
    before = _named(there, builder)
    for part in _parts(here, builder):
        part.append("changed") if isinstance(part, list) else part.update(changed=True)
    assert _named(there, builder) == before


@settings(max_examples=200, deadline=None, database=None)
@given(field=_fields(), data=st.data())
def test_a_copy_differing_in_one_character_is_built_as_itself(
    field: tuple[str, tuple[Any, ...]], data: st.DataObject
) -> None:
    """Two nodes whose texts differ in one field name (one character) give the schemas of
    their own texts, wherever each is built first."""
    node = _declaration_node(field, [0])
    texts = [n.text for n in _walk_nodes(node)]
    changed_at = data.draw(st.sampled_from(range(len(texts))))
    variant = _declaration_node(_with_text(field, changed_at, "Z"), [0])
    alone = _builder()
    expected = _named(alone.field_schema(variant, parse_node(variant), ("Alpha",)), alone)
    builder = _builder()
    original = _named(builder.field_schema(node, parse_node(node), ("Alpha",)), builder)
    got = _named(builder.field_schema(variant, parse_node(variant), ("Alpha",)), builder)
    assert got == expected
    # The field's own name, when that is the character changed, is its parent's key.
    assert (parse_node(variant).name, got) != (parse_node(node).name, original)


def _walk_nodes(node: DeclNode) -> list[DeclNode]:
    return [node, *(n for child in node.children for n in _walk_nodes(child))]


def _with_text(
    field: tuple[str, tuple[Any, ...]], index: int, letter: str
) -> tuple[str, tuple[Any, ...]]:
    """The field with the `index`-th declaration (depth first) changed in one character: the
    first letter of its name, or of its value for a listed value."""
    counter = [index]

    def rewrite(item: tuple[str, tuple[Any, ...]]) -> tuple[str, tuple[Any, ...]]:
        text, children = item
        if counter[0] == 0:
            at = 1 if text.startswith('"') else 0
            text = text[:at] + letter + text[at + 1 :]
        counter[0] -= 1
        return text, tuple(rewrite(child) for child in children)

    return rewrite(field)


def test_a_described_field_still_reads_its_one_child(tmp_path: Path) -> None:
    """The check of whether a field borrows a member's text skips fields with no children
    only: a lone child under a described field is still read, so its error is still told."""
    page = """\
        # Things

        ## Domain Types

        ### Thing

        - `Thing object { name }`

          - `name: string`

            The name.

            - `bad: array of`
        """
    with pytest.raises(RefgenError, match="array of"):
        parse_text(tmp_path, page)


def _candidate(schema: dict[str, Any], line: int, weight: int, **flags: bool) -> SchemaCandidate:
    return SchemaCandidate("Thing", schema, Location("t.md", line), weight, **flags)


def test_choosing_among_headers_compares_no_shape() -> None:
    """Only complete definitions can differ from the winner: with none but the winner, no
    shape is made."""
    asked: list[SchemaCandidate] = []

    def shape_of(candidate: SchemaCandidate) -> object:
        asked.append(candidate)
        return candidate.schema

    winner = _candidate({"type": "object"}, 1, 3)
    headers = [_candidate({"type": "string"}, line, 1, abridged=True) for line in (2, 3)]
    diagnostics = Diagnostics()
    assert choose([*headers, winner], "type Thing", diagnostics, shape_of=shape_of) is winner
    assert asked == []
    assert diagnostics.items == []


def test_a_differing_definition_is_reported_where_its_shape_is_first_shown() -> None:
    """The place of a differing definition is the first of every candidate of that shape, a
    header among them (as before shapes were made only when needed)."""
    winner = _candidate({"type": "object", "description": "w"}, 1, 3)
    header = _candidate({"type": "string"}, 2, 1, abridged=True)
    differing = _candidate({"type": "string", "description": "d"}, 5, 2)
    same_again = _candidate({"type": "string"}, 7, 2)
    diagnostics = Diagnostics()
    chosen = choose([differing, header, same_again, winner], "type Thing", diagnostics)
    assert chosen is winner
    assert [(d.location, d.message) for d in diagnostics.items] == [
        (
            Location("t.md", 2),
            "type Thing is defined differently here and at t.md:1; that one is used",
        )
    ]
