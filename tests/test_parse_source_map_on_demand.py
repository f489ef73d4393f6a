"""`refgen parse` without --source-map makes no source map (issue 16, the `docbuild` lane of
session 10): the build's export, a walk of the whole document, is left out unless an error
needs a place (tests/test_operation_paths.py: errors at their lines, with and without an
overlay). What is written does not depend on it: the fragment and the warnings are the same
with and without --source-map, and a source map made on demand is the one made with the
document."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.openapi.document import ApiInfo, build_document
from generator.pipeline import parse_pages, read_pages
from tests.cli_run import refgen
from tests.conftest import ANTHROPIC, CORPUS


@pytest.mark.parametrize("folder", [ANTHROPIC / "2026-05-23", CORPUS / "openai"], ids=str)
def test_the_fragment_and_warnings_are_the_same_with_and_without_a_source_map(
    tmp_path: Path, folder: Path
) -> None:
    plain = refgen("parse", str(folder), "-o", str(tmp_path / "plain.yaml"))
    mapped = refgen(
        "parse",
        str(folder),
        "-o",
        str(tmp_path / "mapped.yaml"),
        "--source-map",
        str(tmp_path / "map.json"),
    )
    assert plain.returncode == mapped.returncode == 0, plain.stderr + mapped.stderr
    assert plain.stderr == mapped.stderr
    assert (tmp_path / "plain.yaml").read_bytes() == (tmp_path / "mapped.yaml").read_bytes()
    written = (tmp_path / "map.json").read_text(encoding="utf-8")
    assert written == parse_pages([folder]).sources.dumps()
    assert '"locations": {}' not in written  # a real map: every node located


def test_a_source_map_made_on_demand_is_the_one_made_with_the_document() -> None:
    pages = read_pages([ANTHROPIC / "2026-05-23"], Diagnostics())
    eager = build_document(pages, ApiInfo(), Diagnostics())
    deferred = build_document(pages, ApiInfo(), Diagnostics(), export=False)
    assert deferred.exported is None
    assert deferred.document == eager.document
    assert deferred.source_map == eager.source_map
    assert eager.source_map.locations and eager.source_map.evidence


def test_parse_pages_asked_for_no_source_map_keeps_the_conventions_alone() -> None:
    folder = ANTHROPIC / "2026-05-23"
    full = parse_pages([folder])
    bare = parse_pages([folder], source_map=False)
    assert bare.document == full.document
    assert bare.diagnostics == full.diagnostics
    assert bare.sources.locations == {} and bare.sources.evidence == {}
    assert bare.sources.conventions == full.sources.conventions
