"""Pairing union alternatives by similarity."""

from typing import Any

from generator.compare.normalise import Normaliser
from generator.compare.unions import Signature, pair_alternatives, signature, similarity
from generator.spec.refs import Resolver


def sig(schema: dict[str, Any]) -> Signature:
    normaliser = Normaliser(Resolver({"paths": {}}, "test.yaml"))
    return signature(normaliser.shape, normaliser.shape((schema,)))


def tool(kind: str, **properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"type": {"const": kind}, **properties}}


def test_identical_alternatives_are_fully_similar() -> None:
    assert similarity(sig(tool("a", x={})), sig(tool("a", x={}))) == 1.0


def test_conflicting_discriminators_outweigh_shared_property_names() -> None:
    # Same property names but another `type` value, versus the same `type` plus one property.
    apply_patch = sig(tool("apply_patch"))
    programmatic = sig(tool("programmatic"))
    apply_patch_grown = sig(tool("apply_patch", allowed_callers={"type": "array", "items": {}}))
    assert similarity(apply_patch, apply_patch_grown) > similarity(apply_patch, programmatic)
    assert pair_alternatives([apply_patch], [programmatic, apply_patch_grown]) == [
        (None, 0),
        (0, 1),
    ]


def test_pairing_ignores_order() -> None:
    first, second, third = sig(tool("a", x={})), sig(tool("b", y={})), sig(tool("c", z={}))
    assert pair_alternatives([third, first, second], [first, second, third]) == [
        (1, 0),
        (2, 1),
        (0, 2),
    ]


def test_alternatives_with_nothing_in_common_stay_unpaired() -> None:
    objects = sig({"type": "object", "properties": {"a": {}}})
    arrays = sig({"type": "array", "items": {"type": "string"}})
    assert pair_alternatives([arrays], [objects]) == [(None, 0), (0, None)]


def test_integer_and_number_alternatives_still_pair() -> None:
    rec = sig({"type": "object", "properties": {"n": {"type": "number"}}})
    auth = sig({"type": "object", "properties": {"n": {"type": "integer"}}})
    assert similarity(rec, auth) == 1.0
