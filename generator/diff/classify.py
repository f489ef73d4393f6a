"""From neutral change records to findings: run the rules, attach operations and sources."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from generator.diff.evidence import Witnesses
from generator.diff.records import (
    Change,
    Direction,
    Finding,
    Group,
    Level,
    OperationKey,
    SchemaPair,
    Side,
)
from generator.diff.rules import rules_for
from generator.diff.usage import Usage
from generator.diff.walk import WalkResult

UNCLASSIFIED = "unclassified-change"  # a change no rule claims: shown, never silently dropped
_NAME_KINDS = frozenset({"schema-added", "schema-removed", "schema-renamed"})


@dataclass(frozen=True)
class Sources:
    """What classification needs to know of the two sides besides the walk: where each place
    came from, and what each side's pages stated."""

    base: Side = field(default_factory=lambda: Side({}, ""))
    revision: Side = field(default_factory=lambda: Side({}, ""))

    def locate(self, change: Change) -> str | None:
        """Where a reviewer should look, in the revision whenever possible (annotations and
        review comments attach to the new files): the thing itself, or for what was removed
        the nearest place that still exists; only else the base's place."""
        if change.source:
            return change.source
        at = change.revision_pointer or change.base_pointer
        found = self.revision.locate(at) if at is not None else None
        if found is None and change.base_pointer is not None:
            found = self.base.locate(change.base_pointer)
        return found

    def unproven(self, change: Change) -> str | None:
        return Witnesses(self.base.source_map, self.revision.source_map).unproven(change)


def classify(result: WalkResult, usage: Usage, sources: Sources) -> list[Finding]:
    findings: list[Finding] = []
    for key, changes in result.operation_changes.items():
        group = Group("operation", key.label)
        for change in changes:
            findings.extend(classify_change(change, group, (key.label,), sources))
    for pair, changes in result.schema_changes.items():
        if pair in result.composed and pair not in usage:
            # Only used as a piece of composites compared merged: their findings say it all.
            changes = [c for c in changes if c.kind in _NAME_KINDS]
        findings.extend(_classify_schema_changes(pair, changes, usage, sources))
    return merge_duplicates(findings)


def _classify_schema_changes(
    pair: SchemaPair, changes: Sequence[Change], usage: Usage, sources: Sources
) -> list[Finding]:
    """A schema change is judged once per direction its schema is used in (None: unused)."""
    group = Group("schema", pair.label)
    users = usage.get(pair, {})
    findings: list[Finding] = []
    directions: list[Direction | None] = [*sorted(users)] or [None]
    for change in changes:
        for direction in directions:
            operations = _labels(users.get(direction, set())) if direction else ()
            directed = replace(change, direction=direction)
            findings.extend(classify_change(directed, group, operations, sources))
    return findings


def _labels(operations: Iterable[OperationKey]) -> tuple[str, ...]:
    return tuple(sorted(operation.label for operation in operations))


def classify_change(
    change: Change, group: Group, operations: Sequence[str], sources: Sources
) -> list[Finding]:
    findings = []
    for rule in rules_for(change):
        message = rule.check(change)
        if message is not None:
            findings.append(
                _finding(rule.id, rule.level, message, change, group, operations, sources)
            )
    if not findings:
        message = f"{change.kind} at `{change.field}` (no rule classifies this change)"
        findings.append(
            _finding(UNCLASSIFIED, Level.INFO, message, change, group, operations, sources)
        )
    return findings


def _finding(
    rule_id: str,
    level: Level,
    message: str,
    change: Change,
    group: Group,
    operations: Sequence[str],
    sources: Sources,
) -> Finding:
    reason = sources.unproven(change)
    return Finding(
        rule=rule_id,
        level=Level.DOCUMENTATION if reason else level,
        message=message,
        group=group,
        base_pointer=change.base_pointer,
        revision_pointer=change.revision_pointer,
        source=sources.locate(change),
        operations=tuple(operations),
        before=change.before,
        after=change.after,
        reason=reason,
        rule_level=level if reason else None,
    )


def merge_duplicates(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (rule, place, message); the operations of duplicates are united.

    Duplicates arise when a schema is used in both directions and a rule does not depend on
    direction (a renamed schema is one rename, not two).
    """
    merged: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        key = (
            finding.rule,
            finding.level,
            finding.group,
            finding.base_pointer,
            finding.revision_pointer,
            finding.message,
        )
        known = merged.get(key)
        if known is None:
            merged[key] = finding
        else:
            operations = tuple(sorted(set(known.operations) | set(finding.operations)))
            merged[key] = replace(known, operations=operations)
    return sorted(merged.values(), key=Finding.sort_key)


def classify_python(changes: Iterable[Change]) -> list[Finding]:
    """Findings on the generated package, grouped by module (`module:qualified.name`)."""
    findings: list[Finding] = []
    for change in changes:
        place = change.revision_pointer or change.base_pointer or ""
        group = Group("python", place.split(":", 1)[0])
        findings.extend(classify_change(change, group, (), Sources()))
    return merge_duplicates(findings)
