"""Pairing union alternatives of the two sides by structural similarity, not by position.

Each alternative is summarised by a signature: the set of its relative paths (a few levels
deep) with their types and literals, plus its single-literal properties, which usually act as
discriminators (`type: "apply_patch"`). Alternatives are paired greedily, most similar first.
"""

from collections.abc import Callable, Hashable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from generator.compare.paths import ITEMS, MAP_VALUES, property_segment
from generator.compare.shape import Handle, Shape

# Three levels tell `{type: "python", source}` from `{type: "multi", graders}` and keep the
# signatures of the large recursive Responses unions cheap.
SIGNATURE_DEPTH = 3

# Two alternatives whose discriminators disagree are almost surely different variants, however
# alike their other properties; they are still paired as a last resort, to report the conflict.
DISCRIMINATOR_CONFLICT_FACTOR = 0.25

ShapeOf = Callable[[Handle], Shape]


@dataclass(frozen=True)
class Signature:
    entries: frozenset[tuple[str, str]]  # (relative path, types and literals there)
    literals: Mapping[str, str]  # property name -> its only allowed value


def signature(shape_of: ShapeOf, shape: Shape, depth: int = SIGNATURE_DEPTH) -> Signature:
    """Summary of `shape`'s subtree down to `depth` levels."""
    literals = {}
    for name, handle in shape.properties.items():
        enum = shape_of(handle).enum
        if enum is not None and len(enum) == 1:
            literals[name] = next(iter(enum))
    return Signature(frozenset(_entries(shape_of, shape, "", depth)), literals)


def _entries(shape_of: ShapeOf, shape: Shape, path: str, depth: int) -> Iterator[tuple[str, str]]:
    yield path, _facts_text(shape)
    if depth == 0:
        return
    for segment, child in _child_handles(shape_of, shape):
        yield from _entries(shape_of, shape_of(child), path + segment, depth - 1)


def _child_handles(shape_of: ShapeOf, shape: Shape) -> Iterator[tuple[str, Handle]]:
    for name, child in shape.properties.items():
        yield property_segment(name), child
    if shape.items is not None:
        yield ITEMS, shape.items
    if shape.additional is not None and not shape_of(shape.additional).is_unconstrained:
        yield MAP_VALUES, shape.additional
    for member in shape.members:
        yield "|", member  # nested alternatives, unnumbered so numbering cannot matter


def _facts_text(shape: Shape) -> str:
    # integer and number count as one type here: a reconstruction that says "number" for an
    # integer still describes the same alternative.
    types = "|".join(sorted({"number" if name == "integer" else name for name in shape.types}))
    literals = ",".join(sorted(shape.enum)) if shape.enum is not None else ""
    return f"{types} {literals}"


def similarity(left: Signature, right: Signature) -> float:
    """0 (nothing in common) to 1 (same paths, same facts): mean of two Jaccard indices."""
    # The root path is in every signature; only its facts (object or array...) tell anything.
    left_paths = {path for path, _ in left.entries if path}
    right_paths = {path for path, _ in right.entries if path}
    score = (_jaccard(left_paths, right_paths) + _jaccard(left.entries, right.entries)) / 2
    conflict = any(
        left.literals[name] != right.literals[name]
        for name in left.literals.keys() & right.literals.keys()
    )
    return score * DISCRIMINATOR_CONFLICT_FACTOR if conflict else score


def _jaccard(left: AbstractSet[Hashable], right: AbstractSet[Hashable]) -> float:
    union = left | right
    return len(left & right) / len(union) if union else 1.0


def pair_alternatives(
    reconstructed: list[Signature], authoritative: list[Signature]
) -> list[tuple[int | None, int | None]]:
    """(reconstructed index, authoritative index) pairs; None marks an unpaired alternative.

    Greedy on descending similarity, ties broken by position, so the result is deterministic.
    Alternatives with nothing in common stay unpaired.
    """
    candidates = sorted(
        (-similarity(rec, auth), auth_index, rec_index)
        for rec_index, rec in enumerate(reconstructed)
        for auth_index, auth in enumerate(authoritative)
    )
    paired_rec: dict[int, int] = {}
    paired_auth: dict[int, int] = {}
    for negative_score, auth_index, rec_index in candidates:
        if negative_score < 0 and rec_index not in paired_rec and auth_index not in paired_auth:
            paired_rec[rec_index] = auth_index
            paired_auth[auth_index] = rec_index
    pairs: list[tuple[int | None, int | None]] = [
        (paired_auth.get(auth_index), auth_index) for auth_index in range(len(authoritative))
    ]
    unpaired = (index for index in range(len(reconstructed)) if index not in paired_rec)
    pairs.extend((rec_index, None) for rec_index in unpaired)
    return pairs
