"""The part of JSONPath (RFC 9535) that OpenAPI Overlay targets use, with node locations.

Supported:
- the root `$`; child segments `.name`, `['name']`, `["name"]`, `[0]`, `[-1]`,
  several selectors in one segment `['a', 'b']`;
- wildcards `.*` and `[*]`; descendant segments `..name`, `..*`, `..['name']`;
- filters `[?@.key]` (existence), `[?@.key == 'value']` and `!=`, `<`, `<=`, `>`, `>=`
  against a string, number, `true`, `false` or `null`, combined with `&&`, `||` and `!`,
  with or without parentheses (`[?(@.type == 'object')]`); `@` alone is the node itself.

Slices and function extensions are not; a query using them is rejected with the column of
the first character not understood. Matching nodes are returned with their location (the
list of keys and indexes from the root), in the order RFC 9535 gives, without duplicates.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Location = tuple[str | int, ...]


class JSONPathError(ValueError):
    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.column = column


@dataclass(frozen=True)
class Node:
    value: Any
    location: Location


# -- parsing ----------------------------------------------------------------------------------

_NAME = re.compile(r"[A-Za-z_\u0080-\U0010ffff][\w\u0080-\U0010ffff-]*")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_STRING = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge,
    "<": operator.lt, ">": operator.gt,
}

Selector = Callable[[Any, Location], Iterator[Node]]
Filter = Callable[[Any], bool]


@dataclass(frozen=True)
class Segment:
    selectors: tuple[Selector, ...]
    descendant: bool = False


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0

    def error(self, message: str) -> JSONPathError:
        return JSONPathError(message, self.position + 1)

    def peek(self, count: int = 1) -> str:
        return self.text[self.position : self.position + count]

    def skip_space(self) -> None:
        while self.position < len(self.text) and self.text[self.position] in " \t\n\r":
            self.position += 1

    def expect(self, literal: str) -> None:
        if not self.text.startswith(literal, self.position):
            raise self.error(f"expected {literal!r}")
        self.position += len(literal)

    def query(self) -> list[Segment]:
        self.skip_space()
        self.expect("$")
        segments = self.segments()
        self.skip_space()
        if self.position != len(self.text):
            raise self.error(f"unexpected {self.peek()!r}")
        return segments

    def segments(self) -> list[Segment]:
        segments: list[Segment] = []
        while True:
            self.skip_space()
            if self.peek(2) == "..":
                self.position += 2
                if self.peek() == "[":
                    segments.append(Segment(self.bracket(), descendant=True))
                else:
                    segments.append(Segment((self.dot_member(),), descendant=True))
            elif self.peek() == ".":
                self.position += 1
                segments.append(Segment((self.dot_member(),)))
            elif self.peek() == "[":
                segments.append(Segment(self.bracket()))
            else:
                return segments

    def dot_member(self) -> Selector:
        if self.peek() == "*":
            self.position += 1
            return _wildcard
        match = _NAME.match(self.text, self.position)
        if match is None:
            raise self.error("expected a member name or '*'")
        self.position = match.end()
        return _name(match.group())

    def bracket(self) -> tuple[Selector, ...]:
        self.expect("[")
        selectors = [self.selector()]
        self.skip_space()
        while self.peek() == ",":
            self.position += 1
            selectors.append(self.selector())
            self.skip_space()
        self.expect("]")
        return tuple(selectors)

    def selector(self) -> Selector:
        self.skip_space()
        if self.peek() == "*":
            self.position += 1
            return _wildcard
        if self.peek() == "?":
            self.position += 1
            return _filter(self.logical())
        string = _STRING.match(self.text, self.position)
        if string:
            self.position = string.end()
            return _name(_unquote(string.group()))
        number = re.compile(r"-?\d+").match(self.text, self.position)
        if number:
            self.position = number.end()
            if self.peek() == ":":
                raise self.error("array slices are not supported")
            return _index(int(number.group()))
        raise self.error("expected a name, an index, '*' or a filter")

    # Filters: logical-or, logical-and, unary !, comparison or existence test.

    def logical(self) -> Filter:
        left = self.conjunction()
        self.skip_space()
        while self.peek(2) == "||":
            self.position += 2
            right = self.conjunction()
            left = _either(left, right)
            self.skip_space()
        return left

    def conjunction(self) -> Filter:
        left = self.unary()
        self.skip_space()
        while self.peek(2) == "&&":
            self.position += 2
            right = self.unary()
            left = _both(left, right)
            self.skip_space()
        return left

    def unary(self) -> Filter:
        self.skip_space()
        if self.peek() == "!" and self.peek(2) != "!=":
            self.position += 1
            inner = self.unary()
            return lambda value: not inner(value)
        if self.peek() == "(":
            self.position += 1
            inner = self.logical()
            self.skip_space()
            self.expect(")")
            return inner
        left = self.operand()
        self.skip_space()
        for symbol, compare in _COMPARISONS.items():
            if self.text.startswith(symbol, self.position):
                self.position += len(symbol)
                right = self.operand()
                return _comparison(left, right, compare)
        if left[0] != "path":
            raise self.error("a literal alone is not a test")
        return lambda value: any(True for _ in left[1](value))

    def operand(self) -> tuple[str, Any]:
        self.skip_space()
        if self.peek() == "@":
            self.position += 1
            segments = self.segments()
            return ("path", lambda value: _select(value, (), segments))
        string = _STRING.match(self.text, self.position)
        if string:
            self.position = string.end()
            return ("literal", _unquote(string.group()))
        for word, literal in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.position):
                self.position += len(word)
                return ("literal", literal)
        number = _NUMBER.match(self.text, self.position)
        if number:
            self.position = number.end()
            return ("literal", json.loads(number.group()))
        raise self.error("expected '@', a string, a number, true, false or null")


def _unquote(quoted: str) -> str:
    body = quoted[1:-1]
    if quoted[0] == "'":
        body = body.replace("\\'", "'").replace('"', '\\"')
    return str(json.loads(f'"{body}"'))


# -- selectors --------------------------------------------------------------------------------


def _name(name: str) -> Selector:
    def select(value: Any, location: Location) -> Iterator[Node]:
        if isinstance(value, dict) and name in value:
            yield Node(value[name], (*location, name))

    return select


def _index(index: int) -> Selector:
    def select(value: Any, location: Location) -> Iterator[Node]:
        if isinstance(value, list) and -len(value) <= index < len(value):
            position = index % len(value)
            yield Node(value[position], (*location, position))

    return select


def _wildcard(value: Any, location: Location) -> Iterator[Node]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield Node(item, (*location, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield Node(item, (*location, position))


def _filter(test: Filter) -> Selector:
    def select(value: Any, location: Location) -> Iterator[Node]:
        for child in _wildcard(value, location):
            if test(child.value):
                yield child

    return select


def _either(left: Filter, right: Filter) -> Filter:
    return lambda value: left(value) or right(value)


def _both(left: Filter, right: Filter) -> Filter:
    return lambda value: left(value) and right(value)


def _comparison(
    left: tuple[str, Any], right: tuple[str, Any], compare: Callable[[Any, Any], bool]
) -> Filter:
    def single(operand: tuple[str, Any], value: Any) -> tuple[bool, Any]:
        if operand[0] == "literal":
            return True, operand[1]
        found = list(operand[1](value))
        return (True, found[0].value) if len(found) == 1 else (False, None)

    def test(value: Any) -> bool:
        has_left, left_value = single(left, value)
        has_right, right_value = single(right, value)
        if not (has_left and has_right):
            # A missing value equals only another missing one (RFC 9535, 2.3.5.2.2).
            return compare is operator.ne if has_left != has_right else compare in (
                operator.eq, operator.le, operator.ge)
        try:
            if isinstance(left_value, bool) != isinstance(right_value, bool):
                return compare is operator.ne
            return bool(compare(left_value, right_value))
        except TypeError:  # ordering across types: false, as RFC 9535 says
            return compare is operator.ne

    return test


def _descendants(value: Any, location: Location) -> Iterator[Node]:
    """The node and everything below it, in document order."""
    yield Node(value, location)
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _descendants(item, (*location, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _descendants(item, (*location, position))


def _select(value: Any, location: Location, segments: list[Segment]) -> Iterator[Node]:
    nodes = [Node(value, location)]
    for segment in segments:
        found: list[Node] = []
        for node in nodes:
            sources = _descendants(node.value, node.location) if segment.descendant else [node]
            for source in sources:
                for selector in segment.selectors:
                    found.extend(selector(source.value, source.location))
        nodes = found
    return iter(nodes)


# -- entry points -------------------------------------------------------------------------------


def compile_query(text: str) -> list[Segment]:
    return _Parser(text).query()


def find(document: Any, query: str) -> list[Node]:
    """Every node `query` selects, with its location, once each."""
    segments = compile_query(query)
    unique: dict[Location, Node] = {}
    for node in _select(document, (), segments):
        unique.setdefault(node.location, node)
    return list(unique.values())
