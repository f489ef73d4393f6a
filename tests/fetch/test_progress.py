"""A progress bar on a terminal, plain lines otherwise: `refgen fetch` under a real
pseudo-terminal, and with its output sent to a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from tests.conftest import ROOT
from tests.fetch.conftest import MODEL_PAGES, refgen, serve_models, write_config
from tests.fetch.site import Site


def _on_a_terminal(root: Path, columns: int) -> str:
    """What `refgen fetch` shows on stderr when it is a terminal `columns` wide."""
    terminal, attached = pty.openpty()
    fcntl.ioctl(attached, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "fetch"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=attached,
    )
    os.close(attached)
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the process closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    assert process.wait(timeout=60) == 0
    return shown.decode()


def test_a_terminal_gets_a_bar(site: Site, tmp_path: Path) -> None:
    write_config(tmp_path, serve_models(site))
    shown = _on_a_terminal(tmp_path, columns=100)
    assert "fetching:   0%" in shown and f"0/{len(MODEL_PAGES)}" in shown
    assert "\r" in shown  # redrawn in place
    assert "] fetched " not in shown  # no plain per-page lines


def test_a_terminal_that_says_no_width_gets_plain_lines(site: Site, tmp_path: Path) -> None:
    write_config(tmp_path, serve_models(site))
    assert "[2/2] fetched " in _on_a_terminal(tmp_path, columns=0)


def test_a_pipe_gets_plain_lines(site: Site, tmp_path: Path) -> None:
    write_config(tmp_path, serve_models(site))
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    assert lines[0] == f"{site.url}/llms.txt: 2 pages below {site.url}/docs/ (2 links)"
    # Numbered as they finish, which is in either order.
    assert sorted(line[6:] for line in lines[1:]) == [
        f"fetched 6.5 kB {site.url}/docs/models/retrieve.md",
        f"fetched 7.5 kB {site.url}/docs/models/list.md",
    ]
    assert sorted(line[:6] for line in lines[1:]) == ["[1/2] ", "[2/2] "]
    assert "\r" not in result.stderr
