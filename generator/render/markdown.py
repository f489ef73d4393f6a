"""Text from input in generated Markdown, made inert for renderers and site generators.

Whatever a page says, the docs show it as text: raw HTML and autolinks are escaped; a link
target with a `javascript:`, `vbscript:` or `data:` scheme is broken so that no renderer follows
it; template tags (`{{ }}`, `{% %}`, `{# #}`) reach Jekyll/Liquid and mkdocs-macros (Jinja)
as text, `{:` no kramdown attribute list: a `{` outside code that `{`, `%`, `#` or `:` follows,
or that ends the text, is written `&#123;`. A code span whose text is not inert as prose (a
template tag: Liquid reads code spans too) is written as `<code>` with its characters as
character references. The docs environment refuses anything else in `{{ }}` (render/files.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.render.python_types import PyType


class SafeMarkdown(str):
    """Markdown text that is inert wherever a template places it."""

    __slots__ = ()


def md_text(text: object) -> SafeMarkdown:
    """Page text (Markdown) as prose: paragraphs and inline formatting kept, nothing active."""
    return _md_text(_text(text))


def md_cell(text: object) -> SafeMarkdown:
    """Page text in a table cell: on one line, its pipes escaped."""
    return _md_cell(_text(text))


def md_code(text: object) -> SafeMarkdown:
    """A code span showing `text` exactly, on one line."""
    return _md_code(_text(text), in_cell=False)


def md_code_cell(text: object) -> SafeMarkdown:
    """A code span in a table cell."""
    return _md_code(_text(text), in_cell=True)


# Pages repeat their texts (the Anthropic tree's 10,157 field descriptions are 2,343), so each
# is made inert once.
@lru_cache(maxsize=8192)
def _md_text(text: str) -> SafeMarkdown:
    return SafeMarkdown(_inside_its_block(_inert(_without_controls(text), in_cell=False)))


@lru_cache(maxsize=8192)
def _md_cell(text: str) -> SafeMarkdown:
    line = " ".join(_without_controls(text).split())
    return SafeMarkdown(_even_backslashes_at_end(_inert(line, in_cell=True)))


@lru_cache(maxsize=8192)
def _md_code(text: str, in_cell: bool) -> SafeMarkdown:
    return SafeMarkdown(_code(_without_controls(text).replace("\n", " "), in_cell))


def first_sentence(text: object) -> str:
    """The first sentence of the first paragraph (still to be placed through md_text)."""
    first = _text(text).strip().split("\n\n", 1)[0]
    match = re.match(r"(.+?\.)(\s|$)", first, re.DOTALL)
    return " ".join((match.group(1) if match else first).split())


_NOT_IN_SLUG = re.compile(r"[^\w\- ]")


def slug(heading: str) -> str:
    """The anchor GitHub (and mkdocs' toc) gives a heading: lower case, code marks and
    punctuation dropped, each space a `-`."""
    return _NOT_IN_SLUG.sub("", heading.strip().lower()).replace(" ", "-")


# -- prose ----------------------------------------------------------------------------------

# Control characters other than tab and line feed (carriage returns included: lines end in
# "\n" in generated files).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# A backslash escape, or a run of backticks (which may open or close a code span).
_ESCAPE_OR_BACKTICKS = re.compile(r"\\.|`+", re.DOTALL)
_BACKTICKS = re.compile(r"`+")
# A blank line (or several): the end of a paragraph, which no code span crosses.
_PARAGRAPH_BREAK = re.compile(r"(\n(?:[ \t]*\n)+)")
# A line ending inside a code span, with the indentation the paragraph drops after it.
_LINE_ENDING = re.compile(r"\n[ \t]*")
# `&` that starts a character reference: escaped, so that no entity spells a scheme or a tag.
_REFERENCE = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# A scheme whose links run code or load content; a zero-width space before its colon makes it
# no scheme at all for a browser's URL parser, and is not seen in prose.
_ACTIVE_SCHEME = re.compile(
    r"(?<![A-Za-z0-9+.\-])(javascript|vbscript|data)(?=\\?:)", re.IGNORECASE
)
_TEMPLATE_TAG = re.compile(r"\{[{%#]")
# What prose or a cell escapes; text without any of these is inert as it is.
_SPECIAL = re.compile(r"[`<>{&|\\:]")
# A `{` that opens a tag or a kramdown attribute list, or might with what follows the text.
_TAG_OPENING = re.compile(r"\{(?=[{%#:]|\Z)")


def _without_controls(text: str) -> str:
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def _inert(text: str, in_cell: bool) -> str:
    if not _SPECIAL.search(text):  # most descriptions: nothing to escape
        return text
    return "".join(
        _code_span(piece, in_cell) if is_code else _prose(piece, in_cell)
        for is_code, piece in _spans(text)
    )


def _spans(text: str) -> list[tuple[bool, str]]:
    """The text cut into prose and code spans, by CommonMark's rule, paragraph by paragraph
    (a code span is inline: it never crosses a blank line, spaces or tabs on it or not)."""
    pieces: list[tuple[bool, str]] = []
    for index, part in enumerate(_PARAGRAPH_BREAK.split(text)):
        found = [(False, part)] if index % 2 else _spans_in_paragraph(part)
        for is_code, piece in found:
            if pieces and not is_code and not pieces[-1][0]:
                pieces[-1] = (False, pieces[-1][1] + piece)  # prose is escaped as one
            elif piece:
                pieces.append((is_code, piece))
    return pieces


def _spans_in_paragraph(text: str) -> list[tuple[bool, str]]:
    """A run of n backticks opens a span closed by the next run of exactly n, across line
    endings; a run with no such match, or one after a backslash, is literal."""
    pieces: list[tuple[bool, str]] = []
    start = position = 0
    while (token := _ESCAPE_OR_BACKTICKS.search(text, position)) is not None:
        position = token.end()
        if token.group().startswith("\\"):
            continue
        closing = next(
            (
                run
                for run in _BACKTICKS.finditer(text, token.end())
                if len(run.group()) == len(token.group())
            ),
            None,
        )
        if closing is None:
            continue
        pieces += [
            (False, text[start : token.start()]),
            (True, text[token.start() : closing.end()]),
        ]
        start = position = closing.end()
    pieces.append((False, text[start:]))
    return [piece for piece in pieces if piece[1]]


def _prose(text: str, in_cell: bool) -> str:
    text = _REFERENCE.sub("&amp;", text)
    text = _TAG_OPENING.sub("&#123;", text.replace("<", "&lt;").replace(">", "&gt;"))
    text = _ACTIVE_SCHEME.sub(r"\1&#8203;", text)
    return text.replace("|", "\\|") if in_cell else text


def _code_span(span: str, in_cell: bool) -> str:
    """A code span of the page's own: as written when its text would be inert as prose too
    (so that it stays inert should a renderer not see a code span there: a table's cells or
    a heading may cut it), else `<code>` with its characters as character references."""
    fence = len(span) - len(span.lstrip("`"))
    content = span[fence:-fence]
    if _prose(content, in_cell=False) != content:
        return _as_entities(_displayed(_LINE_ENDING.sub(" ", content)))
    return span.replace("|", "\\|") if in_cell else span


def _even_backslashes_at_end(text: str) -> str:
    """A cell must not end in a backslash that would escape the template's `|` after it."""
    trailing = len(text) - len(text.rstrip("\\"))
    return text + "\\" if trailing % 2 else text


def _text(value: object) -> str:
    """A value as text: a type as its annotation."""
    if type(value) is str:  # most values: asked before the isinstance tests
        return value
    return value.render() if isinstance(value, PyType) else str(value)


# -- blocks -----------------------------------------------------------------------------------

# What may stand before a block's marker on its line: indentation, quote marks, list markers.
_CONTAINERS = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_QUOTES = re.compile(r"[ \t>]*")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_FENCE = re.compile(r"(`{3,}|~{3,})(.*)$")
# The character references that show a marker's first character as text.
_AS_TEXT = {"#": "&#35;", "=": "&#61;", "-": "&#45;", "`": "&#96;", "~": "&#126;"}


def _inside_its_block(text: str) -> str:
    """Page text that stays inside the block a template gives it: no heading of its own (a
    docs page's headings are its structure and its anchors: a description's `## BetaMessage`
    would take the anchor of the entry below it), and no code fence left open (it would turn
    the rest of the page into code). Their first character is written as a character
    reference, which shows the same; a fence the text closes itself is kept, with what it
    holds."""
    if not any(mark in text for mark in "#=-`~"):
        return text
    lines = text.split("\n")
    closing = _closed_fences(lines)
    index = 0
    while index < len(lines):
        prefix = _CONTAINERS.match(lines[index])
        start = prefix.end() if prefix else 0
        rest = lines[index][start:]
        if index in closing:  # a fenced block the text closes: kept as it is
            index = closing[index] + 1
            continue
        if not (_ATX_HEADING.match(rest) or _FENCE.match(rest)):
            # An underline under a paragraph line (a lone `-` too, which would otherwise be
            # an empty list item): only quote marks may stand before it.
            start = _QUOTES.match(lines[index]).end()  # type: ignore[union-attr]
            rest = lines[index][start:]
            previous = lines[index - 1] if index else ""
            if not (_SETEXT_UNDERLINE.match(rest) and previous.strip(" \t>")):
                index += 1
                continue
        lines[index] = lines[index][:start] + _AS_TEXT[rest[0]] + rest[1:]
        index += 1
    return "\n".join(lines)


def _closed_fences(lines: list[str]) -> dict[int, int]:
    """{line opening a fence: line closing it} for the fences the text closes (CommonMark:
    a run of the same character at least as long, alone on its line)."""
    found: dict[int, int] = {}
    index = 0
    while index < len(lines):
        prefix = _CONTAINERS.match(lines[index])
        opening = _FENCE.match(lines[index][prefix.end() if prefix else 0 :])
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            run = opening.group(1)
            close = next(
                (
                    i
                    for i in range(index + 1, len(lines))
                    if re.fullmatch(rf"[ \t>]*{re.escape(run[0])}{{{len(run)},}}[ \t]*", lines[i])
                ),
                None,
            )
            if close is not None:
                found[index] = close
                index = close + 1
                continue
        index += 1
    return found


# -- code -----------------------------------------------------------------------------------


def _code(content: str, in_cell: bool) -> str:
    """A code span showing `content` as it is: a backtick fence longer than any run inside,
    padded where CommonMark would strip; `<code>` with entities when it holds a template tag."""
    if content and "`" not in content and "{" not in content and content[0] != " ":
        # The usual case: a one-backtick span shows it as it is.
        return "`" + (content.replace("|", "\\|") if in_cell else content) + "`"
    if _TEMPLATE_TAG.search(content) or not content:
        return _as_entities(content)
    fence = "`" * (1 + max((len(run) for run in _BACKTICKS.findall(content)), default=0))
    padded = content
    if (
        content[0] == "`"
        or content[-1] == "`"
        or (content[0] == " " and content[-1] == " " and content.strip(" "))
    ):
        padded = f" {content} "
    span = f"{fence}{padded}{fence}"
    return span.replace("|", "\\|") if in_cell else span


def _displayed(content: str) -> str:
    """What CommonMark shows of a code span's content (its line endings already spaces): one
    space stripped from each end when both ends have one (and it is not all spaces)."""
    if len(content) >= 2 and content[0] == " " and content[-1] == " " and content.strip(" "):
        return content[1:-1]
    return content


def _as_entities(content: str) -> str:
    """`<code>` with every character but letters, digits and spaces as a character reference:
    no renderer or template engine reads anything in it."""
    shown = "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in content)
    return f"<code>{shown}</code>"
