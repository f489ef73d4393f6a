"""JSONPath (RFC 9535) for overlay targets, through the jsonpath-rfc9535 library.

The library parses and evaluates the whole of RFC 9535 (slices, filters, the function
extensions `length()`, `count()`, `match()`, `search()`, `value()`) and gives each node its
location. What overlays need on top of it is here:

- each node once, in the order RFC 9535 gives: a query may select a node twice
  (`$['a','a']`, or `..` through two routes), but an action updates or removes it once;
- errors as one exception type that says where in the query it went wrong (a column), for
  the overlay to point at its file's line and column;
- a time limit on each regular expression of `match()` and `search()`: an overlay is input,
  and a pattern like `(a|aa)+c` would otherwise backtrack for hours on a long string.

Why this library and not python-jsonpath or our own parser: docs/overlay.md ("JSONPath").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonpath_rfc9535
import regex
from iregexp_check import check as is_iregexp
from jsonpath_rfc9535.function_extensions import Match, Search

# jsonpath-rfc9535 1.x keeps the mapping from I-Regexp (RFC 9485) to the `regex` module's
# syntax in a private module; the version range in pyproject.toml holds it in place, and the
# tests of match() and search() fail if it moves.
from jsonpath_rfc9535.function_extensions._pattern import map_re

Location = tuple[str | int, ...]

# Seconds one regular expression may take on one value. Patterns in overlays test names and
# descriptions: a sound one takes microseconds.
PATTERN_SECONDS = 1.0


class JSONPathError(ValueError):
    """A query that is not valid RFC 9535, or one whose evaluation was stopped. `column`
    counts from 1 in the query; 0 when no one character is to blame."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(f"{message} (column {column})" if column else message)
        self.reason = message
        self.column = column


@dataclass(frozen=True)
class Node:
    value: Any
    location: Location


def find(document: Any, query: str) -> list[Node]:
    """Every node `query` selects, with its location, once each, in RFC 9535 order."""
    try:
        compiled = _ENVIRONMENT.compile(query)
    except jsonpath_rfc9535.JSONPathError as error:
        raise JSONPathError(f"is not a JSONPath query: {_reason(error)}", _column(error)) from None
    unique: dict[Location, Node] = {}
    try:
        for node in compiled.finditer(document):
            unique.setdefault(node.location, Node(node.value, node.location))
    except jsonpath_rfc9535.JSONPathError as error:  # too deep for `..`, a pattern too slow
        raise JSONPathError(f"cannot be evaluated: {_reason(error)}", _column(error)) from None
    return list(unique.values())


def _reason(error: jsonpath_rfc9535.JSONPathError) -> str:
    # str(error) appends ", line 1, column N" with a column counted from 0; the column is
    # given separately, counted from 1 like every other column refgen reports.
    return str(error.args[0]) if error.args else type(error).__name__


def _column(error: jsonpath_rfc9535.JSONPathError) -> int:
    token = error.token
    if token is None or token.index < 0:
        return 0
    return min(token.index, len(token.query)) + 1


class _PatternTooSlow(jsonpath_rfc9535.JSONPathError):
    def __init__(self, pattern: str) -> None:
        super().__init__(
            f"the pattern {pattern!r} took more than {PATTERN_SECONDS:g} s on one value"
        )


class _TimedMatch(Match):
    """`match()`: the whole string matches the I-Regexp pattern (RFC 9535, 2.4.6)."""

    def __call__(self, string: str, pattern: object) -> bool:
        return _matches(regex.fullmatch, 0, string, pattern)


class _TimedSearch(Search):
    """`search()`: some substring matches the I-Regexp pattern (RFC 9535, 2.4.7)."""

    def __call__(self, string: str, pattern: object) -> bool:
        return _matches(regex.search, regex.VERSION1, string, pattern)


def _matches(method: Any, flags: int, string: object, pattern: object) -> bool:
    # As the library's own functions (with their flags): false, never an error, for a pattern
    # that is not I-Regexp or a value that is not a string (RFC 9535); plus the time limit.
    if not isinstance(pattern, str) or not isinstance(string, str) or not is_iregexp(pattern):
        return False
    try:
        return method(map_re(pattern), string, flags, timeout=PATTERN_SECONDS) is not None
    except regex.error:
        return False
    except TimeoutError:
        raise _PatternTooSlow(pattern) from None


class _Environment(jsonpath_rfc9535.JSONPathEnvironment):
    def setup_function_extensions(self) -> None:
        super().setup_function_extensions()
        self.function_extensions["match"] = _TimedMatch()
        self.function_extensions["search"] = _TimedSearch()


_ENVIRONMENT = _Environment()
