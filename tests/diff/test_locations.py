"""Every finding points at a line: of the YAML or JSON node for plain documents, of the page
for documents parsed from pages (so a reviewer lands on the docs line that changed)."""

import json
from pathlib import Path

import pytest
import yaml

from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.records import Report
from generator.diff.render.grouping import source_parts
from tests.diff.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures"
PAIR = FIXTURES / "request-property-added-optional"  # CreateItem gains `color`
ANTHROPIC = SHARED / "corpus" / "anthropic"


def line_of(path: Path, needle: str, after: str = "") -> int:
    """The 1-based line of the first `needle` after the first `after` (checked by reading)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def only(report: Report, rule: str) -> tuple[str, int]:
    (finding,) = [f for f in report.findings if f.rule == rule]
    assert finding.source is not None
    file, line, _ = source_parts(finding.source)
    assert line is not None
    return file, line


def test_yaml_findings_carry_the_line_of_the_node() -> None:
    revision = PAIR / "revision.yaml"
    report = compare_sides(load_side(PAIR / "base.yaml"), load_side(revision))
    assert only(report, "request-property-added-optional") == (
        revision.as_posix(),
        line_of(revision, "color:", after="CreateItem:"),
    )


def test_json_findings_carry_the_line_of_the_node(tmp_path: Path) -> None:
    for side in ("base", "revision"):
        document = yaml.safe_load((PAIR / f"{side}.yaml").read_text(encoding="utf-8"))
        (tmp_path / f"{side}.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
    revision = tmp_path / "revision.json"
    report = compare_sides(load_side(tmp_path / "base.json"), load_side(revision))
    assert only(report, "request-property-added-optional") == (
        revision.as_posix(),
        line_of(revision, '"color":', after='"CreateItem":'),
    )


def test_a_removal_in_yaml_points_at_what_is_left_in_the_revision() -> None:
    pair = FIXTURES / "request-property-removed"
    revision = pair / "revision.yaml"
    report = compare_sides(load_side(pair / "base.yaml"), load_side(revision))
    # `color` is gone: the line of the object that lost it.
    assert only(report, "request-property-removed") == (
        revision.as_posix(),
        line_of(revision, "CreateItem:", after="schemas:"),
    )


@pytest.mark.skipif(not ANTHROPIC.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_page_findings_carry_the_page_line() -> None:
    base = ANTHROPIC / "2026-05-09" / "admin" / "workspaces.md"
    revision = ANTHROPIC / "2026-08-22" / "admin" / "workspaces.md"
    report = compare_sides(load_side(base), load_side(revision))
    added = [
        f
        for f in report.findings
        if f.rule == "request-property-added-optional" and "external_key_id" in f.message
    ]
    assert added, "the August page adds `external_key_id` to the create body"
    for finding in added:
        assert finding.source is not None
        file, line, _ = source_parts(finding.source)
        assert file == revision.as_posix() and line is not None
        written = revision.read_text(encoding="utf-8").splitlines()[line - 1]
        assert "external_key_id" in written, written


@pytest.mark.skipif(not ANTHROPIC.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_every_finding_of_the_real_pairs_has_a_source(
    anthropic_report: Report, openai_report: Report
) -> None:
    for report in (anthropic_report, openai_report):
        assert [f for f in report.findings if not f.source] == []
