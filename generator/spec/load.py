"""Loading an OpenAPI document (YAML or JSON) from a file or text, with line numbers on request.

    load_spec(path, locations=False) -> LoadedSpec(document, label, lines)
    parse_spec(text, label, json_text=False, locations=False) -> LoadedSpec

`lines` maps the JSON pointer of every value to its 1-based line (a mapping entry: the line of
its key), so that findings on plain documents can point at a line. Reading itself is
generator/yamlio.py's, with its bounds (nesting depth, alias bombs, cycles); this module adds
what makes the value an OpenAPI document, and turns OS errors into `file: error:` messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.spec import pointer
from generator.yamlio import load_json, load_yaml, read_text

JSON_SUFFIX = ".json"


@dataclass(frozen=True)
class LoadedSpec:
    """A document as read from one file: the value, how to name the file, and value lines."""

    document: dict[str, Any]
    label: str
    lines: Mapping[str, int] = field(default_factory=dict)

    def line_of(self, at: str) -> int | None:
        """The line of the nearest value at or above a JSON pointer (None: loaded without)."""
        for candidate in pointer.parents(at):
            line = self.lines.get(candidate)
            if line is not None:
                return line
        return None


def load_spec(path: Path, *, locations: bool = False, label: str | None = None) -> LoadedSpec:
    """The OpenAPI document in a YAML or JSON file (JSON when it ends in .json)."""
    shown = label or path.as_posix()
    text = spec_text(path, shown)
    return parse_spec(text, shown, json_text=path.suffix == JSON_SUFFIX, locations=locations)


def spec_text(path: Path, shown: str) -> str:
    """The text of a document file; an OS error becomes `file: error:`."""
    try:
        return read_text(path, shown)
    except FileNotFoundError:
        raise RefgenError.at(Location(shown), "no such file") from None
    except IsADirectoryError:
        raise RefgenError.at(Location(shown), "is a directory, not an OpenAPI document") from None
    except OSError as error:
        raise RefgenError.at(Location(shown), f"cannot read: {error.strerror or error}") from None


def parse_spec(
    text: str, label: str, *, json_text: bool = False, locations: bool = False
) -> LoadedSpec:
    load = load_json if json_text else load_yaml
    if locations:
        located = load(text, label, locations=True)
        return LoadedSpec(checked_document(located.value, label), label, located.lines)
    return LoadedSpec(checked_document(load(text, label), label), label)


def checked_document(document: Any, label: str) -> dict[str, Any]:
    """`document` if it is an OpenAPI document (a mapping with a version or paths)."""
    if not isinstance(document, dict):
        raise RefgenError.at(
            Location(label, 1), "not an OpenAPI document: the top level is not a mapping"
        )
    if "openapi" not in document and not isinstance(document.get("paths"), dict):
        raise RefgenError.at(
            Location(label, 1), "not an OpenAPI document: no `openapi` version and no `paths`"
        )
    return document
