"""Declaration trees → JSON Schema (OpenAPI 3.1 dialect).

The inline type text of a declaration is a summary; its children are the authority: the
members of a union, the fields of an object, the values of an enum. So each builder takes
both the parsed type expression and the child nodes, and prefers the children.

Every object becomes a named component: named types keep their name, inline objects are
lifted under a name derived from where they stand (`FineTuningJob.hyperparameters` →
`FineTuningJobHyperparameters`, array items get `Item`, map values `Value`). Each definition
is a candidate; merge.py picks the most complete one per name and reports real conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.naming import join_pascal, pascal
from generator.pages.model import DeclNode
from generator.pages.typeexpr import (
    ArrayOf,
    Declaration,
    LiteralType,
    MapOf,
    NamedRef,
    ObjectOf,
    Primitive,
    TypeExpr,
    TypeSyntaxError,
    UnionOf,
    parse_declaration,
)

Schema = dict[str, Any]
SOURCE_KEY = "x-refgen-source"  # where a schema or property was declared; moved to the source map
PARTIAL_KEY = "x-refgen-partial"  # an object shown only by its header: fields without types

_PRIMITIVE_SCHEMAS: dict[str, Schema] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "null": {"type": "null"},
    "unknown": {},
}


def schema_ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def ref_name(schema: Schema) -> str | None:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    return None


@dataclass(frozen=True)
class SchemaCandidate:
    """One definition of a named schema, as one place in the pages gives it."""

    name: str
    schema: Schema
    location: Location
    weight: int  # declaration nodes behind the definition: the most complete one wins


def parse_node(node: DeclNode) -> Declaration:
    try:
        return _parse_text(node.text)
    except TypeSyntaxError as error:
        location = Location(
            node.location.file, node.location.line, node.location.column + error.column - 1
        )
        raise RefgenError.at(location, f"{error} in `{node.text}`", f"- `{node.text}`") from None


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> Declaration:
    # Declarations repeat a great deal across a tree (the same types stand in many pages).
    return parse_declaration(text)


def node_weight(node: DeclNode) -> int:
    return 1 + sum(node_weight(child) for child in node.children)


def nullable(schema: Schema) -> Schema:
    """Allow null, the 3.1 way: `type: [T, "null"]` where a type list can say it, else anyOf."""
    result = dict(schema)
    kind = schema.get("type")
    if "$ref" in schema or "const" in schema or "anyOf" in schema or "oneOf" in schema:
        described = {k: result.pop(k) for k in ("description", SOURCE_KEY) if k in result}
        return {"anyOf": [result, {"type": "null"}], **described}
    if not schema or kind is None:
        return result  # unknown already admits null
    if isinstance(kind, str):
        result["type"] = [kind, "null"]
    elif "null" not in kind:
        result["type"] = [*kind, "null"]
    if "enum" in result and None not in result["enum"]:
        result["enum"] = [*result["enum"], None]
    return result


@dataclass
class SchemaBuilder:
    candidates: dict[str, list[SchemaCandidate]] = field(default_factory=dict)

    # -- entry points -----------------------------------------------------------------------

    def field_schema(self, node: DeclNode, declaration: Declaration, owner: tuple[str, ...]) -> Schema:
        """The schema of a field, parameter or property named by `declaration`."""
        assert declaration.name is not None
        schema = self.type_schema(
            declaration.type, node.children, (*owner, declaration.name), node.location
        )
        if declaration.nullable:
            schema = nullable(schema)
        return {**_described(schema, node), SOURCE_KEY: str(node.location)}

    def object_from_fields(
        self, nodes: tuple[DeclNode, ...], name: str, location: Location
    ) -> Schema:
        """A lifted object made of field declarations (a request body, a bare Returns list)."""
        weight = 1 + sum(node_weight(n) for n in nodes)
        return self.lift(name, self.object_schema(nodes, None, (name,)), location, weight)

    def declared_schema(self, node: DeclNode, owner: tuple[str, ...]) -> Schema:
        """A declaration standing on its own: a Returns type, a union member, a domain type."""
        declaration = parse_node(node)
        if declaration.kind == "field":
            return self.object_from_fields((node,), join_pascal(owner), node.location)
        if declaration.kind == "named":
            assert declaration.name is not None
            schema = self.define(declaration.name, declaration.type, node)
        else:
            schema = self.type_schema(declaration.type, node.children, owner, node.location)
        if declaration.nullable:
            schema = nullable(schema)
        return schema

    def define(self, name: str, expr: TypeExpr, node: DeclNode) -> Schema:
        """Register `name` as defined by `expr` and the node's children; return a $ref."""
        if isinstance(expr, ObjectOf):
            schema = self.object_schema(node.children, expr, (name,))
        else:
            schema = self.type_schema(expr, node.children, (name,), node.location)
            if ref_name(schema) == name:
                return schema  # a named type defined as itself (`Name = Name`): nothing to add
        return self.lift(name, _described(schema, node), node.location, node_weight(node))

    def lift(self, name: str, schema: Schema, location: Location, weight: int) -> Schema:
        schema = {**schema, SOURCE_KEY: str(location)}
        candidate = SchemaCandidate(name, schema, location, weight)
        self.candidates.setdefault(name, []).append(candidate)
        return schema_ref(name)

    # -- type expressions -------------------------------------------------------------------

    def type_schema(
        self,
        expr: TypeExpr,
        children: tuple[DeclNode, ...],
        path: tuple[str, ...],
        location: Location,
    ) -> Schema:
        if isinstance(expr, Primitive):
            return dict(_PRIMITIVE_SCHEMAS[expr.name])
        if isinstance(expr, LiteralType):
            return _const(expr.value)
        if isinstance(expr, NamedRef):
            return self.named_reference(expr.name, children, location)
        if isinstance(expr, ObjectOf):
            name = join_pascal(path)
            weight = 1 + sum(node_weight(n) for n in children)
            return self.lift(name, self.object_schema(children, expr, path), location, weight)
        if isinstance(expr, ArrayOf):
            items = self.type_schema(expr.item, children, (*path, "Item"), location)
            return {"type": "array", "items": items}
        if isinstance(expr, MapOf):
            values = self.type_schema(expr.value, children, (*path, "Value"), location)
            return {"type": "object", "additionalProperties": values}
        return self.union_schema(expr, children, path, location)

    def named_reference(
        self, name: str, children: tuple[DeclNode, ...], location: Location
    ) -> Schema:
        """`metadata: Metadata`: a reference, and a definition too when children follow."""
        if children:
            synthetic = DeclNode(name, location, "", children)
            return self.define(name, _expression_from_children(children), synthetic)
        return schema_ref(name)

    def object_schema(
        self, nodes: tuple[DeclNode, ...], expr: ObjectOf | None, path: tuple[str, ...]
    ) -> Schema:
        properties: dict[str, Schema] = {}
        required: list[str] = []
        for node in nodes:
            declaration = parse_node(node)
            if declaration.kind != "field" or declaration.name is None:
                continue  # a stray member or literal under an object: nothing to attach it to
            properties[declaration.name] = self.field_schema(node, declaration, path)
            if not declaration.optional:
                required.append(declaration.name)
        schema: Schema = {"type": "object", "properties": properties}
        if expr is not None and not nodes and expr.field_names:
            # Only the header `object { a, b, 3 more }` is shown here: names without types.
            schema["properties"] = {name: {} for name in expr.field_names}
            schema[PARTIAL_KEY] = True
        if required:
            schema["required"] = required
        return schema

    def union_schema(
        self,
        expr: UnionOf,
        children: tuple[DeclNode, ...],
        path: tuple[str, ...],
        location: Location,
    ) -> Schema:
        member_nodes = [c for c in children if parse_node(c).kind in ("member", "named")]
        literal_nodes = [c for c in children if parse_node(c).kind == "literal"]
        field_nodes = tuple(c for c in children if parse_node(c).kind == "field")
        members: list[Schema] = []
        if member_nodes:
            for index, node in enumerate(member_nodes):
                members.append(self.member_schema(node, path, index))
            literals = [parse_node(n).type for n in literal_nodes]
        else:
            inline = list(expr.members)
            from_children = [parse_node(n).type for n in literal_nodes]
            inline_literals = [m for m in inline if isinstance(m, LiteralType)]
            literals = from_children + [m for m in inline_literals if m not in from_children]
            for index, member in enumerate(m for m in inline if not isinstance(m, LiteralType)):
                member_children = field_nodes if isinstance(member, ObjectOf) else ()
                member_path = (*path, _variant_name(member, index))
                members.append(self.type_schema(member, member_children, member_path, location))
        if literals:
            members.append(_enum([lit.value for lit in literals if isinstance(lit, LiteralType)]))
        if len(members) == 1:
            return members[0]
        return {"anyOf": members}

    def member_schema(self, node: DeclNode, path: tuple[str, ...], index: int) -> Schema:
        declaration = parse_node(node)
        if declaration.kind == "named":
            assert declaration.name is not None
            schema = self.define(declaration.name, declaration.type, node)
        else:
            member_path = (*path, _variant_name(declaration.type, index, node.children))
            schema = self.type_schema(declaration.type, node.children, member_path, node.location)
            schema = _described(schema, node)
        return nullable(schema) if declaration.nullable else schema


def _described(schema: Schema, node: DeclNode) -> Schema:
    if node.description:
        return {**schema, "description": node.description}
    return schema


def _const(value: object) -> Schema:
    return {"type": _json_type(value), "const": value}


def _enum(values: list[Any]) -> Schema:
    unique = list(dict.fromkeys(values))
    if len(unique) == 1:
        return _const(unique[0])
    types = sorted({_json_type(v) for v in unique})
    return {"type": types[0] if len(types) == 1 else types, "enum": unique}


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _variant_name(expr: TypeExpr, index: int, children: tuple[DeclNode, ...] = ()) -> str:
    """The name part of an anonymous union member: its constant `type` when it has one (the
    meaning), else its position among the members as the page lists them."""
    if isinstance(expr, ObjectOf):
        for child in children:
            declaration = parse_node(child)
            if (
                declaration.kind == "field"
                and declaration.name in ("type", "kind", "object")
                and isinstance(declaration.type, LiteralType)
            ):
                return pascal(str(declaration.type.value))
    return f"Variant{index}"


def _expression_from_children(children: tuple[DeclNode, ...]) -> TypeExpr:
    """What a named type is, when only its children say: fields → object, literals → enum,
    anything else → a union of the members."""
    kinds = [parse_node(child) for child in children]
    if all(d.kind == "field" for d in kinds):
        return ObjectOf(tuple(d.name or "" for d in kinds), 0)
    if all(d.kind == "literal" for d in kinds):
        return UnionOf(tuple(d.type for d in kinds), 0)
    return UnionOf(tuple(d.type for d in kinds if d.kind != "field"), 0)
