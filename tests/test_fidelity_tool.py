"""The bookkeeping of `make fidelity` (tests/fidelity.py): which spec version a page is
counted against, where a miss comes from, and that inference rules can be left out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.openapi.infer import RULES, integer_from_names
from generator.pipeline import parse_pages
from tests import fidelity
from tests.conftest import RESUME_PAGE


def _figures(both: int, only_reconstructed: int, only_authoritative: int) -> dict[str, Any]:
    checks = {check: {"agree": 1, "total": 1} for check in fidelity.CHECKS}
    return {
        "properties": {
            "both": both,
            "only_reconstructed": only_reconstructed,
            "only_authoritative": only_authoritative,
        },
        **checks,
    }


def _run(
    anchor: Path,
    figures: dict[str, dict[str, Any]],
    disagreements: list[dict[str, Any]] | None = None,
) -> fidelity.Run:
    run = fidelity.Run({}, {}, list(disagreements or []))
    for page in fidelity.PAGES:
        run.tallies[page.name] = tally = fidelity.Tally()
        tally.add(figures.get(page.name, _figures(10, 0, 0)))
        run.anchors[page.name] = anchor
    return run


def _miss(path: str, kind: str, page: str = "files.md") -> dict[str, Any]:
    return {
        "page": page,
        "operation": "GET /files",
        "section": "response 200",
        "path": path,
        "kind": kind,
    }


def test_each_page_is_counted_against_the_version_it_matches_best() -> None:
    first, second = fidelity.PAGES[0].name, fidelity.PAGES[1].name
    newest = _run(
        fidelity.NEWEST,
        {first: _figures(8, 0, 2), second: _figures(10, 0, 0)},
        [_miss("$.a", "only_authoritative", first)],
    )
    seed = _run(
        fidelity.SEED_ERA,
        {first: _figures(10, 0, 0), second: _figures(9, 1, 0)},
        [_miss("$.b", "only_reconstructed", second)],
    )
    chosen = fidelity.matching_eras([newest, seed])
    assert chosen.anchors[first] == fidelity.SEED_ERA  # F1 1.0 against 0.889
    assert chosen.anchors[second] == fidelity.NEWEST
    assert chosen.disagreements == []  # each page's misses come from the run chosen for it
    assert chosen.total().both == 10 * len(fidelity.PAGES)


def test_a_tie_keeps_the_first_version() -> None:
    chosen = fidelity.matching_eras([_run(fidelity.NEWEST, {}), _run(fidelity.SEED_ERA, {})])
    assert set(chosen.anchors.values()) == {fidelity.NEWEST}


def test_misses_are_told_apart_by_whether_rules_ran() -> None:
    kept, made = _miss("$.status", "enums"), _miss("$.first_id", "nullability")
    removed = _miss("$.bytes", "int_number")
    full = _run(fidelity.NEWEST, {}, [kept, made])
    bare = _run(fidelity.NEWEST, {}, [{**kept, "message": "worded differently"}, removed])
    counts = fidelity.causes(full, bare)
    assert counts["enums"] == {"pages": 1}
    assert counts["nullability"] == {"rules": 1}
    assert counts["int_number"] == {"removed": 1}
    table = fidelity.causes_table(counts)
    assert "| Nullable | 1 | 0 | 1 | 0 |" in table
    assert "| Integer/number | 0 | 0 | 0 | 1 |" in table


def test_rules_can_be_left_out_of_a_parse() -> None:
    def created_at(rules: tuple[Any, ...]) -> Any:
        document = parse_pages([RESUME_PAGE], rules=rules).document
        return document["components"]["schemas"]["FineTuningJob"]["properties"]["created_at"]

    assert created_at(RULES)["type"] == "integer"  # "The Unix timestamp (in seconds) ..."
    assert created_at(())["type"] == "number"  # what the page says: `created_at: number`
    assert created_at((integer_from_names,))["type"] == "integer"


def test_the_readme_table_is_what_make_fidelity_measures(tmp_path: Path) -> None:
    run = fidelity.Measurer(tmp_path).run(fidelity.prescribed_anchors())
    readme = (fidelity.ROOT / "README.md").read_text(encoding="utf-8")
    assert fidelity.figures_table(run) in readme, "README.md: run `make fidelity`, copy its table"
