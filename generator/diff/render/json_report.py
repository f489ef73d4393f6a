"""Machine-readable output; the schema is documented in docs/diff.md and versioned by `format`.

One entry per finding (no merging: consumers count and filter for themselves)."""

import json
from typing import Any

from generator.diff.records import Finding, Level, Report

FORMAT_ID = "refgen-diff/2"


def render_json(report: Report) -> str:
    return json.dumps(report_as_json(report), indent=2, ensure_ascii=False, default=str) + "\n"


def report_as_json(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT_ID,
        "base": report.base_label,
        "revision": report.revision_label,
        "summary": {
            "total": len(report.findings),
            **{level.value: report.count(level) for level in Level},
            "ignored": report.ignored,
            "in_baseline": report.known,
            "hidden": report.hidden,
        },
        "changes": [finding_as_json(finding) for finding in report.findings],
    }


def finding_as_json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.identity,
        "rule": finding.rule,
        "level": finding.level.value,
        "rule_level": (finding.rule_level or finding.level).value,
        "reason": finding.reason,
        "message": finding.message,
        "group": {"kind": finding.group.kind, "name": finding.group.label},
        "pointer": finding.pointer,
        "base_pointer": finding.base_pointer,
        "revision_pointer": finding.revision_pointer,
        "source": finding.source,
        "operations": list(finding.operations),
        "before": finding.before,
        "after": finding.after,
    }
