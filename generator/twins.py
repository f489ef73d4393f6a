"""JSON twins of YAML documents: `refgen generate` reads an unchanged YAML input as JSON.

Reading YAML is slow next to JSON (the 3 MB fragment of the Anthropic tree: 0.36 s with
libyaml, 0.03 s as JSON), and a document given to `generate` is often the same as last time
(the fragment `refgen parse` wrote, a vendor's spec that changes once a month). So after a
YAML document is read, its value is kept as JSON in refgen's folder of the user's cache
(`~/.cache/refgen/twins/`, see twin_folder), under a digest of the YAML text and of the code
that read it; the next read of the same text takes the twin instead, whatever folder that run
writes to. A twin is a cache, never an input: one that is missing, unreadable, not JSON, or
not a mapping is ignored and the YAML is read again.

A twin gives back exactly the value the YAML gave: JSON holds mappings with text keys, lists,
text, numbers (`.inf` and `.nan` too, as Python's json writes them), booleans and null, and
the twin lists YAML's other scalars (timestamps, binary) apart, by path, to be put back. A
document JSON cannot hold even so (a number as a mapping key) is read as YAML every time.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator import yamlio
from generator.diagnostics import RefgenError
from generator.forked import FollowedJob
from generator.spec.load import (
    JSON_SUFFIX,
    LoadedSpec,
    checked_document,
    load_spec,
    parse_spec,
    spec_text,
)

TWIN_FORMAT = 1
# The most recently used twins are kept, at most this many and this many bytes together (the
# newest always); older ones are removed when a new one is kept. A twin of the Anthropic
# tree's fragment takes 3 MB, one of the official OpenAI spec 2 MB.
KEPT_TWINS = 8
KEPT_BYTES = 64 * 1024 * 1024
_PREFIX = "twin-"
# Marks the folder as a cache for backup tools (https://bford.info/cachedir/).
_CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by refgen.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def load_spec_twinned(
    path: Path, label: str, folder: Path | None, jobs: int = 1
) -> FollowedJob[LoadedSpec, bool]:
    """A job whose result() is load_spec(path, label=label) (no lines), reading a YAML file
    through its twin in `folder` when it has one, and whose then_result() keeps one when it
    has not (no twin when `folder` is None). A YAML read for the first time is read, and its
    twin kept, by a forked process when `jobs` > 1: this one goes on meanwhile (with what
    does not need the document: importing and compiling the templates) and asks for the
    document when it needs it; without a fork both happen when asked for. Ask for both (or
    cancel the job) before the command ends."""
    if path.suffix == JSON_SUFFIX or folder is None:
        return FollowedJob(functools.partial(load_spec, path, label=label), _nothing_to_keep, 1)
    text = spec_text(path, label)
    value = read_twin(folder, text)
    if value is not None:
        twinned = LoadedSpec(checked_document(value, label), label)
        return FollowedJob(lambda: twinned, _nothing_to_keep, 1)
    keep = functools.partial(_keep_twin_of, folder, text)
    return FollowedJob(functools.partial(parse_spec, text, label), keep, jobs)


def _keep_twin_of(folder: Path, text: str, loaded: LoadedSpec) -> bool:
    return keep_twin(folder, text, loaded.document)


def _nothing_to_keep(_: LoadedSpec) -> bool:
    return False


def twin_folder() -> Path | None:
    """Where twins are kept: `twins/` in refgen's folder of the user's cache, which is
    `$REFGEN_CACHE_DIR` when set (as pip's PIP_CACHE_DIR, ruff's RUFF_CACHE_DIR), else where
    the platform puts caches (`$XDG_CACHE_HOME/refgen`, else `~/.cache/refgen`;
    `~/Library/Caches/refgen` on macOS, `%LOCALAPPDATA%\\refgen` on Windows). None when there is
    no such place (no home folder, or a relative path, which the XDG specification says to
    ignore, rather than a folder that moves with the working one): the YAML is read."""
    try:
        cache = _user_cache()
    except (RuntimeError, KeyError):  # no home folder to be found
        return None
    return cache / "twins" if cache.is_absolute() else None


def _user_cache() -> Path:
    if os.environ.get("REFGEN_CACHE_DIR"):
        return Path(os.environ["REFGEN_CACHE_DIR"])
    if sys.platform == "win32":
        caches = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        caches = Path.home() / "Library" / "Caches"
    else:
        caches = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return caches / "refgen"


def twin_name(text: str) -> str:
    """The file name of the twin of a YAML text: a digest of the text and of what reads it
    (the reader's source and PyYAML's version), so a change of either never reuses a twin."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{TWIN_FORMAT} {yaml.__version__}\0".encode())
    digest.update(_reader_source())
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return f"{_PREFIX}{digest.hexdigest()}.json"


@functools.cache
def _reader_source() -> bytes:
    return Path(yamlio.__file__).read_bytes()


def read_twin(folder: Path, text: str) -> dict[str, Any] | None:
    """The value of the YAML `text` from its twin in `folder`, or None."""
    path = folder / twin_name(text)
    try:
        twin = yamlio.load_json(path.read_text(encoding="utf-8"), path.name)
        value = _restored(twin)
    except (OSError, UnicodeDecodeError, RefgenError, LookupError, TypeError, ValueError):
        return None  # missing, or not a twin this code wrote
    try:
        os.utime(path)  # recently used: kept longest
    except OSError:
        pass
    return value


def keep_twin(folder: Path, text: str, value: Any) -> bool:
    """Keep `value` (what the YAML `text` reads as) as its twin in `folder`, when JSON can
    give it back exactly. False when it is not kept (such a value, or a folder that cannot be
    written: the next run reads the YAML, nothing else changes)."""
    scalars = _yaml_scalars(value)
    if scalars is None:
        return False
    twin = {"twin": TWIN_FORMAT, "scalars": scalars, "value": value}
    try:
        _make_folder(folder)
        # No fsync: a twin lost or cut short by a crash is not JSON, and is read as missing.
        # Private to the user (mkstemp's 0600), as the documents may be.
        handle, temporary = tempfile.mkstemp(prefix=".new-twin-", dir=folder)
        try:
            # json.dumps, not json.dump: only the former uses the C encoder (4× as fast).
            encoded = json.dumps(twin, ensure_ascii=False, separators=(",", ":"), default=_hole)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(encoded)
            os.replace(temporary, folder / twin_name(text))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(folder)
    except (OSError, UnicodeEncodeError):  # a lone surrogate, from a `\ud800` escape
        return False
    return True


def _make_folder(folder: Path) -> None:
    """Create the twins' folder, private to the user, and tag refgen's folder above it as a
    cache when refgen made that folder too (a folder that exists, `$REFGEN_CACHE_DIR=~/.cache`
    say, is not refgen's to write a tag in)."""
    if folder.is_dir():
        return
    made_above = not folder.parent.exists()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if made_above:
        (folder.parent / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG, encoding="utf-8")


# YAML's own scalars that JSON has not, as text in the twin (the value holds null there).
_SCALAR_TEXT: dict[type, tuple[str, Callable[[Any], str]]] = {
    datetime.datetime: ("datetime", datetime.datetime.isoformat),
    datetime.date: ("date", datetime.date.isoformat),
    bytes: ("binary", lambda data: base64.b64encode(data).decode("ascii")),
}
_SCALAR_VALUE: dict[str, Callable[[str], Any]] = {
    "datetime": datetime.datetime.fromisoformat,
    "date": datetime.date.fromisoformat,
    "binary": lambda text: base64.b64decode(text, validate=True),
}
_JSON_SCALARS = (str, int, float, bool, type(None))


def _hole(value: Any) -> None:
    """What json.dump writes for a scalar of _SCALAR_TEXT (listed apart): null."""
    if type(value) not in _SCALAR_TEXT:
        raise TypeError(f"{type(value).__name__} has no twin")


def _yaml_scalars(value: Any) -> list[list[Any]] | None:
    """[[path, kind, text]] of every value JSON lacks (a date, say), where a path lists the
    keys and indices down to it; None when JSON cannot hold `value` even so (a key that is
    not text, a value of another type, or a mapping or list met twice: a YAML alias, which
    JSON would give back as two copies)."""
    found: list[list[Any]] = []
    seen: set[int] = set()
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        item, path = stack.pop()
        kind = type(item)
        if kind is dict or kind is list:
            if id(item) in seen:
                return None
            seen.add(id(item))
        if kind is dict:
            if not all(type(key) is str for key in item):
                return None
            stack.extend((child, [*path, key]) for key, child in item.items())
        elif kind is list:
            stack.extend((child, [*path, index]) for index, child in enumerate(item))
        elif kind in _SCALAR_TEXT:
            name, text = _SCALAR_TEXT[kind]
            found.append([path, name, text(item)])
        elif kind not in _JSON_SCALARS:
            return None
    return found


def _restored(twin: Any) -> dict[str, Any]:
    """The value a twin keeps, with its YAML scalars put back; a twin of another shape raises
    LookupError, TypeError or ValueError."""
    if twin["twin"] != TWIN_FORMAT or type(twin["value"]) is not dict:
        raise ValueError("not a twin of this format")
    value: dict[str, Any] = twin["value"]
    for path, kind, text in twin["scalars"]:
        *parents, last = path
        holder: Any = value
        for step in parents:
            holder = holder[step]
        if holder[last] is not None:
            raise ValueError("a YAML scalar where the value is not null")
        holder[last] = _SCALAR_VALUE[kind](text)
    return value


def _prune(folder: Path) -> None:
    """Remove the least recently used twins beyond KEPT_TWINS or KEPT_BYTES (the newest is
    kept whatever its size), and what a killed run left half written an hour ago."""
    twins = []
    for path in folder.glob(f"{_PREFIX}*.json"):
        try:
            found = path.stat()
        except OSError:  # removed meanwhile by another run
            continue
        twins.append((found.st_mtime_ns, path.name, found.st_size, path))
    total = 0
    for count, (*_, size, path) in enumerate(sorted(twins, reverse=True)):
        total += size
        if count and (count >= KEPT_TWINS or total > KEPT_BYTES):
            path.unlink(missing_ok=True)
    _remove_leftovers(folder)


_LEFTOVER_AGE_NS = 3600 * 10**9  # older than any run writing one


def _remove_leftovers(folder: Path) -> None:
    """Remove the temporary files of runs killed while writing a twin."""
    now = time.time_ns()
    for path in folder.glob(".new-twin-*"):
        try:
            if now - path.stat().st_mtime_ns > _LEFTOVER_AGE_NS:
                path.unlink()
        except OSError:
            continue
