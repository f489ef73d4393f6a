"""Markdown for a pull-request comment: summary line, breaking changes first, info folded away."""

from generator.diff.records import Finding, Level, Report
from generator.diff.render.grouping import (
    SECTION_TITLES,
    Section,
    affected,
    group_title,
    sections,
    summary_line,
)

# GitHub refuses comments over 65,536 characters; keep room for a note and the footer.
MAX_COMMENT_CHARS = 60_000
# Rules whose findings say no more than a name: listed together on one line.
NAME_ONLY_RULES = {"schema-added": "New schemas", "operation-added": "New operations"}


def render_markdown(report: Report, limit: int = MAX_COMMENT_CHARS) -> str:
    lines = [
        f"### API diff: {summary_line(report)}",
        "",
        f"`{report.base_label}` → `{report.revision_label}`",
    ]
    for section in sections(report):
        lines += [""] + _section_lines(section)
    return _within(lines, limit)


def _within(lines: list[str], limit: int) -> str:
    """Cut the report at a line boundary to fit a PR comment, saying how much was left out."""
    text = "\n".join(lines) + "\n"
    if len(text) <= limit:
        return text
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit:
            break
        kept.append(line)
        size += len(line) + 1
    left_out = sum(1 for line in lines[len(kept):] if line.startswith("- "))
    closing = ["", "</details>"] if any(line.startswith("<details>") for line in kept) else []
    note = (f"_… {left_out} more changes not shown (comment size limit): run "
            "`refgen diff --format text` or `--format json` for all._")
    return "\n".join(kept + ["", note] + closing) + "\n"


def _section_lines(section: Section) -> list[str]:
    title = f"{SECTION_TITLES[section.level]} ({section.size})"
    body: list[str] = []
    name_only: dict[str, list[str]] = {rule: [] for rule in NAME_ONLY_RULES}
    for block in section.blocks:
        rule_and_name = _name_only(block.findings)
        if rule_and_name is not None:
            name_only[rule_and_name[0]].append(rule_and_name[1])
            continue
        body += ["", f"**{_code(group_title(block.group))}**", ""]
        body += [_finding_line(finding) for finding in block.findings]
    for rule, names in name_only.items():
        if names:
            listed = ", ".join(f"`{name}`" for name in names)
            body = ["", f"**{NAME_ONLY_RULES[rule]} ({len(names)})**: {listed}"] + body
    if section.level is Level.INFO:
        # Info is long on real histories and changes no one's code: folded by default.
        return [f"<details><summary>{title}</summary>", *body, "", "</details>"]
    return [f"#### {title}", *body]


def _name_only(findings: tuple[Finding, ...]) -> tuple[str, str] | None:
    """(rule, name) when a block is a single finding that only names a new thing."""
    if len(findings) == 1 and findings[0].rule in NAME_ONLY_RULES:
        return findings[0].rule, findings[0].group.label
    return None


def _code(title: str) -> str:
    """`schema Foo` → schema `Foo`; `POST /x` → `POST /x`."""
    if title.startswith("schema "):
        return f"schema `{title[len('schema '):]}`"
    if title.startswith("Python module "):
        return f"Python module `{title[len('Python module '):]}`"
    return f"`{title}`"


def _finding_line(finding: Finding) -> str:
    line = f"- {_escape(finding.message)} <sub>`{finding.rule}`"
    if finding.source:
        line += f" · `{finding.source}`"
    users = affected(finding)
    if users:
        line += f" · {_escape(users)}"
    return line + "</sub>"


def _escape(text: str) -> str:
    """Keep `<`/`>` of names like `Foo<type="x">` from being read as HTML outside code spans."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # even parts are outside code spans
        parts[index] = parts[index].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)
