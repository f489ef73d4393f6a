"""Whether a change is proven: both sides must state the fact it is about.

A document made from reference pages holds facts the pages stated and facts refgen supplied:
a default where the page is silent, an inference rule's decision, a value read from an
example, or a whole era of pages that cannot state a fact at all (pages that never write
`or null` say nothing about nullability). The source map's evidence says which is which
(generator/openapi/sourcemap.py, docs/sourcemap.md). A change of a supplied fact may be no change of the API, so it is
reported as a *documentation change*, with the reason, never as breaking.

Plain OpenAPI documents carry no evidence: every fact in them is stated, every verdict stands.
"""

from dataclasses import dataclass

from generator.diff.records import Change
from generator.spec import pointer
from generator.spec.sourcemap import SourceMap

# The fact each kind of structural change is about (kinds not listed are about stated text).
FACT_OF_KIND = {
    "nullable-changed": "nullable",
    "required-changed": "required",
    "parameter-required-changed": "required",
    "request-body-required-changed": "required",
    "type-changed": "type",
    "enum-value-added": "enum",
    "enum-value-removed": "enum",
    "known-value-added": "enum",
    "known-value-removed": "enum",
    "values-restricted": "enum",
    "values-unrestricted": "enum",
    "request-body-added": "body",
    "request-body-removed": "body",
    "property-added": "schema",
    "property-removed": "schema",
}

# How each fact is named in a reason: what a whole era of pages never states, what a silent
# page does not say, and the fact as a noun.
_NEVER_STATED = {
    "nullable": "nullability (they never write `or null`)",
    "required": "which fields are optional",
    "type": "integer versus number",
    "enum": "the allowed values",
    "body": "request bodies",
    "schema": "the fields of objects",
}
_UNSAID = {
    "nullable": "whether it can be null",
    "required": "whether it is required",
    "type": "whether it is an integer",
    "enum": "its allowed values",
    "body": "whether there is a request body",
    "schema": "which fields the object has",
}
_NOUNS = {
    "nullable": "nullability",
    "required": "required/optional mark",
    "type": "integer/number type",
    "enum": "list of values",
    "body": "request body",
    "schema": "list of fields",
}
_ENUM_KEYWORDS = ("enum", "const")


@dataclass(frozen=True)
class Witnesses:
    """The evidence of both sides, and what to call each side in a reason."""

    base: SourceMap
    revision: SourceMap

    def unproven(self, change: Change) -> str | None:
        """Why the change is not proven by what both sides state, or None when it is."""
        fact = FACT_OF_KIND.get(change.kind)
        if fact is None:
            return None
        reasons = []
        for side, source_map, at in (
            ("base", self.base, _base_place(change)),
            ("revision", self.revision, _revision_place(change)),
        ):
            how = source_map.how(at, fact) if at is not None else None
            if how is not None:
                whole_tree = source_map.conventions.get(fact) is False
                reasons.append(_reason(side, fact, how, whole_tree))
        return "; ".join(reasons) or None


def _reason(side: str, fact: str, how: str, whole_tree: bool) -> str:
    if whole_tree:
        return f"the {side} pages never state {_NEVER_STATED.get(fact, fact)}"
    if how == "silent":
        return f"the {side} page does not say {_UNSAID.get(fact, fact)} (refgen's default)"
    noun = _NOUNS.get(fact, fact)
    if how == "example":
        return f"the {side}'s {noun} comes from an example"
    if how.startswith("inferred:"):
        return f"the {side}'s {noun} was inferred by rule `{how.removeprefix('inferred:')}`"
    return f"the {side}'s {noun} is {how}"


def _base_place(change: Change) -> str | None:
    """Where the fact lives in the base: an added property's object is the record's base
    pointer already; a removed property's object is its parent."""
    if change.kind == "property-removed":
        return _object_of(change.base_pointer)
    return _fact_place(change.base_pointer)


def _revision_place(change: Change) -> str | None:
    if change.kind == "property-added":
        return _object_of(change.revision_pointer)
    return _fact_place(change.revision_pointer)


def _fact_place(at: str | None) -> str | None:
    """The schema (or operation) a record's pointer is about: enum records point at the
    `enum` keyword, body records at `requestBody`."""
    if at is None:
        return None
    segments = pointer.split(at)
    if segments and segments[-1] in (*_ENUM_KEYWORDS, "requestBody"):
        return pointer.from_segments(segments[:-1])
    return at


def _object_of(property_at: str | None) -> str | None:
    """`/components/schemas/A/properties/b` → `/components/schemas/A`."""
    if property_at is None:
        return None
    segments = pointer.split(property_at)
    if len(segments) >= 2 and segments[-2] == "properties":
        return pointer.from_segments(segments[:-2])
    return property_at
