"""The values that flow through the diff: neutral change records in, classified findings out.

The structural walk only says *what* differs (a `Change`); the rules say what it *means* for
the people who use the client (a `Finding`). Keeping the two apart is what lets every rule be a
small pure function with a fixture of its own.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

Direction = Literal["request", "response"]
"""Who produces the data: the client sends a request, the client receives a response."""


class Level(str, Enum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: breaking changes first."""
        return _LEVEL_RANK[self]

    def at_least(self, threshold: "Level") -> bool:
        return self.rank <= threshold.rank


_LEVEL_RANK = {Level.BREAKING: 0, Level.WARNING: 1, Level.INFO: 2}


@dataclass(frozen=True, order=True)
class OperationKey:
    """One operation, named as the revision names it (or the base, when it was removed)."""

    path: str
    method: str
    webhook: bool = False

    @property
    def label(self) -> str:
        if self.webhook:
            return f"webhook {self.path} ({self.method.upper()})"
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True, order=True)
class SchemaPair:
    """A component schema in the base matched with one in the revision (None: absent)."""

    base: str | None
    revision: str | None

    @property
    def label(self) -> str:
        if self.base == self.revision or self.revision is None:
            return str(self.base)
        if self.base is None:
            return self.revision
        return f"{self.base} → {self.revision}"


@dataclass(frozen=True)
class Change:
    """A neutral structural difference: where, what kind, the value before and after.

    `field` is the readable place inside its operation or schema (`body.tools[].name`);
    `direction` is set by the walk only where it is known locally (inside an operation).
    """

    kind: str
    base_pointer: str | None
    revision_pointer: str | None
    field: str = ""
    before: Any = None
    after: Any = None
    direction: Direction | None = None
    source: str | None = None  # set only where the walk itself knows the source (Python code)


@dataclass(frozen=True)
class Group:
    """What a finding is listed under in a report: an operation, a schema or a Python module."""

    kind: Literal["operation", "schema", "document", "python"]
    label: str

    @property
    def rank(self) -> int:
        return ("operation", "schema", "document", "python").index(self.kind)


@dataclass(frozen=True)
class Finding:
    """A classified change, as every output format shows it."""

    rule: str
    level: Level
    message: str
    group: Group
    base_pointer: str | None
    revision_pointer: str | None
    source: str | None = None
    operations: tuple[str, ...] = ()
    before: Any = None
    after: Any = None

    @property
    def pointer(self) -> str | None:
        """Where to look: in the revision if the thing still exists there, else in the base."""
        return self.revision_pointer if self.revision_pointer is not None else self.base_pointer

    def sort_key(self) -> tuple[int, int, str, str, str, str]:
        return (
            self.level.rank,
            self.group.rank,
            self.group.label,
            self.pointer or "",
            self.rule,
            self.message,
        )


@dataclass(frozen=True)
class Report:
    base_label: str
    revision_label: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    def worst(self) -> Level | None:
        return min((f.level for f in self.findings), key=lambda level: level.rank, default=None)
