"""bench/ab.py, the side-by-side comparison of two versions of refgen, runs end to end: a real
subprocess comparing this checkout with a copy of itself on a small tree."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ab(tmp_path: Path, base: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TMPDIR=str(tmp_path))  # its work folder under pytest's
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ab.py"), str(base)]
        + [
            str(ROOT / "tests" / "fixtures" / "vendor"),
            "--spec",
            str(ROOT / "spec" / "openapi.yaml"),
        ]
        + ["--runs", "1", *options],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_two_copies_of_the_same_code_are_compared_command_by_command(tmp_path: Path) -> None:
    base = tmp_path / "base"
    for folder in ("generator", "templates"):  # the code and what it renders with
        shutil.copytree(ROOT / folder, base / folder)
    result = _ab(tmp_path, base)
    assert result.returncode == 0, result.stderr
    rows = re.findall(
        r"^(parse|generate|build --force) +(cpu|wall) +base ([\d.]+) s .* this ([\d.]+) s .* "
        r"this / base ([\d.]+) \(round by round ([\d.]+)\)$",
        result.stdout,
        re.MULTILINE,
    )
    commands = ["parse", "generate", "build --force"]
    assert [row[:2] for row in rows] == [(c, clock) for c in commands for clock in ("cpu", "wall")]
    for _, _, before, after, ratio, paired in rows:
        # Each time is shown to ±0.005 s and the ratio to ±0.005.
        seconds_before, seconds_after = float(before), float(after)
        assert seconds_before > 0 and seconds_after > 0
        assert (seconds_after - 0.005) / (seconds_before + 0.005) - 0.005 <= float(ratio)
        assert float(ratio) <= (seconds_after + 0.005) / (seconds_before - 0.005) + 0.005
        assert abs(float(paired) - float(ratio)) < 0.02  # one round: the same ratio
    peaks = re.findall(
        r"^(?:parse|generate|build --force) +peak base (\d+) MB +this (\d+) MB$",
        result.stdout,
        re.MULTILINE,
    )
    assert len(peaks) == 3 and all(int(b) > 10 and int(a) > 10 for b, a in peaks)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("refgen-ab-")]  # cleaned up


def test_a_folder_that_is_not_refgen_is_refused(tmp_path: Path) -> None:
    result = _ab(tmp_path, tmp_path)
    assert result.returncode == 2
    assert "not a checkout of refgen" in result.stderr


def test_one_command_alone(tmp_path: Path) -> None:
    base = tmp_path / "base"
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, base / folder)
    result = _ab(tmp_path, base, "--only", "generate")
    assert result.returncode == 0, result.stderr
    named = re.findall(r"^(\S+(?: --force)?) +(?:cpu|wall|peak) ", result.stdout, re.MULTILINE)
    assert named == ["generate"] * 3
