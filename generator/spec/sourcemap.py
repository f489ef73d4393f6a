"""The source map beside a docs-derived document: where each part came from, and what the pages
did not state.

Format 2 (`openapi.sourcemap.json`, written by `refgen build` and `refgen parse --source-map`):

    {"format": "refgen-sourcemap/2",
     "locations": {"<JSON pointer>": "<page>:<line>[:<column>]", ...},
     "evidence": {"<JSON pointer>": {"<fact>": "<how>", ...}, ...},
     "conventions": {"<fact>": true | false, ...}}

`evidence` lists only the facts the pages did NOT state (`nullable`, `required`, `type`,
`enum`, `body`, `schema`), each with how refgen decided it: `silent` (the page does not say;
the value is refgen's default), `inferred:<rule>` or `example`. A fact without an entry was
stated by the page. `conventions` says for the whole tree whether its pages can state a fact
at all: `"nullable": false` for pages that never write `or null` (an older era of the format).

Format 1 is the flat `{pointer: "file:line"}` map: locations only, every fact stated.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.spec import pointer

FORMAT_2 = "refgen-sourcemap/2"
STATED = None  # what `SourceMap.how` answers for a fact the page stated
SILENT = "silent"


@dataclass(frozen=True)
class SourceMap:
    locations: Mapping[str, str] = field(default_factory=dict)
    evidence: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    conventions: Mapping[str, bool] = field(default_factory=dict)

    def locate(self, at: str) -> str | None:
        """The source of the nearest mapped place at or above a JSON pointer."""
        if not self.locations:
            return None
        for candidate in pointer.parents(at):
            found = self.locations.get(candidate)
            if found is not None:
                return found
        return None

    def how(self, fact: str, at: str) -> str | None:
        """How the fact at a pointer was decided: None when the page stated it, else `silent`,
        `inferred:<rule>` or `example`. A tree whose pages cannot state the fact (its
        convention is false) is silent about it everywhere."""
        if self.conventions.get(fact) is False:
            return SILENT
        return self.evidence.get(at, {}).get(fact)

    def cannot_state(self, fact: str) -> bool:
        return self.conventions.get(fact) is False


def source_map_path(spec: Path) -> Path:
    """`spec/openapi.yaml` → `spec/openapi.sourcemap.json`."""
    return spec.with_name(spec.stem + ".sourcemap.json")


def read_source_map(path: Path, shown: str | None = None) -> SourceMap:
    """The source map at `path`, or an empty one when there is none."""
    label = shown or path.as_posix()
    if not path.is_file():
        return SourceMap()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RefgenError.at(Location(label), f"cannot read the source map: {error}") from None
    return parse_source_map(text, label)


def parse_source_map(text: str, label: str) -> SourceMap:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise RefgenError.at(Location(label, error.lineno, error.colno),
                             f"the source map is not valid JSON: {error.msg}") from None
    return source_map_from_value(value, label)


def source_map_from_value(value: Any, label: str) -> SourceMap:
    """A source map from its JSON value, either format; anything else is the user's error."""
    if not isinstance(value, dict):
        raise _bad(label, "a source map is a JSON object")
    if "format" not in value:
        return SourceMap(_strings(value, label, "locations"))
    if value["format"] != FORMAT_2:
        raise _bad(label, f"unknown source map format {value['format']!r} (expected {FORMAT_2!r})")
    evidence = value.get("evidence", {})
    if not isinstance(evidence, dict):
        raise _bad(label, "`evidence` must map JSON pointers to {fact: how}")
    conventions = value.get("conventions", {})
    if not isinstance(conventions, dict) or not all(
        isinstance(flag, bool) for flag in conventions.values()
    ):
        raise _bad(label, "`conventions` must map facts to true or false")
    return SourceMap(
        _strings(value.get("locations", {}), label, "locations"),
        {str(at): _strings(facts, label, f"evidence of {at!r}") for at, facts in evidence.items()},
        {str(fact): flag for fact, flag in conventions.items()},
    )


def _strings(value: Any, label: str, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _bad(label, f"{what}: expected an object of strings")
    return {str(key): text for key, text in value.items()}


def _bad(label: str, message: str) -> RefgenError:
    return RefgenError.at(Location(label), f"not a refgen source map: {message}")
