"""Walking the resolved reconstructed and authoritative schemas of one position in parallel.

The walk visits every JSON position either side describes: the root, properties by name, array
items `[*]`, map values `.*` (additionalProperties) and the insides of union alternatives, which
are paired by similarity. It records what each side says at each position. SchemaView names never
matter, only the structure reached through `$ref`s.
"""

from dataclasses import dataclass, field

from generator.compare.facts import Facts, Position
from generator.compare.normalise import Normaliser
from generator.compare.paths import ITEMS, MAP_VALUES, member_segment, property_segment
from generator.compare.shape import Handle, Shape
from generator.compare.unions import Signature, pair_alternatives, signature

# A position's schema and whether it is required there (None: not a named property/parameter).
Child = tuple[Handle, bool | None]
_PairKey = tuple[tuple[int, ...] | None, tuple[int, ...] | None]


@dataclass
class _Walk:
    """State of one walk: the positions found and the schema pairs on the current branch."""

    positions: list[Position] = field(default_factory=list)
    branch: set[_PairKey] = field(default_factory=set)


@dataclass(frozen=True)
class _Side:
    """One side's shape at the current position, with the normaliser of its document."""

    shape: Shape
    normaliser: Normaliser

    def shape_of(self, handle: Handle) -> "_Side":
        return _Side(self.normaliser.shape(handle), self.normaliser)


class StructureWalker:
    def __init__(self, reconstructed: Normaliser, authoritative: Normaliser) -> None:
        self._reconstructed = reconstructed
        self._authoritative = authoritative

    def walk(self, root: str, rec: Child | None, auth: Child | None) -> list[Position]:
        """Positions of the subtree at `root` (e.g. `$` or `query.limit`), in walk order."""
        state = _Walk()
        if rec is not None or auth is not None:
            self._visit(state, root, rec, auth)
        return state.positions

    def _visit(self, state: _Walk, path: str, rec: Child | None, auth: Child | None) -> None:
        rec_side = _side(rec, self._reconstructed)
        auth_side = _side(auth, self._authoritative)
        state.positions.append(Position(path, _facts(rec_side, rec), _facts(auth_side, auth)))
        key: _PairKey = (_identity(rec), _identity(auth))
        if key in state.branch:
            # This pair of schemas is already being walked further up the branch: a recursive
            # schema, whose subtree would repeat forever. One expansion is enough.
            return
        state.branch.add(key)
        self._descend(state, path, rec_side, auth_side)
        state.branch.discard(key)

    def _descend(self, state: _Walk, path: str, rec: _Side | None, auth: _Side | None) -> None:
        rec_own, rec_alternatives = _split(rec, auth)
        auth_own, auth_alternatives = _split(auth, rec)
        self._descend_children(state, path, rec_own, auth_own)
        self._descend_alternatives(state, path, rec_alternatives, auth_alternatives)

    def _descend_children(
        self, state: _Walk, path: str, rec: _Side | None, auth: _Side | None
    ) -> None:
        for name in _property_names(rec, auth):
            segment = property_segment(name)
            self._visit(state, path + segment, _property(rec, name), _property(auth, name))
        self._visit_some(state, path + ITEMS, _items(rec), _items(auth))
        self._visit_some(state, path + MAP_VALUES, _map_values(rec), _map_values(auth))

    def _visit_some(self, state: _Walk, path: str, rec: Child | None, auth: Child | None) -> None:
        if rec is not None or auth is not None:
            self._visit(state, path, rec, auth)

    def _descend_alternatives(
        self, state: _Walk, path: str, rec: list[_Side], auth: list[_Side]
    ) -> None:
        if len(rec) <= 1 and len(auth) <= 1:
            # Nothing to choose between: the alternatives' insides are the position's insides.
            if rec or auth:
                self._descend(state, path, rec[0] if rec else None, auth[0] if auth else None)
            return
        if rec and auth:
            pairs = pair_alternatives(_signatures(rec), _signatures(auth))
        else:  # one side lacks the position: nothing to pair, no signatures to compute
            pairs = [(index, None) for index in range(len(rec))]
            pairs.extend((None, index) for index in range(len(auth)))
        for rec_index, auth_index in pairs:
            segment = _alternative_segment(rec_index, auth_index, len(auth))
            rec_side = rec[rec_index] if rec_index is not None else None
            auth_side = auth[auth_index] if auth_index is not None else None
            self._descend(state, path + segment, rec_side, auth_side)


def _side(child: Child | None, normaliser: Normaliser) -> _Side | None:
    return _Side(normaliser.shape(child[0]), normaliser) if child else None


def _facts(side: _Side | None, child: Child | None) -> Facts | None:
    return Facts.of(side.shape, child[1]) if side and child else None


def _identity(child: Child | None) -> tuple[int, ...] | None:
    return tuple(id(schema) for schema in child[0]) if child else None


def _split(side: _Side | None, other: _Side | None) -> tuple[_Side | None, list[_Side]]:
    """(side whose own children are walked at this path, its union alternatives).

    A plain object facing a union counts as a union of one, so it is paired with the most
    similar alternative rather than compared with none of them.
    """
    if side is None:
        return None, []
    if side.shape.members:
        return side, [side.shape_of(member) for member in side.shape.members]
    if other is not None and other.shape.members and side.shape.has_children:
        return None, [side]
    return side, []


def _signatures(sides: list[_Side]) -> list[Signature]:
    return [signature(side.normaliser.shape, side.shape) for side in sides]


def _alternative_segment(rec_index: int | None, auth_index: int | None, auth_count: int) -> str:
    # Paired and authoritative-only alternatives use the authoritative numbering, so paths stay
    # stable while the reconstruction changes; a lone authoritative alternative needs none.
    if auth_index is not None:
        return member_segment(auth_index) if auth_count > 1 else ""
    assert rec_index is not None
    return member_segment(rec_index, reconstructed_only=True)


def _property_names(rec: _Side | None, auth: _Side | None) -> list[str]:
    """Authoritative property order first, then properties only the reconstruction has."""
    names = list(auth.shape.properties) if auth else []
    known = set(names)
    names.extend(name for name in (rec.shape.properties if rec else {}) if name not in known)
    return names


def _property(side: _Side | None, name: str) -> Child | None:
    if side is None or name not in side.shape.properties:
        return None
    return side.shape.properties[name], name in side.shape.required


def _items(side: _Side | None) -> Child | None:
    return (side.shape.items, None) if side and side.shape.items is not None else None


def _map_values(side: _Side | None) -> Child | None:
    """additionalProperties that constrain the values; `true` and `{}` add no position."""
    if side is None or side.shape.additional is None:
        return None
    if side.normaliser.shape(side.shape.additional).is_unconstrained:
        return None
    return side.shape.additional, None
