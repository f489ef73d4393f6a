"""Choose one definition per operation and per schema name; report real conflicts.

The same operation or named type stands in many pages (a method page, its resource page,
every parent resource page), often in full the first time and as a bare header later. The
most complete definition wins; two complete definitions that disagree in structure are a
conflict, reported with both locations.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from generator.diagnostics import Diagnostics, Location
from generator.openapi.operations import OperationCandidate
from generator.openapi.schemas import PARTIAL_KEY, SOURCE_KEY, Schema, SchemaCandidate

_IGNORED_KEYS = frozenset({"description", "summary", SOURCE_KEY, "examples"})

Candidate = TypeVar("Candidate", OperationCandidate, SchemaCandidate)


def structure(value: Any) -> Any:
    """The value without descriptions and source positions: what must agree between copies."""
    if isinstance(value, dict):
        return {k: structure(v) for k, v in value.items() if k not in _IGNORED_KEYS}
    if isinstance(value, list):
        return [structure(v) for v in value]
    return value


def _is_partial(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value.get(PARTIAL_KEY)) or any(_is_partial(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_partial(v) for v in value)
    return False


def _body(candidate: OperationCandidate | SchemaCandidate) -> Schema:
    if isinstance(candidate, OperationCandidate):
        return candidate.operation
    return candidate.schema


def choose(candidates: Sequence[Candidate], what: str, diagnostics: Diagnostics) -> Candidate:
    """The most complete candidate (ties: the first in file order), warning about each other
    complete candidate whose structure differs."""
    ordered = sorted(candidates, key=lambda c: (-c.weight, c.location))
    winner = ordered[0]
    winning_structure = structure(_body(winner))
    reported: set[Location] = set()
    for other in ordered[1:]:
        if _is_partial(_body(other)):
            continue
        if structure(_body(other)) != winning_structure and other.location not in reported:
            reported.add(other.location)
            diagnostics.warn(
                other.location,
                f"{what} is defined differently at {winner.location}; using that definition",
            )
    return winner
