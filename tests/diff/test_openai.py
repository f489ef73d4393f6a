"""The real history: official OpenAI spec 2026-05-13 (seed era) → 2026-08-21."""

from dataclasses import replace

import pytest

from generator.diff.classify import Sources, classify_change
from generator.diff.compare import compare_sides
from generator.diff.records import Finding, Group, Level, Report, Side
from generator.diff.usage import schema_usage
from generator.diff.walk import walk


@pytest.fixture(scope="module")
def report(openai_pair: tuple[Side, Side]) -> Report:
    return compare_sides(*openai_pair)


def find(report: Report, rule: str, group: str) -> Finding:
    matches = [f for f in report.findings if f.rule == rule and f.group.label == group]
    assert len(matches) == 1, matches
    return matches[0]


def test_reasoning_effort_gained_max(report: Report) -> None:
    sent = find(report, "request-enum-value-added", "ReasoningEffort")
    assert sent.after == ["max"]
    assert sent.pointer == "/components/schemas/ReasoningEffort/anyOf/0/enum"
    assert {"POST /responses", "POST /chat/completions"} <= set(sent.operations)
    read = find(report, "response-enum-value-added", "ReasoningEffort")
    assert read.level.value == "warning" and read.after == ["max"]
    assert "GET /responses/{response_id}" in read.operations


def test_input_text_content_gained_optional_prompt_cache_breakpoint(report: Report) -> None:
    added = find(report, "request-property-added-optional", "InputTextContent")
    assert added.message == (
        "optional request property `InputTextContent.prompt_cache_breakpoint`"
        " added (PromptCacheBreakpointConfig)"
    )
    assert (
        added.pointer == "/components/schemas/InputTextContent/properties/prompt_cache_breakpoint"
    )
    assert "POST /responses" in added.operations
    assert find(report, "response-property-added", "InputTextContent").level.value == "info"


def test_a_property_moved_between_all_of_pieces_is_not_a_removal(report: Report) -> None:
    # 2026-08 moved Response.service_tier from ModelResponseProperties into Response itself.
    removed = [f for f in report.findings if f.rule == "response-property-removed"]
    assert removed == []


def test_verdict_counts_are_stable(report: Report) -> None:
    counts = {level.value: report.count(level) for level in Level}
    # 12 + the 2 removals of `geography` from the project requests, breaking since the
    # generated client loses the argument (tests/diff/test_consistency.py).
    assert counts == {"breaking": 14, "warning": 39, "documentation": 0, "info": 1023}
    assert sorted({f.rule for f in report.findings if f.level.value == "breaking"}) == [
        "request-media-type-removed",
        "request-property-removed",
        "request-type-changed",
        "response-became-nullable",
        "response-property-became-optional",
        "response-type-changed",
    ]


def test_every_change_gets_exactly_one_verdict(openai_pair: tuple[Side, Side]) -> None:
    result = walk(openai_pair[0].document, openai_pair[1].document)
    usage = schema_usage(result.operation_links, result.schema_links)
    group = Group("schema", "any")
    for pair, changes in result.schema_changes.items():
        for direction in sorted(usage.get(pair, {})) or [None]:
            for change in changes:
                found = classify_change(replace(change, direction=direction), group, (), Sources())
                assert [f.rule != "unclassified-change" for f in found] == [True], change
    for changes in result.operation_changes.values():
        for change in changes:
            assert len(classify_change(change, group, (), Sources())) == 1, change
