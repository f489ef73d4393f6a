"""Markdown for a pull-request comment (or a job summary): the summary line, breaking changes
first, documentation changes and info folded away, always under GitHub's size limit.

When the whole report does not fit, the most severe sections keep their full lists and the
least severe give way: a section that does not fit lists as many of its entries as its share
allows (each section after it keeps room for its count per rule), then a visible note and the
count of every change per rule. So breaking changes are cut only when they alone do not fit.
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
    head = [
        f"### API diff: {summary_line(report)}",
        "",
        f"`{report.base_label}` → `{report.revision_label}`",
    ]
    found = list(sections(report))
    # What each section needs at least (its counts per rule), kept free for those after it.
    least = [_size(_section(section, [], shown=0)) for section in found]
    lines = list(head)
    for index, section in enumerate(found):
        budget = limit - _size(lines) - sum(least[index + 1 :]) - 2
        lines += [""] + _fitted(section, budget)
    return "\n".join(lines) + "\n"


def _fitted(section: Section, budget: int) -> list[str]:
    """The section in full if it fits its budget; else as many of its entries as fit, most
    severe sections first, with the count of every change per rule and a note that says so."""
    body = _body(section)
    whole = _section(section, body, shown=None)
    if _size(whole) <= budget:
        return whole
    # The frame with the longest note it can have, so that the entries kept always fit.
    room = budget - _size(_section(section, [], shown=max(section.size, 1)))
    kept: list[str] = []
    for line in body:
        room -= len(line) + 1
        if room < 0:
            break
        kept.append(line)
    shown = sum(1 for line in kept if line.startswith("- "))
    return _section(section, kept, shown=shown)


def _size(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _body(section: Section) -> list[str]:
    """The section's list: new names on a line each, then blocks of entries."""
    body: list[str] = (
        [f"_{SECTION_NOTES[section.level]}_"] if section.level in SECTION_NOTES else []
    )
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
    return body


def _section(section: Section, body: list[str], shown: int | None) -> list[str]:
    """A section's lines: its title, then the body; `shown` is None for the whole list, else
    the number of entries the body holds of a list too long for the comment, which is then
    followed by a note and the count of every change per rule."""
    title = f"{SECTION_TITLES[section.level]} ({section.size:,})"
    if shown is not None:
        listed = f"the first {shown:,} entries are listed" if shown else "they are only counted"
        note = (
            f"_Not all of them fit in a comment: {listed}; the table counts every change; {RERUN}._"
        )
        body = [*body, "", note, "", *_counts(section)]
    if section.level in FOLDED_LEVELS:
        # Long on real histories, and not (provably) breaking anyone's code: folded by default.
        return [f"<details><summary>{title}</summary>", "", *body, "", "</details>"]
    return [f"#### {title}", *body]


def _counts(section: Section) -> list[str]:
    counts = Counter(
        entry.finding.rule
        for block in section.blocks
        for entry in block.entries
        for _ in entry.places
    )
    return [
        "| rule | changes |",
        "| --- | ---: |",
        *(f"| `{rule}` | {count:,} |" for rule, count in sorted(counts.items())),
    ]


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


def _code(title: str) -> str:
    """`schema Foo` → schema `Foo`; `POST /x` → `POST /x`."""
    for prefix in ("schema ", "Python module "):
        if title.startswith(prefix):
            return f"{prefix}`{title[len(prefix) :]}`"
    if title == group_title(None):
        return title.capitalize()
    return f"`{title}`"


def _escape(text: str) -> str:
    """Keep `<`/`>` of names like `Foo<type="x">` from being read as HTML outside code spans."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # even parts are outside code spans
        parts[index] = parts[index].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)
