"""What refgen may replace: the output trees and files it can show are its own, nothing else.

Output trees (`generated/`, `refgen generate -o DIR`)
------------------------------------------------------
Every tree refgen writes carries a manifest at its root, `.refgen-manifest`: a header line,
then one `<sha256>  <path>` line per file, sorted by path. It is `sha256sum`'s format, so
`sha256sum --check .refgen-manifest` inside the tree verifies a vendored copy, and a merge of
two versions keeps every line of both (lines that are not entries, a conflict marker say, are
ignored). No timestamp: the same files give the same manifest.

A directory on disk is replaced by a new tree only when everything in it is accounted for:

- in a tree with a manifest, a file the manifest lists (refgen wrote it) or a file at a path
  of the new tree (refgen's own path in its own tree: what is there is regenerated);
- in a directory without a manifest (a tree from before manifests), a file whose bytes are
  exactly what the new tree has at its path: nothing is lost, and the tree is adopted;
- in either, an empty folder or what Python tools leave behind (DISPOSABLE).

Anything else is a file the user put there: the run refuses, naming each one, and writes
nothing. Whatever is inside, refgen never replaces a symbolic link (it would write where the
link points), something that is not a directory, or a directory that is or holds the file
system root, the home directory, the current directory, a project root (a folder with `.git`
or `pyproject.toml`) or an input of the run (a page, refgen.yaml, the overlay, the templates).

Output files (the fragment, the source map, `refgen parse -o FILE`)
------------------------------------------------------------------
A file is replaced only when it is a regular file (not a directory, a symbolic link or a
device), not an input of the run, and, for the kinds refgen writes, a file of that kind: an
OpenAPI document (`openapi:` in its first 64 KiB) or a source map (a JSON object of pointers,
or of the `refgen-sourcemap` format). An empty file is of every kind. A name that is free is
always fine.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Literal

from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.pages.reader import display_path

MANIFEST = ".refgen-manifest"
MANIFEST_HEADER = (
    "# refgen: the files of this tree and their SHA-256 (check: sha256sum --check .refgen-manifest)"
)
# What Python tools make inside a package: caches, never anyone's work.
DISPOSABLE = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".DS_Store"})
PROJECT_MARKERS = (".git", "pyproject.toml")
_ENTRY = re.compile(r"^[0-9a-f]{64}  (.+)$")
_SHOWN_AT_MOST = 20

FileKind = Literal["OpenAPI document", "source map"]
_WITH_ARTICLE: dict[FileKind, str] = {
    "OpenAPI document": "an OpenAPI document",
    "source map": "a source map",
}
_KIND_SIGNS: dict[FileKind, re.Pattern[bytes]] = {
    "OpenAPI document": re.compile(rb'^openapi\s*:|"openapi"\s*:', re.MULTILINE),
    "source map": re.compile(rb'\A\s*\{\s*(\}|"format"|"/)'),
}
_SNIFFED = 64 * 1024


# -- the manifest --------------------------------------------------------------------------------


def with_manifest(files: dict[str, str]) -> dict[str, str]:
    """The files and, at MANIFEST, their manifest (computed again if `files` has one)."""
    content = {path: text for path, text in files.items() if path != MANIFEST}
    entries = [
        f"{hashlib.sha256(content[path].encode()).hexdigest()}  {path}" for path in sorted(content)
    ]
    return {**content, MANIFEST: "\n".join([MANIFEST_HEADER, *entries]) + "\n"}


def manifest_paths(tree: Path) -> frozenset[str] | None:
    """The paths the manifest of `tree` lists; None when it has none (or a symbolic link, or
    a file that does not start like one)."""
    path = tree / MANIFEST
    try:
        text = _read_no_follow(path).decode("utf-8", errors="replace")
    except OSError:
        return None
    lines = text.splitlines()
    if not lines or lines[0] != MANIFEST_HEADER:
        return None
    return frozenset(m.group(1) for m in map(_ENTRY.match, lines[1:]) if m is not None)


# -- output trees --------------------------------------------------------------------------------


def check_tree_place(target: Path, inputs: Iterable[Path] = ()) -> None:
    """The checks that do not depend on what the directory holds."""
    shown = display_path(target)
    if target.is_symlink():
        raise RefgenError.at(
            Location(shown),
            f"refusing to write here: a symbolic link (to {os.readlink(target)}), and refgen "
            "writes its tree in place of the link, not where it points; remove the link or "
            "name the real directory",
        )
    if target.exists() and not target.is_dir():
        raise RefgenError.at(Location(shown), "refusing to write here: not a directory")
    _check_not_protected(target, inputs)


def check_tree_owned(target: Path, files: dict[str, str]) -> None:
    """Everything in the directory `target` is refgen's to replace (see the module's rules)."""
    if not target.is_dir():
        return
    listed = manifest_paths(target)
    foreign = [p for p in _entries(target) if not _replaceable(target, p, listed, files)]
    if not foreign:
        return
    shown = display_path(target)
    why = (
        f"not listed in {shown}/{MANIFEST}, and refgen does not write it"
        if listed is not None
        else "refgen would not write these bytes there"
    )
    diagnostics = [
        Diagnostic("error", f"not written by refgen ({why})", Location(display_path(target / p)))
        for p in foreign[:_SHOWN_AT_MOST]
    ]
    more = f" (and {len(foreign) - _SHOWN_AT_MOST} more)" if len(foreign) > _SHOWN_AT_MOST else ""
    advice = (
        "move them out of it or delete them"
        if listed is not None
        else (f"it has no {MANIFEST}, so it is not a tree refgen wrote; move it away or delete it")
    )
    diagnostics.append(
        Diagnostic(
            "error",
            f"refusing to replace this directory: it holds {len(foreign)} file(s) refgen did not "
            f"write{more}; {advice}, then run again (nothing was written)",
            Location(shown),
        )
    )
    raise RefgenError(diagnostics)


def _entries(tree: Path) -> list[str]:
    """Every file, symbolic link or other non-directory under `tree`, relative and sorted;
    DISPOSABLE names and the manifest are left out, and links are not followed."""
    found: list[str] = []

    def fail(error: OSError) -> None:
        raise error

    for folder, subfolders, names in os.walk(tree, onerror=fail):
        relative = os.path.relpath(folder, tree)
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        subfolders[:] = sorted(n for n in subfolders if n not in DISPOSABLE and n not in links)
        for name in sorted([*names, *links]):
            path = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            if name not in DISPOSABLE and path != MANIFEST:
                found.append(path)
    return found


def _replaceable(
    tree: Path, path: str, listed: frozenset[str] | None, files: dict[str, str]
) -> bool:
    if listed is not None:
        return path in listed or path in files
    new = files.get(path)
    if new is None:
        return False
    try:
        return _read_no_follow(tree / path) == new.encode()
    except OSError:  # a link, a folder, a device: not what refgen would write
        return False


# -- output files --------------------------------------------------------------------------------


def check_file_target(
    target: Path, inputs: Iterable[Path] = (), kind: FileKind | None = None
) -> None:
    """Refuse (RefgenError) to replace the file `target`, unless refgen may (see the module's
    rules): `inputs` are the files the run reads, `kind` what refgen writes there."""
    shown = display_path(target)
    if target.is_symlink():
        raise RefgenError.at(
            Location(shown),
            f"refusing to replace a symbolic link (to {os.readlink(target)}); remove it or "
            "name the file it points to",
        )
    if not target.exists():
        return
    if target.is_dir():
        raise RefgenError.at(Location(shown), "refusing to write here: a directory, not a file")
    if not target.is_file():
        raise RefgenError.at(Location(shown), "refusing to write here: not a regular file")
    real = os.path.realpath(target)
    for _, source, _ in _resolved(inputs):
        if source == real:
            raise RefgenError.at(
                Location(shown), "refusing to write over an input of this run (it is read here)"
            )
    if kind is not None and not _of_kind(target, kind):
        raise RefgenError.at(
            Location(shown),
            f"refusing to replace this file: it is not {_WITH_ARTICLE[kind]} (refgen replaces "
            "only what it writes); delete it or choose another name",
        )


def _of_kind(path: Path, kind: FileKind) -> bool:
    with open(path, "rb") as stream:
        head = stream.read(_SNIFFED)
    return not head.strip() or _KIND_SIGNS[kind].search(head) is not None


# -- places never written ------------------------------------------------------------------------


def project_root(start: Path) -> Path | None:
    """The nearest folder, `start` or above, that holds `.git` or `pyproject.toml`."""
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in PROJECT_MARKERS):
            return folder
    return None


def _check_not_protected(target: Path, inputs: Iterable[Path]) -> None:
    real = os.path.realpath(target)
    holds = real if real.endswith(os.sep) else real + os.sep  # what `real` holds starts so
    for place, what in _protected_places(inputs):
        if place == real or place.startswith(holds):
            relation = "is" if place == real else "holds"
            raise RefgenError.at(
                Location(display_path(target)),
                f"refusing to replace this directory: it {relation} {what()}",
            )


def _protected_places(inputs: Iterable[Path]) -> list[tuple[str, Callable[[], str]]]:
    """Folders and files that no output may be or hold, resolved, with (to be called only
    for a message) what they are."""
    cwd = os.path.realpath(os.curdir)
    places: list[tuple[str, Callable[[], str]]] = [(cwd, lambda: f"the current directory ({cwd})")]
    try:
        home = os.path.realpath(Path.home())
    except (RuntimeError, KeyError):  # no HOME and no password entry
        pass
    else:
        places.append((home, lambda: f"the home directory ({home})"))
    folders = {cwd}
    for source, real, is_folder in _resolved(inputs):
        places.append((real, functools.partial(_read_here, source)))
        folders.add(real if is_folder else os.path.dirname(real))
    for root in sorted(_project_roots(folders), key=Path):  # (as Paths sort: by part)
        places.append((root, functools.partial(_project_root_named, root)))
    return places


def _project_roots(folders: Iterable[str]) -> set[str]:
    """project_root() of each of `folders` (real paths), each folder above them looked at
    once: the pages of a tree are in a hundred folders below one project."""
    nearest: dict[str, str | None] = {}  # folder → its project root
    for start in folders:
        walked, folder = [], start
        while folder not in nearest:
            walked.append(folder)
            if any(os.path.exists(os.path.join(folder, m)) for m in PROJECT_MARKERS):
                nearest[folder] = folder
                break
            above = os.path.dirname(folder)
            if above == folder:  # the file system's root
                nearest[folder] = None
                break
            folder = above
        for below in walked:
            nearest[below] = nearest[folder]
    return {root for root in nearest.values() if root is not None}


def _read_here(source: Path) -> str:
    return f"{display_path(source)}, which this run reads"


def _project_root_named(root: str) -> str:
    return f"the project root {root} (it has .git or pyproject.toml)"


def _resolved(paths: Iterable[Path]) -> Iterator[tuple[Path, str, bool]]:
    """Each path, its real path (Path.resolve()'s) and whether that is a folder. A build's
    inputs are hundreds of pages in a few folders: each folder is resolved once, and each
    file costs one lstat unless it is itself a link (resolving every page alone cost a build
    0.05 s per check, and the places are checked before the work and again when writing)."""
    folders: dict[str, str] = {}
    for path in paths:
        folder, name = os.path.split(os.fspath(path))
        if name in ("", os.curdir, os.pardir):
            real = os.path.realpath(path)
            yield path, real, os.path.isdir(real)
            continue
        if folder not in folders:
            folders[folder] = os.path.realpath(folder or os.curdir)
        joined = os.path.join(folders[folder], name)
        try:
            mode = os.lstat(joined).st_mode
        except OSError:  # missing (or unreadable): resolve() keeps it as it is
            yield path, joined, False
            continue
        if stat.S_ISLNK(mode):
            real = os.path.realpath(joined)
            yield path, real, os.path.isdir(real)
        else:
            yield path, joined, stat.S_ISDIR(mode)


def _read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file; OSError for anything else, a symbolic link (never
    followed) or a named pipe (never opened: it would wait for a writer) included."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    with os.fdopen(os.open(path, flags), "rb") as stream:
        return stream.read()
