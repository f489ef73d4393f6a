"""The last stage: write files atomically, or compare them with what is on disk.

A tree is written to a temporary directory beside its target and then swapped in, so that
after any failure (even SIGKILL) the target holds either the whole old tree or the whole
new one. On Linux the swap is one renameat2(RENAME_EXCHANGE) call; elsewhere it is two
renames, and a tree left aside by an interrupted swap is put back on the next run.

The files of the new tree must be on disk before the swap makes them visible. On Linux one
syncfs() call on the staging directory's file system does that for the whole tree (an fsync
per file costs 0.8 s for the 2,100 files of the Anthropic client, syncfs 0.1 s); elsewhere
each file is fsynced. Either way nothing is swapped in before its data is durable.

What is written and replaced is decided by ownership.py: a tree carries its manifest, and a
directory or file refgen cannot show is its own is never replaced. Every temporary file and
folder lives in `.refgen-tmp/` beside the target, which ignores itself for git (a `.gitignore`
of `*` inside), so that a run killed halfway leaves nothing `git status` shows; writers in one
folder take turns (an flock on the folder), and each removes what dead runs left there.
"""

from __future__ import annotations

import ctypes
import difflib
import os
import re
import shutil
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath

from generator.diagnostics import Location, RefgenError
from generator.ownership import (
    DISPOSABLE,
    FileKind,
    check_file_target,
    check_tree_owned,
    check_tree_place,
    with_manifest,
)
from generator.pages.reader import display_path

FileMap = dict[str, str]

WORK_FOLDER = ".refgen-tmp"
MAX_NAME_BYTES = 255  # of one file or folder name: the limit of ext4, APFS, NTFS, ...
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What refgen 0.1 left beside a tree when killed while writing it (mkdtemp's 8 characters).
_LEGACY_STAGING = re.compile(r"^\.(?P<name>.+)\.new-[a-z0-9_]{8}$")


def check_relative_path(path: str) -> None:
    """Refuse any output path that could land outside the output directory, or that no file
    system can hold."""
    pure = PurePosixPath(path)
    bad = (
        not path
        or pure.is_absolute()
        or "\\" in path
        or ":" in path
        or any(part in ("..", ".", "") for part in path.split("/"))
        or any(_WINDOWS_RESERVED.match(part) for part in pure.parts)
        or _CONTROL.search(path) is not None
    )
    if bad:
        raise RefgenError.at(Location(path), "refusing to write outside the output directory")
    longest = max(pure.parts, key=lambda part: len(part.encode()))
    if len(longest.encode()) > MAX_NAME_BYTES:
        raise RefgenError.at(
            Location(path[:80] + "…"),
            f"cannot write a file named {longest[:40]}… ({len(longest.encode())} bytes): file "
            f"systems take names of {MAX_NAME_BYTES} bytes at most (the limit); the name comes "
            "from a path segment or a type name of the API",
        )


def write_tree(target: Path, files: FileMap, inputs: Iterable[Path] = ()) -> None:
    """Replace the directory `target` by exactly `files` and their manifest, if refgen may
    (ownership.py); `inputs` are the files the run read, which no output may replace. The
    tree it replaced is removed before it returns, or, inside old_trees_removed_meanwhile(),
    by the end of that block."""
    for path in files:
        check_relative_path(path)
    files = with_manifest(files)
    check_tree_place(target, inputs)
    try:
        with ExitStack() as turn:
            work = turn.enter_context(_work_folder(target.parent, target.name))
            check_tree_owned(target, files)  # under the lock: nobody else is writing here
            replaced = _write_and_swap(target, files, work)
            _remove_replaced(replaced, turn.pop_all())
    except OSError as error:
        raise _write_error(target, error) from None


# The threads removing replaced trees, while old_trees_removed_meanwhile() is active.
_REMOVING: list[list[threading.Thread]] = []


@contextmanager
def old_trees_removed_meanwhile() -> Iterator[None]:
    """Within the block, write_tree leaves the removal of the tree it replaced (and its turn
    in the output's folder, which the removal keeps until done) to a thread, and the block's
    end waits for it: what the caller writes next goes on meanwhile. Removing the old tree's
    folders is most of writing a tree where rmdir is slow (1-3 ms a folder on ext4 mounted
    with `discard`: 0.07-0.15 s for the Anthropic client's 57 folders)."""
    removing: list[threading.Thread] = []
    _REMOVING.append(removing)
    try:
        yield
    finally:
        _REMOVING.remove(removing)
        for thread in removing:
            thread.join()


def _remove_replaced(tree: Path, turn: ExitStack) -> None:
    """Remove the replaced `tree` from the work folder, then give up the turn in it: in a
    thread inside old_trees_removed_meanwhile(), else now."""

    def remove() -> None:
        with turn:
            shutil.rmtree(tree, ignore_errors=True)

    if not _REMOVING:
        remove()
        return
    thread = threading.Thread(target=remove, name="refgen-remove-old-tree")
    _REMOVING[-1].append(thread)
    thread.start()


def _write_and_swap(target: Path, files: FileMap, work: Path) -> Path:
    """Write `files` beside `target` and swap them in; the folder that then holds the
    replaced tree (for the caller to remove)."""
    staging = Path(tempfile.mkdtemp(prefix=f"new-{target.name}-", dir=work))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the tree is for everyone
    try:
        written: list[Path] = []
        folders: set[Path] = {staging}
        for path in sorted(files):
            destination = staging / path
            if destination.parent not in folders:
                destination.parent.mkdir(parents=True, exist_ok=True)
                folders.add(destination.parent)
            data = files[path].encode("utf-8")
            if _link_unchanged(target / path, destination, data):
                continue  # already durable, and its times tell tools that nothing changed
            with open(destination, "wb") as stream:
                stream.write(data)
            written.append(destination)
        _make_durable(staging, written, folders)
        _swap(staging, target, work)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # the new tree, never swapped in
        raise
    return staging  # (after the swap: the old tree)


def _link_unchanged(current: Path, destination: Path, data: bytes) -> bool:
    """Put the file of the current tree into the new one (a hard link) when it already holds
    `data`: a rebuild then writes only what changed, and unchanged files keep their times
    (which make, editors and test watchers go by). Only a plain file that nothing else links
    to: a link made elsewhere by hand must not come to share the new tree's file. False when
    the file must be written (changed, new, or where the file system has no hard links)."""
    if not _holds(current, data, unshared=True):
        return False
    try:
        os.link(current, destination)
    except OSError:
        return False
    return True


def write_file(
    target: Path, text: str, inputs: Iterable[Path] = (), kind: FileKind | None = None
) -> None:
    """Replace one file atomically (write beside it, then rename over it), if refgen may:
    see ownership.check_file_target for `inputs` and `kind`. A file that already holds
    `text` is kept as it is, with its times (as write_tree keeps the unchanged files of a
    tree): no write, no fsync."""
    check_file_target(target, inputs, kind)
    if _holds(target, text.encode("utf-8")):
        return
    try:
        with _work_folder(target.parent) as work:
            handle, temporary = tempfile.mkstemp(prefix=f"new-{target.name}-", dir=work)
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
    except OSError as error:
        raise _write_error(target, error) from None


def _holds(path: Path, data: bytes, unshared: bool = False) -> bool:
    """`path` is a plain file of exactly `data` (a link, or anything else, is not); with
    `unshared`, one that no other name links to."""
    try:
        found = os.lstat(path)
        if not stat.S_ISREG(found.st_mode) or found.st_size != len(data):
            return False
        if unshared and found.st_nlink != 1:
            return False
        with open(path, "rb") as stream:
            return stream.read() == data
    except OSError:
        return False


def _write_error(target: Path, error: OSError) -> RefgenError:
    """An OS failure while writing, as an error naming the output and the reason."""
    reason = error.strerror or str(error)
    involved = error.filename if isinstance(error.filename, str) else None
    if involved and Path(involved) != target:
        reason += f" ({involved})"
    return RefgenError.at(Location(display_path(target)), f"cannot write: {reason}")


@contextmanager
def _work_folder(parent: Path, tree_name: str | None = None) -> Iterator[Path]:
    """The folder for temporary files beside the outputs of `parent`, created for the time
    of a write and removed after it. Writers in one folder take turns; the one whose turn
    it is first puts back a tree an interrupted swap left aside and removes every other
    leftover of a dead run (also those refgen 0.1 left beside `tree_name`)."""
    parent.mkdir(parents=True, exist_ok=True)
    work = parent / WORK_FOLDER
    with _turn(parent) as alone:
        if work.is_symlink() or (work.exists() and not work.is_dir()):
            raise RefgenError.at(
                Location(display_path(work)),
                "refusing to keep temporary files here: refgen did not make "
                "it (not a directory, or a link); remove it",
            )
        if alone:
            _clear_leftovers(parent, work, tree_name)
        work.mkdir(exist_ok=True)
        _ignore_for_git(work)
        try:
            yield work
        finally:
            if alone:
                _remove_if_idle(work)


def _ignore_for_git(folder: Path) -> None:
    """A `.gitignore` of `*` in `folder`: git then ignores the folder and all it holds."""
    ignore = folder / ".gitignore"
    if ignore.is_symlink():
        ignore.unlink()  # never written through
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(ignore, flags, 0o666)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write("# refgen's temporary files: never committed.\n*\n")


@contextmanager
def _turn(folder: Path) -> Iterator[bool]:
    """An exclusive flock on `folder` for the time of the block: True once taken; False where
    the system or the file system has no such lock (the block then runs without it)."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield False
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        except OSError:  # a file system without locks (some network ones)
            yield False
            return
        yield True  # closing the descriptor releases the lock, also when the process dies
    finally:
        os.close(descriptor)


def _clear_leftovers(parent: Path, work: Path, tree_name: str | None) -> None:
    """Called with the turn taken, so that whatever is in `work` belongs to a dead run."""
    if work.is_dir() and not work.is_symlink():
        for entry in sorted(work.iterdir()):
            owner = parent / entry.name.removeprefix(_ASIDE)
            if entry.name.startswith(_ASIDE) and not os.path.lexists(owner):
                os.rename(entry, owner)  # the old tree of an interrupted two-rename swap
            elif entry.name != ".gitignore":
                _remove(entry)
    if tree_name is not None:
        for entry in parent.iterdir():
            match = _LEGACY_STAGING.match(entry.name)
            if match and match.group("name") == tree_name and not entry.is_symlink():
                _remove(entry)


def _remove_if_idle(work: Path) -> None:
    """Remove the work folder when it holds nothing but its .gitignore."""
    try:
        if [entry.name for entry in work.iterdir()] == [".gitignore"]:
            (work / ".gitignore").unlink()
            work.rmdir()
    except OSError:
        pass  # not idle after all, or already gone: the next run tidies up


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


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
    """The C library's symbols, or None where they cannot be had. On POSIX systems the running
    interpreter has the C library loaded already: `CDLL(None)` finds its symbols without
    `ctypes.util.find_library`, which runs `ldconfig -p` in a subprocess (3-6 ms per writing
    command). A missing symbol is each caller's fallback (fsync; rename aside)."""
    if not _LIBC:
        _LIBC.append(ctypes.CDLL(None, use_errno=True) if os.name == "posix" else None)
    return _LIBC[0]


def _fsync_directory(path: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


_ASIDE = "old-"


def _swap(staging: Path, target: Path, work: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif not _exchange(staging, target):
        aside = work / f"{_ASIDE}{target.name}"  # put back by _clear_leftovers if killed now
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
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    current = os.umask(0o022)
    os.umask(current)
    return current


def read_tree(root: Path) -> FileMap:
    """The files of a tree on disk, as refgen compares them with what it would write:
    DISPOSABLE caches left out, a symbolic link shown as one, never followed (a link to a
    secret must not print the secret in a diff)."""
    files: FileMap = {}
    if not root.is_dir():
        return files
    for folder, subfolders, names in os.walk(root):
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        subfolders[:] = [n for n in subfolders if n not in DISPOSABLE and n not in links]
        relative = os.path.relpath(folder, root)
        for name in [*names, *links]:
            if name in DISPOSABLE:
                continue
            path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            files[path] = read_output(Path(folder, name))
    return dict(sorted(files.items()))


def read_output(path: Path) -> str:
    """The text of an output file, or a line that says what is there instead of a file."""
    if path.is_symlink():
        return f"(a symbolic link to {os.readlink(path)}, not a file)\n"
    if not path.is_file():
        return "(not a regular file)\n"
    return path.read_text(encoding="utf-8", errors="replace")


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
