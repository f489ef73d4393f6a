"""The agreement checks applied to a position both sides describe.

Each check says whether it applies to a pair of facts, whether they agree, and how to show the
two claims when they do not. The metrics count with these; the disagreement list quotes them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from generator.compare.facts import Facts
from generator.compare.shape import NUMERIC_TYPES

# Disagreement messages quote at most this many enum values; the JSON fields carry them all.
_BRIEF_VALUES = 6


@dataclass(frozen=True)
class Check:
    name: str  # key in the figures and `kind` of its disagreements
    title: str  # column heading of the text table
    applies: Callable[[Facts, Facts], bool]
    agrees: Callable[[Facts, Facts], bool]
    claim: Callable[[Facts], str]  # what one side says, in full: "integer", "yes", "a, b"
    describe: Callable[[Facts, Facts], str]  # the disagreement in brief: "type number vs integer"


def _both_required_known(rec: Facts, auth: Facts) -> bool:
    return rec.required is not None and auth.required is not None


def _always(rec: Facts, auth: Facts) -> bool:
    return True


def _folded(types: frozenset[str]) -> frozenset[str]:
    # integer vs number is measured by its own check; the type check looks past it.
    return frozenset("number" if name == "integer" else name for name in types)


def _both_numeric(rec: Facts, auth: Facts) -> bool:
    return bool(rec.types & NUMERIC_TYPES) and bool(auth.types & NUMERIC_TYPES)


def _either_enum(rec: Facts, auth: Facts) -> bool:
    return rec.enum is not None or auth.enum is not None


def _describe_required(rec: Facts, auth: Facts) -> str:
    return f"required {_yes_no(rec.required)} vs {_yes_no(auth.required)}"


def _describe_types(rec: Facts, auth: Facts) -> str:
    return f"type {_types_versus(rec.types, auth.types)}"


def _describe_numeric(rec: Facts, auth: Facts) -> str:
    return f"type {_types_versus(rec.types & NUMERIC_TYPES, auth.types & NUMERIC_TYPES)}"


def _describe_nullability(rec: Facts, auth: Facts) -> str:
    return f"nullable {_yes_no(rec.nullable)} vs {_yes_no(auth.nullable)}"


def _describe_enums(rec: Facts, auth: Facts) -> str:
    if rec.enum is None or auth.enum is None:
        brief = (_values_text(rec.enum, _BRIEF_VALUES), _values_text(auth.enum, _BRIEF_VALUES))
        return f"enum {brief[0]} vs {brief[1]}"
    # Both enumerate: the differences say more than two long lists.
    parts = []
    if auth.enum - rec.enum:
        parts.append(f"missing {_values_text(auth.enum - rec.enum, _BRIEF_VALUES)}")
    if rec.enum - auth.enum:
        parts.append(f"extra {_values_text(rec.enum - auth.enum, _BRIEF_VALUES)}")
    return "enum " + "; ".join(parts)


def types_text(types: frozenset[str]) -> str:
    return "|".join(sorted(types)) if types else "any"


def _types_versus(rec: frozenset[str], auth: frozenset[str]) -> str:
    """Both type sets, leaving out the shared types when each side still has others."""
    common = rec & auth
    if common and rec - common and auth - common:
        rec, auth = rec - common, auth - common
    return f"{types_text(rec)} vs {types_text(auth)}"


def _values_text(values: frozenset[str] | None, limit: int | None = None) -> str:
    if values is None:
        return "none"
    ordered = sorted(values)
    if limit is None or len(ordered) <= limit:
        return ", ".join(ordered)
    return ", ".join(ordered[:limit]) + f" and {len(ordered) - limit} more"


def _yes_no(flag: bool | None) -> str:
    return "yes" if flag else "no"


CHECKS = (
    Check(
        "required",
        "Required",
        _both_required_known,
        lambda rec, auth: rec.required == auth.required,
        lambda facts: _yes_no(facts.required),
        _describe_required,
    ),
    Check(
        "types",
        "Types",
        _always,
        lambda rec, auth: _folded(rec.types) == _folded(auth.types),
        lambda facts: types_text(facts.types),
        _describe_types,
    ),
    Check(
        "int_number",
        "Int/num",
        _both_numeric,
        lambda rec, auth: rec.types & NUMERIC_TYPES == auth.types & NUMERIC_TYPES,
        lambda facts: types_text(facts.types & NUMERIC_TYPES),
        _describe_numeric,
    ),
    Check(
        "nullability",
        "Nullable",
        _always,
        lambda rec, auth: rec.nullable == auth.nullable,
        lambda facts: _yes_no(facts.nullable),
        _describe_nullability,
    ),
    Check(
        "enums",
        "Enums",
        _either_enum,
        lambda rec, auth: rec.enum == auth.enum,
        lambda facts: _values_text(facts.enum),
        _describe_enums,
    ),
)
