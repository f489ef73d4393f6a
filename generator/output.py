"""The last stage: write files atomically, or compare them with what is on disk.

A tree is written to a temporary directory beside its target and then swapped in, so that
after any failure (even SIGKILL) the target holds either the whole old tree or the whole
new one. On Linux the swap is one renameat2(RENAME_EXCHANGE) call; elsewhere it is two
renames, and a tree left aside by an interrupted swap is put back on the next run.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import difflib
import os
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from generator.diagnostics import Location, RefgenError

FileMap = dict[str, str]

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def check_relative_path(path: str) -> None:
    """Refuse any output path that could land outside the output directory."""
    pure = PurePosixPath(path)
    bad = (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
        or any(_WINDOWS_RESERVED.match(part) for part in pure.parts)
        or "\x00" in path
    )
    if bad:
        raise RefgenError.at(Location(path), "refusing to write outside the output directory")


def write_tree(target: Path, files: FileMap) -> None:
    """Replace the directory `target` by exactly `files`."""
    for path in files:
        check_relative_path(path)
    target = target.resolve()
    _recover(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for path in sorted(files):
            destination = staging / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            _write_synced(destination, files[path])
        _fsync_directory(staging)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_file(target: Path, text: str) -> None:
    """Replace one file atomically (write beside it, then rename over it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())


def _fsync_directory(path: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _aside(target: Path) -> Path:
    return target.with_name(f".{target.name}.old")


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        aside = _aside(target)
        os.rename(target, aside)
        os.rename(staging, target)
        shutil.rmtree(aside, ignore_errors=True)
        return
    _fsync_directory(target.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths with renameat2; False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second),
                       _RENAME_EXCHANGE)
    return bool(result == 0)


def _recover(target: Path) -> None:
    """Put back a tree that an interrupted two-rename swap left aside."""
    aside = _aside(target)
    if aside.exists() and not target.exists():
        os.rename(aside, target)
    elif aside.exists():
        shutil.rmtree(aside, ignore_errors=True)


def read_tree(root: Path) -> FileMap:
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def unified_diff(expected: FileMap, actual: FileMap, label: str) -> str:
    """What differs between the files on disk (`actual`) and what the sources give."""
    chunks: list[str] = []
    for path in sorted(set(expected) | set(actual)):
        old, new = actual.get(path), expected.get(path)
        if old == new:
            continue
        chunks.extend(
            difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                fromfile=f"{label}/{path}" if old is not None else "/dev/null",
                tofile=f"{label}/{path} (from sources)" if new is not None else "/dev/null",
            )
        )
    return "".join(chunks)
