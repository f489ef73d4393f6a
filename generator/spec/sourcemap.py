"""Reading the source map beside a spec: where each part came from, and what the pages did not
state.

The format (1: a flat `{pointer: "file:line"}`; 2: locations, evidence and conventions) and
its one data class are generator/openapi/sourcemap.py's, which writes it (docs/sourcemap.md).
This module finds the file beside a spec, turns a bad one into a `file: error:` message, and
answers the reader's question: which page line is nearest to a JSON pointer.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Location, RefgenError
from generator.openapi.sourcemap import SourceMap, SourceMapError, from_json, loads
from generator.spec import pointer

__all__ = [
    "SourceMap",
    "locate",
    "parse_source_map",
    "read_source_map",
    "source_map_from_value",
    "source_map_path",
]


def source_map_path(spec: Path) -> Path:
    """`spec/openapi.yaml` → `spec/openapi.sourcemap.json`."""
    return spec.with_name(spec.stem + ".sourcemap.json")


def read_source_map(path: Path) -> SourceMap:
    """The source map at `path`, or an empty one when there is none."""
    label = path.as_posix()
    if not path.is_file():
        return SourceMap()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RefgenError.at(Location(label), f"cannot read the source map: {error}") from None
    return parse_source_map(text, label)


def parse_source_map(text: str, label: str) -> SourceMap:
    try:
        return loads(text)
    except SourceMapError as error:
        raise RefgenError.at(Location(label), f"not a refgen source map: {error}") from None


def source_map_from_value(value: object, label: str) -> SourceMap:
    try:
        return from_json(value)
    except SourceMapError as error:
        raise RefgenError.at(Location(label), f"not a refgen source map: {error}") from None


def locate(source_map: SourceMap, at: str) -> str | None:
    """The source of the nearest mapped place at or above a JSON pointer."""
    if not source_map.locations:
        return None
    for candidate in pointer.parents(at):
        found = source_map.locations.get(candidate)
        if found is not None:
            return found
    return None
