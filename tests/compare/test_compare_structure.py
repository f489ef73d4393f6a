"""The parallel walk: recursion guards, one-sided subtrees, plain objects facing unions."""

from typing import Any

from generator.compare.facts import Position
from generator.compare.normalise import Normaliser
from generator.compare.structure import StructureWalker
from generator.spec.refs import Resolver


def walk(rec: dict[str, Any] | None, auth: dict[str, Any] | None, **schemas: Any) -> list[Position]:
    document = {"paths": {}, "components": {"schemas": schemas}}
    resolver = Resolver(document, "test.yaml")
    walker = StructureWalker(Normaliser(resolver), Normaliser(resolver))
    return walker.walk("$", ((rec,), None) if rec else None, ((auth,), None) if auth else None)


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def paths(positions: list[Position]) -> list[str]:
    return [position.path for position in positions]


def test_recursions_of_different_periods_terminate() -> None:
    positions = walk(
        ref("A"),
        ref("N"),
        A={"type": "object", "properties": {"next": ref("B")}},
        B={"type": "object", "properties": {"next": ref("A")}},
        N={"type": "object", "properties": {"next": ref("N")}},
    )
    # (A.next, N.next), (B.next, N.next), then (A.next, N.next) repeats: recorded, not expanded.
    assert paths(positions) == ["$", "$.next", "$.next.next", "$.next.next.next"]


def test_one_sided_recursive_subtree_terminates() -> None:
    positions = walk(
        None,
        ref("Tree"),
        Tree={"type": "object", "properties": {"kids": {"type": "array", "items": ref("Tree")}}},
    )
    assert paths(positions) == ["$", "$.kids", "$.kids[*]", "$.kids[*].kids"]
    assert all(p.reconstructed is None and p.authoritative is not None for p in positions)


def test_plain_object_facing_a_union_pairs_with_most_similar_alternative() -> None:
    cat = {"type": "object", "properties": {"kind": {"const": "cat"}, "meows": {}}}
    dog = {"type": "object", "properties": {"kind": {"const": "dog"}, "barks": {}}}
    positions = walk({"type": "object", "properties": dog["properties"]}, {"anyOf": [cat, dog]})
    both = [p.path for p in positions if p.reconstructed and p.authoritative]
    assert both == ["$", "$.anyOf[1].kind", "$.anyOf[1].barks"]
    only_auth = [p.path for p in positions if p.reconstructed is None]
    assert only_auth == ["$.anyOf[0].kind", "$.anyOf[0].meows"]


def test_unconstrained_map_values_add_no_position() -> None:
    positions = walk(
        {"type": "object", "additionalProperties": {}},
        {"type": "object", "additionalProperties": True},
    )
    assert paths(positions) == ["$"]


def test_map_values_and_odd_property_names() -> None:
    positions = walk(
        {"type": "object", "properties": {"a.b": {}}, "additionalProperties": {"type": "string"}},
        None,
    )
    assert paths(positions) == ["$", "$['a.b']", "$.*"]
