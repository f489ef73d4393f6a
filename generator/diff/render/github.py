"""GitHub Actions workflow commands: one annotation per change, on its source line if known."""

import re

from generator.diff.records import Finding, Level, Report

SOURCE = re.compile(r"^(.*?):(\d+)(?::(\d+))?$")  # file:line or file:line:column
COMMANDS = {Level.BREAKING: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def render_github(report: Report) -> str:
    if not report.findings:
        return "::notice title=refgen diff::No API changes\n"
    return "".join(annotation(finding) + "\n" for finding in report.findings)


def annotation(finding: Finding) -> str:
    properties = []
    if finding.source:
        place = SOURCE.match(finding.source)
        file, line, column = place.groups() if place else (finding.source, None, None)
        properties.append(f"file={_property(file)}")
        properties += [f"line={line}"] if line else []
        properties += [f"col={column}"] if column else []
    properties.append(f"title={_property(finding.rule)}")
    message = f"{finding.group.label}: {finding.message}"
    return f"::{COMMANDS[finding.level]} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    # Escaping as the runner's toolkit does (issueCommand's escapeData / escapeProperty).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
