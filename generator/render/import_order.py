"""The order ruff's fixes give imports (isort, I001) and `__all__` (RUF022), so that the
renderer writes them that way and the pipeline runs `ruff format` alone (docs/performance.md).

The rules are ruff's defaults, which generated code is checked with: sections future,
standard library, third party, local (relative imports, the furthest first); within a
section `import x` before `from x import ...`, modules by name; the names of a `from`
import constants first, then classes, then the rest, case-insensitively; numbers compared
as numbers. `__all__` is sorted the same way by casing, but case-sensitively."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import lru_cache
from itertools import groupby

# ruff's (and black's) default, at which render/format.py formats too: where a `from` import
# is wrapped. Defined here, not there: this module is imported by `refgen parse`, which must
# not import format.py's loader (and Jinja with it).
LINE_LENGTH = 88
_DIGITS = frozenset("0123456789")
# The keys below are asked of the same few thousand names in every module of a package (the
# 2026-08-22 tree: 14,600 keys a run for some 2,000 distinct names): each is made once.
_KEYS_KEPT = 8192


def _natural(text: str) -> tuple[str | int, ...]:
    """`text` with its runs of ASCII digits as numbers ("v2" before "v10"); text and numbers
    alternate from the start, so two keys only ever compare text with text and numbers with
    numbers."""
    if _DIGITS.isdisjoint(text):  # most names: one run of text (asked in C)
        return (text,) if text else ()
    parts = ["".join(run) for _, run in groupby(text, _is_digit)]
    if parts and _is_digit(parts[0][0]):
        parts.insert(0, "")
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def _is_digit(character: str) -> bool:
    return "0" <= character <= "9"


def _casing(name: str) -> int:
    """0 for a CONSTANT, 1 for a Class, 2 for anything else."""
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if name[:1].isupper() else 2


@lru_cache(maxsize=_KEYS_KEPT)
def dunder_all_key(name: str) -> tuple[object, ...]:
    """The order RUF022 gives the names of `__all__`."""
    return (_casing(name), _natural(name))


@lru_cache(maxsize=_KEYS_KEPT)
def member_key(name: str) -> tuple[object, ...]:
    """The order isort gives the names a `from` import brings in."""
    return (_casing(name), _natural(name.lower()), _natural(name))


def _section(source: str) -> int:
    if source == "__future__":
        return 0
    if source.startswith("."):
        return 3
    return 1 if source.partition(".")[0] in sys.stdlib_module_names else 2


@lru_cache(maxsize=_KEYS_KEPT)
def module_key(source: str) -> tuple[object, ...]:
    """Relative modules the furthest first, then by name."""
    bare = source.lstrip(".")
    return (-(len(source) - len(bare)), _natural(bare.lower()), _natural(bare))


def ordered_imports(
    modules: Iterable[str],
    names: dict[str, set[str]],
    aliased: Iterable[tuple[str, str, str]] = (),
) -> str:
    """`import module` for each of `modules`, `from source import name, ...` for each entry
    of `names` and `from source import name as alias` for each of `aliased` (a statement
    of its own, as ruff keeps it), as ruff's isort writes them: sections apart by a blank
    line, a `from` line longer than LINE_LENGTH wrapped one name a line."""
    sections: dict[int, list[str]] = {}
    for source in sorted(modules, key=module_key):
        sections.setdefault(_section(source), []).append(f"import {source}")
    statements = [(source, sorted(found, key=member_key), "") for source, found in names.items()]
    statements += [(source, [name], alias) for source, name, alias in aliased]
    for source, members, alias in sorted(statements, key=_statement_key):
        shown = [f"{members[0]} as {alias}"] if alias else members
        sections.setdefault(_section(source), []).append(from_import(source, shown))
    return "\n\n".join("\n".join(sections[s]) for s in sorted(sections))


def _statement_key(statement: tuple[str, list[str], str]) -> tuple[object, ...]:
    """`from` statements by module, then by their first name, then unaliased first."""
    source, members, alias = statement
    return (module_key(source), member_key(members[0]), bool(alias), _natural(alias))


def from_import(source: str, names: list[str], indent: int = 0) -> str:
    """`from source import names`, wrapped one name a line when, `indent` columns in, it
    is longer than LINE_LENGTH (the names in the order given)."""
    line = f"from {source} import {', '.join(names)}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    inner = " " * (indent + 4)
    return (
        f"from {source} import (\n"
        + "".join(f"{inner}{name},\n" for name in names)
        + " " * indent
        + ")"
    )
