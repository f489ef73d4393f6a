"""OpenAPI Overlay 1.0: corrections a user keeps beside the pages, applied after parsing.

```yaml
overlay: 1.0.0
info: {title: Corrections to the docs, version: 1.0.0}
actions:
  - target: $.components.schemas.FileObject.properties.bytes
    update: {type: integer}
  - target: $.paths['/files'].get.parameters[?@.name == 'order']
    remove: true
```

Each action's `target` is a JSONPath query (RFC 9535, through jsonpath.py) that selects nodes of
the document; actions run in order, each on the result of the previous one.

- `update` on an object is merged into it: its properties are merged recursively with the
  properties of the same name (objects into objects; any other value, arrays included,
  replaces the old one) and new properties are added. On an array, the value is appended.
  On any other value (a string, a number), it replaces it.
- `remove: true` removes each selected node from the object or array that holds it; an
  action with `remove: true` ignores its `update`.
- A target that selects nothing does nothing and is reported as a warning: the page it was
  written for has changed.

The document given is not changed; a new one is returned. The source map may be carried
along: removed nodes leave it, and every node an action touches maps to the action's
file:line; its evidence (what the pages did not state) is dropped for every node an action
touches, since the overlay states it now.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics, Location, RefgenError
from generator.openapi.jsonpath import JSONPathError, Node, find
from generator.openapi.sourcemap import SourceMap
from generator.pages.reader import display_path
from generator.yamlio import load_yaml, read_text

Document = dict[str, Any]
SUPPORTED_VERSIONS = ("1.0.0", "1.0")


@dataclass(frozen=True)
class Action:
    target: str
    update: Any
    remove: bool
    location: Location
    has_update: bool


@dataclass(frozen=True)
class Overlay:
    title: str
    version: str
    actions: tuple[Action, ...]


def apply_overlay(
    document: Document, overlay_path: Path, diagnostics: Diagnostics | None = None
) -> Document:
    """The document with the overlay's actions applied, in order. Raises RefgenError (with
    the file:line of the offending action) for an overlay that is not valid."""
    result, _ = apply_overlay_with_sources(document, SourceMap(), overlay_path, diagnostics)
    return result


def apply_overlay_with_sources(
    document: Document,
    source_map: SourceMap,
    overlay_path: Path,
    diagnostics: Diagnostics | None = None,
) -> tuple[Document, SourceMap]:
    """As apply_overlay, carrying the source map (locations and evidence) along."""
    overlay = load_overlay(overlay_path)
    result = copy.deepcopy(document)
    sources = _Sources(dict(source_map.locations), dict(source_map.evidence))
    for action in overlay.actions:
        try:
            nodes = find(result, action.target)
        except JSONPathError as error:
            raise _target_error(overlay_path, action, error) from None
        if not nodes:
            if diagnostics is not None:
                diagnostics.warn(action.location, f"target {action.target} selects nothing")
            continue
        if action.remove:
            _remove(result, nodes, sources)
        elif action.has_update:
            for node in nodes:
                _update(result, node, action, sources)
    return result, SourceMap(
        dict(sorted(sources.locations.items())),
        dict(sorted(sources.evidence.items())),
        source_map.conventions,
    )


def load_overlay(path: Path) -> Overlay:
    shown = display_path(path)
    if not path.is_file():
        raise RefgenError.at(Location(shown), "no such overlay file")
    # Aliases refused: an action's `update` is copied into the document, which must never
    # grow out of all proportion to the overlay (docs/security.md).
    located = load_yaml(read_text(path, shown), shown, locations=True, aliases=False)
    data, lines = located.value, located.lines
    if not isinstance(data, dict):
        raise RefgenError.at(Location(shown, 1), "not an overlay: expected a mapping")
    version = str(data.get("overlay", ""))
    if version not in SUPPORTED_VERSIONS:
        raise RefgenError.at(
            Location(shown, lines.get("/overlay", 1)),
            f"unsupported overlay version {version!r}: expected `overlay: 1.0.0`",
        )
    info = data.get("info")
    if not isinstance(info, dict) or not info.get("title") or not info.get("version"):
        raise RefgenError.at(
            Location(shown, lines.get("/info", 1)),
            "an overlay needs `info` with a `title` and a `version`",
        )
    raw_actions = data.get("actions")
    if not isinstance(raw_actions, list) or not raw_actions:
        raise RefgenError.at(
            Location(shown, lines.get("/actions", 1)),
            "an overlay needs a non-empty list of `actions`",
        )
    actions = []
    for index, raw in enumerate(raw_actions):
        location = Location(shown, lines.get(f"/actions/{index}", 0))
        if not isinstance(raw, dict) or not isinstance(raw.get("target"), str):
            raise RefgenError.at(location, "each action needs a `target` (a JSONPath query)")
        remove = raw.get("remove", False)
        if not isinstance(remove, bool):
            raise RefgenError.at(location, "`remove` must be true or false")
        if not remove and "update" not in raw:
            raise RefgenError.at(location, "an action needs `update` or `remove: true`")
        actions.append(Action(raw["target"], raw.get("update"), remove, location, "update" in raw))
    return Overlay(str(info["title"]), str(info["version"]), tuple(actions))


def _target_error(path: Path, action: Action, error: JSONPathError) -> RefgenError:
    """The error pointing at the character of the target it blames: its line and column in
    the overlay file when the target is written there as it is (plain or quoted without
    escapes, on one line); else the action's line, and the column within the target."""
    message = f"target {action.target!r} {error.reason}"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        lines = []
    for number in range(max(action.location.line, 1), len(lines) + 1):
        start = lines[number - 1].find(action.target)
        if start >= 0:
            column = start + error.column if error.column else 0
            where = Location(action.location.file, number, column)
            return RefgenError.at(where, message, lines[number - 1])
    if error.column:
        message += f" (column {error.column} of the target)"
    return RefgenError.at(action.location, message)


# -- applying ------------------------------------------------------------------------------


def _pointer(location: tuple[str | int, ...]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in location)


def _container(document: Document, location: tuple[str | int, ...]) -> Any:
    value: Any = document
    for part in location[:-1]:
        value = value[part]
    return value


@dataclass(frozen=True)
class _Sources:
    """The source map's tables keyed by JSON pointer, edited as the actions run."""

    locations: dict[str, str]
    evidence: dict[str, dict[str, str]]

    def drop(self, pointer: str) -> None:
        """The node at `pointer` and all below it are gone or replaced."""
        for table in (self.locations, self.evidence):
            _drop_sources(table, pointer)

    def shift(self, location: tuple[str | int, ...]) -> None:
        for table in (self.locations, self.evidence):
            _shift_sources(table, location)

    def stated(self, pointer: str, where: str) -> None:
        """An action states the node at `pointer`: it is located at the action, and nothing
        in it is unstated any more."""
        self.locations[pointer] = where
        _drop_sources(self.evidence, pointer)


def _remove(document: Document, nodes: list[Node], sources: _Sources) -> None:
    # Deepest and last first, so that removing one node never moves another still to remove.
    for node in sorted(nodes, key=lambda n: (len(n.location), n.location), reverse=True):
        if not node.location:
            raise RefgenError.at(Location("overlay"), "an action cannot remove the whole document")
        parent = _container(document, node.location)
        key = node.location[-1]
        if isinstance(parent, list) and isinstance(key, int):
            del parent[key]
            sources.shift(node.location)
        elif isinstance(parent, dict) and key in parent:
            del parent[key]
            sources.drop(_pointer(node.location))


def _drop_sources(sources: dict[str, Any], pointer: str) -> None:
    for key in [k for k in sources if k == pointer or k.startswith(pointer + "/")]:
        del sources[key]


def _shift_sources(sources: dict[str, Any], location: tuple[str | int, ...]) -> None:
    """After removing item i of an array, item i+1 is item i: renumber the pointers."""
    prefix = _pointer(location[:-1])
    removed = int(location[-1])
    _drop_sources(sources, _pointer(location))
    moved: dict[str, Any] = {}
    for key in list(sources):
        if not key.startswith(prefix + "/"):
            continue
        rest = key[len(prefix) + 1 :]
        head, _, tail = rest.partition("/")
        if head.isdigit() and int(head) > removed:
            moved[prefix + "/" + str(int(head) - 1) + ("/" + tail if tail else "")] = sources.pop(
                key
            )
    sources.update(moved)


def _update(document: Document, node: Node, action: Action, sources: _Sources) -> None:
    pointer = _pointer(node.location)
    where = str(action.location)
    if isinstance(node.value, dict):
        if not isinstance(action.update, dict):
            raise RefgenError.at(
                action.location, f"target {action.target} is an object: `update` must be one too"
            )
        _merge(node.value, action.update, pointer, sources)
        sources.stated(pointer, where)
    elif isinstance(node.value, list):
        node.value.append(copy.deepcopy(action.update))
        sources.stated(f"{pointer}/{len(node.value) - 1}", where)
    elif node.location:
        parent = _container(document, node.location)
        parent[node.location[-1]] = copy.deepcopy(action.update)
        sources.drop(pointer)
        sources.stated(pointer, where)
    else:
        raise RefgenError.at(action.location, "an action cannot replace the whole document")


def _merge(target: dict[str, Any], update: dict[str, Any], pointer: str, sources: _Sources) -> None:
    """Merge `update` into `target`; what it replaces leaves the source map (the updated node
    itself maps to the action)."""
    for key, value in update.items():
        child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value, child, sources)
        else:
            sources.drop(child)
            target[key] = copy.deepcopy(value)
