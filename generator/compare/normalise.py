"""Turning raw schemas (3.0 and 3.1 idioms mixed) into `Shape`s; see docs/fidelity.md.

Only structural keywords are read: `type`, `nullable`, `enum`, `const`, `properties`,
`required`, `items`, `additionalProperties`, `allOf`, `anyOf`, `oneOf` and `$ref`. Everything
else (descriptions, examples, defaults, formats, bounds, `discriminator`, `x-*` extensions such
as `x-stainless-const`) is ignored, because it does not change which JSON values are valid in a
way this comparison measures.
"""

from collections.abc import Mapping
from typing import Any

from generator.compare.shape import (
    Handle,
    Shape,
    conjoin,
    disjoin,
    literal_text,
)
from generator.jsonvalues import json_type
from generator.spec.refs import EMPTY_SCHEMA, Resolver, SchemaView, as_schema

_UNION_KEYWORDS = ("anyOf", "oneOf")


class Normaliser:
    """Computes (and caches) shapes of one document's schemas."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        # Keyed by id(); the schema is stored alongside so the id cannot be reused meanwhile.
        self._cache: dict[int, tuple[SchemaView, Shape]] = {}
        self._in_progress: set[int] = set()

    def shape(self, handle: Handle) -> Shape:
        """The shape of a position whose schema is the conjunction of `handle`."""
        if len(handle) == 1:
            return self._schema_shape(handle[0])
        return conjoin(self._schema_shape(schema) for schema in handle)

    def _schema_shape(self, schema: SchemaView) -> Shape:
        cached = self._cache.get(id(schema))
        if cached is not None:
            return cached[1]
        if id(schema) in self._in_progress:
            # `A: {allOf: [A]}` or `A: {anyOf: [A, B]}` says nothing more about A.
            return Shape()
        self._in_progress.add(id(schema))
        try:
            shape = self._compute(schema)
        finally:
            self._in_progress.discard(id(schema))
        self._cache[id(schema)] = (schema, shape)
        return shape

    def _compute(self, schema: SchemaView) -> Shape:
        # `$ref` and `allOf` members are conjuncts of the schema's own keywords; in 3.1 a `$ref`
        # may carry siblings, and a union is one more conjunct.
        parts = [_own_shape(schema)]
        if "$ref" in schema:
            parts.append(self._schema_shape(self.resolver.target_schema(schema["$ref"])))
        for member in _schema_list(schema.get("allOf")):
            parts.append(self._schema_shape(member))
        for keyword in _UNION_KEYWORDS:
            if keyword in schema:
                parts.append(self._union_shape(_schema_list(schema[keyword])))
        return conjoin(parts)

    def _union_shape(self, members: list[SchemaView]) -> Shape:
        alternatives = [((member,), self._schema_shape(member)) for member in members]
        nullable = any(shape.nullable for _, shape in alternatives)
        # `{type: "null"}` members only make the union nullable; constraint-only members such as
        # `{required: [file_id]}` say nothing about structure.
        kept = [
            (handle, shape)
            for handle, shape in alternatives
            if not shape.is_null_only and not shape.is_unconstrained
        ]
        if len(kept) == 1:
            return conjoin([kept[0][1], Shape(nullable=nullable)])
        if not kept:
            return Shape(nullable=nullable)
        return disjoin(kept, nullable)


def _own_shape(schema: SchemaView) -> Shape:
    """The schema's own structural keywords, ignoring `$ref`, `allOf` and unions."""
    declared, type_allows_null = _declared_types(schema.get("type"))
    literals = _literals(schema)
    enum = frozenset(literal_text(value) for value in literals or [] if value is not None)
    properties = _property_handles(schema.get("properties"))
    items = _child_handle(schema.get("items"))
    additional = _child_handle(schema.get("additionalProperties"))
    return Shape(
        types=declared or _inferred_types(literals, properties, items, additional),
        nullable=type_allows_null or schema.get("nullable") is True or None in (literals or []),
        enum=enum if literals is not None and enum else None,
        properties=properties,
        required=frozenset(name for name in _list(schema.get("required")) if isinstance(name, str)),
        items=items,
        additional=additional,
    )


def _declared_types(value: Any) -> tuple[frozenset[str], bool]:
    """3.1 `type: [string, "null"]` and 3.0 `type: string`; returns (types, allows null)."""
    names = {value} if isinstance(value, str) else {v for v in _list(value) if isinstance(v, str)}
    return frozenset(names - {"null"}), "null" in names


def _literals(schema: SchemaView) -> list[Any] | None:
    """`const: v` is `enum: [v]`; None when the schema does not restrict values."""
    if "const" in schema:
        return [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return list(schema["enum"])
    return None


def _inferred_types(
    literals: list[Any] | None,
    properties: Mapping[str, Handle],
    items: Handle | None,
    additional: Handle | None,
) -> frozenset[str]:
    # Without `type`, keywords imply it: `properties` mean an object, an enum its values' types.
    if literals:
        return frozenset(json_type(value) for value in literals if value is not None)
    if properties or additional is not None:
        return frozenset({"object"})
    if items is not None:
        return frozenset({"array"})
    return frozenset()


def _property_handles(value: Any) -> dict[str, Handle]:
    if not isinstance(value, Mapping):
        return {}
    handles: dict[str, Handle] = {}
    for name, child in value.items():
        handle = _child_handle(child)
        if handle is not None:
            handles[str(name)] = handle
    return handles


def _child_handle(value: Any) -> Handle | None:
    """SchemaView of a child position; `false` (and absence) means there is no such position."""
    if value is None or value is False:
        return None
    return (EMPTY_SCHEMA,) if value is True else (as_schema(value),)


def _schema_list(value: Any) -> list[SchemaView]:
    return [as_schema(member) for member in _list(value)]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
