"""Loading an OpenAPI document (YAML or JSON) from a file or text, with line numbers on request.

    load_spec(path, locations=False) -> LoadedSpec(document, label, lines)
    parse_spec(text, label, json_text=False, locations=False) -> LoadedSpec

`lines` maps the JSON pointer of every node to its 1-based line (a mapping entry: the line of
its key), so that findings on plain documents can point at a line. Everything a user can get
wrong is a `RefgenError` at `file:line:column`: unreadable files, syntax errors, a top level
that is no OpenAPI document, nesting deeper than `MAX_DEPTH`, a recursive alias, and aliases
that expand to more than `MAX_ALIAS_EXPANSION` nodes beyond the document's own (a "billion
laughs" file is a few hundred bytes). YAML is read with libyaml; JSON with the json module
(YAML 1.1 would read `1e5` as a string), and its lines, when asked for, from libyaml's composer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location, RefgenError
from generator.spec import pointer

MAX_DEPTH = 200  # levels of nesting; the walks over documents recurse once per level or more
MAX_ALIAS_EXPANSION = 1_000_000  # nodes that aliases add to the document's own
JSON_SUFFIX = ".json"

_Loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class LoadedSpec:
    """A document as read from one file: the value, how to name the file, and node lines."""

    document: dict[str, Any]
    label: str
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, at: str) -> int | None:
        """The line of the nearest node at or above a JSON pointer (None: loaded without)."""
        for candidate in pointer.parents(at):
            line = self.lines.get(candidate)
            if line is not None:
                return line
        return None


def load_spec(path: Path, *, locations: bool = False, label: str | None = None) -> LoadedSpec:
    """The OpenAPI document in a YAML or JSON file (JSON when it ends in .json)."""
    shown = label or path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RefgenError.at(Location(shown), "no such file") from None
    except IsADirectoryError:
        raise RefgenError.at(Location(shown), "is a directory, not an OpenAPI document") from None
    except UnicodeDecodeError:
        raise RefgenError.at(Location(shown), "not UTF-8 text") from None
    except OSError as error:
        raise RefgenError.at(Location(shown), f"cannot read: {error.strerror or error}") from None
    return parse_spec(text, shown, json_text=path.suffix == JSON_SUFFIX, locations=locations)


def parse_spec(text: str, label: str, *, json_text: bool = False,
               locations: bool = False) -> LoadedSpec:
    if json_text:
        document = _parse_json(text, label)
        lines = _node_lines(_compose(text, label)) if locations else {}
    else:
        document, lines = read_yaml(text, label, locations=locations)
    return LoadedSpec(_checked(document, label), label, lines)


def read_yaml(text: str, label: str, *, locations: bool = False) -> tuple[Any, dict[str, int]]:
    """Any YAML text (a settings file too) → its value, and its node lines when asked, with
    the limits above."""
    root = _compose(text, label)
    if root is None:
        return None, {}
    return _Constructor(label).value(root), _node_lines(root) if locations else {}


def _parse_json(text: str, label: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise RefgenError.at(Location(label, error.lineno, error.colno),
                             f"not valid JSON: {error.msg}") from None
    except RecursionError:
        raise RefgenError.at(Location(label), f"nested deeper than {MAX_DEPTH} levels") from None


def _checked(document: Any, label: str) -> dict[str, Any]:
    if not isinstance(document, dict):
        raise RefgenError.at(Location(label, 1),
                             "not an OpenAPI document: the top level is not a mapping")
    if "openapi" not in document and not isinstance(document.get("paths"), dict):
        raise RefgenError.at(Location(label, 1),
                             "not an OpenAPI document: no `openapi` version and no `paths`")
    return document


def _compose(text: str, label: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(label, mark.line + 1, mark.column + 1) if mark else Location(label)
        problem = error.problem or error.context or "invalid syntax"
        raise RefgenError.at(where, f"not valid YAML or JSON: {problem}") from None
    except yaml.YAMLError as error:
        raise RefgenError.at(Location(label), f"not valid YAML or JSON: {error}") from None
    finally:
        loader.dispose()


class _Constructor:
    """Composed YAML nodes → plain values, as PyYAML's safe constructor makes them (an alias
    is the same object again), with the limits above. Values of the JSON kinds are made
    directly, twice as fast as PyYAML's dispatch; other tags (timestamps...) go through it."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.made: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}  # nodes under each collection node, itself included
        self.expanded = 0  # nodes that aliases repeat
        self.open: set[int] = set()  # collection nodes being made: an alias to one is a cycle
        self.scalars = yaml.SafeLoader("")
        self.constructors = {
            "tag:yaml.org,2002:null": lambda node: None,
            "tag:yaml.org,2002:bool": self.scalars.construct_yaml_bool,
            "tag:yaml.org,2002:int": self.scalars.construct_yaml_int,
            "tag:yaml.org,2002:float": self.scalars.construct_yaml_float,
        }

    def value(self, node: yaml.Node, depth: int = 0) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return node.value if node.tag == _STR_TAG else self._scalar(node)
        key = id(node)
        if key in self.made:
            return self._alias(node)
        if depth > MAX_DEPTH:
            raise self._error(node, f"nested deeper than {MAX_DEPTH} levels")
        self.open.add(key)
        try:
            made, size = self._collection(node, depth)
        finally:
            self.open.discard(key)
        self.sizes[key] = size
        return made

    def _collection(self, node: yaml.Node, depth: int) -> tuple[Any, int]:
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            mapping: dict[Any, Any] = {}
            self.made[id(node)] = mapping
            if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
                self._merge(node)
            for key_node, value_node in node.value:
                key = self.value(key_node, depth + 1)
                if not isinstance(key, (str, int, float, bool)) and key is not None:
                    raise self._error(key_node, "a mapping key must be a scalar")
                mapping[key] = self.value(value_node, depth + 1)
            return mapping, 1 + sum(self._size(v) for _, v in node.value)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            sequence: list[Any] = []
            self.made[id(node)] = sequence
            sequence.extend(self.value(item, depth + 1) for item in node.value)
            return sequence, 1 + sum(self._size(item) for item in node.value)
        raise self._error(node, f"unsupported YAML tag {node.tag!r}")

    def _merge(self, node: yaml.MappingNode) -> None:
        """`<<: *base` entries spelled out, as PyYAML does (the merged values are aliases)."""
        try:
            self.scalars.flatten_mapping(node)
        except yaml.constructor.ConstructorError as error:
            raise self._error(node, str(error.problem or error)) from None

    def _alias(self, node: yaml.Node) -> Any:
        if id(node) in self.open:
            raise self._error(node, "a recursive alias (a node that contains itself)")
        self.expanded += self.sizes[id(node)]
        if self.expanded > MAX_ALIAS_EXPANSION:
            raise self._error(node, f"aliases expand to more than {MAX_ALIAS_EXPANSION:,} "
                                    "nodes (an alias bomb?)")
        return self.made[id(node)]

    def _size(self, node: yaml.Node) -> int:
        return self.sizes.get(id(node), 1)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        construct = self.constructors.get(node.tag)
        try:
            return construct(node) if construct else self.scalars.construct_object(node)
        except yaml.constructor.ConstructorError as error:
            raise self._error(node, str(error.problem or error)) from None

    def _error(self, node: yaml.Node, message: str) -> RefgenError:
        mark = node.start_mark
        return RefgenError.at(Location(self.label, mark.line + 1, mark.column + 1), message)


def _node_lines(root: yaml.Node | None) -> dict[str, int]:
    """JSON pointer → line of every node (of a mapping entry: its key's line). Iterative, and
    each collection is listed once: the places an alias repeats it take the alias's line."""
    if root is None:
        return {}
    lines: dict[str, int] = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", root.start_mark.line + 1)]
    while stack:
        node, at, line = stack.pop()
        lines[at] = line
        if isinstance(node, yaml.ScalarNode) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    stack.append((value, pointer.join(at, key.value), key.start_mark.line + 1))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, pointer.join(at, index), item.start_mark.line + 1))
    return lines
