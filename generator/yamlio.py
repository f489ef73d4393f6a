"""YAML and JSON in and out: fast, bounded, and with line numbers when asked.

Reading
-------
``load_yaml(text, source, *, locations=False, aliases=True)`` and
``load_json(text, source, *, locations=False)`` return the value of one document made of
plain values: mappings, sequences, strings, numbers, booleans and null (plus what PyYAML's safe
loader makes of YAML's own timestamps, binary and merge keys). ``source`` is the name problems
are reported under: anything wrong raises RefgenError at ``source:line``, never a YAML or JSON
exception.

With ``locations=True`` they return ``Located(value, lines)`` instead, where ``lines`` maps
the JSON pointer (RFC 6901; ``""`` is the whole document) of every value to the line (from 1)
where it is written: for a mapping entry the line of its key, for a sequence item the line the
item starts on. A value repeated through a YAML alias is listed at the alias, not below it:
look up the nearest listed ancestor.

Every caller gets the same bounds (refgen reads documents it did not write):

- nesting deeper than MAX_DEPTH mappings and sequences is refused, naming the limit. (The C
  parser overflows the stack some tens of thousands of levels down; the renderer recurses on
  schemas a few hundred levels down.)
- ``aliases=False`` (refgen.yaml, overlays) refuses every alias. Otherwise an alias inside the
  value it names (a cycle) is refused, and so is a document whose aliases add more than
  MAX_ALIAS_NODES values, each alias counting every value it repeats: a "billion laughs" of
  a few lines is refused at the alias that crosses the limit, before anything expands it.

Writing
-------
``dump_yaml(value)``: deterministic YAML (keys in the order built, multi-line text as literal
blocks, lines of 100), with no anchor and no alias: a value shared in memory is written out in
full each time it appears, so that no downstream tool has anything to expand.
``dump_json(value)``: JSON indented by 2, non-ASCII text kept.
``dump_document(document, path)``: JSON for a ``.json`` path, YAML otherwise.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, overload

import yaml

from generator.diagnostics import Location, RefgenError
from generator.gcpause import without_gc

MAX_DEPTH = 128
MAX_ALIAS_NODES = 1_000_000


@dataclass(frozen=True)
class Located:
    """A loaded value and the line of each of its values, by JSON pointer."""

    value: Any
    lines: dict[str, int]


# -- reading YAML ------------------------------------------------------------------------------

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
# Scalars whose tag the safe loader constructs itself; anything else is "unusual" (below).
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp")
)


@overload
def load_yaml(
    text: str, source: str, *, locations: Literal[False] = False, aliases: bool = True
) -> Any: ...
@overload
def load_yaml(
    text: str, source: str, *, locations: Literal[True], aliases: bool = True
) -> Located: ...
@without_gc
def load_yaml(text: str, source: str, *, locations: bool = False, aliases: bool = True) -> Any:
    reader = _EventReader(text, source, locations, aliases)
    try:
        value = reader.read()
    except yaml.YAMLError as error:
        raise RefgenError.at(
            Location(source, _error_line(error)), f"invalid YAML: {_error_text(error)}"
        ) from None
    finally:
        reader.dispose()
    if reader.unusual:
        value = _load_with_pyyaml(text, source)
    return Located(value, reader.lines) if locations else value


def _load_with_pyyaml(text: str, source: str) -> Any:
    """What PyYAML's safe loader makes of a document with something the event reader leaves to
    it (a merge key, a key that is a mapping, an explicit tag). Only called once the event
    reader has checked the bounds, so PyYAML never sees a deep or exploding document."""
    try:
        return yaml.load(text, Loader=_BaseLoader)
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise RefgenError.at(
            Location(source, _error_line(error)), f"invalid YAML: {_error_text(error)}"
        ) from None


def _error_line(error: BaseException) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else 0


def _error_text(error: BaseException) -> str:
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    if problem:
        return f"{context}, {problem}" if context else str(problem)
    return str(error).splitlines()[0] if str(error) else type(error).__name__


class _Unusual:
    """Stands for what the event reader does not build itself: PyYAML builds the value."""


_NO_KEY: Any = object()  # no mapping key read yet (None is a valid key)


class _EventReader:
    """Builds the value straight from the C parser's events, without YAML nodes: five times
    faster than composing nodes and constructing them, and it sees every event, so the
    bounds are checked before any value is expanded and every line is known.

    The state of the open collections is a stack of frames, each (collection, pending key,
    is a mapping, its pointer, the line of the pending key, its anchor, the alias count
    when it opened)."""

    def __init__(self, text: str, source: str, locations: bool, aliases: bool) -> None:
        self.loader = _BaseLoader(text)
        self.source = source
        self.locations = locations
        self.aliases = aliases
        self.lines: dict[str, int] = {}
        self.unusual = False
        self.anchors: dict[str, tuple[Any, int]] = {}  # name → (value, values it holds)
        self.open_anchors: set[str] = set()
        self.values = 0  # every value read, aliases counting what they repeat
        self.alias_values = 0
        self.resolved: dict[str, tuple[Any]] = {}  # plain scalar text → (its value,)

    def dispose(self) -> None:
        self.loader.dispose()

    def read(self) -> Any:
        get_event = self.loader.get_event
        get_event()  # StreamStartEvent
        first = get_event()
        if isinstance(first, yaml.StreamEndEvent):
            return None
        value = self.document(get_event)
        end = get_event()  # DocumentEndEvent
        after = get_event()
        if not isinstance(after, yaml.StreamEndEvent):
            raise RefgenError.at(
                self.location(after),
                "expected a single YAML document, found another one (a line with `---`)",
            )
        del end
        return value

    def location(self, event: Any) -> Location:
        return Location(self.source, int(event.start_mark.line) + 1)

    def document(self, get_event: Any) -> Any:
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        locations = self.locations
        lines = self.lines
        resolved = self.resolved
        stack: list[list[Any]] = []
        container: Any = None
        is_map = False
        key: Any = _NO_KEY
        key_line = 0
        pointer = ""
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                self.values += 1
                tag = event.tag
                if tag is None or tag == "!":
                    value = event.value
                    if event.implicit[0]:
                        cached = resolved.get(value)
                        if cached is None:
                            cached = resolved[value] = (self.plain(value),)
                        value = cached[0]
                else:
                    value = self.tagged(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is mapping_start or kind is sequence_start:
                self.values += 1
                if len(stack) >= MAX_DEPTH:
                    raise RefgenError.at(
                        self.location(event),
                        f"nested more than {MAX_DEPTH} levels deep (the limit)",
                    )
                opened: Any = {} if kind is mapping_start else []
                if event.tag not in (None, "!", _MAP_TAG, _SEQ_TAG):
                    self.unusual = True
                as_key = container is not None and is_map and key is _NO_KEY
                if as_key:  # a collection as a mapping key: PyYAML builds that document
                    self.unusual = True
                    child = f"{pointer}/?"
                elif container is not None:
                    child = self.place(container, is_map, key, key_line, pointer, opened, event)
                    key = _NO_KEY
                else:
                    child = ""
                    if locations:
                        lines[""] = int(event.start_mark.line) + 1
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                stack.append(
                    [container, key, is_map, pointer, key_line, event.anchor, self.values, as_key]
                )
                container, is_map, key, pointer = opened, kind is mapping_start, _NO_KEY, child
                continue
            elif kind is alias_event:
                value = self.alias(event)
            else:  # MappingEndEvent or SequenceEndEvent
                finished = container
                container, key, is_map, pointer, key_line, anchor, first, as_key = stack.pop()
                if anchor is not None:
                    self.open_anchors.discard(anchor)
                    self.anchors[anchor] = (finished, self.values - first + 1)
                if container is None:
                    return finished
                if as_key:
                    key, key_line = _Unusual(), int(event.start_mark.line) + 1
                continue
            if container is None:
                if locations:
                    lines[""] = int(event.start_mark.line) + 1
                return value
            if is_map and key is _NO_KEY:  # scalars, timestamps included, are all hashable
                key = value
                if locations:
                    key_line = int(event.start_mark.line) + 1
                continue
            self.place(container, is_map, key, key_line, pointer, value, event)
            key = _NO_KEY

    def place(
        self,
        container: Any,
        is_map: bool,
        key: Any,
        key_line: int,
        pointer: str,
        value: Any,
        event: Any,
    ) -> str:
        """Put `value` in the open collection; its pointer (when lines are kept)."""
        if is_map:
            container[key] = value
            if not self.locations:
                return ""
            child = f"{pointer}/{_escape(key)}"
            self.lines[child] = key_line
        else:
            container.append(value)
            if not self.locations:
                return ""
            child = f"{pointer}/{len(container) - 1}"
            self.lines[child] = int(event.start_mark.line) + 1
        return child

    def plain(self, text: str) -> Any:
        """The value of a plain (unquoted) scalar: its tag follows from its text."""
        tag = self.loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR_TAG:
            return text
        if tag in _SCALAR_TAGS:
            return self.loader.yaml_constructors[tag](self.loader, yaml.ScalarNode(tag, text))
        self.unusual = True  # `<<` (a merge key) or `=`: PyYAML gives them their meaning
        return _Unusual()

    def tagged(self, event: Any) -> Any:
        """A scalar written with an explicit tag (`!!int "3"`)."""
        if event.tag == _STR_TAG:
            return event.value
        if event.tag in _SCALAR_TAGS:
            node = yaml.ScalarNode(event.tag, event.value, style=event.style)
            try:
                return self.loader.yaml_constructors[event.tag](self.loader, node)
            except (ValueError, TypeError, yaml.YAMLError) as error:
                raise RefgenError.at(
                    self.location(event), f"invalid {event.tag} value: {error}"
                ) from None
        self.unusual = True  # a tag of another vocabulary: PyYAML refuses it clearly
        return _Unusual()

    def alias(self, event: Any) -> Any:
        name = event.anchor
        if not self.aliases:
            raise RefgenError.at(
                self.location(event),
                f"YAML aliases are not accepted here (*{name}): write the value out in full",
            )
        if name in self.open_anchors:
            raise RefgenError.at(
                self.location(event), f"alias *{name} is inside the value it names (a cycle)"
            )
        if name not in self.anchors:
            raise RefgenError.at(self.location(event), f"alias *{name} names no anchor before it")
        value, size = self.anchors[name]
        self.values += size
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_NODES:
            raise RefgenError.at(
                self.location(event),
                f"aliases repeat more than {MAX_ALIAS_NODES:,} values (the limit): "
                "an exploding document",
            )
        return value


def _escape(key: Any) -> str:
    """A mapping key as a JSON pointer token (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


# -- reading JSON ------------------------------------------------------------------------------


@overload
def load_json(text: str, source: str, *, locations: Literal[False] = False) -> Any: ...
@overload
def load_json(text: str, source: str, *, locations: Literal[True]) -> Located: ...
@without_gc
def load_json(text: str, source: str, *, locations: bool = False) -> Any:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise RefgenError.at(
            Location(source, error.lineno, error.colno), f"invalid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise RefgenError.at(
            Location(source), f"nested more than {MAX_DEPTH} levels deep (the limit)"
        ) from None
    lines = _json_lines(text) if locations else {}
    too_deep = _deeper_than(value, MAX_DEPTH) if _nests_deeper(value, MAX_DEPTH) else None
    if too_deep is not None:
        line = (lines or _json_lines(text)).get(too_deep, 0)
        raise RefgenError.at(
            Location(source, line), f"nested more than {MAX_DEPTH} levels deep (the limit)"
        )
    return Located(value, lines) if locations else value


def _nests_deeper(value: Any, limit: int) -> bool:
    """Whether a collection is nested more than `limit` collections deep: _deeper_than's
    answer without the pointers it makes of every collection (a third of the cost of
    reading a large JSON document), level by level; _deeper_than then names the place."""
    level = [value] if isinstance(value, dict | list) else []
    for _ in range(limit):
        below: list[Any] = []
        keep = below.append  # a loop, not a generator: twice as fast here
        for current in level:
            for child in current.values() if isinstance(current, dict) else current:
                if isinstance(child, dict | list):
                    keep(child)
        level = below
    return bool(level)


def _deeper_than(value: Any, limit: int) -> str | None:
    """The pointer of the first collection nested more than `limit` collections deep."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        current, depth, pointer = stack.pop()
        if depth > limit:
            return pointer
        if isinstance(current, dict):
            stack.extend(
                (child, depth + 1, f"{pointer}/{_escape(key)}")
                for key, child in current.items()
                if isinstance(child, (dict, list))
            )
        elif isinstance(current, list):
            stack.extend(
                (child, depth + 1, f"{pointer}/{index}")
                for index, child in enumerate(current)
                if isinstance(child, (dict, list))
            )
    return None


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


def _json_lines(text: str) -> dict[str, int]:
    """The line of every value of a valid JSON text, by pointer: a walk over its tokens (the
    json module gives values, not positions)."""
    lines: dict[str, int] = {}
    frames: list[tuple[str, bool, list[int]]] = []  # (pointer, is an object, [next index])
    key: str | None = None
    line, offset = 1, 0
    for match in _JSON_TOKEN.finditer(text):
        start = match.start()
        line += text.count("\n", offset, start)
        offset = start
        token = match.group()
        if token in ",:":
            continue
        if token in "]}":
            frames.pop()
            continue
        if frames and frames[-1][1] and key is None:  # a key of an object
            key = json.loads(token)
            lines[f"{frames[-1][0]}/{_escape(key)}"] = line
            continue
        if not frames:
            pointer = ""
            lines[pointer] = line
        elif frames[-1][1]:
            pointer, key = f"{frames[-1][0]}/{_escape(key)}", None
        else:
            index = frames[-1][2]
            pointer = f"{frames[-1][0]}/{index[0]}"
            index[0] += 1
            lines[pointer] = line
        if token in "{[":
            frames.append((pointer, token == "{", [0]))
    return lines


# -- reading files -----------------------------------------------------------------------------


@overload
def load_file(
    path: Path, source: str, *, locations: Literal[False] = False, aliases: bool = True
) -> Any: ...
@overload
def load_file(
    path: Path, source: str, *, locations: Literal[True], aliases: bool = True
) -> Located: ...
def load_file(path: Path, source: str, *, locations: bool = False, aliases: bool = True) -> Any:
    """A `.json` file as JSON, any other as YAML (of which JSON is a part). OS errors (a
    missing or unreadable file) are left to the caller, who knows what the file is for."""
    text = read_text(path, source)
    if path.suffix == ".json":
        return load_json(text, source, locations=True) if locations else load_json(text, source)
    if locations:
        return load_yaml(text, source, locations=True, aliases=aliases)
    return load_yaml(text, source, aliases=aliases)


def read_text(path: Path, source: str) -> str:
    """The text of a UTF-8 file; other bytes are an error at the line they are on."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefgenError.at(
            Location(source, line), f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None


# -- writing -----------------------------------------------------------------------------------


@without_gc
def dump_yaml(value: Any) -> str:
    """The same text as `yaml.dump(value, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
    width=100)` for a value without shared parts, several times faster: the events the
    serializer would make of the plain values a document is made of are handed to the C
    emitter directly (no YAML nodes, no tag resolution asked of the dumper twice per scalar).
    A part shared in memory is written out each time, so the text has no alias."""
    stream = io.StringIO()
    dumper = _Dumper(
        stream, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100
    )
    try:
        dumper.open()
        dumper.emit(yaml.DocumentStartEvent(explicit=False))
        _YamlEvents(dumper).value(value)
        dumper.emit(yaml.DocumentEndEvent(explicit=False))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def dump_json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dump_document(document: object, path: Path) -> str:
    return dump_json(document) if path.suffix == ".json" else dump_yaml(document)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The emitter asks, for each scalar, which tag its text would resolve to; with no path
    resolvers that depends on the text alone, so the answers are remembered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolved: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            found = self._resolved.get(value)
            if found is None:
                found = self._resolved[value] = super().resolve(kind, value, implicit)
            return found
        return super().resolve(kind, value, implicit)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # never an anchor, whatever is shared


class _YamlEvents:
    """The events PyYAML's serializer emits for the node its representer makes of a value,
    emitted straight from the value (the serializer's `implicit` pair: whether the scalar's
    tag is the one its text resolves to as a plain scalar, and as a quoted one)."""

    def __init__(self, dumper: _Dumper) -> None:
        self.emit = dumper.emit
        self.dumper = dumper
        self.resolved: dict[str, str] = {}  # plain scalar text → the tag it resolves to

    def value(self, value: Any) -> None:
        kind = type(value)
        if kind is str:
            tag = self.resolved.get(value)
            if tag is None:
                tag = self.resolved[value] = self.dumper.resolve(
                    yaml.ScalarNode, value, (True, False)
                )
            style = "|" if "\n" in value else None
            self.emit(yaml.ScalarEvent(None, _STR_TAG, (tag == _STR_TAG, True), value, style=style))
        elif kind is dict:
            self.emit(yaml.MappingStartEvent(None, _MAP_TAG, True, flow_style=False))
            for key, item in value.items():
                self.value(key)
                self.value(item)
            self.emit(yaml.MappingEndEvent())
        elif kind is list:
            self.emit(yaml.SequenceStartEvent(None, _SEQ_TAG, True, flow_style=False))
            for item in value:
                self.value(item)
            self.emit(yaml.SequenceEndEvent())
        elif kind is bool:
            self.scalar(_BOOL_TAG, "true" if value else "false")
        elif kind is int:
            self.scalar(_INT_TAG, str(value))
        elif value is None:
            self.scalar(_NULL_TAG, "null")
        else:  # floats, and anything unusual: the representer's node
            self.dumper.alias_key = None
            self.node(self.dumper.represent_data(value))

    def scalar(self, tag: str, text: str, style: str | None = None) -> None:
        detected = self.dumper.resolve(yaml.ScalarNode, text, (True, False))
        default = self.dumper.resolve(yaml.ScalarNode, text, (False, True))
        self.emit(yaml.ScalarEvent(None, tag, (tag == detected, tag == default), text, style=style))

    def node(self, node: yaml.Node) -> None:
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node.tag, node.value, node.style)
        elif isinstance(node, yaml.MappingNode):
            implicit = node.tag == self.dumper.resolve(yaml.MappingNode, node.value, True)
            self.emit(yaml.MappingStartEvent(None, node.tag, implicit, flow_style=node.flow_style))
            for key, item in node.value:
                self.node(key)
                self.node(item)
            self.emit(yaml.MappingEndEvent())
        else:
            implicit = node.tag == self.dumper.resolve(yaml.SequenceNode, node.value, True)
            self.emit(yaml.SequenceStartEvent(None, node.tag, implicit, flow_style=node.flow_style))
            for item in node.value:
                self.node(item)
            self.emit(yaml.SequenceEndEvent())


_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_NULL_TAG = "tag:yaml.org,2002:null"


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar(_STR_TAG, text, style=style)


_Dumper.add_representer(str, _represent_text)
