"""refgen run as users run it: `python -m generator` in a subprocess, in a folder of the test's
choosing, optionally without root's power to ignore file permissions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300  # seconds: the slowest run of the suite takes a few


def refgen(
    *args: str,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    unprivileged: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run refgen with `args`. `env` adds to a minimal environment (PATH and PYTHONPATH, and
    the test session's user cache of tests/conftest.py, so that nothing of the developer's
    leaks in and nothing is written outside pytest's folders); `unprivileged` takes away root's power to
    read and write whatever the permissions say (tests of permission errors)."""
    command = [sys.executable, "-m", "generator", *args]
    if unprivileged:
        command = [*_without_override(), *command]
    environment = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    if "REFGEN_CACHE_DIR" in os.environ:
        environment["REFGEN_CACHE_DIR"] = os.environ["REFGEN_CACHE_DIR"]
    environment.update(env or {})
    # A run that hangs fails its test (subprocess.TimeoutExpired), not the whole suite.
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        timeout=TIMEOUT,
    )


def _without_override() -> list[str]:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    # Root ignores permissions through these two capabilities; without them it obeys.
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
