"""`Shape`: what one schema says about one JSON position, after normalisation.

A shape is one level deep: it states the position's types, nullability and allowed literals, and
holds its children (properties, array items, map values, union alternatives) as unnormalised
`Handle`s, so that recursive schemas are expanded only as far as a walk actually goes.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.spec.refs import SchemaView

# A position's schema as the conjunction (allOf) of raw schemas; usually a single one. Raw
# schemas are the document's own objects, so their identities are stable for cycle detection.
Handle = tuple[SchemaView, ...]

NUMERIC_TYPES = frozenset({"integer", "number"})


@dataclass(frozen=True)
class Shape:
    types: frozenset[str] = frozenset()  # JSON types without "null"; empty means unconstrained
    nullable: bool = False
    enum: frozenset[str] | None = None  # allowed literals as canonical JSON text; None: any value
    properties: Mapping[str, Handle] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: Handle | None = None
    additional: Handle | None = None  # additionalProperties schema (maps)
    members: tuple[Handle, ...] = ()  # union alternatives that have children of their own

    @property
    def has_children(self) -> bool:
        return bool(self.properties) or self.items is not None or self.additional is not None

    @property
    def is_unconstrained(self) -> bool:
        """Says nothing at all (`{}`, annotations only, or a bare `required` constraint)."""
        return self == _UNCONSTRAINED

    @property
    def is_null_only(self) -> bool:
        """Allows only null, like `{type: "null"}`."""
        return self == _NULL_ONLY


_UNCONSTRAINED = Shape()
_NULL_ONLY = Shape(nullable=True)


def literal_text(value: Any) -> str:
    """Canonical JSON text of an enum/const value, so `1.0` equals `1` but not `true`."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, default=str)


def intersect_types(left: frozenset[str], right: frozenset[str]) -> frozenset[str]:
    """Types allowed by both; integer is a subtype of number, and empty means unconstrained."""
    if not left or not right:
        return left or right

    def widen(types: frozenset[str]) -> frozenset[str]:
        return types | {"integer"} if "number" in types else types

    common = widen(left) & widen(right)
    # A contradiction (allOf of a string and an object) is an authoring slip: keep both claims.
    return common if common else left | right


def conjoin(shapes: Iterable[Shape]) -> Shape:
    """The shape of an allOf: constraints of every part hold at once."""
    result = _UNCONSTRAINED
    for shape in shapes:
        result = _conjoin_pair(result, shape)
    return result


def _conjoin_pair(left: Shape, right: Shape) -> Shape:
    properties = dict(left.properties)
    for name, handle in right.properties.items():
        properties[name] = properties.get(name, ()) + handle
    return Shape(
        types=intersect_types(left.types, right.types),
        # Any part declaring null wins: `allOf: [$ref] + nullable: true` is the 3.0 idiom for
        # "a nullable X", even though strict allOf semantics would forbid null.
        nullable=left.nullable or right.nullable,
        enum=_intersect_enums(left.enum, right.enum),
        properties=properties,
        required=left.required | right.required,
        items=_join_handles(left.items, right.items),
        additional=_join_handles(left.additional, right.additional),
        members=left.members + right.members,
    )


def disjoin(alternatives: Sequence[tuple[Handle, Shape]], nullable: bool) -> Shape:
    """The shape of an anyOf/oneOf whose alternatives are neither null-only nor unconstrained."""
    types: frozenset[str] = frozenset()
    enum_values: set[str] = set()
    members: list[Handle] = []
    for handle, shape in alternatives:
        types |= shape.types
        enum_values |= shape.enum or set()
        nullable = nullable or shape.nullable
        members.extend(_structured_members(handle, shape))
    # Literal alternatives (`oneOf` of consts) act as one enum; an alternative without literals
    # (the integer in "auto" or integer) widens the types, not the enum.
    has_enum = any(shape.enum is not None for _, shape in alternatives)
    return Shape(
        types=frozenset() if any(not shape.types for _, shape in alternatives) else types,
        nullable=nullable,
        enum=frozenset(enum_values) if has_enum else None,
        members=tuple(members),
    )


def _structured_members(handle: Handle, shape: Shape) -> list[Handle]:
    if shape.members and not shape.has_children:
        return list(shape.members)  # a nested union: flatten its alternatives into this one
    return [handle] if shape.has_children or shape.members else []


def _intersect_enums(
    left: frozenset[str] | None, right: frozenset[str] | None
) -> frozenset[str] | None:
    if left is None or right is None:
        return left if right is None else right
    return left & right


def _join_handles(left: Handle | None, right: Handle | None) -> Handle | None:
    if left is None or right is None:
        return left if right is None else right
    return left + right
