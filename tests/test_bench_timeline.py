"""bench/timeline.py, the per-process stage timeline, runs end to end on a real subprocess: every
stage it wraps still exists (a renamed or removed function made it fail before it printed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_timeline_of_a_generate_names_the_stages_of_both_processes(tmp_path: Path) -> None:
    env = dict(os.environ, TMPDIR=str(tmp_path))  # its log file under pytest's folder
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "timeline.py"), "generate"]
        + [str(ROOT / "spec" / "openapi.yaml"), "-o", str(tmp_path / "out"), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:5] == ["process", "from", "to", "wall", "CPU"]
    rows = [re.match(r"(parent|child \d+) +(?:-?[\d.]+ +){4} (.+)$", line) for line in lines[1:]]
    assert all(rows), lines
    stages = {(row[1].split()[0], row[2]) for row in rows if row}
    assert {("parent", "interpreter start-up"), ("parent", "build_context")} <= stages
    assert ("child", "render_docs") in stages  # the docs worker, a process of its own
    assert list((tmp_path / "out").rglob("_client.py"))  # and it generated
    assert not list(tmp_path.glob("refgen-timeline-*"))  # the log is removed
