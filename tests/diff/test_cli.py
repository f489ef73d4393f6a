"""`refgen diff` from the outside: arguments, exit codes, error messages, git refs."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main as refgen_main

FIXTURES = Path(__file__).parent / "fixtures"
REMOVED = FIXTURES / "operation-removed"
ADDED_OPTIONAL = FIXTURES / "request-property-added-optional"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = refgen_main(["diff", *[str(arg) for arg in argv]])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_identical_inputs_say_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    spec = REMOVED / "base.yaml"
    status, out, _ = run(capsys, spec, spec, "--fail-on", "warning")
    assert (status, out.splitlines()[1]) == (0, "No changes.")


def test_fail_on_sets_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    base, revision = REMOVED / "base.yaml", REMOVED / "revision.yaml"
    assert run(capsys, base, revision)[0] == 0
    assert run(capsys, base, revision, "--fail-on", "breaking")[0] == 1
    info_only = (ADDED_OPTIONAL / "base.yaml", ADDED_OPTIONAL / "revision.yaml")
    assert run(capsys, *info_only, "--fail-on", "warning")[0] == 0


def test_min_level_hides_but_still_fails(capsys: pytest.CaptureFixture[str]) -> None:
    base, revision = REMOVED / "base.yaml", REMOVED / "revision.yaml"
    status, out, _ = run(
        capsys,
        base,
        revision,
        "--min-level",
        "warning",
        "--format",
        "json",
        "--fail-on",
        "breaking",
    )
    assert status == 1
    assert [c["rule"] for c in json.loads(out)["changes"]] == ["operation-removed"]


def test_bad_input_is_file_error_message_and_status_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [unclosed\n")
    status, out, err = run(capsys, broken, REMOVED / "base.yaml")
    assert status == 1 and out == ""
    assert err.startswith(f"{broken}:2: error: invalid YAML")
    assert "Traceback" not in err
    status, _, err = run(capsys, tmp_path / "missing.yaml", REMOVED / "base.yaml")
    assert (status, err) == (1, f"{tmp_path / 'missing.yaml'}: error: no such file\n")


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, REMOVED / "base.yaml")
    assert status == 2 and err.endswith("refgen diff: error: give both BASE and REVISION\n")
    status, _, err = run(capsys, "a.yaml", "b.yaml", "--format", "html")
    assert status == 2 and "invalid choice: 'html'" in err


def test_source_map_beside_the_spec_gives_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for side in ("base", "revision"):
        (tmp_path / side).mkdir()
        shutil.copy(ADDED_OPTIONAL / f"{side}.yaml", tmp_path / side / "openapi.yaml")
    (tmp_path / "revision" / "openapi.sourcemap.json").write_text(
        json.dumps(
            {
                "/components/schemas/CreateItem": "spec/items.md:20",
                "/components/schemas/CreateItem/properties/color": "spec/items.md:31:5",
            }
        )
    )
    status, out, _ = run(
        capsys,
        tmp_path / "base" / "openapi.yaml",
        tmp_path / "revision" / "openapi.yaml",
        "--format",
        "github",
    )
    assert status == 0
    assert out == (
        "::notice file=spec/items.md,line=31,col=5,title=request-property-added-optional"
        "::CreateItem: optional request property `CreateItem.color` added (string)\n"
    )


def test_a_removal_points_at_the_nearest_place_left_in_the_revision(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Annotations attach to the new files: a removed operation is shown where the revision's
    `paths` are (line 5), not in the base, even when the base has a source map."""
    for side in ("base", "revision"):
        (tmp_path / side).mkdir()
        shutil.copy(REMOVED / f"{side}.yaml", tmp_path / side / "openapi.yaml")
    (tmp_path / "base" / "openapi.sourcemap.json").write_text(
        json.dumps({"/paths/~1items": "spec/items.md:4", "/paths/~1items/get": "spec/items.md:9"})
    )
    revision = tmp_path / "revision" / "openapi.yaml"
    status, out, _ = run(capsys, tmp_path / "base" / "openapi.yaml", revision, "--format", "github")
    assert status == 0
    assert out == (
        f"::error file={revision.as_posix()},line=5,title=operation-removed::GET "
        "/items: operation removed: calls to it fail and its client method "
        "disappears\n"
    )


def test_base_ref_compares_the_spec_at_a_git_ref(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    spec = tmp_path / "spec" / "openapi.yaml"
    spec.parent.mkdir()
    shutil.copy(REMOVED / "base.yaml", spec)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    shutil.copy(REMOVED / "revision.yaml", spec)
    status, out, _ = run(capsys, "--base", "HEAD", "--spec", spec, "--format", "json")
    report = json.loads(out)
    assert status == 0 and report["base"] == "HEAD:spec/openapi.yaml"
    assert [c["rule"] for c in report["changes"]] == ["operation-removed"]
    status, _, err = run(capsys, "--base", "no-such-ref", "--spec", spec)
    assert status == 1 and "error: `git show no-such-ref:spec/openapi.yaml` failed" in err


def test_python_packages_are_compared(capsys: pytest.CaptureFixture[str]) -> None:
    fixture = FIXTURES / "python-method-removed"
    status, out, _ = run(
        capsys,
        "--python-packages",
        fixture / "base" / "client",
        fixture / "revision" / "client",
        "--fail-on",
        "breaking",
    )
    assert status == 1
    assert "[python-method-removed] method `Items.create` removed: calls to it fail" in out


def test_rules_table_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--rules")
    assert status == 0
    assert "| `response-enum-value-added` | warning |" in out


def test_runs_as_a_module() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.diff",
            str(REMOVED / "base.yaml"),
            str(REMOVED / "revision.yaml"),
            "--fail-on",
            "breaking",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert completed.returncode == 1
    assert "[operation-removed]" in completed.stdout


def test_the_documented_rule_table_is_the_registry() -> None:
    from generator.diff.rules import rules_table

    assert rules_table() in (Path(__file__).parents[2] / "docs" / "diff.md").read_text("utf-8")


def test_o_is_short_for_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for flag in ("-o", "--output"):
        target = tmp_path / f"report{flag}.json"
        status, out, _ = run(
            capsys,
            REMOVED / "base.yaml",
            REMOVED / "revision.yaml",
            "--format",
            "json",
            flag,
            target,
        )
        assert (status, out) == (0, "")
        assert json.loads(target.read_text())["changes"][0]["rule"] == "operation-removed"


def test_github_format_appends_the_markdown_report_to_the_job_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status, out, _ = run(
        capsys, REMOVED / "base.yaml", REMOVED / "revision.yaml", "--format", "github"
    )
    assert status == 0 and out.startswith("::error ")
    text = summary.read_text()
    assert text.startswith("earlier step\n### API diff: 1 breaking change, 0 warnings, 0 info.")
    run(capsys, REMOVED / "base.yaml", REMOVED / "revision.yaml", "--format", "text")
    assert summary.read_text() == text  # only the github format writes a job summary


def test_the_format_choices_are_the_renderers() -> None:
    from generator.diff.cli import FORMATS
    from generator.diff.render import RENDERERS

    assert sorted(FORMATS) == sorted(RENDERERS)
