"""Plain text for a terminal: a summary line, then sections by level, grouped by place."""

from generator.diff.records import Finding, Report
from generator.diff.render.grouping import (
    SECTION_TITLES,
    affected,
    group_title,
    sections,
    summary_line,
)


def render_text(report: Report) -> str:
    lines = [f"{report.base_label} → {report.revision_label}", summary_line(report)]
    for section in sections(report):
        lines += ["", f"{SECTION_TITLES[section.level].upper()} ({section.size})"]
        for block in section.blocks:
            lines.append(f"  {group_title(block.group)}")
            for finding in block.findings:
                lines += _finding_lines(finding)
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding) -> list[str]:
    lines = [f"    [{finding.rule}] {finding.message}"]
    where = finding.pointer or ""
    if finding.source:
        where = f"{finding.source}  {where}".rstrip()
    if where:
        lines.append(f"      at {where}")
    users = affected(finding)
    if users:
        lines.append(f"      {users}")
    return lines
