"""The last stage: write files atomically, or compare them with what is on disk.

A tree is written to a temporary directory beside its target and then swapped in, so that
after any failure (even SIGKILL) the target holds either the whole old tree or the whole
new one. On Linux the swap is one renameat2(RENAME_EXCHANGE) call; elsewhere it is two
renames, and a tree left aside by an interrupted swap is put back on the next run.

The files of the new tree must be on disk before the swap makes them visible. On Linux one
syncfs() call on the staging directory's file system does that for the whole tree (an fsync
per file costs 0.8 s for the 2,100 files of the Anthropic client, syncfs 0.1 s); elsewhere
each file is fsynced. Either way nothing is swapped in before its data is durable.
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
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the tree is for everyone
    try:
        written: list[Path] = []
        folders: set[Path] = {staging}
        for path in sorted(files):
            destination = staging / path
            if destination.parent not in folders:
                destination.parent.mkdir(parents=True, exist_ok=True)
                folders.add(destination.parent)
            with open(destination, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(files[path])
            written.append(destination)
        _make_durable(staging, written, folders)
        _swap(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_file(target: Path, text: str) -> None:
    """Replace one file atomically (write beside it, then rename over it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.chmod(temporary, 0o666 & ~_umask())  # as a plain open() would have made it
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_durable(root: Path, files: list[Path], folders: set[Path]) -> None:
    """Every file and folder written under `root` reaches the disk: one syncfs() where the
    system has it, else an fsync per file and per folder."""
    if _syncfs(root):
        return
    for path in files:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        _fsync_directory(folder)


def _syncfs(path: Path) -> bool:
    """syncfs(2) on the file system holding `path` (Linux); False where it is not available
    or fails, so that the caller falls back on fsync."""
    libc = _libc()
    syncfs = getattr(libc, "syncfs", None) if libc is not None else None
    if syncfs is None or not hasattr(os, "O_DIRECTORY"):
        return False
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return bool(syncfs(descriptor) == 0)
    finally:
        os.close(descriptor)


_LIBC: list[ctypes.CDLL | None] = []


def _libc() -> ctypes.CDLL | None:
    if not _LIBC:
        name = ctypes.util.find_library("c")
        _LIBC.append(ctypes.CDLL(name, use_errno=True) if name is not None else None)
    return _LIBC[0]


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
    libc = _libc()
    if libc is None:
        return False
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


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


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
