"""Names that different places define differently: one distinct, stable name per variant.

Pages reuse short names for different things: `UserActor` is one object in the spend-limit
pages, another in the compliance activity feed and a third in the Claude Code usage report;
two resources each have a `WorkspaceListResponse` of their own. Merging them would silently
drop fields, so each different definition (a *variant*) keeps its own schema:

- Definitions are compared deeply: an object lifted inside a definition (`Name.field`) is part
  of it, so two `RateLimitListResponse` whose `data` items differ are two variants.
- A header-only occurrence (`UserActor object { email_address, type }`) joins the variant whose
  fields it names; a definition guessed from children alone (a reference with children, which
  cannot show an `array of`) joins the variant it agrees with, up to that array.
- The variant defined as an entry of a `## Domain Types` list keeps the plain name when it is the
  only one; every other variant is named after the client resource where it first appears
  (`ComplianceActivitiesUserActor`), with the enclosing type's path when the resource is not
  enough, and after its own content when neither is (`SourceWithUrl`, `ItemArrayOfString`).
  Never a number, never a file name or line, never the order in which pages were read.
- Each bare reference (`actor: UserActor` without children) goes to the variant defined nearest
  to it: in the same operation block, else the same file, else the one with the plain name.

Each split is reported once, naming the first location of every variant.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diagnostics import Diagnostics
from generator.naming import join_pascal, words
from generator.openapi.merge import IGNORED_KEYS
from generator.openapi.schemas import (
    BareReference,
    Owner,
    SchemaBuilder,
    SchemaCandidate,
)

MAX_ROUNDS = 8  # a split can reveal another one level up; real trees settle in two or three


@dataclass
class Variant:
    candidates: list[SchemaCandidate] = field(default_factory=list)  # full definitions
    attached: list[SchemaCandidate] = field(default_factory=list)  # headers and guesses

    @property
    def first(self) -> SchemaCandidate:
        return min(self.candidates, key=lambda c: c.location)

    @property
    def global_(self) -> bool:
        """Defined as an entry of a Domain Types list somewhere: a type in its own right."""
        return any(c.owner is not None and c.owner.top_level for c in self.candidates)

    def all(self) -> Iterable[SchemaCandidate]:
        yield from self.candidates
        yield from self.attached


def live_candidates(builder: SchemaBuilder) -> list[SchemaCandidate]:
    return [c for group in builder.candidates.values() for c in group]


def resolve_variants(builder: SchemaBuilder, diagnostics: Diagnostics) -> None:
    """Split every name whose definitions differ; then resolve bare references."""
    split: dict[str, list[Variant]] = {}
    for _ in range(MAX_ROUNDS):
        changed = _split_round(builder, diagnostics, split, definitions_only=True)
        _resolve_references(builder, split)
        if not changed:
            changed = _split_round(builder, diagnostics, split, definitions_only=False)
            _resolve_references(builder, split)
        if not changed:
            return


def _split_round(
    builder: SchemaBuilder,
    diagnostics: Diagnostics,
    split: dict[str, list[Variant]],
    definitions_only: bool,
) -> bool:
    signatures = _Signatures(builder)
    by_name: dict[str, list[SchemaCandidate]] = defaultdict(list)
    for candidate in live_candidates(builder):
        by_name[candidate.final_name].append(candidate)
    taken = set(by_name)
    changed = False
    for name in sorted(by_name):
        candidates = by_name[name]
        has_definitions = any(c.is_definition for c in candidates)
        if definitions_only != has_definitions:
            continue
        variants = _variants(candidates, signatures)
        if len(variants) < 2:
            continue
        names = _variant_names(name, variants, taken, signatures)
        taken.update(names)
        for variant, new_name in zip(variants, names, strict=True):
            for candidate in variant.all():
                _rename(candidate, name, new_name)
        split.setdefault(name, []).extend(variants)
        _report(name, variants, names, diagnostics)
        changed = True
    return changed


def _rename(candidate: SchemaCandidate, old: str, new: str) -> None:
    if new == old:
        return
    owner = candidate.owner
    if candidate.is_definition and owner is not None:
        owner.new_name = new
    else:
        candidate.override = new


def _variants(candidates: list[SchemaCandidate], signatures: _Signatures) -> list[Variant]:
    full = [c for c in candidates if not c.abridged and _explicit(c)]
    weak = [c for c in candidates if not c.abridged and not _explicit(c)]
    partial = [c for c in candidates if c.abridged]
    if not full:
        full, weak = weak, []
    if len(full) < 2:
        return [Variant(full)] if full else []
    groups: dict[str, Variant] = {}
    for candidate in sorted(full, key=lambda c: c.location):
        groups.setdefault(signatures.of(candidate), Variant()).candidates.append(candidate)
    variants = sorted(groups.values(), key=lambda v: v.first.location)
    if len(variants) < 2:
        return variants
    for candidate in weak:
        signature = signatures.of(candidate)
        matching = [v for v in variants if signatures.agrees_up_to_array(v.first, signature)]
        _nearest(matching or variants, candidate).attached.append(candidate)
    for candidate in partial:  # abridged: joins the variant it names no field outside of
        names = set(candidate.schema.get("properties", {}))
        matching = [v for v in variants if names <= set(v.first.schema.get("properties", {}))]
        _nearest(matching or variants, candidate).attached.append(candidate)
    return variants


def _explicit(candidate: SchemaCandidate) -> bool:
    return not candidate.is_definition or candidate.owner is None or candidate.owner.explicit


def _nearest(variants: list[Variant], candidate: SchemaCandidate | BareReference) -> Variant:
    """The variant defined nearest to `candidate`: in its operation block, else in its file
    (the closest definition before it, else after it), else the first one."""
    context = candidate.context if isinstance(candidate, BareReference) else _context(candidate)
    if context is not None and context.operation:
        for variant in variants:
            if any(_context(c) == context for c in variant.candidates):
                return variant
    file, line = candidate.location.file, candidate.location.line
    best: tuple[int, int, Variant] | None = None
    for variant in variants:
        for other in variant.candidates:
            if other.location.file != file:
                continue
            distance = line - other.location.line
            rank = (0, distance) if distance >= 0 else (1, -distance)
            if best is None or rank < best[:2]:
                best = (*rank, variant)
    if best is not None:
        return best[2]
    return variants[0]


def _context(candidate: SchemaCandidate) -> Any:
    return candidate.owner.context if candidate.owner is not None else None


def _variant_names(
    name: str, variants: list[Variant], taken: set[str], signatures: _Signatures
) -> list[str]:
    """The plain name for the one variant that is a Domain Types entry (if exactly one is);
    every other variant is qualified by the client resource where it first appears, less
    the words the name already has and the resource words all variants share."""
    global_ = [v for v in variants if v.global_]
    keeper = global_[0] if len(global_) == 1 else None
    qualifiers = [_resource_words(_home(v).context.resource, name) for v in variants]
    common = _common_prefix(qualifiers)
    names: list[str] = []
    for variant, qualifier in zip(variants, qualifiers, strict=True):
        if variant is keeper:
            names.append(name)
            continue
        new_name = join_pascal([*qualifier[len(common) :], name])
        if new_name in names or new_name in taken or new_name == name:
            new_name = join_pascal([*_joined(qualifier, _home(variant).parent), name])
        if new_name in names or new_name in taken or new_name == name:
            new_name = join_pascal(
                [
                    *_joined(qualifier, _home(variant).parent),
                    name,
                    *_content_words(variant, variants),
                ]
            )
        if new_name in names or new_name in taken or new_name == name:
            # A digest of the structure, references by name: the schema as built holds
            # placeholder references numbered in reading order, which another page shifts.
            new_name = join_pascal([new_name, signatures.of(variant.first)[:8]])
        names.append(new_name)
    return names


def _joined(qualifier: list[str], parent: tuple[str, ...]) -> list[str]:
    """The resource words and the enclosing path, without saying the resource twice when the
    path starts with it (`sources` + `SourcesCreateParams`)."""
    path = [w for part in parent for w in words(part)]
    return path if path[: len(qualifier)] == qualifier else [*qualifier, *path]


def _content_words(variant: Variant, variants: list[Variant]) -> list[str]:
    """What tells this variant from the others by its content: the first field only it has
    (`with url`), else what it is (`array of string`)."""
    schema = variant.first.schema
    others = [set(v.first.schema.get("properties") or {}) for v in variants if v is not variant]
    for field_name in schema.get("properties") or {}:
        if not any(field_name in names for names in others):
            return ["with", *words(field_name)]
    return _kind_words(schema)


def _kind_words(schema: Any) -> list[str]:
    """`array of string`, `map of integer`, `enum`, `object`: what a schema is, in words."""
    if not isinstance(schema, dict):
        return ["value"]
    name = schema.get("$ref")
    if isinstance(name, str):
        return ["of", *words(name.rsplit("/", 1)[-1])]
    kind = schema.get("type")
    if kind == "array":
        return ["array", "of", *_kind_words(schema.get("items"))]
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return ["map", "of", *_kind_words(schema["additionalProperties"])]
    if "enum" in schema or "const" in schema:
        return ["enum"]
    if isinstance(kind, str):
        return [kind]
    return ["union"] if "anyOf" in schema or "oneOf" in schema else ["value"]


def _resource_words(resource: tuple[str, ...], name: str) -> list[str]:
    """`("organizations", "workspaces")` for `WorkspaceListResponse` → `["organizations"]`."""
    own = words(name)
    return [w for part in resource for w in words(part) if not _in(w, own)]


def _home(variant: Variant) -> Owner:
    owner = variant.first.owner
    assert owner is not None
    return owner


def _in(word: str, others: list[str]) -> bool:
    return any(
        word == o or word in (o + "s", o + "es") or o in (word + "s", word + "es") for o in others
    )


def _common_prefix(qualifiers: list[list[str]]) -> list[str]:
    """The leading words every qualifier shares, short of emptying any of them."""
    prefix: list[str] = []
    for parts in zip(*qualifiers, strict=False):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    shortest = min(len(q) for q in qualifiers)
    return prefix[: max(0, shortest - 1)]


def _report(name: str, variants: list[Variant], names: list[str], diagnostics: Diagnostics) -> None:
    first = variants[0].first
    for variant, new_name in zip(variants[1:], names[1:], strict=True):
        diagnostics.warn(
            variant.first.location,
            f"type {name} is defined differently here and at {first.location}; "
            f"the two are named {new_name} and {names[0]}",
        )


def _resolve_references(builder: SchemaBuilder, split: dict[str, list[Variant]]) -> None:
    if not split:
        return
    index = _DefinitionIndex(split)
    for reference in builder.references:
        variants = split.get(reference.name)
        if variants:
            reference.resolved = index.nearest(reference, variants).first.final_name


class _DefinitionIndex:
    """Where each variant of a split name is defined, by file, for nearest-definition lookups."""

    def __init__(self, split: dict[str, list[Variant]]) -> None:
        self.by_file: dict[tuple[str, str], tuple[list[int], list[Variant]]] = {}
        self.by_block: dict[tuple[str, Any], Variant] = {}
        entries: dict[tuple[str, str], list[tuple[int, int, Variant]]] = defaultdict(list)
        for name, variants in split.items():
            for order, variant in enumerate(variants):
                for candidate in variant.all():
                    location = candidate.location
                    entries[(name, location.file)].append((location.line, order, variant))
                    context = _context(candidate)
                    if context is not None and context.operation:
                        self.by_block.setdefault((name, context), variant)
        for key, found in entries.items():
            found.sort(key=lambda e: (e[0], e[1]))
            self.by_file[key] = ([e[0] for e in found], [e[2] for e in found])

    def nearest(self, reference: BareReference, variants: list[Variant]) -> Variant:
        in_block = self.by_block.get((reference.name, reference.context))
        if in_block is not None:
            return in_block
        found = self.by_file.get((reference.name, reference.location.file))
        if found is not None:
            lines, owners = found
            position = bisect_right(lines, reference.location.line)
            return owners[position - 1] if position > 0 else owners[0]
        keepers = [v for v in variants if v.first.final_name == reference.name]
        return keepers[0] if keepers else variants[0]


class _Signatures:
    """A digest of each candidate's structure, with objects lifted inside the same definition
    expanded in place (they are part of it) and other references compared by name."""

    def __init__(self, builder: SchemaBuilder) -> None:
        self.builder = builder
        self.memo: dict[int, str] = {}

    def of(self, candidate: SchemaCandidate) -> str:
        key = id(candidate)
        found = self.memo.get(key)
        if found is None:
            self.memo[key] = "…"  # a lifted object that refers back to its container
            found = self._digest(self._walk(candidate.schema, candidate))
            self.memo[key] = found
        return found

    def agrees_up_to_array(self, full: SchemaCandidate, signature: str) -> bool:
        """A guessed definition equals `full`, or `full`'s items (the guess cannot see an
        `array of` in a header it never had)."""
        if self.of(full) == signature:
            return True
        items = full.schema.get("items")
        if full.schema.get("type") == "array" and isinstance(items, dict):
            return self._digest(self._walk(items, full)) == signature
        return False

    @staticmethod
    def _digest(value: Any) -> str:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def _walk(self, value: Any, candidate: SchemaCandidate) -> Any:
        if isinstance(value, dict):
            result = {
                k: self._walk(v, candidate)
                for k, v in value.items()
                if k not in IGNORED_KEYS and k != "$ref"
            }
            ref = value.get("$ref")
            if isinstance(ref, str):
                target = self.builder.target(ref)
                if (
                    isinstance(target, SchemaCandidate)
                    and target.owner is candidate.owner
                    and target is not candidate
                    and not target.is_definition
                ):
                    result["$lifted"] = self.of(target)
                else:
                    result["$ref"] = target.final_name if target is not None else ref
            return result
        if isinstance(value, list):
            return [self._walk(v, candidate) for v in value]
        return value


def link_listed_types(builder: SchemaBuilder) -> None:
    """An object an operation spells out in place (`result: object { id, source, ... }`) that
    has exactly the fields of a `## Domain Types` entry of the same resource (or of an object
    inside one, such as the items of `JobLogsResponse = array of object {...}`) is that type:
    the operation refers to it, and no second, anonymous copy is emitted. When several
    entries have those fields (Cloudflare lists `JobListResponse`, `JobCreateResponse` and
    `JobGetResponse` alike), the one whose name shares the most words with the operation's
    (`create`) is meant; when none stands out, the object stays where it is."""
    spelled_out = [
        candidate
        for candidate in live_candidates(builder)
        if (owner := candidate.owner) is not None
        and not owner.definition
        and not candidate.abridged
        and _is_object(candidate)
    ]
    # Cheap facts first: an entry can be such an object only if it has the same field names
    # in the same resource (its structure digest is equal only then); on the 2026-08-22 tree
    # this leaves 96 of the 1,062 entries' objects to digest (0.07 → 0.025 s).
    wanted = {_fields_in(candidate) for candidate in spelled_out}
    signatures = _Signatures(builder)
    listed: dict[tuple[tuple[str, ...], str], list[SchemaCandidate]] = defaultdict(list)
    for candidate in live_candidates(builder):
        owner = candidate.owner  # an entry's own object, or one lifted inside it (`Item`)
        if (
            owner is not None
            and owner.definition
            and owner.top_level
            and _is_object(candidate)
            and _fields_in(candidate) in wanted
        ):
            listed[(owner.context.resource, signatures.of(candidate))].append(candidate)
    if not listed:
        return
    by_owner = _ByOwner(builder)
    for candidate in spelled_out:
        owner = candidate.owner
        assert owner is not None
        same = listed.get((owner.context.resource, signatures.of(candidate)))
        target = _named_like(
            [*words(owner.path_root), *_verbs(owner.context.operation)], same or []
        )
        if target is not None:
            _refer(builder, candidate, target.final_name, by_owner)


def _fields_in(candidate: SchemaCandidate) -> tuple[tuple[str, ...], frozenset[str]]:
    """The resource of an object's owner and the field names its structure digest holds
    (`_Signatures` leaves out the same keys at every level): objects whose digests are equal
    have equal such fields."""
    assert candidate.owner is not None
    names = frozenset(candidate.schema["properties"]) - IGNORED_KEYS - {"$ref"}
    return candidate.owner.context.resource, names


def _is_object(candidate: SchemaCandidate) -> bool:
    return candidate.schema.get("type") == "object" and bool(candidate.schema.get("properties"))


def _verbs(operation: str) -> list[str]:
    """What SDKs call an operation of this HTTP method (`get /jobs/{id}`: get, retrieve)."""
    method, _, path = operation.partition(" ")
    on_item = path.split("?", 1)[0].rstrip("/").endswith("}")
    return {
        "get": ["get", "retrieve"] if on_item else ["list"],
        "post": ["create"],
        "put": ["update", "replace"],
        "patch": ["update", "edit"],
        "delete": ["delete"],
    }.get(method, [])


def _named_like(operation: list[str], types: list[SchemaCandidate]) -> SchemaCandidate | None:
    """The one type, or the one whose name shares the most words with the operation's (its
    name, and what SDKs call an operation of its HTTP method)."""
    names = {t.final_name: t for t in types}
    if len(names) <= 1:
        return next(iter(names.values()), None)
    own = set(operation)
    shared = {name: len(own & set(words(name))) for name in names}
    best = max(shared.values())
    winners = [name for name, count in shared.items() if count == best]
    return names[winners[0]] if len(winners) == 1 else None


class _ByOwner:
    """The candidates of each owner, for finding the objects lifted inside one (once per object
    made a reference or shared: a scan of every candidate each time was quadratic). Made when
    no candidate is added any more; `inside` gives only those still live."""

    def __init__(self, builder: SchemaBuilder) -> None:
        self.builder = builder
        self.candidates: dict[int, list[SchemaCandidate]] = defaultdict(list)
        for candidate in live_candidates(builder):
            self.candidates[id(candidate.owner)].append(candidate)

    def inside(self, outer: SchemaCandidate) -> list[SchemaCandidate]:
        """`outer` and the live candidates lifted inside it (same owner, below its path)."""
        depth = len(outer.path)
        return [
            c
            for c in self.candidates.get(id(outer.owner), [])
            if c.path[:depth] == outer.path and c in self.builder.candidates.get(c.name, [])
        ]


def _refer(
    builder: SchemaBuilder, candidate: SchemaCandidate, name: str, by_owner: _ByOwner
) -> None:
    """Make `candidate` a reference to `name`: its $refs point there, and neither it nor the
    objects lifted inside it is emitted."""
    candidate.override = name
    for gone in by_owner.inside(candidate):
        group = builder.candidates.get(gone.name, [])
        builder.candidates[gone.name] = [c for c in group if c is not gone]
        if not builder.candidates[gone.name]:
            del builder.candidates[gone.name]


_NOT_A_FIELD = re.compile(r"Item|Value|Variant\d+")  # path parts that stand for a position


def share_identical_objects(builder: SchemaBuilder) -> None:
    """Objects an operation spells out in place (`where: object { x, y }`) that are the same
    object under the same field name are one type, not one copy per place (issue 14, item 11):

    - when an object lifted inside a named type has that field name and structure (Cloudflare's
      `errors[].source` and `ResponseInfo.source`), the copies refer to it (`ResponseInfoSource`);
    - otherwise the copies of one client resource, on one side (sent or received), become one
      schema named after the resource and the field (`where` of `things` → `ThingsWhere`, the items of `data` → `ThingsDataItem`),
      and the objects inside it after it.

    Names come from content only (resource, field, structure), never from where a copy is read
    first; a name already taken leaves the copies as they are. Descriptions do not tell
    copies apart (the first one's are kept), as in `link_listed_types`."""
    signatures = _Signatures(builder)
    in_named_types: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    copies: dict[tuple[str, tuple[str, ...]], list[SchemaCandidate]] = defaultdict(list)
    for candidate in live_candidates(builder):
        field_name = _field_name(candidate)
        if field_name is None or candidate.abridged or not _is_object(candidate):
            continue
        if candidate.override is not None:
            continue  # renamed for a split already: references may hold that name
        key = (signatures.of(candidate), field_name)
        owner = candidate.owner
        assert owner is not None  # a field name needs a path below an owner
        if owner.definition:
            in_named_types[key].add(candidate.final_name)
        else:
            copies[key].append(candidate)
    taken = {c.final_name for c in live_candidates(builder)}
    taken |= {r.name for r in builder.references}
    by_owner = _ByOwner(builder)
    # Outermost first: sharing an object drops the copies of the objects inside it.
    for key in sorted(copies, key=lambda k: (min(len(c.path) for c in copies[k]), k)):
        live = [c for c in copies[key] if c in builder.candidates.get(c.name, [])]
        named = in_named_types.get(key, set())
        if len(named) == 1:
            for candidate in live:
                _refer(builder, candidate, next(iter(named)), by_owner)
            continue
        if named:
            continue  # several named types hold it: none is meant more than another
        by_resource: dict[tuple[tuple[str, ...], bool], list[SchemaCandidate]] = defaultdict(list)
        for candidate in live:
            assert candidate.owner is not None
            by_resource[(candidate.owner.context.resource, _sent(candidate))].append(candidate)
        for (resource, _), group in sorted(by_resource.items()):
            if len(group) < 2:
                continue
            field_name = key[1]
            name = join_pascal([*_resource_words(resource, field_name[0]), *field_name])
            if name in taken:
                continue
            taken.add(name)
            _share(builder, sorted(group, key=lambda c: c.location), name, by_owner)


def _field_name(candidate: SchemaCandidate) -> tuple[str, ...] | None:
    """The field an object lifted below an owner stands under, with the positions below it
    (`("where",)` of ("R", "where"), `("data", "Item")` of ("R", "data", "Item")); None for
    an owner's own object."""
    for index in range(len(candidate.path) - 1, 0, -1):
        if not _NOT_A_FIELD.fullmatch(candidate.path[index]):
            return candidate.path[index:]
    return None


def _sent(candidate: SchemaCandidate) -> bool:
    """Part of what the client sends (`ThingsCreateParams`), not of what it receives: the
    two sides stay apart (a request type is built differently from a response model)."""
    assert candidate.owner is not None
    return candidate.path[0].removeprefix(candidate.owner.path_root).startswith("Params")


def _share(
    builder: SchemaBuilder, group: list[SchemaCandidate], name: str, by_owner: _ByOwner
) -> None:
    """The first copy becomes `name` (the objects lifted inside it are named after it); the
    others refer to it."""
    kept = group[0]
    depth = len(kept.path)
    for inner in by_owner.inside(kept):
        inner.override = join_pascal([name, *inner.path[depth:]])
    for candidate in group[1:]:
        _refer(builder, candidate, name, by_owner)
