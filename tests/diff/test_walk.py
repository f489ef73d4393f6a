"""The structural walk and the helpers it stands on: resolution, union matching, usage."""

from typing import Any

from generator.diff.records import Change, OperationKey, SchemaPair
from generator.diff.spellings import flatten_all_of, is_nullable, types_of
from generator.diff.unions import describe_members, match_members
from generator.diff.usage import reachable, schema_usage
from generator.diff.walk import walk
from generator.spec import pointer
from generator.spec.refs import Located, Resolver


def document(schemas: dict[str, Any], response: dict[str, Any] | None = None) -> dict[str, Any]:
    paths = {}
    if response is not None:
        paths = {
            "/x": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {"application/json": {"schema": response}},
                        }
                    }
                }
            }
        }
    return {"openapi": "3.1.0", "paths": paths, "components": {"schemas": schemas}}


def kinds(changes: list[Change]) -> list[tuple[str, str]]:
    return [(change.kind, change.field) for change in changes]


def test_pointer_escapes_slash_and_tilde() -> None:
    assert pointer.join("/paths", "/files/{id}", "get") == "/paths/~1files~1{id}/get"
    assert pointer.split("/a~1b/c~0d") == ["a/b", "c~d"]
    assert pointer.parents("/a/b") == ["/a/b", "/a", ""]


def test_nullable_spellings_mean_the_same() -> None:
    assert is_nullable({"type": "string", "nullable": True})
    assert is_nullable({"type": ["string", "null"]})
    assert is_nullable({"anyOf": [{"type": "string"}, {"type": "null"}]})
    assert is_nullable({"enum": ["a", None]})
    assert not is_nullable({"type": "string"})


def test_types_are_inferred_where_not_written() -> None:
    assert types_of({"properties": {}}) == {"object"}
    assert types_of({"items": {}}) == {"array"}
    assert types_of({"const": 3}) == {"integer"}
    assert types_of({"type": ["string", "null"]}) == {"string"}


def test_flatten_all_of_follows_refs_and_keeps_property_pointers() -> None:
    resolver = Resolver(
        document(
            {
                "Base": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                },
                "Item": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {"properties": {"name": {"type": "string"}}, "required": ["name"]},
                    ]
                },
            }
        )
    )
    flat = flatten_all_of(resolver.component("Item"), resolver)
    assert sorted(flat.node["properties"]) == ["id", "name"]
    assert flat.node["required"] == ["id", "name"]
    assert flat.node["x-refgen-property-pointers"] == {
        "id": "/components/schemas/Base/properties/id",
        "name": "/components/schemas/Item/allOf/1/properties/name",
    }


def test_flatten_all_of_survives_a_piece_that_includes_itself() -> None:
    resolver = Resolver(
        document(
            {"Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}, {"properties": {"a": {}}}]}}
        )
    )
    assert list(flatten_all_of(resolver.component("Loop"), resolver).node["properties"]) == ["a"]


def test_union_members_pair_by_tag_even_when_renamed_and_reordered() -> None:
    def tagged(tag: str) -> dict[str, Any]:
        return {"type": "object", "properties": {"type": {"const": tag}}}

    base = Resolver(document({"Cat": tagged("cat"), "Dog": tagged("dog")}))
    revision = Resolver(
        document({"Hound": tagged("dog"), "Cat": tagged("cat"), "Bird": tagged("bird")})
    )

    def members(resolver: Resolver, names: list[str]) -> list[Located]:
        return [
            Located({"$ref": f"#/components/schemas/{n}"}, f"/u/{i}") for i, n in enumerate(names)
        ]

    match = match_members(
        describe_members(members(base, ["Cat", "Dog"]), base),
        describe_members(members(revision, ["Hound", "Cat", "Bird"]), revision),
    )
    assert sorted((a.name, b.name) for a, b in match.pairs) == [("Cat", "Cat"), ("Dog", "Hound")]
    assert [m.name for m in match.added] == ["Bird"]
    assert match.removed == []


def test_type_change_across_a_union_is_one_type_change() -> None:
    base = document(
        {"E": {"type": "object", "properties": {"error": {"type": "string"}}}},
    )
    revision = document(
        {
            "E": {
                "type": "object",
                "properties": {
                    "error": {
                        "oneOf": [
                            {"type": "object", "properties": {"code": {"const": "a"}}},
                            {"type": "object", "properties": {"code": {"const": "b"}}},
                        ]
                    }
                },
            }
        }
    )
    changes = walk(base, revision).schema_changes[SchemaPair("E", "E")]
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("type-changed", ["string"], ["object"])
    ]


def test_self_referencing_schema_compared_inline_against_ref_terminates() -> None:
    node = {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}}
    base = document({"Node": node}, response={"$ref": "#/components/schemas/Node"})
    revision = document(
        {"Node": node},
        response={
            "type": "object",
            "properties": {
                "next": {"$ref": "#/components/schemas/Node"},
                "extra": {"type": "string"},
            },
        },
    )
    result = walk(base, revision)
    key = OperationKey("/x", "get")
    assert kinds(result.operation_changes[key]) == [("property-added", "response 200.extra")]
    assert result.operation_links[key] == {("response", SchemaPair("Node", "Node"))}


def test_structurally_equal_removed_and_added_schema_is_a_rename() -> None:
    shape = {"type": "object", "properties": {"a": {"type": "string"}}}
    result = walk(document({"Old": shape}), document({"New": shape}))
    assert kinds(result.schema_changes[SchemaPair("Old", "New")]) == [
        ("schema-renamed", "Old → New")
    ]


def test_bare_look_alikes_are_no_evidence_of_a_rename() -> None:
    result = walk(document({"A": {"type": "string"}}), document({"B": {"type": "string"}}))
    assert set(result.schema_changes) == {SchemaPair("A", None), SchemaPair(None, "B")}


def test_usage_follows_links_through_cycles_per_direction() -> None:
    a, b, c = SchemaPair("A", "A"), SchemaPair("B", "B"), SchemaPair("C", "C")
    op = OperationKey("/x", "post")
    usage = schema_usage({op: {("request", a), ("response", c)}}, {a: {b}, b: {a}, c: set()})
    assert usage == {a: {"request": {op}}, b: {"request": {op}}, c: {"response": {op}}}
    assert reachable([a], {a: {b}, b: {a}}) == {a, b}
