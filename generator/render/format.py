"""Format generated Python with ruff, in memory (through one temporary directory, so ruff
starts once for the whole tree rather than once per file)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ruff.__main__ import find_ruff_bin

# Fixed settings, never the user's pyproject: the same input gives the same bytes anywhere.
RUFF_SETTINGS = ("--isolated", "--line-length", "100", "--target-version", "py311")


def format_python(files: dict[str, str]) -> dict[str, str]:
    python_files = sorted(path for path in files if path.endswith(".py"))
    if not python_files:
        return dict(files)
    with tempfile.TemporaryDirectory(prefix="refgen-format-") as scratch:
        root = Path(scratch)
        for path in python_files:
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[path], encoding="utf-8")
        ruff = find_ruff_bin()
        _run([ruff, "check", *RUFF_SETTINGS, "--select", "I,F401,RUF022", "--fix", "--quiet",
              "--exit-zero", "."], root)
        _run([ruff, "format", *RUFF_SETTINGS, "--quiet", "."], root)
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in python_files}
    return {**files, **formatted}


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        # Unformattable output is a bug in a template, not a user mistake.
        raise RuntimeError(f"ruff failed on generated code:\n{result.stderr or result.stdout}")
