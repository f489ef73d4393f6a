"""GitHub Actions workflow commands: annotations on the source lines of the changes.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (and 50 per job);
the rest vanish without a word. So each kind gets at most `PER_KIND` annotations, the most
severe changes first (documentation changes before info among the notices); when a kind has
more, the last of its annotations says how many were not annotated. The whole report goes to
the job summary (`refgen diff --format github` writes it to $GITHUB_STEP_SUMMARY).
"""

from generator.diff.records import Level, Report
from generator.diff.render.grouping import Entry, entries, places_phrase, source_parts

PER_KIND = 10  # GitHub's limit per step for each of error, warning and notice
COMMANDS = {
    Level.BREAKING: "error",
    Level.WARNING: "warning",
    Level.DOCUMENTATION: "notice",
    Level.INFO: "notice",
}
NOUNS = {"error": "breaking changes", "warning": "warnings", "notice": "other changes"}
MAX_LISTED = 5


def render_github(report: Report) -> str:
    if not report.findings:
        return "::notice title=refgen diff::No API changes\n"
    by_kind: dict[str, list[Entry]] = {kind: [] for kind in NOUNS}
    for entry in entries(report.findings):  # in report order: most severe first
        by_kind[COMMANDS[entry.finding.level]].append(entry)
    lines: list[str] = []
    for kind, listed in by_kind.items():
        if len(listed) <= PER_KIND:
            lines += [annotation(entry) for entry in listed]
            continue
        lines += [annotation(entry) for entry in listed[: PER_KIND - 1]]
        rest = listed[PER_KIND - 1 :]
        count = sum(entry.count for entry in rest)
        lines.append(
            f"::{kind} title={_property(f'refgen diff: {count:,} more')}::"
            + _data(
                f"{count:,} more {NOUNS[kind]} are not annotated (GitHub shows "
                f"{PER_KIND} {kind}s per step): see the job summary, or run "
                "`refgen diff --format text`"
            )
        )
    return "".join(line + "\n" for line in lines)


def annotation(entry: Entry) -> str:
    finding = entry.finding
    properties = []
    if finding.source:
        file, line, column = source_parts(finding.source)
        properties.append(f"file={_property(file)}")
        properties += [f"line={line}"] if line else []
        properties += [f"col={column}"] if column else []
    title = (
        finding.rule
        if finding.level is not Level.DOCUMENTATION
        else (f"documentation change ({finding.rule})")
    )
    properties.append(f"title={_property(title)}")
    phrase = places_phrase(entry)
    if phrase is None:
        message = f"{finding.group.label}: {finding.message}"
    else:
        labels = [group.label for group in entry.groups]
        more = f", … (+{len(labels) - MAX_LISTED:,})" if len(labels) > MAX_LISTED else ""
        message = f"{finding.message} ({phrase}: {', '.join(labels[:MAX_LISTED])}{more})"
    if finding.reason:
        message += f" [documentation change, not proven: {finding.reason}]"
    return f"::{COMMANDS[finding.level]} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    # Escaping as the runner's toolkit does (issueCommand's escapeData / escapeProperty).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
