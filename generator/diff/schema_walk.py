"""The structural walk over two schemas: neutral `Change` records, no judgement.

Where both sides name a component schema (`$ref`) the walk does not descend: it records a link
to that schema pair, which is compared once, on its own. That keeps a change in a shared schema
one change (listed with the operations that use it), makes the walk fast on big documents, and
ends recursion through self-referencing schemas. Where only one side uses a `$ref` (a schema
moved between inline and a component) the walk follows it and compares structure, so such a
move reports nothing when the structure is the same.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from generator.diff.describe import schema_summary, value_text
from generator.diff.records import Change, Direction, SchemaPair
from generator.diff.spellings import (
    Node,
    enum_values,
    flatten_all_of,
    is_nullable,
    property_locations,
    types_of,
    union_keyword,
    union_members,
    unwrap_nullable,
)
from generator.diff.unions import (
    Member,
    describe_members,
    is_open_enum,
    match_members,
    split_tag,
)
from generator.spec import pointer
from generator.spec.refs import Located, Resolver, ref_name

_MAX_CHAIN = 64  # wrappers and refs followed to read nullability; more is a cycle

# Compared as plain values; a difference is one `keyword-changed` record.
VALUE_KEYWORDS = (
    "format",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "minProperties",
    "maxProperties",
    "default",
    "readOnly",
    "writeOnly",
    "title",
)


@dataclass
class Sink:
    """Where one scope's walk puts its records: the changes and the schema pairs it reached."""

    direction: Direction | None = None
    changes: list[Change] = field(default_factory=list)
    links: set[SchemaPair] = field(default_factory=set)
    composed: set[SchemaPair] = field(default_factory=set)  # allOf pieces compared merged

    def add(
        self,
        kind: str,
        a: str | None,
        b: str | None,
        at: str,
        before: Any = None,
        after: Any = None,
    ) -> None:
        self.changes.append(Change(kind, a, b, at, before, after, self.direction))


@dataclass(frozen=True)
class Side:
    """A schema on one side. `nullable` is None until a site above has read (and compared)
    the nullability, which wrappers and `$ref` chains may declare at several levels."""

    located: Located
    nullable: bool | None = None


class SchemaWalker:
    """Compares schemas of a base and a revision document."""

    def __init__(self, base: Resolver, revision: Resolver) -> None:
        self.base = base
        self.revision = revision
        self._active: set[tuple[str, str]] = set()  # pointer pairs being compared (cycle guard)

    def compare(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        self._compare(Side(a), Side(b), at, sink)

    def _compare(self, a: Side, b: Side, at: str, sink: Sink) -> None:
        key = (a.located.pointer, b.located.pointer)
        if key in self._active:
            return
        self._active.add(key)
        try:
            self._compare_site(a, b, at, sink)
        finally:
            self._active.discard(key)

    def _compare_site(self, a: Side, b: Side, at: str, sink: Sink) -> None:
        a_node, b_node = unwrap_nullable(a.located), unwrap_nullable(b.located)
        a_name, b_name = ref_name(a_node.node), ref_name(b_node.node)
        undecided = a.nullable is None or b.nullable is None
        if a_name is not None and b_name is not None:
            # The targets' own nullability is compared with the schema pair; here only the
            # wrappers written at this site count.
            if undecided:
                self._compare_nullable(
                    is_nullable(a.located.node),
                    is_nullable(b.located.node),
                    a.located,
                    b.located,
                    at,
                    sink,
                )
            self._link(a_node, b_node, (a_name, b_name), at, sink)
            return
        a_null = a.nullable if a.nullable is not None else self._nullable(a.located, self.base)
        b_null = b.nullable if b.nullable is not None else self._nullable(b.located, self.revision)
        if undecided:
            self._compare_nullable(a_null, b_null, a.located, b.located, at, sink)
        if "$ref" in a_node.node or "$ref" in b_node.node:
            followed_a = Side(self.base.follow_located(a_node), a_null)
            followed_b = Side(self.revision.follow_located(b_node), b_null)
            self._compare(followed_a, followed_b, at, sink)
        else:
            self._compare_structure(a_node, b_node, at, sink)

    @staticmethod
    def _nullable(located: Located, resolver: Resolver) -> bool:
        """Null allowed by the node, its nullable wrapper, or anything along its `$ref` chain."""
        nullable = False
        for _ in range(_MAX_CHAIN):
            nullable = nullable or is_nullable(located.node)
            located = unwrap_nullable(located)
            if "$ref" not in located.node:
                break
            located = resolver.follow_located(
                Located({"$ref": located.node["$ref"]}, located.pointer)
            )
            if "$ref" in located.node:  # an external or dangling ref: nothing more to read
                break
        return nullable

    def _link(self, a: Located, b: Located, names: tuple[str, str], at: str, sink: Sink) -> None:
        sink.links.add(SchemaPair(*names))
        if names[0] != names[1]:
            sink.add("ref-changed", a.pointer, b.pointer, at, names[0], names[1])
        _compare_description(a.node, b.node, a.pointer, b.pointer, at, sink)

    def _compare_nullable(
        self, a_null: bool, b_null: bool, a: Located, b: Located, at: str, sink: Sink
    ) -> None:
        if a_null != b_null:
            sink.add("nullable-changed", a.pointer, b.pointer, at, a_null, b_null)

    def _compare_structure(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        _compare_description(a.node, b.node, a.pointer, b.pointer, at, sink)
        if "allOf" in a.node or "allOf" in b.node:
            self._compare_all_of(a, b, at, sink)
        elif union_keyword(a.node) or union_keyword(b.node):
            self._compare_unions(a, b, at, sink)
            _compare_keywords(a, b, at, sink)
        else:
            self._compare_plain(a, b, at, sink)

    def _compare_all_of(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        """Piece by piece when both sides compose the same named pieces and no property moved
        between pieces; else the merged views (a move is then no change at all)."""
        pieces = _matching_all_of_pieces(a, b)
        if pieces is None or self._pieces_moved_properties(pieces):
            sink.composed.update(_named_pieces(a, b))
            flat_a, flat_b = flatten_all_of(a, self.base), flatten_all_of(b, self.revision)
            self._compare_structure_without_docs(flat_a, flat_b, at, sink)
            return
        for piece_a, piece_b in pieces:
            self._compare(Side(piece_a), Side(piece_b), at, sink)
        rest_a = Located({k: v for k, v in a.node.items() if k != "allOf"}, a.pointer)
        rest_b = Located({k: v for k, v in b.node.items() if k != "allOf"}, b.pointer)
        self._compare_structure_without_docs(rest_a, rest_b, at, sink)

    def _pieces_moved_properties(self, pieces: list[tuple[Located, Located]]) -> bool:
        """Whether a property (or its `required` mark) is kept but now comes from another
        piece: compared piece by piece, that would look like a removal plus an addition."""
        owners_a = _owners([a for a, _ in pieces], self.base)
        owners_b = _owners([b for _, b in pieces], self.revision)
        return any(owners_a[name] != owners_b[name] for name in owners_a.keys() & owners_b.keys())

    def _compare_structure_without_docs(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        if union_keyword(a.node) or union_keyword(b.node):
            self._compare_unions(a, b, at, sink)
            _compare_keywords(a, b, at, sink)
        else:
            self._compare_plain(a, b, at, sink)

    def _compare_unions(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        # A side that is not a union is a union of one: `string` → `string | array` adds one.
        members_a = union_members(a) if union_keyword(a.node) else [_without_prose(a)]
        members_b = union_members(b) if union_keyword(b.node) else [_without_prose(b)]
        described_a = describe_members(members_a, self.base)
        described_b = describe_members(members_b, self.revision)
        match = match_members(described_a, described_b)
        tag = split_tag(match.removed, match.added, self.base)
        if tag is not None:
            self._compare_split(tag, match.removed.pop(), match.added, a, b, at, sink)
            match.added.clear()
        types_removed, types_added = (
            _types_of_members(match.removed),
            _types_of_members(match.added),
        )
        if not match.pairs and types_removed and types_added and types_removed != types_added:
            # Nothing in common: `string` → `object` is a type change, not variants coming and
            # going (which would understate it for readers of a response).
            sink.add(
                "type-changed", a.pointer, b.pointer, at, sorted(types_removed), sorted(types_added)
            )
            return
        for member in match.removed:
            sink.add(
                "union-member-removed",
                member.located.pointer,
                b.pointer,
                at,
                _member_text(member),
                None,
            )
        for member in match.added:
            sink.add(
                "union-member-added",
                a.pointer,
                member.located.pointer,
                at,
                None,
                _member_text(member),
            )
        for member_a, member_b in sorted(match.pairs, key=lambda p: p[1].located.pointer):
            member_at = f"{at}<{member_b.label}>"
            open_enum = is_open_enum(member_a, described_a) and is_open_enum(member_b, described_b)
            target = Sink(sink.direction) if open_enum else sink
            self._compare(Side(member_a.located), Side(member_b.located), member_at, target)
            if open_enum:
                sink.changes += [_as_known_value(change, member_at) for change in target.changes]
                sink.links |= target.links
                sink.composed |= target.composed

    def _compare_split(
        self,
        tag: str,
        old: Member,
        variants: list[Member],
        a: Located,
        b: Located,
        at: str,
        sink: Sink,
    ) -> None:
        """One member split into variants by a tag: one record for the split, then the old
        member against each variant, the tag left out (the union as a whole allows every
        value it allowed)."""
        sink.add(
            "union-split",
            old.located.pointer,
            b.pointer,
            at,
            _member_text(old),
            {"tag": tag, "variants": [_member_text(variant) for variant in variants]},
        )
        flat_old = _without_property(
            flatten_all_of(self.base.follow_located(old.located), self.base), tag
        )
        for variant in variants:
            flat_variant = flatten_all_of(
                self.revision.follow_located(variant.located), self.revision
            )
            self._compare_structure_without_docs(
                flat_old, _without_property(flat_variant, tag), f"{at}<{variant.label}>", sink
            )

    def _compare_plain(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        _compare_types(a, b, at, sink)
        _compare_enums(a, b, at, sink)
        self._compare_properties(a, b, at, sink)
        self._compare_children(a, b, at, sink)
        _compare_keywords(a, b, at, sink)

    def _compare_properties(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        props_a, props_b = property_locations(a), property_locations(b)
        required_a, required_b = _required(a.node), _required(b.node)
        for name in sorted(props_a.keys() - props_b.keys()):
            removed = props_a[name]
            sink.add(
                "property-removed",
                removed.pointer,
                b.pointer,
                _child(at, name),
                _property_facts(removed.node, name in required_a),
                None,
            )
        for name in sorted(props_b.keys() - props_a.keys()):
            added = props_b[name]
            sink.add(
                "property-added",
                a.pointer,
                added.pointer,
                _child(at, name),
                None,
                _property_facts(added.node, name in required_b),
            )
        for name in sorted(props_a.keys() & props_b.keys()):
            self._compare(Side(props_a[name]), Side(props_b[name]), _child(at, name), sink)
        _compare_required(a, b, props_a.keys() ^ props_b.keys(), at, sink)

    def _compare_children(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        for keyword, suffix in (("items", "[]"), ("additionalProperties", "{}")):
            child_a, child_b = a.node.get(keyword), b.node.get(keyword)
            if isinstance(child_a, dict) and isinstance(child_b, dict):
                self._compare(
                    Side(Located(child_a, pointer.join(a.pointer, keyword))),
                    Side(Located(child_b, pointer.join(b.pointer, keyword))),
                    at + suffix,
                    sink,
                )


def _matching_all_of_pieces(a: Located, b: Located) -> list[tuple[Located, Located]] | None:
    """Pairs of allOf pieces if both sides name the same components and have as many inline
    pieces; None when the composition itself changed (then merged views are compared)."""
    pieces_a, pieces_b = _all_of_pieces(a), _all_of_pieces(b)
    if pieces_a is None or pieces_b is None:
        return None
    named_a = {ref_name(p.node): p for p in pieces_a if ref_name(p.node)}
    named_b = {ref_name(p.node): p for p in pieces_b if ref_name(p.node)}
    inline_a = [p for p in pieces_a if not ref_name(p.node)]
    inline_b = [p for p in pieces_b if not ref_name(p.node)]
    if named_a.keys() != named_b.keys() or len(inline_a) != len(inline_b):
        return None
    return [(named_a[name], named_b[name]) for name in sorted(named_a, key=str)] + list(
        zip(inline_a, inline_b, strict=True)
    )


def _named_pieces(a: Located, b: Located) -> set[SchemaPair]:
    """Component pieces named on both sides: compared inside this composite when merged."""
    names_a = {ref_name(p.node) for p in _all_of_pieces(a) or []}
    names_b = {ref_name(p.node) for p in _all_of_pieces(b) or []}
    return {SchemaPair(name, name) for name in names_a & names_b if name is not None}


def _owners(pieces: list[Located], resolver: Resolver) -> dict[str, frozenset[str]]:
    """Property name (or `required:` name) → the pieces (index) that declare it."""
    owners: dict[str, set[str]] = {}
    for index, piece in enumerate(pieces):
        flat = flatten_all_of(piece, resolver)
        for name in property_locations(flat):
            owners.setdefault(name, set()).add(str(index))
        for name in _required(flat.node):
            owners.setdefault(f"required:{name}", set()).add(str(index))
    return {name: frozenset(indexes) for name, indexes in owners.items()}


def _all_of_pieces(located: Located) -> list[Located] | None:
    pieces = located.node.get("allOf")
    if not isinstance(pieces, list):
        return None
    return [
        Located(piece, pointer.join(located.pointer, "allOf", index))
        for index, piece in enumerate(pieces)
        if isinstance(piece, dict)
    ]


def _without_property(located: Located, name: str) -> Located:
    """An object view without one property (and its `required` mark)."""
    node = dict(located.node)
    if isinstance(node.get("properties"), dict):
        node["properties"] = {k: v for k, v in node["properties"].items() if k != name}
    if isinstance(node.get("required"), list):
        node["required"] = [k for k in node["required"] if k != name]
    return Located(node, located.pointer)


def _without_prose(located: Located) -> Located:
    """The whole node as a union member; its description was compared at the union level."""
    return Located({k: v for k, v in located.node.items() if k != "description"}, located.pointer)


_KNOWN_VALUE_KINDS = {
    "enum-value-added": "known-value-added",
    "enum-value-removed": "known-value-removed",
}


def _as_known_value(change: Change, member_at: str) -> Change:
    """An enum change of an open enum's literal member (not of its nested properties)."""
    if change.field == member_at and change.kind in _KNOWN_VALUE_KINDS:
        return replace(change, kind=_KNOWN_VALUE_KINDS[change.kind])
    return change


def _types_of_members(members: list[Member]) -> frozenset[str]:
    return frozenset().union(*(member.types for member in members))


def _member_text(member: Member) -> str:
    if member.name:
        return member.name
    return member.label if member.tags else schema_summary(member.located.node)


def _child(at: str, name: str) -> str:
    return f"{at}.{name}" if at else name


def _required(node: Node) -> set[str]:
    required = node.get("required")
    return {str(name) for name in required} if isinstance(required, list) else set()


def _property_facts(node: Node, required: bool) -> dict[str, Any]:
    return {"type": schema_summary(node), "required": required}


def _compare_required(
    a: Located, b: Located, added_or_removed: Iterable[str], at: str, sink: Sink
) -> None:
    required_a, required_b = _required(a.node), _required(b.node)
    skip = set(added_or_removed)
    for name in sorted((required_a ^ required_b) - skip):
        where_a = pointer.join(a.pointer, "properties", name)
        where_b = pointer.join(b.pointer, "properties", name)
        sink.add(
            "required-changed",
            where_a,
            where_b,
            _child(at, name),
            name in required_a,
            name in required_b,
        )


def _compare_types(a: Located, b: Located, at: str, sink: Sink) -> None:
    types_a, types_b = types_of(a.node), types_of(b.node)
    if types_a and types_b and types_a != types_b:
        sink.add("type-changed", a.pointer, b.pointer, at, sorted(types_a), sorted(types_b))


def _compare_enums(a: Located, b: Located, at: str, sink: Sink) -> None:
    values_a, values_b = enum_values(a.node), enum_values(b.node)
    if values_a is None and values_b is None:
        return
    if values_a is None or values_b is None:
        kind = "values-restricted" if values_a is None else "values-unrestricted"
        sink.add(kind, a.pointer, b.pointer, at, values_a, values_b)
        return
    keyed_a, keyed_b = _keyed(values_a), _keyed(values_b)
    where_a, where_b = _enum_pointer(a), _enum_pointer(b)
    # One record per place listing every value: forty new event types are one change to read.
    removed = [keyed_a[key] for key in sorted(keyed_a.keys() - keyed_b.keys())]
    added = [keyed_b[key] for key in sorted(keyed_b.keys() - keyed_a.keys())]
    if removed:
        sink.add("enum-value-removed", where_a, where_b, at, removed, None)
    if added:
        sink.add("enum-value-added", where_a, where_b, at, None, added)


def _keyed(values: list[Any]) -> dict[str, Any]:
    # JSON text as the key: in Python `True == 1`, but `true` and `1` are different enum values.
    return {value_text(value): value for value in values}


def _enum_pointer(located: Located) -> str:
    keyword = "const" if "const" in located.node else "enum"
    return pointer.join(located.pointer, keyword)


def _compare_keywords(a: Located, b: Located, at: str, sink: Sink) -> None:
    for keyword in VALUE_KEYWORDS:
        before, after = a.node.get(keyword), b.node.get(keyword)
        if before != after:
            sink.add(
                "keyword-changed",
                pointer.join(a.pointer, keyword),
                pointer.join(b.pointer, keyword),
                at,
                before,
                after,
            )
    if bool(a.node.get("deprecated")) != bool(b.node.get("deprecated")):
        sink.add(
            "deprecated-changed",
            a.pointer,
            b.pointer,
            at,
            bool(a.node.get("deprecated")),
            bool(b.node.get("deprecated")),
        )
    closed_a, closed_b = _closed(a.node), _closed(b.node)
    if closed_a != closed_b:
        sink.add(
            "keyword-changed",
            pointer.join(a.pointer, "additionalProperties"),
            pointer.join(b.pointer, "additionalProperties"),
            at,
            not closed_a,
            not closed_b,
        )


def _closed(node: Node) -> bool:
    """`additionalProperties: false`: an object that accepts no other properties."""
    return node.get("additionalProperties") is False


def _compare_description(a: Node, b: Node, a_at: str, b_at: str, at: str, sink: Sink) -> None:
    before, after = a.get("description"), b.get("description")
    if _prose(before) != _prose(after):
        sink.add(
            "description-changed",
            pointer.join(a_at, "description"),
            pointer.join(b_at, "description"),
            at,
            before,
            after,
        )


def _prose(text: Any) -> str:
    """Descriptions that differ only in whitespace or line wrapping are the same text."""
    return " ".join(str(text).split()) if text is not None else ""
