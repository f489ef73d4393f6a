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
    complete = [other for other in ordered[1:] if not _partial(other)]
    if not complete:
        # Nothing to compare it with: most names have one definition, and most others are
        # headers or abridged listings (479 of the 662 others of the 2026-08-22 tree).
        return winner

    def shape(candidate: Candidate) -> Any:
        return shape_of(candidate) if shape_of else structure(_body(candidate), name_of)

    reported: list[Any] = [shape(winner)]
    shapes: list[Any] | None = None  # every candidate's, made when a difference is reported
    for other in complete:
        differing = shape(other)
        if differing in reported:
            continue
        reported.append(differing)
        shapes = shapes or [shape(c) for c in ordered]
        first = min(
            (c for c, found in zip(ordered, shapes, strict=True) if found == differing),
            key=lambda c: c.location,
        )
        diagnostics.warn(
            first.location,
            f"{what} is defined differently here and at {winner.location}; that one is used",
        )
    return winner
