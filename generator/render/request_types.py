"""What requests take: a `TypedDict` twin (`...Param`) of every schema a request reaches, so
that plain dicts and lists type-check under `mypy --strict` (docs/naming.md, "Request types").

Which schemas need a request type is decided from the schemas alone (an object; an array, a
date-time or a discriminated union, whose request form differs from the response form; or a
schema naming one of those); how each is named from the schema names and written rules. The
TypedDicts' keys are the wire names themselves: a dict has no aliases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from generator.naming import python_identifier
from generator.render.docstrings import wrap
from generator.render.escape import Identifier, SafeCode, declaration, docstring, literal
from generator.render.python_types import REQUIRED, PyType, TypeNamer, content_key, generic
from generator.spec.refs import referenced_names, walk_schemas

# The suffix of a request type's name: the official SDKs' `MessageParam`, `ToolParam`.
SUFFIX = "Param"


@dataclass(frozen=True)
class KeyContext:
    """One key of a request type."""

    wire_name: str  # the key itself, as the API reads it
    annotation: PyType  # its type, without Required
    required: bool  # the API requires it: `Required[...]` in a `total=False` TypedDict
    description: str  # Markdown text from the page ("" when none)

    @property
    def name(self) -> Identifier:
        """The key as a class-syntax field (only when the TypedDict uses class syntax)."""
        return Identifier(self.wire_name)

    @property
    def declaration(self) -> SafeCode:
        """Its whole declaration in a class-syntax TypedDict 4 columns in, finished code:
        `name: Required[annotation]` (or the annotation alone when optional) and, when it is
        described, its docstring on the next line."""
        typed = generic(REQUIRED, self.annotation) if self.required else self.annotation
        return declaration(self.name, typed.render(), docstring(wrap(self.description, 4), 4))

    @property
    def quoted_annotation(self) -> SafeCode:
        """Its type for the functional syntax, as a string (a forward reference: the types it
        names may be defined further down the module)."""
        text = self.annotation.render()
        return literal(f"Required[{text}]" if self.required else text)


@dataclass(frozen=True)
class RequestTypeContext:
    """An object schema as requests take it: a `TypedDict` rendered `total=False`, its
    required keys marked `Required[...]`."""

    name: Identifier  # `MessageParam`, `ToolParam`
    schema_name: str  # name in components/schemas
    description: str
    keys: tuple[KeyContext, ...]
    module: SafeCode  # the types module defining it, beside the schema's model

    @property
    def class_syntax(self) -> bool:
        """Whether every key can stand as a field of a class body: the name refgen would give
        the field itself (python_identifier: snake_case, no keyword, no leading underscore,
        so never mangled), and no name an annotation of the class looks up (`str:
        Required[str]` would read its own field). Names in code stay names refgen decides;
        any other key (`from`, `foo-bar`, `fileName`) puts the TypedDict in the functional
        syntax, `TypedDict("Name", {"from": ..., "foo-bar": ...})`, keys as literals."""
        looked_up = {"Required", *(n for k in self.keys for n in k.annotation.names())}
        return all(
            python_identifier(k.wire_name) == k.wire_name and k.wire_name not in looked_up
            for k in self.keys
        )


def is_object(schema: Mapping[str, Any]) -> bool:
    """An object schema with fixed properties: a model, and a TypedDict in requests."""
    return schema.get("type") == "object" and "additionalProperties" not in schema


References = Mapping[str, frozenset[str]]  # {schema name: the components it names directly}


def component_references(schemas: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """The components each component names directly (walked once: the context asks of each
    schema many times, for the reach of every operation, the layout and the orders of
    definition)."""
    return {
        name: frozenset(referenced_names(schema) & schemas.keys())
        for name, schema in schemas.items()
    }


def reach(references: References, start: Iterable[str]) -> set[str]:
    """The schemas named in `start` and every schema they name, transitively."""
    found: set[str] = set()
    stack = [n for n in start if n in references]
    while stack:
        name = stack.pop()
        if name not in found:
            found.add(name)
            stack.extend(references[name])
    return found


def needing_request_types(
    schemas: Mapping[str, Any], references: References, requested: set[str]
) -> set[str]:
    """The schemas among `requested` whose request type differs from their response type:
    objects (a TypedDict for a model), schemas holding an array (`Iterable` for `list`), a
    date-time (`str | datetime`) or a discriminated union (a plain union), and every schema
    naming one of those."""
    needing = {n for n in requested if is_object(schemas[n]) or _differs_itself(schemas[n])}
    named_by: dict[str, set[str]] = {n: set() for n in requested}
    for name in requested:
        for named in references[name] & requested:
            named_by[named].add(name)
    stack = list(needing)
    while stack:
        for user in named_by[stack.pop()]:
            if user not in needing:
                needing.add(user)
                stack.append(user)
    return needing


def _differs_itself(schema: Mapping[str, Any]) -> bool:
    for part in walk_schemas(schema):
        kind = part.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "array" in kinds or part.get("format") == "date-time" or "discriminator" in part:
            return True
    return False


def request_type_names(
    needing: set[str], returned: set[str], class_names: dict[str, str], taken: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """({schema name: request type name}, the class names with models renamed).

    A schema's request type is its class name followed by `Param` (`Tool` → `ToolParam`). A
    schema the pages already named a request type (`MessageParam`, `MessagesCountTokensParams`)
    that no response returns gives its name to the request type, as in the official SDKs,
    and its model becomes `...ParamModel`. A name that is taken (by a class, or a name the package
    reserves) is `<Name>RequestParam` instead (then `Model` suffixes until free), the schemas
    taken in sorted order: the same on every run."""
    classes = dict(class_names)
    own = sorted(
        n for n in needing if n not in returned and classes[n].endswith((SUFFIX, SUFFIX + "s"))
    )
    # What is taken as each is renamed: `taken` and the class names as they stand, kept up
    # to date rather than united again for every rename (237 of them on the 2026-08-22 tree).
    used = taken | set(classes.values())
    holders = Counter(classes.values())
    for schema_name in own:
        old = classes[schema_name]
        new = python_identifier(old + "Model", style="pascal", reserved=used)
        classes[schema_name] = new
        holders[old] -= 1
        holders[new] += 1
        if not holders[old] and old not in taken:
            used.discard(old)
        used.add(new)
    names: dict[str, str] = {}
    for schema_name in own:
        names[schema_name] = class_names[schema_name]
        used.add(names[schema_name])
    for schema_name in sorted(needing - set(own)):
        base = class_names[schema_name]
        name = base + SUFFIX
        if name in used:  # `WidgetParam` is a model's name already
            name = python_identifier(base + "Request" + SUFFIX, style="pascal", reserved=used)
        names[schema_name] = name
        used.add(name)
    return names, classes


def request_type(
    schema_name: str,
    schema: Mapping[str, Any],
    name: str,
    module: SafeCode,
    namer: TypeNamer,
    keys: tuple[str, ...] | None = None,
) -> RequestTypeContext:
    """The TypedDict of an object schema, its types from the request namer (made once per
    distinct property when `keys` gives the content_key of each property, in order)."""
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    if keys is None:
        keys = tuple(map(content_key, properties.values()))
    return RequestTypeContext(
        Identifier(name),
        schema_name,
        str(schema.get("description", "")),
        tuple(
            KeyContext(
                str(wire_name),
                namer.keyed_type(prop, key),
                wire_name in required,
                str(prop.get("description", "")),
            )
            for (wire_name, prop), key in zip(properties.items(), keys)
        ),
        module,
    )
