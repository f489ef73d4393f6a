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

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.jsonvalues import json_type
from generator.naming import join_pascal, pascal
from generator.openapi.provenance import SILENT, Provenance
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
    forget_types,
    parse_declaration,
)

Schema = dict[str, Any]

_PRIMITIVE_SCHEMAS: dict[str, Schema] = {
    "string": {"type": "string"},
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "null": {"type": "null"},
    "unknown": {},
}


def json_types(schema: Schema) -> frozenset[str]:
    """The JSON types a schema's `type` names (a string or a list of them)."""
    kind = schema.get("type")
    if isinstance(kind, str):
        # The inference rules ask tens of thousands of times: the usual answers are made once.
        return _ONE_TYPE.get(kind) or frozenset((kind,))
    if isinstance(kind, list):
        return frozenset(k for k in kind if isinstance(k, str))
    return _NO_TYPE


_ONE_TYPE = {
    kind: frozenset((kind,))
    for kind in ("string", "number", "integer", "boolean", "array", "object", "null")
}
_NO_TYPE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Context:
    """Where a declaration stands: the client resource of the page section that holds it,
    and the operation block when it is inside one. Used to name the variants of a type that
    is defined differently in different places, and to resolve references to such a type."""

    resource: tuple[str, ...]
    operation: str = ""  # "post /v1/messages", or "" for Domain Types
    block: int = -1  # which of the operation's blocks (pages repeat operations)


@dataclass(eq=False)
class Owner:
    """What lifted names derive from: one definition of a named type (`path_root` is its
    name), or the operation block or Domain Types entry a declaration stands in."""

    path_root: str
    context: Context
    location: Location
    definition: bool
    parent: tuple[str, ...] = ()  # the path of the declaration that holds the definition
    top_level: bool = False  # a Domain Types entry: a type the page names on its own
    explicit: bool = True  # the header says what the type is (not guessed from the children)
    new_name: str | None = None  # set when this definition is one variant of a conflict
    lifted: dict[str, SchemaCandidate] = field(default_factory=dict)  # by name as built


@dataclass(eq=False)
class SchemaCandidate:
    """One definition of a named schema, as one place in the pages gives it."""

    name: str  # as built; `final_name` after conflicts are resolved
    schema: Schema
    location: Location
    weight: int  # declaration nodes behind the definition: the most complete one wins
    path: tuple[str, ...] = ()
    owner: Owner | None = None
    token: str = ""  # the placeholder $ref that points here until names are final
    override: str | None = None  # a name of its own, when a lifted name collides
    partial: bool = False  # an object shown only by its header: field names without types
    # Listed in part somewhere inside (an object by its header, `"a" or "b" or 3 more` with
    # no list of them): a reference to the fullest listing of the same name, never a
    # definition of its own that could split the name (variants.py) or win (merge.py).
    abridged: bool = False

    @property
    def guessed(self) -> bool:
        """A definition read from children alone (`x: Name` followed by Name's fields)."""
        return self.is_definition and self.owner is not None and not self.owner.explicit

    @property
    def is_definition(self) -> bool:
        """This candidate is a named type's own definition (not something lifted inside it)."""
        return (
            self.owner is not None
            and self.owner.definition
            and self.path == (self.owner.path_root,)
        )

    @property
    def final_name(self) -> str:
        if self.override is not None:
            return self.override
        owner = self.owner
        if owner is not None and owner.new_name is not None and self.path[:1] == (owner.path_root,):
            return join_pascal((owner.new_name, *self.path[1:]))
        return self.name


@dataclass(eq=False)
class BareReference:
    """`actor: UserActor` with no children: a reference by name, resolved once every
    definition is known (a conflicting name resolves to the variant nearest to it)."""

    name: str
    context: Context
    location: Location
    token: str = ""
    resolved: str | None = None

    @property
    def final_name(self) -> str:
        return self.resolved or self.name


def parse_node(node: DeclNode) -> Declaration:
    try:
        return _parse_text(node.text)
    except TypeSyntaxError as error:
        location = Location(
            node.location.file, node.location.line, node.location.column + error.column - 1
        )
        raise RefgenError.at(
            location, f"{error} in `{shorten(node.text)}`", f"- `{node.text}`"
        ) from None


@cache
def _parse_text(text: str) -> Declaration:
    # Declarations repeat a great deal across a tree (the same types stand in many pages).
    # Unbounded (a bounded cache thrashes on a body of 100 000 fields, each parsed twice),
    # and emptied by forget_parsed() when a document is built.
    return parse_declaration(text)


def forget_parsed() -> None:
    _parse_text.cache_clear()
    forget_types()


def shorten(text: str, limit: int = 120) -> str:
    """Source text quoted in a message: long enough to recognise, never a page long."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_weight(node: DeclNode) -> int:
    return node.weight


def nullable(schema: Schema) -> Schema:
    """Allow null, the 3.1 way: `type: [T, "null"]` where a type list can say it, else anyOf."""
    result = dict(schema)
    kind = schema.get("type")
    if "$ref" in schema or "const" in schema or "anyOf" in schema or "oneOf" in schema:
        described = {"description": result.pop("description")} if "description" in result else {}
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


TOKEN_PREFIX = "#/components/schemas/\x00"  # placeholder $refs, made final by resolve_refs


@dataclass
class SchemaBuilder:
    """Builds schemas from declaration trees, registering every named or lifted object as a
    candidate. References are placeholders until every definition is known (a name that two
    places define differently is split into variants afterwards; see variants.py)."""

    candidates: dict[str, list[SchemaCandidate]] = field(default_factory=dict)
    references: list[BareReference] = field(default_factory=list)
    provenance: Provenance = field(default_factory=Provenance)
    targets: list[SchemaCandidate | BareReference] = field(default_factory=list)
    _defined: dict[tuple[str, bool, int], tuple[DeclNode, SchemaCandidate]] = field(
        default_factory=dict
    )
    _synthetic: dict[tuple[str, tuple[int, ...]], DeclNode] = field(default_factory=dict)
    _owners: list[Owner] = field(default_factory=list)
    _abridged: int = 0  # abridged listings met so far: a definition compares before and after

    # -- scopes ---------------------------------------------------------------------------------

    def begin(self, label: str, context: Context, location: Location) -> Owner:
        """Start a new scope (an operation block or a Domain Types entry): lifts that are not
        inside a named definition belong to it."""
        owner = Owner(label, context, location, definition=False)
        self._owners[:] = [owner]
        return owner

    @property
    def owner(self) -> Owner:
        return self._owners[-1]

    @property
    def context(self) -> Context:
        return self._owners[-1].context

    @staticmethod
    def weight(node: DeclNode) -> int:
        return node.weight

    # -- entry points -----------------------------------------------------------------------

    def field_schema(
        self, node: DeclNode, declaration: Declaration, owner: tuple[str, ...]
    ) -> Schema:
        """The schema of a field, parameter or property named by `declaration`."""
        assert declaration.name is not None
        schema = self.type_schema(
            declaration.type, node.children, (*owner, declaration.name), node.location
        )
        if declaration.nullable:
            schema = self.nullable(schema)
        if _borrows_a_member_description(node):
            return self.provenance.locate(schema, node.location)
        return self.provenance.locate(_described(schema, node), node.location)

    def object_from_fields(
        self, nodes: tuple[DeclNode, ...], name: str, location: Location
    ) -> Schema:
        """A lifted object made of field declarations (a request body, a bare Returns list)."""
        weight = 1 + sum(self.weight(n) for n in nodes)
        return self.lift(name, self.object_schema(nodes, None, (name,)), location, weight, (name,))

    def union_of_declarations(
        self, nodes: tuple[DeclNode, ...], name: str, location: Location
    ) -> Schema:
        """A lifted union of the types a section lists one after another (a Returns that is
        `A object {...}`, `B object {...}`: the response is one of them)."""
        members = [self.member_schema(node, (name,), index) for index, node in enumerate(nodes)]
        weight = 1 + sum(self.weight(n) for n in nodes)
        return self.lift(name, {"anyOf": members}, location, weight, (name,))

    def declared_schema(
        self, node: DeclNode, owner: tuple[str, ...], top_level: bool = False
    ) -> Schema:
        """A declaration standing on its own: a Returns type, a union member, a domain type."""
        declaration = parse_node(node)
        if declaration.kind == "field":
            return self.object_from_fields((node,), join_pascal(owner), node.location)
        if declaration.kind == "named":
            assert declaration.name is not None
            schema = self.define(declaration.name, declaration.type, node, owner, top_level)
        else:
            schema = self.type_schema(declaration.type, node.children, owner, node.location)
        if declaration.nullable:
            schema = self.nullable(schema)
        return schema

    def define(
        self,
        name: str,
        expr: TypeExpr,
        node: DeclNode,
        parent: tuple[str, ...] = (),
        top_level: bool = False,
        explicit: bool = True,
    ) -> Schema:
        """Register `name` as defined by `expr` and the node's children; return a $ref."""
        key = (name, explicit, id(node))
        known = self._defined.get(key)
        if known is not None:
            # The same definition again (pages repeat types in full): one candidate will do.
            # Asked first, as most definitions are repeats: the node is the same object, so
            # its expression is the same, which the tests below let through the first time.
            candidate = known[1]
            if top_level and candidate.owner is not None:
                candidate.owner.top_level = True
            return {"$ref": candidate.token}
        if expr == NamedRef(name) and not node.children:
            return self.reference(name, node.location)  # `Name = Name`: nothing to add
        if _is_collection_of(expr, name):
            # `Content = array of Content`: the page names the member after its items; the
            # children define the items, and the member is just the array (or map) of them.
            return self.type_schema(expr, node.children, parent or (name,), node.location)
        owner = Owner(name, self.context, node.location, True, parent, top_level, explicit)
        self._owners.append(owner)
        before = self._abridged
        try:
            partial = isinstance(expr, ObjectOf) and _header_only(expr, node.children)
            if isinstance(expr, ObjectOf):
                schema = self.object_schema(node.children, expr, (name,))
            else:
                schema = self.type_schema(expr, node.children, (name,), node.location)
            reference = self.lift(
                name,
                _described(schema, node),
                node.location,
                self.weight(node),
                (name,),
                partial,
                abridged=self._abridged > before,
            )
        finally:
            self._owners.pop()
            # What is abridged inside a named type is that type's business: a definition
            # that refers to it by name is complete all the same.
            self._abridged = before
        target = self.target(reference["$ref"])
        assert isinstance(target, SchemaCandidate)
        self._defined[key] = (node, target)  # the node is kept so that its id stays unique
        return reference

    def lift(
        self,
        name: str,
        schema: Schema,
        location: Location,
        weight: int,
        path: tuple[str, ...] | None = None,
        partial: bool = False,
        abridged: bool = False,
    ) -> Schema:
        self.provenance.locate(schema, location)
        if partial:
            self.provenance.note(schema, "schema", SILENT)  # the page names fields, no types
        owner = self.owner
        token = f"{TOKEN_PREFIX}{len(self.targets)}"
        candidate = SchemaCandidate(
            name,
            schema,
            location,
            weight,
            path or (name,),
            owner,
            token,
            partial=partial,
            abridged=abridged or partial,
        )
        self.targets.append(candidate)
        self.candidates.setdefault(name, []).append(candidate)
        owner.lifted.setdefault(name, candidate)
        return {"$ref": token}

    def reference(self, name: str, location: Location) -> Schema:
        token = f"{TOKEN_PREFIX}{len(self.targets)}"
        reference = BareReference(name, self.context, location, token)
        self.targets.append(reference)
        self.references.append(reference)
        return {"$ref": token}

    def target(self, token: str) -> SchemaCandidate | BareReference | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        return self.targets[int(token[len(TOKEN_PREFIX) :])]

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
            return self.named_reference(expr.name, children, location, path)
        if isinstance(expr, ObjectOf):
            name = join_pascal(path)
            weight = 1 + sum(self.weight(n) for n in children)
            before = self._abridged
            schema = self.object_schema(children, expr, path)
            return self.lift(
                name,
                schema,
                location,
                weight,
                path,
                _header_only(expr, children),
                abridged=self._abridged > before,
            )
        if isinstance(expr, ArrayOf):
            # `array of A or "default"` whose children are `array of A` and `"default"`: the
            # page meant a union of an array and more; the children say so.
            regrouped = _regrouped(expr, children)
            if isinstance(regrouped, UnionOf):
                return self.union_schema(regrouped, children, path, location)
            array = regrouped if isinstance(regrouped, ArrayOf) else expr
            items = self.type_schema(array.item, children, (*path, "Item"), location)
            return {"type": "array", "items": items}
        if isinstance(expr, MapOf):
            values = self.type_schema(expr.value, children, (*path, "Value"), location)
            return {"type": "object", "additionalProperties": values}
        return self.union_schema(expr, children, path, location)

    def named_reference(
        self,
        name: str,
        children: tuple[DeclNode, ...],
        location: Location,
        parent: tuple[str, ...] = (),
    ) -> Schema:
        """`metadata: Metadata`: a reference, and a definition too when children follow (what
        the type is, object or union, is then read from the children: not explicit)."""
        if children:
            key = (name, tuple(map(id, children)))
            synthetic = self._synthetic.get(key)
            if synthetic is None:
                synthetic = DeclNode.make(name, location, "", children)
                self._synthetic[key] = synthetic
            expression = _expression_from_children(children)
            return self.define(name, expression, synthetic, parent, explicit=False)
        return self.reference(name, location)

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
            if not declaration.optional and declaration.name not in required:
                required.append(declaration.name)
        schema: Schema = {"type": "object", "properties": properties}
        if expr is not None and _header_only(expr, nodes):
            # Only the header `object { a, b, 3 more }` is shown here: names without types.
            schema["properties"] = {name: {} for name in expr.field_names}
            self._abridged += 1
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
        # Each child read once (a union's children are asked their kind four ways below).
        declared = [(child, parse_node(child)) for child in children]
        member_nodes = [c for c, d in declared if d.kind in ("member", "named")]
        literal_types = [d.type for _, d in declared if d.kind == "literal"]
        field_nodes = tuple(c for c, d in declared if d.kind == "field")
        members: list[Schema] = []
        if member_nodes:
            for index, node in enumerate(member_nodes):
                members.append(self.member_schema(node, path, index))
            literals = literal_types
            # The values stand where the page lists the first of them.
            kinds = [d.kind for _, d in declared if d.kind != "field"]
            position = kinds.index("literal") if "literal" in kinds else len(members)
        else:
            inline = list(expr.members)
            from_children = literal_types
            inline_literals = [m for m in inline if isinstance(m, LiteralType)]
            literals = from_children + [m for m in inline_literals if m not in from_children]
            position = next(
                (i for i, m in enumerate(inline) if isinstance(m, LiteralType)), len(inline)
            )
            for index, member in enumerate(m for m in inline if not isinstance(m, LiteralType)):
                member_children = field_nodes if isinstance(member, ObjectOf) else ()
                member_path = (*path, _variant_name(member, index))
                members.append(self.type_schema(member, member_children, member_path, location))
        truncated = bool(expr.hidden) and not member_nodes and not literal_types
        if not children:
            # A full listing gives the members of a union as children (`"a" or "b"` lists
            # `"a"` and `"b"` below it): without them the listing is abridged, however much
            # its inline text shows.
            self._abridged += 1
        if literals:
            values = _enum([lit.value for lit in literals if isinstance(lit, LiteralType)])
            if truncated:
                # `"a" or "b" or 3 more` and no list of them: the page does not say the rest,
                # so any value of their type is accepted (the named ones still show).
                values = {"anyOf": [values, {"type": values["type"]}]}
                self.provenance.note(values, "enum", SILENT)
            members.insert(min(position, len(members)), values)
        if len(members) == 1:
            return members[0]
        return {"anyOf": members}

    def member_schema(self, node: DeclNode, path: tuple[str, ...], index: int) -> Schema:
        declaration = parse_node(node)
        if declaration.kind == "named":
            assert declaration.name is not None
            schema = self.define(declaration.name, declaration.type, node, path)
        else:
            member_path = (*path, _variant_name(declaration.type, index, node.children))
            schema = self.type_schema(declaration.type, node.children, member_path, node.location)
            schema = _described(schema, node)
        return self.nullable(schema) if declaration.nullable else schema

    def nullable(self, schema: Schema) -> Schema:
        """`nullable(schema)`, the new schema taking over what the side table knows of it."""
        wider = nullable(schema)
        self.provenance.move(schema, wider)
        return wider


def _header_only(expr: ObjectOf, children: tuple[DeclNode, ...]) -> bool:
    """`object { a, b, 3 more }` with no field list below it: names without types."""
    return not children and bool(expr.field_names)


# The lead-in of the list of members a page gives as children ("The input. One of the
# following:"): with the list moved into the schema, it ends the description with nothing
# to introduce.
_LIST_LEAD = re.compile(
    r"\s*(?:(?:It )?(?:can|must) be |Is )?(?:one|any) of the following(?: types| values)?:\s*$"
    r"|[，,]?\s*(?:可以|必须)?(?:为|是)?以下(?:类型|值)?之一[:：]\s*$",
    re.IGNORECASE,
)


def _borrows_a_member_description(node: DeclNode) -> bool:
    """Whether the text under a union field is one of its members' own: a page shows, under
    a union field that has no description of its own, the first described member's (`actor`
    reads "Automated background processing..." of `SystemActor`, its fifth member), which the
    field must not take as its own. A field of one type (`X`, `X | null`) keeps its text: it
    may be the field's own (the official SDK's `close_tab` has its type's words)."""
    if not node.children or not node.description.strip():
        return False  # most fields: no member to borrow from (and no child to read)
    members = [c for c in node.children if parse_node(c).kind in ("member", "named")]
    own = node.description.strip()
    return len(members) >= 2 and any(c.description.strip() == own for c in members)


def _without_list_lead(description: str) -> str:
    # Only a text that ends with a colon (and white space) can end with the lead-in: most do
    # not, and the pattern, tried at every position of the text, cost a fifth of the
    # document build (str.isspace and the pattern's \s are the same characters).
    if not description.rstrip().endswith((":", "：")):
        return description
    return _LIST_LEAD.sub("", description)


def _described(schema: Schema, node: DeclNode) -> Schema:
    """The schema with the node's description, in place: the object keeps its place in the
    side table (it is always one this module has just made)."""
    description = _without_list_lead(node.description) if node.children else node.description
    if description:
        schema["description"] = description
    return schema


def _const(value: object) -> Schema:
    return {"type": json_type(value), "const": value}


def _enum(values: list[Any]) -> Schema:
    unique = list(dict.fromkeys(values))
    if len(unique) == 1:
        return _const(unique[0])
    types = sorted({json_type(v) for v in unique})
    return {"type": types[0] if len(types) == 1 else types, "enum": unique}


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


def _regrouped(expr: ArrayOf, children: tuple[DeclNode, ...]) -> TypeExpr | None:
    """`array of ... array of X1 or ... or Xn` as the children group it, when they do not read
    it as the grammar does (every `array of` taking the whole union). Their first member
    `array of ... X1 ... Xj` says where the union stands: `(array of X1) or X2` when it has
    as many `array of` as the text, `array of ((array of X1) or X2)` when one fewer, and so
    on. None when the grammar's reading stands (the first member is no array, or not one of
    those). Brackets leave no such doubt: in `array of map[A or array of B]` the children
    list the map's values."""
    arrays, union = 0, expr.item
    while isinstance(union, ArrayOf):
        arrays, union = arrays + 1, union.item
    arrays += 1  # (expr itself)
    if not isinstance(union, UnionOf):
        return None
    # A literal child is a member too: `array of "a" or array of "a"` whose children are
    # `"a"` and `array of "a"` has a first member that is no array (the grammar's reading).
    first = next(
        (d.type for c in children if (d := parse_node(c)).kind in ("member", "named", "literal")),
        None,
    )
    depth, head = 0, first
    while isinstance(head, ArrayOf):
        depth, head = depth + 1, head.item
    if first is None or head is None or not 0 < depth <= arrays:
        return None
    members = union.members
    for taken in range(1, len(members)):  # the first member takes X1 ... Xj, the rest stay
        if _same_type(head, members[0] if taken == 1 else UnionOf(members[:taken], 0)):
            regrouped: TypeExpr = UnionOf((first, *members[taken:]), union.hidden)
            for _ in range(arrays - depth):
                regrouped = ArrayOf(regrouped)
            return regrouped
    return _regrouped_as_spelled(expr, first)


def _regrouped_as_spelled(expr: ArrayOf, first: TypeExpr) -> TypeExpr | None:
    """The same regrouping when the first member holds an `or` of its own below an `array
    of` (`array of string or array of string or string`, children `array of string or array
    of string` and `string`): the grammar's reading puts the text's last `or`s inside that
    inner `array of`, so no member of its union is the first child. Read as the words are
    spelled: the text is some `array of`s, the first child's words, `or`, and the rest."""
    spelled, head = _spelled(expr), _spelled(first)
    arrays = 0
    while arrays < len(spelled) and spelled[arrays] == _ARRAY_OF:
        after = arrays + len(head)
        if spelled[arrays:after] == head and spelled[after : after + 1] == (_OR,):
            rest, end = _read_spelled(spelled, after + 1)
            if end != len(spelled):
                return None
            others = rest.members if isinstance(rest, UnionOf) else (rest,)
            hidden = rest.hidden if isinstance(rest, UnionOf) else 0
            regrouped: TypeExpr = UnionOf((first, *others), hidden)
            for _ in range(arrays):
                regrouped = ArrayOf(regrouped)
            return regrouped
        arrays += 1
    return None


# The words of an inline type: these markers, a count of members `or N more` leaves out, and
# the types that hold no other (a primitive, a literal, a name, an object's header).
_ARRAY_OF, _OR, _MAP, _MAP_END = "array of", "or", "map[", "]"
_Word = str | int | Primitive | LiteralType | NamedRef | ObjectOf


def _spelled(expr: TypeExpr) -> tuple[_Word, ...]:
    """The words of a type as a page writes it inline (brackets and `or N more` kept)."""
    if isinstance(expr, ArrayOf):
        return (_ARRAY_OF, *_spelled(expr.item))
    if isinstance(expr, MapOf):
        return (_MAP, *_spelled(expr.value), _MAP_END)
    if isinstance(expr, UnionOf):
        words: list[_Word] = []
        for index, member in enumerate(expr.members):
            words += [_OR] if index else []
            words += _spelled(member)
        if expr.hidden:
            words += [_OR, expr.hidden]
        return tuple(words)
    return (expr,)


def _read_spelled(words: tuple[_Word, ...], at: int) -> tuple[TypeExpr, int]:
    """The grammar's reading (pages/typeexpr.py) of the words from `at`: a union of terms,
    each `array of` taking the whole union after it."""
    members: list[TypeExpr] = []
    hidden = 0
    while at < len(words):
        word = words[at]
        if word == _ARRAY_OF:
            item, at = _read_spelled(words, at + 1)
            members.append(ArrayOf(item))
        elif word == _MAP:
            value, at = _read_spelled(words, at + 1)
            members.append(MapOf(value))
            at += 1  # the closing bracket
        elif isinstance(word, int):
            hidden, at = hidden + word, at + 1
        elif not isinstance(word, str):
            members.append(word)
            at += 1
        if at < len(words) and words[at] == _OR:
            at += 1
            continue
        break
    if len(members) == 1 and not hidden:
        return members[0], at
    return UnionOf(tuple(members), hidden), at


def _same_type(a: TypeExpr, b: TypeExpr) -> bool:
    """Equal types, whatever `or N more` each listing cut off."""
    if isinstance(a, UnionOf) and isinstance(b, UnionOf):
        return len(a.members) == len(b.members) and all(
            _same_type(x, y) for x, y in zip(a.members, b.members, strict=True)
        )
    if isinstance(a, ArrayOf) and isinstance(b, ArrayOf):
        return _same_type(a.item, b.item)
    if isinstance(a, MapOf) and isinstance(b, MapOf):
        return _same_type(a.value, b.value)
    if isinstance(a, ObjectOf) and isinstance(b, ObjectOf):
        return True  # the fields are the children's
    return a == b


def _is_collection_of(expr: TypeExpr, name: str) -> bool:
    inner = (
        expr.item if isinstance(expr, ArrayOf) else expr.value if isinstance(expr, MapOf) else None
    )
    return inner == NamedRef(name)


def _expression_from_children(children: tuple[DeclNode, ...]) -> TypeExpr:
    """What a named type is, when only its children say: fields → object, literals → enum,
    anything else → a union of the members."""
    kinds = [parse_node(child) for child in children]
    if all(d.kind == "field" for d in kinds):
        return ObjectOf(tuple(d.name or "" for d in kinds), 0)
    if all(d.kind == "literal" for d in kinds):
        return UnionOf(tuple(d.type for d in kinds), 0)
    return UnionOf(tuple(d.type for d in kinds if d.kind != "field"), 0)
