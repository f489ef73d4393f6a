"""Where each part of a document came from, and which of its facts the pages did not state:
a side table kept beside the document while it is built, never inside it.

While the document is being built its nodes have no stable address (a schema is built before
anyone knows under which name, or whether at all, it will stand in the document), so the
table is keyed by the node objects themselves. Once the document is whole, `export` walks it
and turns the table into JSON pointers: the `locations` and `evidence` of the source map
(sourcemap.py, docs/sourcemap.md).

Evidence is recorded only for facts the pages did not state; a fact with no entry was
stated (or, where the tree's format cannot state it at all, is silent: see
generator/pages/era.py). The facts and how they were decided:

- facts: `nullable`, `required`, `type` (integer or number), `enum`, `body` (an
  operation's request body), `schema` (an object's fields);
- how: `silent` (the page does not say; the value is refgen's default), `inferred:<rule>`
  (an inference rule decided), `example` (taken from an example).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.diagnostics import Location
from generator.spec.refs import LEAF_TYPES

Fact = Literal["nullable", "required", "type", "format", "enum", "body", "schema"]
FACTS: tuple[Fact, ...] = ("nullable", "required", "type", "format", "enum", "body", "schema")
SILENT = "silent"
EXAMPLE = "example"


def inferred(rule: str) -> str:
    """How a fact decided by the inference rule named `rule` is recorded."""
    return f"inferred:{rule}"


@dataclass(slots=True)
class _Entry:
    node: object  # held so that its id is never reused while the table lives
    location: Location | None = None
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Exported:
    """The table by JSON pointer: {pointer: "file:line:col"} and {pointer: {fact: how}}."""

    locations: dict[str, str]
    evidence: dict[str, dict[str, str]]


class Provenance:
    """Locations and evidence of the nodes (dicts) of a document being built, and the
    conventions of the tree they are read from: which facts its pages can state at all
    (generator/pages/era.py; the inference rules leave alone what the pages can state)."""

    def __init__(self, conventions: Mapping[str, bool] | None = None) -> None:
        self._entries: dict[int, _Entry] = {}
        self.conventions: dict[str, bool] = dict(conventions or {})

    def can_state(self, fact: Fact) -> bool:
        """Whether the tree's pages can state `fact` (unknown: assume they cannot)."""
        return self.conventions.get(fact, False)

    def _entry(self, node: object) -> _Entry:
        found = self._entries.get(id(node))
        if found is None:
            found = self._entries[id(node)] = _Entry(node)
        return found

    def locate(self, node: dict[str, Any], location: Location) -> dict[str, Any]:
        """Record where `node` was read; returns it, so that a builder can say
        `return provenance.locate({...}, location)`."""
        self._entry(node).location = location
        return node

    def location(self, node: object) -> Location | None:
        found = self._entries.get(id(node))
        return found.location if found is not None else None

    def note(self, node: dict[str, Any], fact: Fact, how: str) -> None:
        """Record that `fact` of `node` was not stated by the page, and how it was decided."""
        self._entry(node).evidence[fact] = how

    def evidence(self, node: object) -> Mapping[str, str]:
        found = self._entries.get(id(node))
        return found.evidence if found is not None else {}

    def forget(self, node: object, fact: Fact) -> None:
        """The fact is stated after all (a later, better source said it)."""
        found = self._entries.get(id(node))
        if found is not None:
            found.evidence.pop(fact, None)

    def move(self, old: object, new: dict[str, Any]) -> None:
        """`new` replaces `old` in the document: it takes over what is known of `old`."""
        found = self._entries.pop(id(old), None)
        if found is not None:
            self._entries[id(new)] = _Entry(new, found.location, found.evidence)

    def export(self, document: Any, file_name: Callable[[str], str] = str) -> Exported:
        """The table by JSON pointer, for every place of `document` where a known node stands
        (a node that stands in two places is reported at both). `file_name` turns the file of
        a location into the name the source map uses."""
        locations: dict[str, str] = {}
        evidence: dict[str, dict[str, str]] = {}
        shown = _LocationText(file_name)
        for pointer, found in _known_nodes(document, self._entries):
            if found.location is not None:
                locations[pointer] = shown(found.location)
            if found.evidence:
                evidence[pointer] = dict(sorted(found.evidence.items()))
        return Exported(dict(sorted(locations.items())), dict(sorted(evidence.items())))


class _LocationText:
    """Locations as the source map writes them, each file named by `file_name`. Each text is
    made once per location: nodes read from one declaration share its location object (the
    2026-08-22 tree: 17,725 located nodes, 7,230 locations)."""

    def __init__(self, file_name: Callable[[str], str]) -> None:
        self.file_name = file_name
        # By id: the entries of the table hold their locations while the export runs.
        self.texts: dict[int, str] = {}

    def __call__(self, location: Location) -> str:
        text = self.texts.get(id(location))
        if text is None:
            name = self.file_name(location.file)
            shown = location if name == location.file else replace(location, file=name)
            text = self.texts[id(location)] = str(shown)
        return text


def _known_nodes(document: Any, entries: dict[int, _Entry]) -> list[tuple[str, _Entry]]:
    """(JSON pointer, entry) for every dict of the document the table knows, iteratively:
    documents nest deeper than Python's recursion limit allows."""
    # Walked once per build over the whole document (27,000 dicts for the 2026-08-22 tree):
    # exact types first, as in refs.walk_schemas, only the containers are stacked (most
    # values are strings), so no pointer is made for a value that cannot be a node, and a
    # key is escaped only when it holds `~` or `/` (the entry holds its node: ids are unique).
    found: list[tuple[str, _Entry]] = []
    stack: list[tuple[str, Any]] = [("", document)] if _is_container(document) else []
    push, pop, keep, known = stack.append, stack.pop, found.append, entries.get
    while stack:
        pointer, value = pop()
        children: Any
        if type(value) is dict or (type(value) is not list and isinstance(value, dict)):
            entry = known(id(value))
            if entry is not None:
                keep((pointer, entry))
            children = value.items()
        else:
            children = enumerate(value)
        for key, child in children:
            kind = type(child)
            if kind is dict or kind is list or (kind not in LEAF_TYPES and _is_container(child)):
                if type(key) is str and "~" not in key and "/" not in key:
                    push((f"{pointer}/{key}", child))
                else:
                    push((f"{pointer}/{escape(str(key))}", child))
    return found


def _is_container(value: Any) -> bool:
    return isinstance(value, dict | list)


def escape(key: str) -> str:
    """One reference token of a JSON pointer (RFC 6901)."""
    return key.replace("~", "~0").replace("/", "~1")
