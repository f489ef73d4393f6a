"""Page trees and page files, parsed on the fly by generator.pipeline.parse_pages."""

import itertools
from pathlib import Path

import pytest

from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.records import Report
from tests.diff.conftest import SHARED

ANTHROPIC = SHARED / "corpus" / "anthropic"
DATES = ["2025-12-11", "2026-05-09", "2026-05-23", "2026-08-22"]


@pytest.fixture(autouse=True)
def _needs_corpus() -> None:
    if not ANTHROPIC.is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")


def pages_report(base: Path, revision: Path) -> Report:
    return compare_sides(load_side(base), load_side(revision))


@pytest.mark.parametrize("base,revision", list(itertools.pairwise(DATES)))
def test_workspaces_page_versions(base: str, revision: str) -> None:
    report = pages_report(
        ANTHROPIC / base / "admin" / "workspaces.md",
        ANTHROPIC / revision / "admin" / "workspaces.md",
    )
    assert report.findings
    assert "unclassified-change" not in {f.rule for f in report.findings}


def test_workspaces_may_to_august_reports_what_the_pages_show() -> None:
    report = pages_report(
        ANTHROPIC / "2026-05-09" / "admin" / "workspaces.md",
        ANTHROPIC / "2026-08-22" / "admin" / "workspaces.md",
    )
    messages = [f"{f.rule} {f.message}" for f in report.findings]
    # The August page adds `external_key_id: optional string or null` to the create body.
    assert any("request-property-added-optional" in m and "external_key_id" in m for m in messages)
    # `archived_at` is `string` in May and `string or null` in August, but May's description
    # already says it is null until the Workspace is archived (nullable_from_descriptions), so
    # both read as nullable and nothing changed for clients.
    assert not any("archived_at" in m and "nullable" in m for m in messages)
    # Operations whose summary changed keep their method names where the page did not change
    # the operation: `list` on /rate_limits was `list` in May and collided; it is
    # `list_rate_limits` in both.
    assert not any("operation-id-changed" in m and "rate_limits" in m for m in messages)


def test_whole_reference_may_to_august() -> None:
    report = pages_report(ANTHROPIC / "2026-05-09", ANTHROPIC / "2026-08-22")
    assert report.findings
    assert "unclassified-change" not in {f.rule for f in report.findings}
