"""SARIF 2.1.0, the format code-scanning dashboards (GitHub's among them) read.

One result per finding, at its source line; `partialFingerprints` carry the finding's identity
(the one baselines use), so a dashboard tracks a change across runs even when lines move.
Levels: breaking → error, warning → warning, documentation and info → note (the refgen level
and, for documentation changes, the reason are in the result's properties).
"""

import json
from typing import Any
from urllib.parse import quote

from generator import __version__
from generator.diff.classify import UNCLASSIFIED
from generator.diff.records import Finding, Level, Report
from generator.diff.render.grouping import source_parts
from generator.diff.rules import REGISTRY

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {
    Level.BREAKING: "error",
    Level.WARNING: "warning",
    Level.DOCUMENTATION: "note",
    Level.INFO: "note",
}
FINGERPRINT = "refgenDiffFinding/v1"


def render_sarif(report: Report) -> str:
    rule_ids = sorted({finding.rule for finding in report.findings})
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "refgen diff",
                        "version": __version__,
                        "rules": [_rule(rule_id) for rule_id in rule_ids],
                    }
                },
                "results": [
                    _result(finding, rule_ids.index(finding.rule)) for finding in report.findings
                ],
                "properties": {"base": report.base_label, "revision": report.revision_label},
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False, default=str) + "\n"


def _rule(rule_id: str) -> dict[str, Any]:
    rule = REGISTRY.get(rule_id)  # None: UNCLASSIFIED, a change no rule claims
    meaning = rule.meaning if rule else f"{UNCLASSIFIED}: a change that no rule classifies."
    level = rule.level if rule else Level.INFO
    return {
        "id": rule_id,
        "shortDescription": {"text": meaning},
        "defaultConfiguration": {"level": LEVELS[level]},
        "properties": {"refgenLevel": level.value},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.level],
        "message": {
            "text": f"{finding.group.label}: {finding.message}"
            + (f" (documentation change: {finding.reason})" if finding.reason else "")
        },
        "partialFingerprints": {FINGERPRINT: finding.identity},
        "properties": {
            "refgenLevel": finding.level.value,
            "ruleLevel": (finding.rule_level or finding.level).value,
            "group": {"kind": finding.group.kind, "name": finding.group.label},
            "pointer": finding.pointer,
            "operations": list(finding.operations),
        },
    }
    if finding.reason:
        result["properties"]["reason"] = finding.reason
    location = _location(finding)
    if location is not None:
        result["locations"] = [location]
    return result


def _location(finding: Finding) -> dict[str, Any] | None:
    if not finding.source:
        return None
    file, line, column = source_parts(finding.source)
    artifact = {"artifactLocation": {"uri": quote(file)}}
    if line is None:
        return {"physicalLocation": artifact}
    region = {"startLine": max(1, line)}
    if column:
        region["startColumn"] = max(1, column)
    return {"physicalLocation": {**artifact, "region": region}}
