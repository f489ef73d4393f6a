"""The team's review settings: rule levels, accepted findings, and a baseline of known ones.

A settings file the repository commits (default `spec/refgen-diff.yaml`, `--config FILE`):

    levels:                          # rule id → breaking | warning | info | off
      response-enum-value-added: info
    ignore:                          # findings the team has accepted, each with its reason
      - rule: response-property-removed
        at: FilesListResponse        # an operation (`GET /v1/files`), a schema, a module,
                                     # or a JSON pointer (that place and everything under it)
        reason: the cursor fields moved into the page object (API-123)
    baseline: refgen-diff-baseline.json   # relative to this file; --baseline overrides

A baseline (`--write-baseline FILE` writes one, `--baseline FILE` reads it) lists findings by
an identity that does not depend on line numbers or wording; findings in it are counted, not
shown, so a review shows only what is new. Everything here is applied after the evidence: an
unproven change stays a documentation change whatever its rule's level.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.diff.records import Finding, Level, Report
from generator.diff.rules import REGISTRY
from generator.spec import pointer
from generator.yamlio import load_yaml

BASELINE_FORMAT = "refgen-diff-baseline/1"
OFF = "off"
LEVEL_NAMES = (Level.BREAKING.value, Level.WARNING.value, Level.INFO.value, OFF)
_SETTINGS = ("levels", "ignore", "baseline")
_ENTRY_KEYS = ("rule", "at", "reason")


@dataclass(frozen=True)
class Ignore:
    """One accepted finding (or class of findings): a rule at a place, with the reason."""

    rule: str
    at: str
    reason: str
    location: Location  # where the entry is written, for the warning when it matches nothing

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if not self.at.startswith("/"):
            return finding.group.label == self.at
        return any(
            at is not None and _within(at, self.at)
            for at in (finding.base_pointer, finding.revision_pointer)
        )


@dataclass(frozen=True)
class Policy:
    levels: dict[str, Level | None] = field(default_factory=dict)  # None: off
    ignores: tuple[Ignore, ...] = ()
    baseline: frozenset[str] = frozenset()  # finding identities
    baseline_label: str = ""


@dataclass(frozen=True)
class Applied:
    report: Report
    warnings: tuple[Diagnostic, ...] = ()


def apply_policy(report: Report, policy: Policy) -> Applied:
    """The report as the team wants to see it, and warnings about stale settings."""
    kept: list[Finding] = []
    ignored = known = 0
    used: set[Ignore] = set()
    seen: set[str] = set()
    for finding in report.findings:
        leveled = _relevel(finding, policy.levels)
        matched = [entry for entry in policy.ignores if entry.matches(finding)]
        used.update(matched)
        identity = finding.identity
        seen.add(identity)
        if leveled is None or matched:
            ignored += 1
        elif identity in policy.baseline:
            known += 1
        else:
            kept.append(leveled)
    warnings = [
        Diagnostic(
            "warning",
            f"ignore entry for `{entry.rule}` at `{entry.at}` matches no change; remove it",
            entry.location,
        )
        for entry in policy.ignores
        if entry not in used
    ]
    stale = len(policy.baseline - seen)
    if stale:
        warnings.append(
            Diagnostic(
                "warning",
                f"{stale} finding{'s' if stale > 1 else ''} of the baseline no longer "
                "occur; rewrite it with --write-baseline",
                Location(policy.baseline_label),
            )
        )
    findings = tuple(sorted(kept, key=Finding.sort_key))
    return Applied(
        replace(
            report, findings=findings, ignored=report.ignored + ignored, known=report.known + known
        ),
        tuple(warnings),
    )


def _relevel(finding: Finding, levels: dict[str, Level | None]) -> Finding | None:
    """The finding at the team's level for its rule (None: the rule is off). A documentation
    change stays one: only the level it would have had changes."""
    if finding.rule not in levels:
        return finding
    level = levels[finding.rule]
    if level is None:
        return None
    if finding.level is Level.DOCUMENTATION:
        return replace(finding, rule_level=level)
    return replace(finding, level=level)


def _within(at: str, prefix: str) -> bool:
    return at == prefix or at.startswith(prefix.rstrip("/") + "/")


# --- the settings file ------------------------------------------------------------------------


def load_policy(path: Path) -> Policy:
    label = path.as_posix()
    # No aliases: a settings file has no use for them, and each entry should read alone.
    located = load_yaml(_read(path, label), label, locations=True, aliases=False)
    value, lines = ({} if located.value is None else located.value), located.lines
    if not isinstance(value, dict):
        raise RefgenError.at(
            Location(label, 1), f"expected a mapping of settings ({', '.join(_SETTINGS)})"
        )
    where = _Where(label, lines)
    for key in value:
        if key not in _SETTINGS:
            raise where.error(
                f"/{pointer.escape(str(key))}",
                f"unknown setting `{key}`; expected one of: {', '.join(_SETTINGS)}",
            )
    policy = Policy(
        _levels(value.get("levels", {}), where), _ignores(value.get("ignore", []), where)
    )
    baseline = value.get("baseline")
    if baseline is None:
        return policy
    if not isinstance(baseline, str) or not baseline:
        raise where.error("/baseline", "`baseline` must be the path of a baseline file")
    return with_baseline(policy, path.parent / baseline)


def with_baseline(policy: Policy, path: Path) -> Policy:
    label = path.as_posix()
    try:
        value = json.loads(_read(path, label))
    except json.JSONDecodeError as error:
        raise RefgenError.at(
            Location(label, error.lineno, error.colno),
            f"the baseline is not valid JSON: {error.msg}",
        ) from None
    if (
        not isinstance(value, dict)
        or value.get("format") != BASELINE_FORMAT
        or not isinstance(value.get("findings"), list)
    ):
        raise RefgenError.at(
            Location(label, 1),
            f"not a refgen diff baseline (expected "
            f'{{"format": "{BASELINE_FORMAT}", "findings": [...]}})',
        )
    identities = [
        entry.get("id") if isinstance(entry, dict) else None for entry in value["findings"]
    ]
    if not all(isinstance(identity, str) for identity in identities):
        raise RefgenError.at(Location(label), "every baseline finding needs its string `id`")
    return replace(policy, baseline=frozenset(str(i) for i in identities), baseline_label=label)


def render_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file: each finding's identity, with what a reviewer needs to read it."""
    entries = [
        {
            "id": finding.identity,
            "rule": finding.rule,
            "level": finding.level.value,
            "group": finding.group.label,
            "pointer": finding.pointer,
            "message": finding.message,
        }
        for finding in sorted(findings, key=Finding.sort_key)
    ]
    document = {"format": BASELINE_FORMAT, "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class _Where:
    """Lines of the settings file, for errors that point at the entry."""

    label: str
    lines: dict[str, int]

    def location(self, at: str) -> Location:
        return Location(self.label, self.lines.get(at, 0))

    def error(self, at: str, message: str) -> RefgenError:
        return RefgenError.at(self.location(at), message)


def _levels(value: Any, where: _Where) -> dict[str, Level | None]:
    if not isinstance(value, dict):
        raise where.error("/levels", "`levels` maps rule ids to a level")
    levels: dict[str, Level | None] = {}
    for rule, level in value.items():
        at = pointer.join("/levels", str(rule))
        _known_rule(str(rule), at, where)
        if level is False:  # YAML 1.1 reads a bare `off` as false
            level = OFF
        if level not in LEVEL_NAMES:
            raise where.error(at, f"level of `{rule}` must be one of: {', '.join(LEVEL_NAMES)}")
        levels[str(rule)] = None if level == OFF else Level(level)
    return levels


def _ignores(value: Any, where: _Where) -> tuple[Ignore, ...]:
    if not isinstance(value, list):
        raise where.error("/ignore", "`ignore` is a list of {rule, at, reason} entries")
    entries = []
    for index, entry in enumerate(value):
        at = pointer.join("/ignore", index)
        if (
            not isinstance(entry, dict)
            or sorted(entry) != sorted(_ENTRY_KEYS)
            or not all(isinstance(entry[key], str) and entry[key].strip() for key in _ENTRY_KEYS)
        ):
            raise where.error(
                at,
                "an ignore entry has exactly `rule`, `at` and `reason`, "
                "each a non-empty string (the reason is for the next reader)",
            )
        _known_rule(entry["rule"], pointer.join(at, "rule"), where)
        entries.append(
            Ignore(entry["rule"], entry["at"].strip(), entry["reason"].strip(), where.location(at))
        )
    return tuple(entries)


def _known_rule(rule: str, at: str, where: _Where) -> None:
    if rule not in REGISTRY:
        close = difflib.get_close_matches(rule, REGISTRY, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        raise where.error(at, f"unknown rule `{rule}`{hint}; `refgen diff --rules` lists them")


def _read(path: Path, label: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RefgenError.at(Location(label), "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise RefgenError.at(Location(label), f"cannot read: {error}") from None
