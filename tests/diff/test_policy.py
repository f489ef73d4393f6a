"""The team's settings: rule levels, ignore entries with reasons, and baselines."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main as refgen_main
from generator.diagnostics import RefgenError
from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.policy import Policy, apply_policy, load_policy, render_baseline, with_baseline
from generator.diff.records import Level, Report

HERE = Path(__file__).parent
# POST /items gains a required body; Item.name becomes optional and nullable; Item.size
# narrows from number to integer (four findings, three of them breaking).
PAIR = HERE / "evidence" / "stated-vs-stated"
REPO = HERE.parents[1]


@pytest.fixture(scope="module")
def report() -> Report:
    return compare_sides(load_side(PAIR / "base.yaml"), load_side(PAIR / "revision.yaml"))


def settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refgen-diff.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def rules(report: Report) -> dict[str, str]:
    return {finding.rule: finding.level.value for finding in report.findings}


def test_levels_override_the_rule_and_off_drops_it(report: Report, tmp_path: Path) -> None:
    policy = load_policy(
        settings(
            tmp_path,
            "levels:\n  response-became-nullable: warning\n  response-type-narrowed: off\n",
        )
    )
    applied = apply_policy(report, policy).report
    assert rules(applied) == {
        "request-body-added-required": "breaking",
        "response-became-nullable": "warning",
        "response-property-became-optional": "breaking",
    }
    assert applied.ignored == 1


def test_ignore_entries_match_by_rule_and_place(report: Report, tmp_path: Path) -> None:
    policy = load_policy(
        settings(
            tmp_path,
            """\
ignore:
  - rule: request-body-added-required
    at: POST /items
    reason: the body was always required; the old page did not say so (DOCS-12)
  - rule: response-became-nullable
    at: /components/schemas/Item
    reason: clients already handle a missing name
""",
        )
    )
    applied = apply_policy(report, policy)
    assert rules(applied.report) == {
        "response-property-became-optional": "breaking",
        "response-type-narrowed": "info",
    }
    assert (applied.report.ignored, applied.warnings) == (2, ())


def test_an_ignore_entry_that_matches_nothing_is_reported_at_its_line(
    report: Report, tmp_path: Path
) -> None:
    policy = load_policy(
        settings(
            tmp_path,
            """\
ignore:
  - rule: request-body-added-required
    at: POST /items
    reason: accepted
  - rule: operation-removed
    at: GET /items
    reason: gone long ago
""",
        )
    )
    (warning,) = apply_policy(report, policy).warnings
    assert warning.render() == (
        f"{tmp_path / 'refgen-diff.yaml'}:5: warning: ignore entry for "
        "`operation-removed` at `GET /items` matches no change; remove it"
    )


@pytest.mark.parametrize(
    "text,line,problem",
    [
        ("levels: [a]\n", 1, "`levels` maps rule ids to a level"),
        (
            "levels:\n  response-became-nulable: off\n",
            2,
            "unknown rule `response-became-nulable` (did you mean `response-became-nullable`?)",
        ),
        (
            "levels:\n  response-became-nullable: critical\n",
            2,
            "level of `response-became-nullable` must be one of: breaking, warning, info, off",
        ),
        (
            "ignore:\n  - rule: response-became-nullable\n    at: Item\n",
            2,
            "an ignore entry has exactly `rule`, `at` and `reason`",
        ),
        (
            "ignore:\n  - rule: response-became-nullable\n    at: Item\n    reason: '  '\n",
            2,
            "an ignore entry has exactly `rule`, `at` and `reason`",
        ),
        ("severity: {}\n", 1, "unknown setting `severity`"),
        ("- a\n", 1, "expected a mapping of settings"),
        ("a: &x [1]\nb: *x\n", 2, "alias"),
    ],
)
def test_bad_settings_are_errors_at_their_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    path = settings(tmp_path, text)
    with pytest.raises(RefgenError) as caught:
        load_policy(path)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.location.file, diagnostic.location.line) == (path.as_posix(), line)
    assert problem in diagnostic.message


def test_a_baseline_hides_known_findings_and_reports_stale_ones(
    report: Report, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    known = [f for f in report.findings if f.rule != "response-became-nullable"]
    gone = json.loads(render_baseline(known))
    gone["findings"].append({"id": "0" * 20, "rule": "operation-removed"})
    baseline.write_text(json.dumps(gone), encoding="utf-8")
    applied = apply_policy(report, with_baseline(Policy(), baseline))
    assert rules(applied.report) == {"response-became-nullable": "breaking"}
    assert applied.report.known == 3
    (stale,) = applied.warnings
    assert "1 finding of the baseline no longer occur" in stale.message


def test_a_finding_keeps_its_identity_when_lines_and_wording_change(report: Report) -> None:
    from dataclasses import replace

    finding = report.findings[0]
    moved = replace(finding, source="elsewhere.md:999", message="reworded", operations=())
    assert moved.identity == finding.identity
    assert replace(finding, revision_pointer="/other").identity != finding.identity


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = refgen_main(["diff", *[str(arg) for arg in argv]])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_write_a_baseline_then_only_new_findings_fail(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base, revision = PAIR / "base.yaml", PAIR / "revision.yaml"
    baseline = tmp_path / "baseline.json"
    status, _, err = run(capsys, base, revision, "--write-baseline", baseline, "--no-config")
    assert status == 0 and f"wrote 4 findings to {baseline.as_posix()}" in err
    status, out, _ = run(
        capsys, base, revision, "--baseline", baseline, "--fail-on", "breaking", "--no-config"
    )
    assert status == 0
    assert (
        out.splitlines()[1] == "0 breaking changes, 0 warnings, 0 info (not shown: 4 in the "
        "baseline)."
    )
    other = HERE / "fixtures" / "operation-removed"
    status, _, _ = run(
        capsys,
        other / "base.yaml",
        other / "revision.yaml",
        "--baseline",
        baseline,
        "--fail-on",
        "breaking",
        "--no-config",
    )
    assert status == 1  # a breaking change the baseline does not know


def test_the_config_file_names_the_baseline_relative_to_itself(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base, revision = PAIR / "base.yaml", PAIR / "revision.yaml"
    (tmp_path / "ci").mkdir()
    run(capsys, base, revision, "--write-baseline", tmp_path / "ci" / "known.json")
    config = settings(tmp_path, "baseline: ci/known.json\nlevels:\n  response-type-narrowed: off\n")
    status, out, _ = run(capsys, base, revision, "--config", config, "--format", "json")
    summary = json.loads(out)["summary"]
    assert (status, summary["total"], summary["in_baseline"], summary["ignored"]) == (0, 0, 3, 1)


def test_the_default_config_is_read_from_spec_and_can_be_left_out(tmp_path: Path) -> None:
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "refgen-diff.yaml").write_text(
        "levels:\n  request-body-added-required: off\n  response-became-nullable: off\n"
        "  response-property-became-optional: off\n",
        encoding="utf-8",
    )
    argv = [
        sys.executable,
        "-m",
        "generator",
        "diff",
        str(PAIR / "base.yaml"),
        str(PAIR / "revision.yaml"),
        "--fail-on",
        "breaking",
    ]

    def status(*extra: str) -> int:
        return subprocess.run(
            [*argv, *extra],
            cwd=tmp_path,
            capture_output=True,
            check=False,
            env={"PYTHONPATH": str(REPO)},
        ).returncode

    assert (status(), status("--no-config")) == (0, 1)


def test_a_documentation_change_stays_one_whatever_the_level(tmp_path: Path) -> None:
    era = HERE / "evidence" / "era-artifact"
    report = compare_sides(load_side(era / "base.yaml"), load_side(era / "revision.yaml"))
    policy = load_policy(settings(tmp_path, "levels:\n  response-became-nullable: warning\n"))
    (nullable,) = [
        f
        for f in apply_policy(report, policy).report.findings
        if f.rule == "response-became-nullable"
    ]
    assert (nullable.level, nullable.rule_level) == (Level.DOCUMENTATION, Level.WARNING)
