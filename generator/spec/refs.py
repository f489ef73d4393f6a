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
    """Every dict of the document's structure in `value` (a document or part of one, read as
    an object of fixed fields such as a schema, an operation or the document itself), depth
    first (a dict's values last to first, as a stack pops them); schemas are among them.

    Data is not structure: the values of `example`, `default`, `const` and `enum`, a schema's
    list of `examples`, and the `value` of an Example object are instances an API sends or
    receives, and are never listed, whatever they hold. A request example may hold a JSON
    Schema (a tool's `input_schema`) or a `$ref`: a rule that took it for a schema of the
    document would rewrite the example, or follow a reference the page merely shows. The keys
    of a map of names (`properties`, `responses`, `content`, the components...) are names,
    never keywords: a property named `default` is a schema, as is the `default` response.

    The dicts are listed before the caller looks at any, so a caller may change the document
    while it goes through them. Iterative: generated documents nest deeper than Python's
    recursion limit allows."""
    # The hottest loop of the build and of the template context (27,000 dicts in the
    # 2026-08-22 document, walked several times): one list instead of a generator, the exact
    # types first (most values are strings), and a dict's values stacked at once unless it
    # holds one of the few keys that need a look (asked of a frozenset, in C).
    found: list[Schema] = []
    stack: list[Any] = [value]
    extend, pop, keep, push = stack.extend, stack.pop, found.append, stack.append
    look_at, data, name_maps = _KEYWORDS_TO_LOOK_AT, _DATA_KEYWORDS, _NAME_MAP_KEYWORDS
    while stack:
        current = pop()
        kind = type(current)
        if kind is str:
            continue
        if kind is dict or isinstance(current, dict):  # (a mark is no dict)
            keep(current)
            if look_at.isdisjoint(current):  # four dicts in five: no allocation
                extend(current.values())
                continue
            for key, field in current.items():  # an object of fixed fields: in order,
                if key in data:  # leaving out data and marking maps of names
                    continue
                if type(field) is not dict and not isinstance(field, dict):
                    if key != _EXAMPLES:  # a schema's list of examples is data
                        push(field)
                elif key in name_maps:
                    push(_Names(field))
                elif key == _EXAMPLES:
                    push(_Examples(field))
                else:
                    push(field)
        elif kind is list:
            extend(current)
        elif kind is _Names:
            keep(current.value)
            extend(current.value.values())
        elif kind is _Examples:  # Example objects by name: all but their values
            keep(current.value)
            for example in current.value.values():
                if isinstance(example, dict):
                    keep(example)
                    extend(v for k, v in example.items() if k != "value")
        elif kind in LEAF_TYPES:
            continue
        elif isinstance(current, list):  # a list of a type of its own, rarely
            extend(current)
    return found


# Keywords whose value is data: an instance of a schema, never a schema or structure.
_DATA_KEYWORDS = frozenset({"example", "default", "const", "enum"})
# Keywords whose value, when a mapping, maps names the document's author chose to objects:
# schemas (properties, patternProperties, $defs, dependentSchemas, components' schemas),
# responses, media types, headers, parameters and the rest of the components, path items.
_NAME_MAP_KEYWORDS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "securitySchemes",
        "links",
        "pathItems",
        "paths",
        "webhooks",
        "content",
        "encoding",
        "variables",
        "mapping",
        "scopes",
    }
)
# A map of Example objects (a media type's or a parameter's `examples`, the components'); in
# a schema, `examples` is a list of values. (A callback maps names to maps of runtime
# expressions, `{$request.body#/url}`, which are never keywords.)
_EXAMPLES = "examples"
_KEYWORDS_TO_LOOK_AT = _DATA_KEYWORDS | _NAME_MAP_KEYWORDS | {_EXAMPLES}


class _Mark:
    """A mapping on the walk's stack that is not an object of fixed fields."""

    __slots__ = ("value",)

    def __init__(self, value: dict[str, Any]) -> None:
        self.value = value


class _Names(_Mark):
    """A map of names to objects of fixed fields: its keys are never keywords."""


class _Examples(_Mark):
    """A map of names to Example objects, whose `value` is data."""


# The types of the values a JSON or YAML document holds besides its containers.
LEAF_TYPES = frozenset({str, int, float, bool, type(None)})


def referenced_names(value: Any) -> set[str]:
    """The names of the components `value` refers to directly."""
    # `$ref` asked first (in C): one dict in ten holds one (the template context walks the
    # tree's 27,000 schema dicts through here).
    return {
        name
        for schema in walk_schemas(value)
        if "$ref" in schema and (name := ref_name(schema)) is not None
    }


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
