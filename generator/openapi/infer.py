"""Inference rules: what the pages leave implicit, recovered by small named rules.

Each rule is a function over the assembled document; its docstring names the evidence it
uses. Rules run in the order of RULES, after merging and before the overlay.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from generator.openapi.schemas import Schema, ref_name

Document = dict[str, Any]


def walk_schemas(value: Any) -> Iterator[Schema]:
    """Every dict in the document, depth first; schemas are among them."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _resolve(document: Document, schema: Schema) -> Schema:
    name = ref_name(schema)
    if name is None:
        return schema
    resolved = document.get("components", {}).get("schemas", {}).get(name)
    return resolved if isinstance(resolved, dict) else schema


def _constant(schema: Schema) -> object:
    return schema.get("const") if isinstance(schema, dict) else None


def discriminated_unions(document: Document) -> None:
    """A union whose members are all objects with a required constant property (`type`
    first, then any other) holding a distinct string in each member becomes oneOf with a
    discriminator. Evidence: the members' own declarations; nothing is guessed."""
    for schema in list(walk_schemas(document)):
        members = schema.get("anyOf")
        if not isinstance(members, list) or len(members) < 2:
            continue
        if not all(ref_name(m) is not None and set(m) == {"$ref"} for m in members):
            continue
        resolved = [_resolve(document, m) for m in members]
        property_name = _discriminating_property(resolved)
        if property_name is None:
            continue
        mapping = {
            str(_constant(r["properties"][property_name])): m["$ref"]
            for m, r in zip(members, resolved, strict=True)
        }
        del schema["anyOf"]
        schema["oneOf"] = members
        schema["discriminator"] = {"propertyName": property_name, "mapping": mapping}


def _discriminating_property(members: list[Schema]) -> str | None:
    first = members[0].get("properties", {})
    candidates = sorted(
        (name for name in first if isinstance(_constant(first[name]), str)),
        key=lambda name: (name != "type", name),
    )
    for name in candidates:
        values = []
        for member in members:
            prop = member.get("properties", {}).get(name)
            if prop is None or name not in member.get("required", []):
                break
            value = _constant(prop)
            if not isinstance(value, str):
                break
            values.append(value)
        else:
            if len(set(values)) == len(values):
                return name
    return None


RULES: tuple[Callable[[Document], None], ...] = (discriminated_unions,)


def apply_rules(document: Document) -> None:
    for rule in RULES:
        rule(document)
