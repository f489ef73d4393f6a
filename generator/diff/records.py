"""The values that flow through the diff: neutral change records in, classified findings out.

The structural walk only says *what* differs (a `Change`); the rules say what it *means* for
the people who use the client (a `Finding`). Keeping the two apart is what lets every rule be a
small pure function with a fixture of its own.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from generator.spec import pointer
from generator.spec.sourcemap import SourceMap, locate

Direction = Literal["request", "response"]
"""Who produces the data: the client sends a request, the client receives a response."""


class Level(str, Enum):
    """How much a change matters to users of the API. DOCUMENTATION is a class of its own:
    a change in a fact that one side's pages did not state (generator/diff/evidence.py), so
    it may be no change of the API at all; never breaking, listed with its reason."""

    BREAKING = "breaking"
    WARNING = "warning"
    DOCUMENTATION = "documentation"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: breaking changes first."""
        return _LEVEL_RANK[self]

    def at_least(self, threshold: "Level") -> bool:
        return self.rank <= threshold.rank


_LEVEL_RANK = {Level.BREAKING: 0, Level.WARNING: 1, Level.DOCUMENTATION: 2, Level.INFO: 3}


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the document and a name for it; `source_map` is the
    docs' (pages, evidence), `lines` the document's own node lines for what it does not cover."""

    document: dict[str, Any]
    label: str
    source_map: SourceMap = field(default_factory=SourceMap)
    lines: Mapping[str, int] = field(default_factory=dict)

    def locate(self, at: str) -> str | None:
        """`file:line` of a JSON pointer: the page it came from, else the document's line."""
        mapped = locate(self.source_map, at)
        if mapped is not None:
            return mapped
        for candidate in pointer.parents(at):
            line = self.lines.get(candidate)
            if line is not None:
                return f"{self.label}:{line}"
        return None


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
    reason: str | None = None  # why a documentation change is not proven by both sides
    rule_level: Level | None = None  # the rule's level, where the evidence lowered it

    @property
    def identity(self) -> str:
        """What makes a finding the same one in a later run (baselines, SARIF fingerprints):
        its rule, place and values; not its level, wording, source line or the operations
        it reaches, which change when unrelated parts of the document do."""
        key = [
            self.rule,
            self.group.kind,
            self.group.label,
            self.base_pointer,
            self.revision_pointer,
            self.before,
            self.after,
        ]
        text = json.dumps(key, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]

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
    ignored: int = 0  # findings the team's settings ignore (or whose rule is off)
    known: int = 0  # findings in the baseline: counted, not shown
    hidden: int = 0  # findings below --min-level: counted, not shown

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    def worst(self) -> Level | None:
        return min((f.level for f in self.findings), key=lambda level: level.rank, default=None)
