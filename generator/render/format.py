"""Format generated Python with ruff, in memory (through one temporary directory, so ruff
starts once for the whole tree rather than once per file).

Rendered modules are formatted at ruff's default line length (88), so that a vendored package
passes `ruff check` under the default settings of whoever vendors it as well as under ours.
The runtime (templates/runtime) is hand-written Python kept in that style already: it is
copied into the package byte for byte, not reformatted."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from generator.render.import_order import LINE_LENGTH
from generator.render.loader import RUNTIME_FILES

# Fixed settings, never the user's pyproject: the same input gives the same bytes anywhere.
RUFF_SETTINGS = (
    "--isolated",
    "--line-length",
    str(LINE_LENGTH),
    "--target-version",
    "py311",
)
# The fixes a user's templates get: imports sorted, unused ones dropped, `__all__` sorted.
IMPORT_FIXES = ("--select", "I,F401,RUF022", "--fix", "--quiet", "--exit-zero")


def format_python(files: dict[str, str], fix_imports: bool = False) -> dict[str, str]:
    return {**files, **start_formatting(files, fix_imports).result()}


class Formatting:
    """ruff at work on the Python files of `files`, in a background thread (ruff is a
    process of its own, so the caller can go on with other work meanwhile)."""

    def __init__(self, files: dict[str, str], fix_imports: bool) -> None:
        self._files = files
        self._fix_imports = fix_imports
        self._formatted: dict[str, str] = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="refgen-ruff", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._formatted = _formatted(self._files, self._fix_imports)
        except BaseException as error:  # noqa: BLE001 (re-raised by result())
            self._error = error

    def result(self) -> dict[str, str]:
        """The formatted Python files, {relative path: text}."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._formatted


def start_formatting(files: dict[str, str], fix_imports: bool = False) -> Formatting:
    """ruff formatting the Python files of `files`. refgen's templates write imports and
    `__all__` as `ruff check` wants them (render/import_order.py; the tests hold them to it),
    so ruff only formats; with `fix_imports` (a user's template folder, whose templates
    docs/templates.md lets write the imports a module might need), ruff also sorts them and
    drops the unused ones first."""
    return Formatting(dict(files), fix_imports)


def _formatted(files: dict[str, str], fix_imports: bool) -> dict[str, str]:
    python_files = sorted(path for path in files if path.endswith(".py") and not _is_runtime(path))
    if not python_files:
        return {}
    with tempfile.TemporaryDirectory(prefix="refgen-format-", dir=_scratch_parent()) as scratch:
        root = Path(scratch)
        for path in python_files:
            target = root / _stand_in(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(files[path], encoding="utf-8")
        ruff = find_ruff_bin()
        # --no-cache: the files are new each time, a cache would only be written.
        if fix_imports:
            _run([ruff, "check", *RUFF_SETTINGS, *IMPORT_FIXES, "--no-cache", "."], root)
        _run([ruff, "format", *RUFF_SETTINGS, "--no-cache", "--quiet", "."], root)
        return {path: (root / _stand_in(path)).read_text(encoding="utf-8") for path in python_files}


_MEMORY_FOLDERS = ("XDG_RUNTIME_DIR", "/dev/shm")


def _scratch_parent() -> str | None:
    """Where ruff's copy of the tree goes: a folder in memory when the system has one and
    TMPDIR does not say otherwise. Creating a file costs 0.1 to 0.7 ms on a loaded ext4 and
    15 µs in memory, and ruff's copy is some 150 files written twice and read twice."""
    if os.environ.get("TMPDIR"):
        return None
    for place in _MEMORY_FOLDERS:
        folder = os.environ.get(place, "") if place.isupper() else place
        if folder and os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None  # tempfile's own choice


def _stand_in(path: str) -> str:
    """The name ruff sees a file under. ruff never removes an unused import from an
    `__init__.py` (it could be a re-export); a generated `__init__.py` re-exports through
    `__all__` only, so it is shown to ruff as an ordinary module."""
    head, _, name = path.rpartition("/")
    if name != "__init__.py":
        return path
    return f"{head}/{_INIT_STAND_IN}" if head else _INIT_STAND_IN


_INIT_STAND_IN = "_init_module_.py"  # no generated module starts with "_" but the runtime's


def _is_runtime(path: str) -> bool:
    """A runtime file at the package's root (`pkg/_base_client.py`)."""
    package, _, name = path.partition("/")
    return bool(package) and name in RUNTIME_FILES


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        # Unformattable output is a bug in a template, not a user mistake.
        raise RuntimeError(f"ruff failed on generated code:\n{result.stderr or result.stdout}")
