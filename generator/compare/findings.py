"""The disagreement list: every position where the two sides say different things."""

from collections.abc import Iterator
from dataclasses import dataclass

from generator.compare.checks import CHECKS
from generator.compare.comparison import Note, OperationComparison, Section
from generator.compare.facts import Position
from generator.compare.paths import is_below

ONLY_RECONSTRUCTED = "only_reconstructed"
ONLY_AUTHORITATIVE = "only_authoritative"

_KIND_ORDER = [ONLY_AUTHORITATIVE, ONLY_RECONSTRUCTED, *(check.name for check in CHECKS)]


@dataclass(frozen=True)
class Disagreement:
    operation: str  # "POST /fine_tuning/jobs/{fine_tuning_job_id}/resume"
    section: str  # "parameters", "request body", "response 200"
    path: str  # "$.hyperparameters.n_epochs"; empty for section-wide notes
    kind: str  # a check name, only_reconstructed, only_authoritative, media_type or status
    reconstructed: str
    authoritative: str
    message: str  # "type number vs integer"

    @property
    def line(self) -> str:
        where = f"{self.operation} {self.section} {self.path}".rstrip()
        return f"{where}: {self.message}"


def operation_disagreements(operation: OperationComparison) -> list[Disagreement]:
    """Sorted by section (in report order), then path, then kind: deterministic."""
    found: list[tuple[int, Disagreement]] = []
    for index, section in enumerate(operation.sections):
        found.extend((index, item) for item in _section_disagreements(operation.label, section))
    found.sort(key=lambda entry: (entry[0], entry[1].path, _kind_rank(entry[1].kind)))
    return [item for _, item in found]


def _section_disagreements(operation: str, section: Section) -> Iterator[Disagreement]:
    for note in section.notes:
        yield _note_disagreement(operation, section.name, note)
    for top, below in _one_sided_subtrees(section.positions):
        yield _presence_disagreement(operation, section.name, top, below)
    for position in section.positions:
        rec, auth = position.reconstructed, position.authoritative
        if rec is None or auth is None:
            continue
        for check in CHECKS:
            if check.applies(rec, auth) and not check.agrees(rec, auth):
                yield Disagreement(
                    operation,
                    section.name,
                    position.path,
                    check.name,
                    check.claim(rec),
                    check.claim(auth),
                    check.describe(rec, auth),
                )


def _one_sided_subtrees(positions: tuple[Position, ...]) -> Iterator[tuple[Position, int]]:
    """Each topmost position only one side has, with the number of positions beneath it.

    The walk is depth-first, so a subtree's positions directly follow its root.
    """
    top: Position | None = None
    below = 0
    for position in positions:
        if top is not None and is_below(position.path, top.path):
            below += 1
            continue
        if top is not None:
            yield top, below
        top, below = (position, 0) if _side_missing(position) else (None, 0)
    if top is not None:
        yield top, below


def _side_missing(position: Position) -> bool:
    return position.reconstructed is None or position.authoritative is None


def _presence_disagreement(operation: str, section: str, top: Position, below: int) -> Disagreement:
    only_authoritative = top.reconstructed is None
    side = "authoritative" if only_authoritative else "reconstructed"
    message = f"only in {side}"
    if below:
        message += f" (with {below} position{'s' if below > 1 else ''} below)"
    return Disagreement(
        operation,
        section,
        top.path,
        ONLY_AUTHORITATIVE if only_authoritative else ONLY_RECONSTRUCTED,
        "absent" if only_authoritative else "present",
        "present" if only_authoritative else "absent",
        message,
    )


def _note_disagreement(operation: str, section: str, note: Note) -> Disagreement:
    label = note.kind.replace("_", " ")
    message = f"{label} {note.reconstructed} vs {note.authoritative}"
    return Disagreement(
        operation, section, "", note.kind, note.reconstructed, note.authoritative, message
    )


def _kind_rank(kind: str) -> int:
    return _KIND_ORDER.index(kind) if kind in _KIND_ORDER else len(_KIND_ORDER)
