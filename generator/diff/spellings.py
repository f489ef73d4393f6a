"""Seeing through the spellings that mean the same schema.

Two documents may say one thing in different ways: `nullable: true` (3.0) or `type: [x, "null"]`
or `anyOf: [x, {type: "null"}]` (3.1); a `$ref` or the same schema inline; `allOf` pieces or one
merged object. The walk compares meanings, so it asks this module for them.
"""

from typing import Any

from generator.jsonvalues import json_type
from generator.spec import pointer
from generator.spec.refs import Located, Resolver

Node = dict[str, Any]

UNION_KEYWORDS = ("anyOf", "oneOf")
# Merging allOf pieces loses where each property was written; this private key keeps it.
PROPERTY_POINTERS = "x-refgen-property-pointers"


def is_null_schema(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    return (
        node.get("type") == "null"
        or ("const" in node and node["const"] is None)
        or (node.get("enum") == [None])
    )


def union_keyword(node: Node) -> str | None:
    for keyword in UNION_KEYWORDS:
        if isinstance(node.get(keyword), list):
            return keyword
    return None


def union_members(located: Located) -> list[Located]:
    """The members of an anyOf/oneOf, without the `{type: null}` one (that is nullability)."""
    keyword = union_keyword(located.node)
    if keyword is None:
        return []
    return [
        Located(member, pointer.join(located.pointer, keyword, index))
        for index, member in enumerate(located.node[keyword])
        if isinstance(member, dict) and not is_null_schema(member)
    ]


def is_nullable(node: Node) -> bool:
    types = node.get("type")
    if node.get("nullable") is True or (isinstance(types, list) and "null" in types):
        return True
    enum = node.get("enum")
    if isinstance(enum, list) and None in enum:
        return True
    keyword = union_keyword(node)
    return keyword is not None and any(is_null_schema(member) for member in node[keyword])


_STRUCTURAL_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "items",
        "additionalProperties",
        "allOf",
        "enum",
        "const",
        "$ref",
        "required",
    }
)


def unwrap_nullable(located: Located) -> Located:
    """`anyOf: [X, {type: null}]` → X, keeping the wrapper's description (it speaks of the field).

    Nullability itself is read with `is_nullable` before unwrapping; only a union whose single
    non-null member is the whole content is unwrapped.
    """
    members = union_members(located)
    node = located.node
    if len(members) != 1 or _STRUCTURAL_KEYWORDS & node.keys():
        return located
    member = members[0]
    carried: Node = {k: node[k] for k in ("description", "deprecated", "default") if k in node}
    return Located({**member.node, **carried}, member.pointer)


def types_of(node: Node) -> frozenset[str]:
    """The JSON types a schema allows, null excluded; inferred where `type` is left out."""
    declared = node.get("type")
    if isinstance(declared, str):
        types = {declared}
    elif isinstance(declared, list):
        types = {t for t in declared if isinstance(t, str)}
    elif "properties" in node or "additionalProperties" in node:
        types = {"object"}
    elif "items" in node:
        types = {"array"}
    else:
        types = {json_type(value) for value in enum_values(node) or []}
    return frozenset(types - {"null"})


def enum_values(node: Node) -> list[Any] | None:
    """`enum` or `const` as one list of allowed values (null excluded), or None if unrestricted."""
    if "const" in node:
        return [] if node["const"] is None else [node["const"]]
    enum = node.get("enum")
    if isinstance(enum, list):
        return [value for value in enum if value is not None]
    return None


def flatten_all_of(located: Located, resolver: Resolver) -> Located:
    """Merge `allOf` pieces (refs followed) into one object view; the pointer stays the parent's.

    Properties of later pieces win, `required` lists are united. A piece that includes itself
    (directly or through others) is merged once.
    """
    merged: Node = {}
    properties: Node = {}
    property_pointers: dict[str, str] = {}
    required: list[str] = []
    _merge_into(located, resolver, merged, (properties, property_pointers), required, set())
    if properties:
        merged["properties"] = properties
        merged[PROPERTY_POINTERS] = property_pointers
    if required:
        merged["required"] = sorted(set(required))
    return Located(merged, located.pointer)


def property_locations(located: Located) -> dict[str, Located]:
    """Each property's schema with the pointer where it is written (also after `allOf` merging)."""
    properties = located.node.get("properties")
    if not isinstance(properties, dict):
        return {}
    written_at = located.node.get(PROPERTY_POINTERS, {})
    return {
        str(name): Located(
            schema if isinstance(schema, dict) else {},
            written_at.get(name) or pointer.join(located.pointer, "properties", str(name)),
        )
        for name, schema in properties.items()
    }


def _merge_into(
    located: Located,
    resolver: Resolver,
    merged: Node,
    properties: tuple[Node, dict[str, str]],
    required: list[str],
    seen: set[str],
) -> None:
    target = resolver.follow_located(located)
    if target.pointer in seen:
        return
    seen.add(target.pointer)
    node = target.node
    for piece_index, piece in enumerate(node.get("allOf") or []):
        if isinstance(piece, dict):
            piece_at = pointer.join(target.pointer, "allOf", piece_index)
            _merge_into(Located(piece, piece_at), resolver, merged, properties, required, seen)
    schemas, pointers = properties
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            schemas.update(value)
            pointers.update(
                {str(name): pointer.join(target.pointer, "properties", str(name)) for name in value}
            )
        elif key == "required" and isinstance(value, list):
            required.extend(str(name) for name in value)
        elif key != "allOf":
            merged[key] = value
