"""What the human-readable formats share: sections by level, then one block per operation or
schema, and the short phrases for counts and affected operations."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from generator.diff.records import Finding, Group, Level, Report

SECTION_TITLES = {
    Level.BREAKING: "Breaking changes",
    Level.WARNING: "Warnings",
    Level.INFO: "Info",
}
MAX_LISTED_OPERATIONS = 5


@dataclass(frozen=True)
class Block:
    group: Group
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Section:
    level: Level
    blocks: tuple[Block, ...]

    @property
    def size(self) -> int:
        return sum(len(block.findings) for block in self.blocks)


def sections(report: Report) -> Iterator[Section]:
    """Non-empty sections, breaking first; blocks in group order (operations, then schemas)."""
    for level in Level:
        findings = sorted((f for f in report.findings if f.level is level), key=Finding.sort_key)
        if findings:
            blocks = tuple(
                Block(group, tuple(items))
                for group, items in groupby(findings, key=lambda finding: finding.group)
            )
            yield Section(level, blocks)


def summary_line(report: Report) -> str:
    if not report.findings:
        return "No changes."
    counts = [
        _count(report.count(Level.BREAKING), "breaking change", "breaking changes"),
        _count(report.count(Level.WARNING), "warning", "warnings"),
        _count(report.count(Level.INFO), "info", "info"),
    ]
    return ", ".join(counts) + "."


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def group_title(group: Group) -> str:
    if group.kind == "schema":
        return f"schema {group.label}"
    if group.kind == "python":
        return f"Python module {group.label}"
    return group.label


def affected(finding: Finding) -> str | None:
    """`affects GET /a, POST /b (+3 more)` for findings in a schema; None elsewhere."""
    if finding.group.kind != "schema" or not finding.operations:
        return None
    return "affects " + listing(finding.operations)


def listing(items: Sequence[str]) -> str:
    shown = ", ".join(items[:MAX_LISTED_OPERATIONS])
    rest = len(items) - MAX_LISTED_OPERATIONS
    return shown + (f" (+{rest} more)" if rest > 0 else "")
