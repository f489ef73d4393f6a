"""What the human-readable formats share: entries (identical changes merged), sections by
level, blocks by operation or schema, and the short phrases for counts and places."""

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from generator.diff.records import Finding, Group, Level, Report

SOURCE = re.compile(r"^(.*?):(\d+)(?::(\d+))?$")  # file:line or file:line:column
SECTION_TITLES = {
    Level.BREAKING: "Breaking changes",
    Level.WARNING: "Warnings",
    Level.DOCUMENTATION: "Documentation changes",
    Level.INFO: "Info",
}
# Rules whose findings say no more than the name of a new thing: never merged (the name is the
# news), and listed together on one line in markdown.
NAME_ONLY_RULES = {"schema-added": "New schemas", "operation-added": "New operations"}
SECTION_NOTES = {
    Level.DOCUMENTATION: "Differences in facts one side's pages do not state (a default, an "
    "inference, an example, or an older format): maybe no API change; "
    "each says why.",
}


@dataclass(frozen=True)
class Entry:
    """One change as a reader sees it: identical changes in several places (the same status
    added to 142 operations) are one entry with every place."""

    finding: Finding  # the first occurrence, whose place and source are shown
    places: tuple[Finding, ...]  # every occurrence, the first included

    @property
    def count(self) -> int:
        return len(self.places)

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(finding.group for finding in self.places)

    @property
    def operations(self) -> tuple[str, ...]:
        """The operations the change reaches, in all its places."""
        return tuple(sorted({op for finding in self.places for op in finding.operations}))


@dataclass(frozen=True)
class Block:
    """Entries listed under one operation or schema; `group` None: entries in several."""

    group: Group | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Section:
    level: Level
    blocks: tuple[Block, ...]

    @property
    def size(self) -> int:
        """Changes in the section, each place of a merged entry counted."""
        return sum(entry.count for block in self.blocks for entry in block.entries)


def entries(findings: Iterable[Finding]) -> list[Entry]:
    """Findings merged where they say the same thing about different places, in report order."""
    merged: dict[tuple[object, ...], list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        merged.setdefault(_sameness(finding), []).append(finding)
    return [Entry(places[0], tuple(places)) for places in merged.values()]


def _sameness(finding: Finding) -> tuple[object, ...]:
    values = json.dumps([finding.before, finding.after], sort_keys=True, default=str)
    place = finding.group.label if finding.rule in NAME_ONLY_RULES else ""
    return (
        finding.level,
        finding.rule,
        finding.group.kind,
        finding.message,
        finding.reason,
        values,
        place,
    )


def sections(report: Report) -> Iterator[Section]:
    """Non-empty sections, breaking first. In each, the entries found in several places come
    first, then blocks in group order (operations, then schemas)."""
    for level in Level:
        found = entries(f for f in report.findings if f.level is level)
        if not found:
            continue
        several = tuple(entry for entry in found if entry.count > 1)
        single = [entry for entry in found if entry.count == 1]
        blocks = [Block(None, several)] if several else []
        blocks += [
            Block(group, tuple(items))
            for group, items in groupby(single, key=lambda entry: entry.finding.group)
        ]
        yield Section(level, tuple(blocks))


def summary_line(report: Report) -> str:
    """`2 breaking changes, 0 warnings, 160 documentation changes, 9 info (not shown: ...).`"""
    if not report.findings and not (report.ignored or report.known or report.hidden):
        return "No changes."
    counts = [
        _count(report.count(Level.BREAKING), "breaking change", "breaking changes"),
        _count(report.count(Level.WARNING), "warning", "warnings"),
    ]
    documentation = report.count(Level.DOCUMENTATION)
    if documentation:
        counts.append(_count(documentation, "documentation change", "documentation changes"))
    counts.append(_count(report.count(Level.INFO), "info", "info"))
    set_aside = [
        f"{number:,} {text}"
        for number, text in (
            (report.ignored, "ignored by the team's settings"),
            (report.known, "in the baseline"),
            (report.hidden, "below --min-level"),
        )
        if number
    ]
    hidden = f" (not shown: {', '.join(set_aside)})" if set_aside else ""
    return ", ".join(counts) + hidden + "."


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number:,} {singular if number == 1 else plural}"


def group_title(group: Group | None) -> str:
    if group is None:
        return "in several places"
    if group.kind == "schema":
        return f"schema {group.label}"
    if group.kind == "python":
        return f"Python module {group.label}"
    return group.label


def places_phrase(entry: Entry) -> str | None:
    """`in 142 operations` for an entry found in several places; None for one place."""
    if entry.count == 1:
        return None
    kinds = {group.kind for group in entry.groups}
    noun = {"operation": "operations", "schema": "schemas", "python": "modules"}.get(
        kinds.pop() if len(kinds) == 1 else "", "places"
    )
    return f"in {entry.count:,} {noun}"


def affected(entry: Entry) -> Sequence[str]:
    """The operations to list under an entry: those a schema change reaches; for an operation
    change in several operations, those operations."""
    if entry.count > 1:
        return [group_title(group) for group in entry.groups]
    if entry.finding.group.kind == "schema":
        return entry.operations
    return ()


def source_parts(source: str) -> tuple[str, int | None, int | None]:
    """`pages/a.md:32:6` → ("pages/a.md", 32, 6); a source without a line is a file alone."""
    place = SOURCE.match(source)
    if place is None:
        return source, None, None
    file, line, column = place.groups()
    return file, int(line), int(column) if column else None
