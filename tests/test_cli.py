"""The command line, run as users run it: real subprocesses, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from tests.cli_run import refgen
from tests.conftest import RESUME_PAGE


def project(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copy(RESUME_PAGE, spec / "resume.md")
    (spec / "refgen.yaml").write_text("title: T\npackage: demo\nsources: ['*.md']\n")
    return tmp_path


def test_parse_writes_yaml_or_json_by_extension(tmp_path: Path) -> None:
    for name, load in (("out.yaml", yaml.safe_load), ("out.json", json.loads)):
        result = refgen("parse", str(RESUME_PAGE), "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        validate(load((tmp_path / name).read_text()))


def test_generate_from_a_document(tmp_path: Path) -> None:
    assert refgen("parse", str(RESUME_PAGE), "-o", str(tmp_path / "a.yaml")).returncode == 0
    result = refgen(
        "generate", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "out"), "--package", "pkg"
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "pkg" / "types" / "fine_tuning.py").is_file()
    assert (tmp_path / "out" / "docs" / "index.md").is_file()


def test_check_passes_after_build_and_fails_with_a_diff_when_stale(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert refgen("build", cwd=root).returncode == 0
    assert refgen("check", cwd=root).returncode == 0
    models = root / "generated" / "demo" / "types" / "fine_tuning.py"
    models.write_text(models.read_text().replace("class FineTuningJob(", "class Renamed("))
    stale = refgen("check", cwd=root)
    assert stale.returncode == 1
    assert "-class Renamed(" in stale.stdout and "+class FineTuningJob(" in stale.stdout
    (root / "spec" / "openapi.yaml").unlink()
    assert "openapi.yaml" in refgen("check", cwd=root).stdout


def test_bad_input_is_a_located_error_without_traceback(tmp_path: Path) -> None:
    page = tmp_path / "bad.md"
    page.write_text("## Thing\n\n**post** `/things`\n\n### Body Parameters\n\n- `name: strnig`\n")
    result = refgen("parse", str(page), "-o", str(tmp_path / "x.yaml"))
    assert result.returncode == 1
    # Column 10 is where the bad word starts in `- \`name: strnig\``; the line is quoted.
    assert f"{page}:7:10: error: unknown type word 'strnig'" in result.stderr
    assert "    - `name: strnig`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_a_failed_build_leaves_outputs_untouched(tmp_path: Path) -> None:
    root = project(tmp_path)
    assert refgen("build", cwd=root).returncode == 0
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    (root / "spec" / "broken.md").write_text("## X\n\n**fetch** `/x`\n")
    result = refgen("build", cwd=root)
    assert result.returncode == 1 and "unknown HTTP method 'fetch'" in result.stderr
    after = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and p.name != "broken.md"}
    assert after == before


def test_missing_path_and_bad_usage(tmp_path: Path) -> None:
    missing = refgen("parse", str(tmp_path / "nope"), "-o", str(tmp_path / "x.yaml"))
    assert missing.returncode == 1 and "no such file or directory" in missing.stderr
    assert refgen("parse").returncode == 2
    assert refgen("frobnicate").returncode == 2


def test_generate_from_a_document_of_the_wrong_shape_is_a_clean_error(tmp_path: Path) -> None:
    document = tmp_path / "odd.yaml"
    document.write_text('openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths: []\n')
    result = refgen("generate", str(document), "-o", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{document}: error: cannot generate from this document" in result.stderr
    assert not (tmp_path / "out").exists()
