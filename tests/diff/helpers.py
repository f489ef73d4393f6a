"""Projections of findings that the fixture files record (expected.json)."""

from typing import Any

from generator.diff.records import Finding


def spec_view(finding: Finding) -> dict[str, Any]:
    view: dict[str, Any] = {
        "rule": finding.rule,
        "level": finding.level.value,
        "group": finding.group.label,
        "pointer": finding.pointer,
        "message": finding.message,
    }
    if finding.group.kind == "schema":
        view["operations"] = list(finding.operations)
    return view


def python_view(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "level": finding.level.value,
        "group": finding.group.label,
        "pointer": finding.pointer,
        "source": finding.source,
        "message": finding.message,
    }
