"""The only ways text from input becomes Python source: literal, docstring, comment, identifier.

Every value a `.py` template places must be `SafeCode`: made here, or by the type model
(render/python_types.py), which builds its text from identifiers and literals made here. The code
environment refuses anything else at render time (render/files.py), so a template that forgets
a filter fails instead of writing page text as code. docs/templates.md states the contract.
"""

from __future__ import annotations

import json
import keyword
import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Self

from generator.naming import python_identifier


class SafeCode(str):
    """Python source text that can be pasted into generated code as it is: text from input
    sits in it only inside string literals and comments, which it opens and closes itself."""

    __slots__ = ()


class Identifier(SafeCode):
    """A Python name decided by refgen: ASCII letters, digits and underscores, not starting
    with a digit, not a keyword. Inert in Markdown too."""

    __slots__ = ()

    def __new__(cls, name: str) -> Self:
        if not (name.isascii() and name.isidentifier()) or keyword.iskeyword(name):
            raise ValueError(f"not a Python identifier: {name!r}")
        return super().__new__(cls, name)


def literal(value: object) -> SafeCode:
    """A Python expression equal to a JSON value. A string is written in double quotes with
    every character outside printable ASCII escaped, and quotes and backslashes too: no text
    can end the literal early or hide in it."""
    if value is None or isinstance(value, bool | int):
        return SafeCode(repr(value))
    if isinstance(value, float):
        return SafeCode(repr(value) if math.isfinite(value) else f'float("{value}")')
    if isinstance(value, str):
        return SafeCode(_string_literal(value))
    if isinstance(value, list | tuple):
        return SafeCode("[" + ", ".join(literal(item) for item in value) + "]")
    if isinstance(value, dict):
        items = (f"{literal(str(key))}: {literal(item)}" for key, item in value.items())
        return SafeCode("{" + ", ".join(items) + "}")
    raise TypeError(f"no Python literal for a {type(value).__name__}")


def _string_literal(text: str) -> str:
    if text.isascii() and text.isidentifier():  # a name (most are): nothing to escape in it
        return f'"{text}"'
    # json.dumps escapes quotes, backslashes and control characters the way Python reads
    # them; what it leaves outside printable ASCII gets Python's own escapes (a character
    # beyond the BMP as one \U escape: Python, unlike JSON, does not join surrogate pairs).
    dumped = json.dumps(text, ensure_ascii=False)
    if dumped.isascii() and dumped.isprintable():
        return dumped
    return "".join(c if " " <= c <= "~" else _escape(c) for c in dumped)


def docstring(text: object, indent: int = 0) -> SafeCode:
    """A triple-quoted string holding `text` (stripped), "" when it is blank.

    Backslashes are doubled; quotes are escaped where they could close the string (a run of
    three, or the run at the end); characters that could change how the source reads (control
    characters, line and paragraph separators, bidirectional and other format characters,
    lone surrogates) are written as escapes. Lines after the first are indented by `indent`
    spaces (blank ones stay empty), which docstring tools remove again; when `text` ends with
    a line break, the closing quotes stand on a line of their own."""
    return _docstring(str(text), indent)


@lru_cache(maxsize=8192)  # pages repeat their descriptions: the Anthropic tree's 10,157 are 2,343
def _docstring(text: str, indent: int) -> SafeCode:
    body = text.strip()
    if not body:
        return SafeCode("")
    escaped = _escape_quotes(_escape_invisible(body.replace("\\", "\\\\")))
    if text.rstrip(" \t").endswith("\n"):
        escaped += "\n"
    if indent:
        lines = escaped.split("\n")
        last = len(lines) - 1
        # Blank lines stay empty, except the last: it holds the closing quotes.
        escaped = "\n".join(
            line if index == 0 else " " * indent + line if line or index == last else ""
            for index, line in enumerate(lines)
        )
    return SafeCode(f'"""{escaped}"""')


def comment(text: object) -> SafeCode:
    """`# text` on one line: line breaks and every other invisible character become spaces."""
    shown = "".join(" " if _invisible(c) or c.isspace() else c for c in str(text))
    return SafeCode("# " + " ".join(shown.split()))


def identifier(text: object) -> Identifier:
    """A snake_case identifier for any text (`Fine-tuning job` → fine_tuning_job); names refgen
    decided already are kept as they are."""
    if isinstance(text, Identifier):
        return text
    return Identifier(python_identifier(str(text)))


def dotted(parts: Iterable[Identifier]) -> SafeCode:
    """`a.b.c` from identifiers."""
    return SafeCode(".".join(Identifier(part) for part in parts))


def call_example(
    callee: SafeCode, positional: Iterable[Identifier], keywords: Iterable[Identifier]
) -> SafeCode:
    """How a call reads in the docs: `client.files.retrieve(file_id, purpose=...)`."""
    arguments = [*map(Identifier, positional), *(f"{Identifier(k)}=..." for k in keywords)]
    return SafeCode(f"{callee}({', '.join(arguments)})")


def names_by_key(pairs: Iterable[tuple[str, Identifier]]) -> SafeCode:
    """A dict display of string keys and names: `{ "file_id": file_id, "limit": limit }`
    (how a method passes its arguments on by their wire names)."""
    entries = ", ".join(f"{literal(key)}: {Identifier(name)}" for key, name in pairs)
    return SafeCode(f"{{ {entries} }}")


def field_default(wire_name: str, aliased: bool, defaults_to_none: bool) -> SafeCode:
    """What follows a model field's annotation: ` = Field(alias="type")` when its attribute
    is not its wire name (`default=None, ` inside when it defaults to None), else ` = None`
    when it defaults to None, else nothing."""
    if aliased:
        default = "default=None, " if defaults_to_none else ""
        return SafeCode(f" = Field({default}alias={literal(wire_name)})")
    return SafeCode(" = None" if defaults_to_none else "")


NOTHING = SafeCode("")  # no code at all: what an absent piece places


def declaration(
    name: Identifier, typed: SafeCode, described: SafeCode, default: SafeCode = NOTHING
) -> SafeCode:
    """A model field or TypedDict key declared in a class body 4 columns in, finished:
    `name: typed` (`typed` a type's text, as PyType.render makes it), `default` after it
    (field_default's), and when `described` (a `docstring(text, 4)`) is not empty, that on
    the next line. Made of code made already, which it checks: no text from input can reach
    it unescaped."""
    for part in (typed, described, default):
        if not isinstance(part, SafeCode):
            raise TypeError(f"a declaration is made of code, not {type(part).__name__}")
    line = f"{Identifier(name)}: {typed}{default}"
    return SafeCode(f"{line}\n    {described}" if described else line)


def declarations(members: object) -> SafeCode:
    """The fields (or keys) of a class body declared 4 columns in, a blank line between two:
    each member's finished `declaration` (one value a model where a template placing them
    one by one paid a loop step, a test and a lookup a field: 9,811 on the tree). Refuses
    anything else, a member whose declaration is not code above all."""
    if not isinstance(members, Iterable):
        raise TypeError(f"declarations takes fields or keys, not {type(members).__name__}")
    placed: list[SafeCode] = []
    for member in members:
        declared = getattr(member, "declaration", None)
        if not isinstance(declared, SafeCode):
            raise TypeError(f"declarations takes fields or keys, not {type(member).__name__}")
        placed.append(declared)
    return SafeCode("\n\n".join(f"    {declared}" for declared in placed))


# -- characters ------------------------------------------------------------------------------

_VISIBLE_CONTROLS = frozenset("\n\t")
_PLAIN = frozenset(map(chr, range(0x20, 0x7F))) | _VISIBLE_CONTROLS  # never to escape
_CLOSING_QUOTES = re.compile(r'"{3,}|"+\Z')
_NAMED_ESCAPES = {"\r": "\\r", "\x0b": "\\x0b", "\x0c": "\\x0c"}


def _invisible(character: str) -> bool:
    """Characters that can change how source text reads without being seen: controls, line
    and paragraph separators, format characters (bidirectional overrides among them) and
    surrogates, which cannot even be written as UTF-8."""
    if character.isascii():
        return (character < " " or character == "\x7f") and character not in _VISIBLE_CONTROLS
    return unicodedata.category(character) in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _escape_invisible(text: str) -> str:
    suspects = set(text).difference(_PLAIN)
    table = {ord(c): _escape(c) for c in suspects if _invisible(c)}
    return text.translate(table) if table else text


def _escape(character: str) -> str:
    code = ord(character)
    if character in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[character]
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _escape_quotes(text: str) -> str:
    """Escape each quote of a run of three or more, and of the run that ends the text (it
    would merge with the closing quotes)."""
    if '"' not in text:
        return text
    return _CLOSING_QUOTES.sub(lambda run: '\\"' * len(run.group()), text)
