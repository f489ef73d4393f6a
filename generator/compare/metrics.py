"""Figures over a set of positions: presence counts, recall/precision/F1 and agreement ratios."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.compare.checks import CHECKS
from generator.compare.facts import Position


@dataclass(frozen=True)
class Agreement:
    agree: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        """None when the check applied nowhere: nothing to agree or disagree on."""
        return self.agree / self.total if self.total else None

    def __add__(self, other: "Agreement") -> "Agreement":
        return Agreement(self.agree + other.agree, self.total + other.total)


@dataclass(frozen=True)
class Figures:
    both: int = 0
    only_reconstructed: int = 0
    only_authoritative: int = 0
    agreements: Mapping[str, Agreement] = field(default_factory=dict)  # by check name

    @property
    def recall(self) -> float | None:
        """Share of the authoritative positions that the reconstruction has."""
        return _ratio(self.both, self.both + self.only_authoritative)

    @property
    def precision(self) -> float | None:
        """Share of the reconstructed positions that the authoritative spec has."""
        return _ratio(self.both, self.both + self.only_reconstructed)

    @property
    def f1(self) -> float | None:
        recall, precision = self.recall, self.precision
        if recall is None or precision is None:
            return None
        if recall + precision == 0:
            return 0.0
        return 2 * recall * precision / (recall + precision)

    def agreement(self, check: str) -> Agreement:
        return self.agreements.get(check, Agreement())

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.both + other.both,
            self.only_reconstructed + other.only_reconstructed,
            self.only_authoritative + other.only_authoritative,
            {
                check.name: self.agreement(check.name) + other.agreement(check.name)
                for check in CHECKS
            },
        )


def figures(positions: Iterable[Position]) -> Figures:
    both = only_rec = only_auth = 0
    counts = {check.name: [0, 0] for check in CHECKS}  # agree, total
    for position in positions:
        rec, auth = position.reconstructed, position.authoritative
        if rec is None or auth is None:
            only_rec += auth is None
            only_auth += rec is None
            continue
        both += 1
        for check in CHECKS:
            if check.applies(rec, auth):
                counts[check.name][0] += check.agrees(rec, auth)
                counts[check.name][1] += 1
    agreements = {name: Agreement(agree, total) for name, (agree, total) in counts.items()}
    return Figures(both, only_rec, only_auth, agreements)


def total(parts: Iterable[Figures]) -> Figures:
    result = Figures(agreements={check.name: Agreement() for check in CHECKS})
    for part in parts:
        result = result + part
    return result


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None
