"""The readings the inference rules share (issue 16, the `docbuild` lane of session 10): while
`apply_rules` runs, the named schemas and the observation of the examples are made once and
kept until a rule changes what they read (infer._Readings). A kept reading must be what a
fresh one would be after every rule, on the corpus and on documents where the rules do
change schemas; outside apply_rules, and after a rule of another module, nothing is kept."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.openapi import infer
from generator.openapi.provenance import Provenance
from generator.pipeline import parse_pages
from tests.conftest import ANTHROPIC, CORPUS
from tests.infer.helpers import operation_document

Document = dict[str, Any]


def _checked(rule: infer.Rule, checks: list[str]) -> infer.Rule:
    """`rule`, then a comparison of what is kept with fresh readings of the document. The
    wrapper keeps the rule's module, so that apply_rules treats it as the rule itself."""

    def checked(document: Document, provenance: Provenance) -> None:
        rule(document, provenance)
        kept = infer._READINGS
        assert kept.document is document, "readings are kept while apply_rules runs"
        if kept.named is not None:
            assert kept.named == infer.named_schemas(document), f"named after {rule.__name__}"
            checks.append(f"named after {rule.__name__}")
        if kept.observed is not None:
            fresh = infer._observations(document)
            for table in ("schemas", "integral", "fractional", "null_properties", "not_moments"):
                assert getattr(kept.observed, table) == getattr(fresh, table), (
                    f"{table} observed after {rule.__name__}"
                )
            assert kept.observed.responses == fresh.responses
            assert kept.observed.objects == fresh.objects
            checks.append(f"observed after {rule.__name__}")

    checked.__module__ = rule.__module__
    checked.__name__ = rule.__name__
    return checked


def _pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


@pytest.mark.parametrize(
    "folder",
    [
        ANTHROPIC / "2026-08-22",
        ANTHROPIC / "2025-12-11",
        CORPUS / "openai",
        CORPUS / "others" / "cloudflare",
        CORPUS / "others" / "letta",
    ],
    ids=lambda folder: folder.name,
)
def test_kept_readings_equal_fresh_ones_after_every_rule_of_a_corpus_tree(folder: Path) -> None:
    checks: list[str] = []
    parse_pages(_pages(folder), rules=tuple(_checked(rule, checks) for rule in infer.RULES))
    # Something was kept past a rule (else the test proves nothing).
    assert any(check.startswith("observed after") for check in checks)
    assert infer._READINGS.document is None  # let go when the rules are done


def test_the_same_document_with_readings_kept_and_made_afresh() -> None:
    """The whole tree's fragment and source map do not depend on the readings being kept."""
    folder = ANTHROPIC / "2026-08-22"
    kept = parse_pages(_pages(folder))
    foreign = tuple(_as_foreign(rule) for rule in infer.RULES)  # each a change: none kept
    fresh = parse_pages(_pages(folder), rules=foreign)
    assert kept.document == fresh.document
    assert kept.sources == fresh.sources


def _as_foreign(rule: infer.Rule) -> infer.Rule:
    def foreign(document: Document, provenance: Provenance) -> None:
        rule(document, provenance)

    return foreign  # of this module: apply_rules keeps nothing past it


def _wrapping_document() -> Document:
    """`Thing.owner` refers to an object and an example gives it as null: nullable_from_examples
    wraps the reference in a union (`anyOf: [$ref, null]`). A union's members are matched
    against an example object's keys, and `extra` is no property of `Owner`: so the other
    example reaches `Owner` before the wrap and not after, and the observations differ."""
    components = {
        "Thing": {
            "type": "object",
            "properties": {
                "owner": {"$ref": "#/components/schemas/Owner"},
                "size": {"type": "number"},
            },
            "required": ["owner"],
        },
        "Owner": {"type": "object", "properties": {"id": {"type": "string"}}},
    }
    examples = [{"owner": None, "size": 2}, {"owner": {"id": "a", "extra": 1}, "size": 3}]
    return operation_document({"$ref": "#/components/schemas/Thing"}, examples, components)


def test_a_rule_that_wraps_a_schema_makes_the_next_rule_read_afresh() -> None:
    document = _wrapping_document()
    before = infer._observations(document)
    checks: list[str] = []
    infer.apply_rules(document, Provenance(), tuple(_checked(rule, checks) for rule in infer.RULES))
    owner = document["components"]["schemas"]["Thing"]["properties"]["owner"]
    assert owner["anyOf"][1] == {"type": "null"}  # wrapped
    after = infer._observations(document)
    # The observation changed with the wrap (so a kept one would be stale), and the checks
    # after every later rule passed.
    assert after.objects != before.objects
    assert "observed after optional_from_examples" in checks


def test_without_the_report_of_a_wrap_a_stale_observation_is_caught(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The guard matters: with `_allow_null` not reporting its change, the kept observation is
    stale after nullable_from_examples, and the check above fails."""
    monkeypatch.setattr(infer._Readings, "reshaped", _reshaped_but_after_allow_null)
    document = _wrapping_document()
    with pytest.raises(AssertionError, match="after nullable_from_examples"):
        infer.apply_rules(document, Provenance(), tuple(_checked(rule, []) for rule in infer.RULES))


def _reshaped_but_after_allow_null(self: infer._Readings) -> None:
    import inspect

    if inspect.stack()[1].function != "_allow_null":
        self.named = self.observed = None


def test_a_rule_called_on_its_own_reads_the_document_afresh() -> None:
    document = operation_document(
        {"$ref": "#/components/schemas/Job"},
        components={"Job": {"type": "object", "properties": {"created": {"type": "number"}}}},
    )
    infer.integer_from_names(document, Provenance())
    job = document["components"]["schemas"]["Job"]
    assert job["properties"]["created"]["type"] == "integer"
    job["properties"]["finished"] = {"type": "string", "description": "An RFC 3339 timestamp."}
    infer.date_times_from_descriptions(document, Provenance())
    assert job["properties"]["finished"]["format"] == "date-time"


def test_a_rule_of_another_module_counts_as_a_change() -> None:
    """A rule apply_rules cannot vouch for (pagination, a measurement's own) may change
    anything: the rules after it read afresh."""
    document = operation_document(
        {"$ref": "#/components/schemas/Job"},
        components={"Job": {"type": "object", "properties": {"created": {"type": "number"}}}},
    )
    job = document["components"]["schemas"]["Job"]

    def adds_a_field(document: Document, provenance: Provenance) -> None:
        job["properties"]["finished"] = {"type": "string", "description": "ISO 8601 time."}

    original = copy.deepcopy(document)
    infer.apply_rules(
        document,
        Provenance(),
        (infer.integer_from_names, adds_a_field, infer.date_times_from_descriptions),
    )
    assert job["properties"]["finished"]["format"] == "date-time"
    assert original != document
