"""`$ref` resolution and the plain walk over a document's schemas: one resolver for every stage.

The build (openapi/, render/) asks `resolve(document, schema)` for the component a `$ref`
names, on documents it is still making. `compare` and `diff` hold a `Resolver` over a loaded
document: `follow` is strict (a dangling or cyclic `$ref` is the user's error, reported at the
file), `follow_located` is lenient and keeps the JSON pointer of what it reached (the diff
reports places, and a dangling `$ref` is one more thing that changed).

Only local references (`#/...`) are followed: refgen documents are single files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from generator.diagnostics import Location, RefgenError
from generator.spec import pointer

Schema = dict[str, Any]
SchemaView = Mapping[str, Any]  # a schema that is only read (compare, diff), never edited
SCHEMA_PREFIX = "#/components/schemas/"
# A chain of `$ref`s to `$ref`s longer than this is a cycle (real documents need one or two).
MAX_REF_CHAIN = 64
# `true` schemas (and `items: true`) accept anything, exactly like `{}`; one shared object keeps
# identities stable for the caches keyed by id().
EMPTY_SCHEMA: SchemaView = {}


@dataclass(frozen=True)
class Located:
    """A node of a document together with the JSON pointer it lives at."""

    node: Schema
    pointer: str


def ref_name(schema: Mapping[str, Any]) -> str | None:
    """`{"$ref": "#/components/schemas/Foo"}` → "Foo"; any other node → None."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith(SCHEMA_PREFIX):
        return None
    rest = ref[len(SCHEMA_PREFIX) :]
    return None if "/" in rest else pointer.unescape(rest)


def component_schemas(document: Mapping[str, Any]) -> dict[str, Any]:
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    return schemas if isinstance(schemas, dict) else {}


_MISSING = object()


def lookup(document: Any, ref: str) -> Any | None:
    """The value a local `$ref` points at, or None (an external or dangling reference)."""
    found = _find(document, ref)
    return None if found is _MISSING else found


def _find(document: Any, ref: str) -> Any:
    """The value at a local `$ref` (a JSON pointer, percent-encoded as URI fragments are)."""
    if not ref.startswith("#"):
        return _MISSING
    value: Any = document
    fragment = unquote(ref[1:]) if "%" in ref else ref[1:]
    for segment in pointer.split(fragment):
        if isinstance(value, Mapping) and segment in value:
            value = value[segment]
        elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return _MISSING
    return value


def resolve(document: Mapping[str, Any], schema: Schema) -> Schema:
    """The component a `$ref` names, or the schema itself when it is no reference (or names
    nothing the document defines)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    if type(ref) is str and ref.startswith(SCHEMA_PREFIX):
        # The usual case, a component by a plain name (the build and the template context
        # resolve tens of thousands): what lookup would find, without taking the pointer
        # apart.
        name = ref[_PREFIX_LENGTH:]
        if "/" not in name and "~" not in name and "%" not in name:
            components = document.get("components")
            schemas = components.get("schemas") if type(components) is dict else None
            if type(schemas) is dict:
                target = schemas.get(name)
                return target if isinstance(target, dict) else schema
    target = lookup(document, str(ref))
    return target if isinstance(target, dict) else schema


_PREFIX_LENGTH = len(SCHEMA_PREFIX)


def as_schema(value: Any) -> SchemaView:
    """A schema mapping for `value`: `true` and anything unexpected mean "no constraint"."""
    return value if isinstance(value, Mapping) else EMPTY_SCHEMA


def walk_schemas(value: Any) -> list[Schema]:
    """Every dict in `value` (a document or part of one), depth first (a dict's values last
    to first, as a stack pops them); schemas are among them. The dicts are listed before the
    caller looks at any, so a caller may change the document while it goes through them.
    Iterative: generated documents nest deeper than Python's recursion limit allows."""
    # The hottest loop of the build and of the template context (27,000 dicts in the
    # 2026-08-22 document, walked several times): one list instead of a generator, and the
    # exact types first (most values are strings), which measured 2.4 times as fast.
    found: list[Schema] = []
    stack = [value]
    extend, pop, keep = stack.extend, stack.pop, found.append
    while stack:
        current = pop()
        kind = type(current)
        if kind is str:
            continue
        if kind is dict:
            keep(current)
            extend(current.values())
        elif kind is list:
            extend(current)
        elif kind in LEAF_TYPES:
            continue
        elif isinstance(current, dict):  # a dict or list of a type of its own, rarely
            keep(current)
            extend(current.values())
        elif isinstance(current, list):
            extend(current)
    return found


# The types of the values a JSON or YAML document holds besides its containers.
LEAF_TYPES = frozenset({str, int, float, bool, type(None)})


def referenced_names(value: Any) -> set[str]:
    """The names of the components `value` refers to directly."""
    return {name for schema in walk_schemas(value) if (name := ref_name(schema)) is not None}


class Resolver:
    """Follows the local `$ref`s of one loaded document; `source` names its file in errors."""

    def __init__(self, document: Mapping[str, Any], source: str = "") -> None:
        self.document = document
        self.source = source

    def lookup(self, ref: str) -> Any | None:
        return lookup(self.document, ref)

    def target(self, ref: object) -> Any:
        """The value a `$ref` string points to; an error for anything else."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise self._error(f"unsupported $ref {ref!r} (only local '#/...' refs)")
        found = _find(self.document, ref)
        if found is _MISSING:
            raise self._error(f"unresolvable $ref {ref!r}")
        return found

    def target_schema(self, ref: object) -> SchemaView:
        """The schema a `$ref` points to; a boolean schema (`true`) is `{}`."""
        return as_schema(self.target(ref))

    def follow(self, value: Any) -> Any:
        """`value`, or what it refers to when it is a `$ref` object (parameters, responses...),
        through any chain of references; a cycle is an error."""
        seen: set[str] = set()
        while isinstance(value, Mapping) and isinstance(value.get("$ref"), str):
            ref = value["$ref"]
            if ref in seen:
                raise self._error(f"$ref cycle through {ref!r}")
            seen.add(ref)
            value = self.target(ref)
        return value

    def follow_located(self, located: Located) -> Located:
        """Follow `$ref`s until a node without one, keeping where it was found. Dangling and
        external refs stop the chain (the node keeps its `$ref`). Keywords beside a `$ref`
        (3.1 allows them, usually a description) override those of the target, as a reader
        would expect."""
        node, at = located.node, located.pointer
        overrides: Schema = {}
        for _ in range(MAX_REF_CHAIN):
            ref = node.get("$ref")
            if not isinstance(ref, str):
                break
            target = lookup(self.document, ref)
            if not isinstance(target, dict):
                break
            overrides = {**{k: v for k, v in node.items() if k != "$ref"}, **overrides}
            node, at = target, ref[1:]
        if overrides:
            node = {**node, **overrides}
        return Located(node, at)

    def schema_names(self) -> list[str]:
        return sorted(component_schemas(self.document))

    def component(self, name: str) -> Located:
        node = component_schemas(self.document)[name]
        return Located(node if isinstance(node, dict) else {}, schema_pointer(name))

    def _error(self, message: str) -> RefgenError:
        return RefgenError.at(Location(self.source), message)


def schema_pointer(name: str) -> str:
    return pointer.join("/components/schemas", name)
