"""Evidence-aware verdicts: a change is breaking only when both sides state the fact.

Every case under evidence/ is the same pair of documents (POST /items gains a required body;
`Item.name` becomes optional and nullable; `Item.size` goes from number to integer) with
different hand-written source maps beside them (format 2, docs/diff.md), so only the evidence
differs between cases.
"""

from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.records import Level, Report
from generator.spec.sourcemap import SourceMap, parse_source_map

CASES = Path(__file__).parent / "evidence"

BODY = "request-body-added-required"
NULLABLE = "response-became-nullable"
OPTIONAL = "response-property-became-optional"
NARROWED = "response-type-narrowed"
ALL_STATED = {
    BODY: ("breaking", None),
    NULLABLE: ("breaking", None),
    OPTIONAL: ("breaking", None),
    NARROWED: ("info", None),
}
DOCUMENTATION = "documentation"

EXPECTED: dict[str, dict[str, tuple[str, str | None]]] = {
    "stated-vs-stated": ALL_STATED,
    # Format 1 (a flat map of locations) says nothing about evidence: everything is stated.
    "flat-source-map": ALL_STATED,
    "stated-vs-silent": {
        **ALL_STATED,
        BODY: (
            DOCUMENTATION,
            "the base page does not say whether there is a request body (refgen's default)",
        ),
        NULLABLE: (
            DOCUMENTATION,
            "the base page does not say whether it can be null (refgen's default)",
        ),
    },
    "inferred-required": {
        **ALL_STATED,
        OPTIONAL: (
            DOCUMENTATION,
            ("the revision's required/optional mark was inferred by rule `optional_from_examples`"),
        ),
        NARROWED: (
            DOCUMENTATION,
            "the revision's integer/number type was inferred by rule `integer_from_examples`",
        ),
    },
    "era-artifact": {
        **ALL_STATED,
        NULLABLE: (
            DOCUMENTATION,
            "the base pages never state nullability (they never write `or null`)",
        ),
    },
}


def report(case: str) -> Report:
    return compare_sides(
        load_side(CASES / case / "base.yaml"), load_side(CASES / case / "revision.yaml")
    )


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_verdicts_follow_the_evidence(case: str) -> None:
    found = {
        finding.rule: (finding.level.value, finding.reason) for finding in report(case).findings
    }
    assert found == EXPECTED[case]


def test_every_case_is_tested() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in CASES.iterdir() if p.is_dir())


def test_a_documentation_change_keeps_the_level_its_rule_gives() -> None:
    (nullable,) = [f for f in report("era-artifact").findings if f.rule == NULLABLE]
    assert (nullable.level, nullable.rule_level) == (Level.DOCUMENTATION, Level.BREAKING)
    assert nullable.source == "pages/items.md:64"  # the page line of `name` in the revision


def test_an_era_convention_makes_every_nullability_of_the_tree_silent() -> None:
    era = SourceMap(conventions={"nullable": False})
    assert era.how("/components/schemas/Anything/properties/x", "nullable") == "silent"
    assert era.how("/components/schemas/Anything/properties/x", "required") is None


@pytest.mark.parametrize(
    "text,problem",
    [
        ("[]", "a source map is a JSON object"),
        ('{"format": "refgen-sourcemap/9"}', "unknown source map format"),
        ('{"/a": 3}', "must map JSON pointers to strings"),
        (
            '{"format": "refgen-sourcemap/2", "evidence": {"/a": {"nullable": 1}}}',
            "evidence at /a must map JSON pointers to strings",
        ),
        (
            '{"format": "refgen-sourcemap/2", "conventions": {"nullable": "no"}}',
            "`conventions` must map facts to true or false",
        ),
        ('{"/a": ', "not valid JSON"),
    ],
)
def test_a_bad_source_map_is_an_error_naming_the_file(text: str, problem: str) -> None:
    with pytest.raises(RefgenError) as caught:
        parse_source_map(text, "spec/openapi.sourcemap.json")
    assert str(caught.value).startswith("spec/openapi.sourcemap.json")
    assert problem in str(caught.value)
