"""Markdown for a pull-request comment (or a job summary): the summary line, breaking changes
first, documentation changes and info folded away, always under GitHub's size limit.

When the whole report does not fit, the least severe sections are abridged first (info, then
documentation changes, then warnings) to a count per rule, each with a visible note; breaking
changes are cut only if they alone do not fit, and the note says how many were left out.
"""

from collections import Counter
from collections.abc import Sequence

from generator.diff.records import Level, Report
from generator.diff.render.grouping import (
    NAME_ONLY_RULES,
    SECTION_NOTES,
    SECTION_TITLES,
    Entry,
    Section,
    affected,
    group_title,
    places_phrase,
    sections,
    summary_line,
)

# GitHub refuses comments over 65,536 characters; keep room for the closing notes.
MAX_COMMENT_CHARS = 60_000
MAX_INLINE_NAMES = 5  # longer lists of operations or names are folded in <details>
FOLDED_LEVELS = (Level.DOCUMENTATION, Level.INFO)
RERUN = "run `refgen diff --format text` (or see the job summary) for all of them"


def render_markdown(report: Report, limit: int = MAX_COMMENT_CHARS) -> str:
    head = [f"### API diff: {summary_line(report)}", "",
            f"`{report.base_label}` → `{report.revision_label}`"]
    found = list(sections(report))
    # Least severe first: the order in which sections give up their detail to fit the limit.
    abridgeable = [s for s in reversed(found) if s.level is not Level.BREAKING]
    for abridged in range(len(abridgeable) + 1):
        short = {s.level for s in abridgeable[:abridged]}
        lines = list(head)
        for section in found:
            lines += [""] + (_abridged(section) if section.level in short
                             else _section_lines(section))
        text = "\n".join(lines) + "\n"
        if len(text) <= limit:
            return text
    return _cut(lines, limit)


def _section_lines(section: Section) -> list[str]:
    title = f"{SECTION_TITLES[section.level]} ({section.size:,})"
    body: list[str] = [f"_{SECTION_NOTES[section.level]}_"] if section.level in SECTION_NOTES \
        else []
    names: dict[str, list[str]] = {rule: [] for rule in NAME_ONLY_RULES}
    for block in section.blocks:
        listed = [entry for entry in block.entries if entry.finding.rule not in NAME_ONLY_RULES]
        for entry in block.entries:
            if entry.finding.rule in NAME_ONLY_RULES:
                names[entry.finding.rule].append(entry.finding.group.label)
        if listed:
            body += ["", f"**{_code(group_title(block.group))}**", ""]
            body += [_entry_line(entry) for entry in listed]
    for rule, new in reversed(names.items()):
        if new:
            body = ["", _name_list(f"{NAME_ONLY_RULES[rule]} ({len(new):,})", new)] + body
    return _framed(section.level, title, body)


def _framed(level: Level, title: str, body: list[str]) -> list[str]:
    if level in FOLDED_LEVELS:
        # Long on real histories, and not (provably) breaking anyone's code: folded by default.
        return [f"<details><summary>{title}</summary>", "", *body, "", "</details>"]
    return [f"#### {title}", *body]


def _abridged(section: Section) -> list[str]:
    """A section as counts per rule, when its full list does not fit the comment."""
    counts = Counter(entry.finding.rule for block in section.blocks for entry in block.entries
                     for _ in entry.places)
    body = ["", f"_Only counted here: the full list does not fit in a comment; {RERUN}._", "",
            "| rule | changes |", "| --- | ---: |"]
    body += [f"| `{rule}` | {count:,} |" for rule, count in sorted(counts.items())]
    title = f"{SECTION_TITLES[section.level]} ({section.size:,})"
    return _framed(section.level, title, body)


def _entry_line(entry: Entry) -> str:
    finding = entry.finding
    line = f"- {_escape(finding.message)}"
    if finding.reason:
        line += f" — _{_escape(finding.reason)}_"
    line += f" <sub>`{finding.rule}`"
    if finding.source:
        line += f" · `{finding.source}`" + (" (first)" if entry.count > 1 else "")
    line += "</sub>"
    listed = affected(entry)
    if listed:
        heading = places_phrase(entry) or f"affects {_operations(len(listed))}"
        line += " " + _folded_list(heading, listed)
    return line


def _operations(count: int) -> str:
    return f"{count:,} operation{'s' if count != 1 else ''}"


def _folded_list(heading: str, items: Sequence[str]) -> str:
    """`affects GET /a, POST /b`, or the same folded when the list is long; never cut."""
    shown = ", ".join(f"`{item}`" for item in items)
    if len(items) <= MAX_INLINE_NAMES:
        return f"· {heading}: {shown}"
    return f"<details><summary>{heading}</summary>{shown}</details>"


def _name_list(title: str, names: list[str]) -> str:
    shown = ", ".join(f"`{name}`" for name in names)
    if len(names) <= MAX_INLINE_NAMES:
        return f"**{title}**: {shown}"
    return f"<details><summary><b>{title}</b></summary>\n\n{shown}\n\n</details>"


def _cut(lines: list[str], limit: int) -> str:
    """The last resort, when even the breaking changes do not fit: cut at a line boundary,
    close what is open, and say how many changes were left out."""
    kept: list[str] = []
    size = 0
    for line in lines:
        if size + len(line) + 1 > limit - 400:  # room for the note and closing tags
            break
        kept.append(line)
        size += len(line) + 1
    left_out = sum(1 for line in lines[len(kept):] if line.startswith("- "))
    unclosed = sum(line.count("<details>") - line.count("</details>") for line in kept)
    note = f"_… {left_out:,} more changes not shown (comment size limit): {RERUN}._"
    return "\n".join(kept + ["", note] + ["", "</details>"] * unclosed) + "\n"


def _code(title: str) -> str:
    """`schema Foo` → schema `Foo`; `POST /x` → `POST /x`."""
    for prefix in ("schema ", "Python module "):
        if title.startswith(prefix):
            return f"{prefix}`{title[len(prefix):]}`"
    if title == group_title(None):
        return title.capitalize()
    return f"`{title}`"


def _escape(text: str) -> str:
    """Keep `<`/`>` of names like `Foo<type="x">` from being read as HTML outside code spans."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # even parts are outside code spans
        parts[index] = parts[index].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)
