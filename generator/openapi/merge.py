"""Choose one definition per operation and per schema name; report real conflicts.

The same operation or named type stands in many pages (a method page, its resource page,
every parent resource page), often in full the first time and as a bare header later. The
most complete definition wins. Two definitions of one operation that disagree in structure
are a conflict, reported once per distinct definition with both locations. (Named types
that disagree are not merged at all: variants.py gives each definition a name of its own.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from generator.diagnostics import Diagnostics, Location
from generator.openapi.operations import OperationCandidate
from generator.openapi.schemas import SchemaCandidate

IGNORED_KEYS = frozenset({"description", "summary", "examples"})

Candidate = TypeVar("Candidate", OperationCandidate, SchemaCandidate)
NameOf = Callable[[str], str]  # a $ref as built → the name it stands for now


def structure(value: Any, name_of: NameOf | None = None) -> Any:
    """The value without descriptions and examples: what must agree between copies.
    References are compared by the name they stand for."""
    if isinstance(value, dict):
        result = {k: structure(v, name_of) for k, v in value.items() if k not in IGNORED_KEYS}
        ref = value.get("$ref")
        if name_of is not None and isinstance(ref, str):
            result["$ref"] = name_of(ref)
        return result
    if isinstance(value, list):
        return [structure(v, name_of) for v in value]
    return value


def _body(candidate: OperationCandidate | SchemaCandidate) -> dict[str, Any]:
    if isinstance(candidate, OperationCandidate):
        return candidate.operation
    return candidate.schema


def _partial(candidate: OperationCandidate | SchemaCandidate) -> bool:
    """A header without fields, a listing abridged somewhere inside, or a definition guessed
    from children alone: evidence too weak to win or to conflict (variants.py has already
    matched it to a definition)."""
    return isinstance(candidate, SchemaCandidate) and (candidate.abridged or candidate.guessed)


def ranked(
    candidates: Sequence[Candidate], preferred: Callable[[Candidate], bool] | None = None
) -> list[Candidate]:
    """Most complete first (among the preferred ones first, when some are); ties go to the
    earliest location, so the order never depends on the order pages were read in."""

    def key(c: Candidate) -> tuple[bool, bool, int, Location]:
        return (preferred is not None and not preferred(c), _partial(c), -c.weight, c.location)

    return sorted(candidates, key=key)


def choose(
    candidates: Sequence[Candidate],
    what: str,
    diagnostics: Diagnostics,
    name_of: NameOf | None = None,
    preferred: Callable[[Candidate], bool] | None = None,
    shape_of: Callable[[Candidate], Any] | None = None,
) -> Candidate:
    """The most complete candidate (of the preferred ones, when there are any). Each other
    complete definition whose structure (`shape_of`, by default the body's) differs is
    reported once (at its first location, naming the winner's), however many pages repeat it."""
    ordered = ranked(candidates, preferred)
    winner = ordered[0]
    if len(ordered) == 1:
        return winner  # nothing to compare it with (most names have one definition)
    shapes = [shape_of(c) if shape_of else structure(_body(c), name_of) for c in ordered]
    reported: list[Any] = [shapes[0]]
    for index, other in enumerate(ordered[1:], start=1):
        if _partial(other) or shapes[index] in reported:
            continue
        reported.append(shapes[index])
        first = min(
            (c for c, shape in zip(ordered, shapes, strict=True) if shape == shapes[index]),
            key=lambda c: c.location,
        )
        diagnostics.warn(
            first.location,
            f"{what} is defined differently here and at {winner.location}; that one is used",
        )
    return winner
