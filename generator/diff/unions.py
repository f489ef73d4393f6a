"""Matching the members of two unions (anyOf/oneOf) by what they are, never by position.

Members are paired in passes, each trusting a weaker kind of evidence than the one before:
1. the same component name (`$ref`);
2. the same tag: a discriminator value or a property fixed to one literal (`type: "input_text"`),
   which also pairs a member whose schema was renamed;
3. the same structure (ignoring descriptions);
4. the same JSON type, when each side has exactly one member of that type left;
5. one member left on each side, of overlapping types.
Whatever is left was removed (base) or added (revision).
"""

import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diff.describe import value_text
from generator.diff.spellings import (
    Node,
    enum_values,
    flatten_all_of,
    property_locations,
    types_of,
)
from generator.spec.refs import Located, Resolver, ref_name

_NOT_STRUCTURE = frozenset({"description", "title", "example", "examples", "default"})


@dataclass(frozen=True)
class Member:
    """A union member and the facts the matching passes look at."""

    located: Located
    name: str | None
    tags: frozenset[tuple[str, str]]
    fingerprint: str
    types: frozenset[str]
    restricted: bool  # limited to listed literals (enum/const)

    @property
    def label(self) -> str:
        """How a message names the member: its schema name, its tag, or its types."""
        if self.name:
            return self.name
        if self.tags:
            return "=".join(min(self.tags))
        if self.restricted:
            return "enum"
        return " | ".join(sorted(self.types)) or "any"


@dataclass
class MemberMatch:
    pairs: list[tuple[Member, Member]] = field(default_factory=list)
    removed: list[Member] = field(default_factory=list)
    added: list[Member] = field(default_factory=list)


def describe_members(members: Iterable[Located], resolver: Resolver) -> list[Member]:
    return [_member(located, resolver) for located in members]


def _member(located: Located, resolver: Resolver) -> Member:
    target = resolver.follow_located(located)
    flat = flatten_all_of(target, resolver)
    return Member(
        located=located,
        name=ref_name(located.node),
        tags=_tags(flat, resolver),
        fingerprint=structure_fingerprint(located.node),
        types=types_of(flat.node),
        restricted=enum_values(flat.node) is not None,
    )


def _tags(flat: Located, resolver: Resolver) -> frozenset[tuple[str, str]]:
    """Properties whose schema allows exactly one value: `("type", '"input_text"')`."""
    tags = set()
    for name, prop in property_locations(flat).items():
        values = enum_values(resolver.follow_located(prop).node)
        if values is not None and len(values) == 1:
            tags.add((name, value_text(values[0])))
    return frozenset(tags)


def structure_fingerprint(node: Node) -> str:
    """The schema as canonical JSON without prose (descriptions, titles, examples)."""
    return json.dumps(_strip_prose(node), sort_keys=True, default=str)


def _strip_prose(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _strip_prose(item)
            for key, item in value.items()
            if key not in _NOT_STRUCTURE and not str(key).startswith("x-")
        }
    if isinstance(value, list):
        return [_strip_prose(item) for item in value]
    return value


def is_open_enum(member: Member, union: list[Member]) -> bool:
    """A literal list beside a free member of the same type (`string | "a" | "b"`): its values
    are known values, not a closed set, so adding one breaks no exhaustive match."""
    return member.restricted and any(
        not other.restricted and other.types and member.types <= other.types and not other.name
        for other in union
    )


def match_members(base: list[Member], revision: list[Member]) -> MemberMatch:
    match = MemberMatch()
    left, right = list(base), list(revision)
    for key in (_by_name, _by_fingerprint):
        _pair_equal_keys(left, right, key, match)
    _pair_shared_tags(left, right, match)
    _pair_equal_keys(left, right, lambda member: member.types or None, match)
    if len(left) == 1 and len(right) == 1 and (left[0].types & right[0].types):
        match.pairs.append((left.pop(), right.pop()))
    match.removed.extend(left)
    match.added.extend(right)
    return match


def _by_name(member: Member) -> Hashable:
    return member.name


def _by_fingerprint(member: Member) -> Hashable:
    return member.fingerprint


def _pair_equal_keys(
    left: list[Member],
    right: list[Member],
    key: Callable[[Member], Hashable],
    match: MemberMatch,
) -> None:
    """Pair members whose key is equal and unique on both sides (None never matches)."""
    left_by_key = _unique_by(left, key)
    right_by_key = _unique_by(right, key)
    for value, member in left_by_key.items():
        partner = right_by_key.get(value)
        if partner is not None:
            match.pairs.append((member, partner))
            left.remove(member)
            right.remove(partner)


def _unique_by(members: list[Member], key: Callable[[Member], Hashable]) -> dict[Hashable, Member]:
    seen: dict[Hashable, list[Member]] = {}
    for member in members:
        value = key(member)
        if value is not None:
            seen.setdefault(value, []).append(member)
    return {value: group[0] for value, group in seen.items() if len(group) == 1}


def _pair_shared_tags(left: list[Member], right: list[Member], match: MemberMatch) -> None:
    """Pair members that share a tag with exactly one member on the other side."""
    for member in list(left):
        candidates = [other for other in right if member.tags & other.tags]
        if len(candidates) == 1:
            partner = candidates[0]
            rivals = [other for other in left if other.tags & partner.tags]
            if rivals == [member]:
                match.pairs.append((member, partner))
                left.remove(member)
                right.remove(partner)


def split_tag(removed: list[Member], added: list[Member], resolver: Resolver) -> str | None:
    """The property that tells variants apart when one left base member became several:
    an object whose `tag` lists values (`name: "bash" | "edit" | ...`) turned into variants
    each fixed to one of them (`name: "bash"`), covering every value it listed. Such a split
    takes nothing away: every value the old member allowed has its variant."""
    if len(removed) != 1 or len(added) < 2:
        return None
    old = flatten_all_of(resolver.follow_located(removed[0].located), resolver)
    for name, located in sorted(property_locations(old).items()):
        values = enum_values(resolver.follow_located(located).node)
        if values is None or len(values) < 2:
            continue
        tags = [[value for tag, value in member.tags if tag == name] for member in added]
        fixed = [found[0] for found in tags if len(found) == 1]
        if (
            len(fixed) == len(added)
            and len(set(fixed)) == len(fixed)
            and {value_text(value) for value in values} <= set(fixed)
        ):
            return name
    return None
