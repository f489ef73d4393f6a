"""Plain text for a terminal: a summary line, then sections by level, grouped by place."""

from generator.diff.records import Report
from generator.diff.render.grouping import (
    SECTION_TITLES,
    Entry,
    affected,
    group_title,
    places_phrase,
    sections,
    summary_line,
)


def render_text(report: Report) -> str:
    lines = [f"{report.base_label} → {report.revision_label}", summary_line(report)]
    for section in sections(report):
        lines += ["", f"{SECTION_TITLES[section.level].upper()} ({section.size:,})"]
        for block in section.blocks:
            lines.append(f"  {group_title(block.group)}")
            for entry in block.entries:
                lines += _entry_lines(entry)
    return "\n".join(lines) + "\n"


def _entry_lines(entry: Entry) -> list[str]:
    finding = entry.finding
    lines = [f"    [{finding.rule}] {finding.message}"]
    if finding.reason:
        lines.append(f"      documentation change: {finding.reason}")
    where = finding.pointer or ""
    if finding.source:
        where = f"{finding.source}  {where}".rstrip()
    if where:
        lines.append(f"      at {where}" + (" (first of them)" if entry.count > 1 else ""))
    listed = affected(entry)
    if listed:
        heading = places_phrase(entry) or "affects"
        lines.append(f"      {heading}: {', '.join(listed)}")
    return lines
