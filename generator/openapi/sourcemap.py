"""The source map file (`openapi.sourcemap.json`), format 2: where each part of the document
was read, which facts the pages did not state, and which facts the tree's pages can state at
all. docs/sourcemap.md describes it for readers such as `refgen diff`.

```json
{
  "format": "refgen-sourcemap/2",
  "locations": {"/components/schemas/Job": "jobs.md:12:4", ...},
  "evidence": {"/components/schemas/Job/properties/error": {"nullable": "silent"}, ...},
  "conventions": {"nullable": false, "required": true, ...}
}
```

Format 1 (a flat `{pointer: "file:line"}` object) is still read, as `locations` only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from generator.openapi.provenance import FACTS
from generator.yamlio import dump_json

FORMAT = "refgen-sourcemap/2"


class SourceMapError(ValueError):
    """The text is not a source map of either format."""


@dataclass(frozen=True)
class SourceMap:
    locations: dict[str, str] = field(default_factory=dict)  # pointer → "file:line[:col]"
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)  # pointer → {fact: how}
    # fact → whether the pages of the tree can state it at all (a tree that never writes
    # `or null` cannot state nullability: every nullability in it is silent).
    conventions: dict[str, bool] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "locations": dict(sorted(self.locations.items())),
            "evidence": {p: dict(sorted(f.items())) for p, f in sorted(self.evidence.items())},
            "conventions": {
                fact: self.conventions[fact] for fact in FACTS if fact in self.conventions
            },
        }

    def dumps(self) -> str:
        return dump_json(self.to_json())

    def how(self, pointer: str, fact: str) -> str | None:
        """How `fact` at `pointer` was decided when the pages did not state it ("silent",
        "inferred:<rule>", "example"), or None when the page stated it."""
        found = self.evidence.get(pointer, {}).get(fact)
        if found is not None:
            return found
        return "silent" if self.conventions.get(fact) is False else None


def from_json(value: Any) -> SourceMap:
    """A source map of either format, from its parsed JSON; SourceMapError when it is none."""
    if not isinstance(value, dict):
        raise SourceMapError("a source map is a JSON object")
    if "format" not in value:  # format 1: {pointer: "file:line"}
        return SourceMap(_strings(value, "the source map"))
    if value["format"] != FORMAT:
        raise SourceMapError(f"unknown source map format {value['format']!r} (expected {FORMAT!r})")
    evidence = value.get("evidence", {})
    conventions = value.get("conventions", {})
    if not isinstance(evidence, dict) or not all(isinstance(f, dict) for f in evidence.values()):
        raise SourceMapError("`evidence` must map JSON pointers to objects of fact → how")
    if not isinstance(conventions, dict) or not all(
        isinstance(v, bool) for v in conventions.values()
    ):
        raise SourceMapError("`conventions` must map facts to true or false")
    return SourceMap(
        _strings(value.get("locations", {}), "`locations`"),
        {str(p): _strings(f, f"evidence at {p}") for p, f in evidence.items()},
        {str(k): v for k, v in conventions.items()},
    )


def loads(text: str) -> SourceMap:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceMapError(f"not valid JSON: {error}") from None
    return from_json(value)


def _strings(value: Any, what: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SourceMapError(f"{what} must map JSON pointers to strings")
    return {str(k): v for k, v in value.items()}
