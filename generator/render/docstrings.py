"""The text of generated docstrings: what a method's docstring says, and paragraphs wrapped to
the line length. Only text is made here; escape.docstring makes it code."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from functools import lru_cache

from generator.render.format import LINE_LENGTH

# A paragraph that is not prose keeps its lines: a list, a table, a heading, a quote, code.
_KEEP_MARKS = ("-", "*", "+", ">", "|", "#", "```", "~~~")


def _keeps_lines(line: str) -> bool:
    stripped = line.lstrip()
    number, dot, _ = stripped.partition(".")
    return (
        line.startswith("    ")
        or stripped.startswith(_KEEP_MARKS)
        or (number.isdigit() and bool(dot))
    )


@lru_cache(maxsize=16384)  # the same descriptions recur: 4,100 distinct of 14,700 on the tree
def wrap(text: str, indent: int) -> str:
    """`text` with its prose paragraphs wrapped to fit the line length at `indent` columns
    (with the docstring's quotes); lists, tables, headings, quotes and code keep their lines,
    and a word longer than the line (a URL) stays whole."""
    width = max(LINE_LENGTH - indent - 3, 20)
    if "```" in text or "~~~" in text:  # a code block may hold blank lines: left as it is
        return text.strip()
    lines = [line if line.strip() else "" for line in text.strip().splitlines()]
    blocks = "\n".join(lines).split("\n\n")
    return "\n\n".join(_wrap_block(block, width) for block in blocks if block.strip())


def _wrap_block(block: str, width: int) -> str:
    if "```" in block or "~~~" in block or any(_keeps_lines(line) for line in block.splitlines()):
        return block
    words = block.split()
    line = " ".join(words)
    return line if len(line) <= width else _fill(words, width)


def _fill(words: list[str], width: int) -> str:
    """textwrap.fill(" ".join(words), width, break_long_words=False, break_on_hyphens=False),
    byte for byte, at less than half its cost (each word on the line while it fits; a word longer
    than the line alone on its own): tests/test_docstrings.py compares them."""
    lines: list[str] = []
    line: list[str] = []
    length = -1  # of the line's words joined by spaces, minus the space before the next word
    for word in words:
        if line and length + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, length = [], -1
        line.append(word)
        length += 1 + len(word)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def method_docstring(
    summary: str, description: str, arguments: Iterable[tuple[str, str]], indent: int
) -> str:
    """Summary, the page's description, and `Args:` with every parameter's description, in
    the Google style most tools read; each part wrapped."""
    parts = [wrap(summary, indent)] if summary.strip() else []
    if description.strip() and description.strip() != summary.strip():
        parts.append(wrap(description, indent))
    described = [(name, text) for name, text in arguments if text.strip()]
    if described:
        lines = ["Args:"]
        for name, text in described:
            body = wrap(text, indent + 8).replace("\n", "\n    ")
            lines.append(textwrap.indent(f"{name}: {body}", "    "))
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
