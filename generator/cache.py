"""The no-op build: `refgen build` skips all work when nothing it depends on has changed.

A build is a function of its inputs, so its outputs can be reused when every input is the
same as last time and the outputs are still what that build wrote. The record of the last
build keeps two digests:

- the *key*: a digest of every input of the build: the bytes of refgen.yaml (and its resolved
  path), of every page its `sources` patterns match or its lock names (and their names), of the
  lock (docs/fetch.md), of the overlay, of every file of the template override folder and of
  refgen's own templates, the bytes of refgen's own source files (the version string alone
  does not change while refgen is being developed), refgen's version, the Python version and
  the versions of the tools that shape the output (ruff, Jinja, PyYAML, and the JSONPath
  library of overlays with its regular expressions);
- the *outputs*: a digest of the bytes of the fragment, the source map and every file of the
  generated tree, as the build wrote them (a file edited or deleted by hand, or one added,
  changes it; the caches of Python tools, `__pycache__` say, are not outputs, as for
  `refgen check`).

When both match, the build is skipped and the warnings of the recorded build are printed
again (so `--strict` fails as the real build would). Anything else rebuilds. The key is
computed before the build and again after it, and the record is kept only when the two agree,
so an input edited while the build runs is never recorded as built.

Reading every input and output costs more than the rest of a no-op build (21 MB of pages for
the Anthropic tree), so the record also keeps a *stamp*: a digest of the same files' sizes,
modification and change times and inode numbers (from stat, read nothing). When the stamp is
the same and every file is older than the record, the build is skipped without reading
anything; otherwise the digests decide, and a skip then renews the stamp (after a `touch` or a
checkout that changed times and not bytes). A file whose times are not older than the record
(written in the same tick of the file system's clock: git's "racily clean" case) is never
trusted to its stamp. The change time cannot be set back by hand as the modification time can,
so an edit that keeps the size and restores the modification time is still seen.

The record lives in `.refgen-cache/` in the project (the nearest folder above refgen.yaml that
holds `.git` or `pyproject.toml`, else the folder above refgen.yaml's), one JSON file per
configuration; the folder ignores itself for git. `refgen check` never uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

from generator import __version__, ownership
from generator.config import Config
from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.installed import installed_versions

CACHE_FOLDER = ".refgen-cache"
RECORD_FORMAT = 2
PACKAGE_ROOT = Path(__file__).resolve().parent
# Distributions whose version can change the bytes of the output (the last three: which
# nodes an overlay's targets select).
OUTPUT_TOOLS = ("ruff", "jinja2", "pyyaml", "jsonpath-rfc9535", "regex", "iregexp-check")
# How long ago an input must have last changed for its stamp to show any change from now on
# (BuildCache.begin): more than one tick of the coarsest clock of a file system in use (FAT
# keeps 2 s, ext3 and HFS+ 1 s; the kernel's coarse clock lags by a few ms).
SETTLED_NS = 3_000_000_000


def builtin_templates() -> Path:
    """refgen's own templates: packaged beside the code, or templates/ in a source checkout."""
    packaged = PACKAGE_ROOT / "_templates"
    return packaged if packaged.is_dir() else PACKAGE_ROOT.parent / "templates"


@dataclass(frozen=True)
class Hit:
    diagnostics: list[Diagnostic]


class BuildCache:
    """The record of the last build of one configuration."""

    def __init__(self, config: Config, folder: Path | None = None) -> None:
        self.config = config
        self.folder = folder if folder is not None else project_root(config.path) / CACHE_FOLDER
        name = hashlib.blake2b(str(config.path.resolve()).encode(), digest_size=8).hexdigest()
        self.record = self.folder / f"build-{name}.json"
        self._key: str | None = None
        self._stamp_before: _Stamp | None = None  # taken once before the build
        self._inputs_at_start: str | None = None  # the inputs' stamp, when begin() trusts it

    # -- use --------------------------------------------------------------------------------

    def lookup_by_stamp(self) -> Hit | None:
        """The recorded build, when the stamp of its inputs and outputs is the one on disk
        now and can be trusted: stat alone, nothing read. Else None, and lookup_by_digests()
        decides."""
        record, hit, written = self._recorded()
        stamp = self._stamp_now()
        # A file as new as the record may have changed within one tick of the file system's
        # clock: its stamp alone is not trusted.
        if hit is not None and stamp.hexdigest() == record["stamp"] and stamp.newest < written:
            self._key = record["key"]  # what the record's keep() checks the inputs against
            return hit
        return None

    def lookup_by_digests(self) -> Hit | None:
        """The recorded build, when the digests of the inputs and outputs on disk are its
        own (after lookup_by_stamp() found no trusted stamp): a skip renews the stamp, so the
        next lookup reads nothing."""
        stamp = self._stamp_now()  # before the digests: a change after them must show
        record, hit, _ = self._recorded()
        if hit is None or record["key"] != self.key():
            return None
        if record["outputs"] != self.outputs_on_disk():
            return None
        self.write_record({**record, "stamp": stamp.hexdigest()})
        return hit

    def lookup(self) -> Hit | None:
        """lookup_by_stamp(), then lookup_by_digests(): the recorded build, when its inputs
        and outputs are those on disk now."""
        hit = self.lookup_by_stamp()
        return hit if hit is not None else self.lookup_by_digests()

    def begin(self) -> None:
        """Mark the start of a build, before it reads any input: what the record's keep()
        (Recording) will check the inputs against to know that none changed while the build
        ran. When every input has settled (its last change SETTLED_NS old), that is their
        stamp: any later change moves a change time past it, so the key, which the record
        holds, may then be taken at any time before keep() (while a worker parses), and
        keep() compares stamps instead of reading the inputs again. An input that changed
        just now might change again within the same tick of its file system's clock unseen
        by stat: then the key is taken now, and keep() takes it again."""
        # (the outputs' part of the stamp only when a lookup took it: a forced build needs
        # the inputs' alone)
        stamp = self._stamp_before if self._stamp_before is not None else self._inputs_stamp()
        if stamp.inputs_newest < stamp.taken - SETTLED_NS:
            self._inputs_at_start = stamp.inputs
        else:
            self._inputs_at_start = None
            self.key()

    def _stamp_now(self) -> _Stamp:
        """The stamp, taken once before the build (lookup, then begin() use the same)."""
        if self._stamp_before is None:
            self._stamp_before = self.stamp()
        return self._stamp_before

    def _recorded(self) -> tuple[dict[str, Any], Hit | None, int]:
        """The record, the hit it makes (None when it is not a record) and when it was
        written."""
        try:
            written = self.record.stat().st_mtime_ns
            record = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, None, 0
        if not isinstance(record, dict) or record.get("format") != RECORD_FORMAT:
            return {}, None, 0
        if not all(isinstance(record.get(k), str) for k in ("key", "outputs", "stamp")):
            return {}, None, 0
        try:
            return record, Hit([_diagnostic(d) for d in record.get("diagnostics", [])]), written
        except (KeyError, TypeError, ValueError):
            return {}, None, 0

    def recording(
        self,
        openapi: str,
        source_map: str,
        generated: dict[str, str],
        diagnostics: list[Diagnostic],
    ) -> Recording:
        """The record of a build of these outputs, begun before they are written (Recording:
        its keep() writes the record once they are)."""
        return Recording(self, (openapi, source_map, generated), diagnostics)

    def key_if_unchanged(self, stamp: _Stamp) -> str | None:
        """The key the record takes, when no input changed since begin() (`stamp` is that of
        the inputs now); else None."""
        settled, self._stamp_before, self._inputs_at_start = self._inputs_at_start, None, None
        if settled is not None:  # their stamps tell (begin())
            return self.key() if stamp.inputs == settled else None
        before = self.key()
        self._key = None
        return before if self.key() == before else None

    def write_record(self, record: dict[str, Any]) -> bool:
        from generator.output import write_file  # the atomic writer (imported only here)

        if self.folder.is_symlink():  # a committed link would have refgen write elsewhere
            return False
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.is_file():
                write_file(ignore, "# refgen's build records: never committed.\n*\n")
            write_file(self.record, json.dumps(record, indent=1, sort_keys=True) + "\n")
        except (OSError, RefgenError):  # a read-only project, say: the next build rebuilds
            return False
        return True

    # -- digests ----------------------------------------------------------------------------

    def key(self) -> str:
        if self._key is None:
            self._key = input_key(self.config)
        return self._key

    def outputs_on_disk(self) -> str:
        config = self.config
        root = config.generated
        return _outputs_digest(
            _read(config.openapi),
            _read(config.source_map),
            _tree_paths(root),
            lambda path: _read(root / path),
        )

    def stamp(self) -> _Stamp:
        """The stamp of every input and output: what key() and outputs_on_disk() read, by
        stat alone."""
        stamp = self._inputs_stamp()
        self.describe_outputs(stamp)
        return stamp

    def _inputs_stamp(self) -> _Stamp:
        stamp = _Stamp()
        _describe_inputs(self.config, stamp)
        stamp.end_of_inputs()
        return stamp

    def describe_outputs(self, stamp: _Stamp) -> None:
        config = self.config
        stamp.file("openapi", config.openapi)
        stamp.file("source map", config.source_map)
        for path in sorted(_tree_paths(config.generated)):
            stamp.file(f"generated {path}", config.generated / path)


class Recording:
    """The record of a build, made while its outputs are written: what needs no output on
    disk (the inputs' stamp, or their key again, and the digest of the outputs in memory)
    runs in a thread from the start, while the caller writes (the writes' system calls,
    syncfs and hashlib release the GIL); keep(), once the outputs are written, stamps them
    and reads them back, then writes the record (True when it did). Use it in a `with`
    block, whose end waits for the thread: nothing may fork while it runs."""

    def __init__(
        self,
        cache: BuildCache,
        outputs: tuple[str, str, dict[str, str]],
        diagnostics: list[Diagnostic],
    ) -> None:
        self._cache, self._diagnostics = cache, diagnostics
        # The stamp before anything is compared: a file changed after it no longer matches
        # it, so the next lookup reads the bytes rather than trust a stamp taken of what was
        # not built. The outputs are read back for the same reason (one edited since it was
        # written: not recorded).
        self._stamp = _Stamp()
        self._key: str | None = None
        self._outputs = ""
        self._failed: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._inputs_and_outputs_in_memory, args=outputs, name="refgen-record"
        )
        self._thread.start()

    def _inputs_and_outputs_in_memory(
        self, openapi: str, source_map: str, generated: dict[str, str]
    ) -> None:
        try:
            _describe_inputs(self._cache.config, self._stamp)
            self._stamp.end_of_inputs()
            self._key = self._cache.key_if_unchanged(self._stamp)
            self._outputs = outputs_digest(openapi, source_map, generated)
        except BaseException as error:  # noqa: BLE001 (raised again by keep())
            self._failed.append(error)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self._thread.join()

    def keep(self) -> bool:
        """Write the record of the outputs just written. Not recorded (False) when an input
        changed since begin() or an output since it was written: the outputs may come from
        either version."""
        self._thread.join()
        if self._failed:
            raise self._failed[0]
        cache = self._cache
        cache.describe_outputs(self._stamp)
        if self._key is None or cache.outputs_on_disk() != self._outputs:
            return False
        record = {
            "format": RECORD_FORMAT,
            "refgen": __version__,
            "key": self._key,
            "outputs": self._outputs,
            "stamp": self._stamp.hexdigest(),
            "diagnostics": [_recorded(d) for d in self._diagnostics],
        }
        return cache.write_record(record)


def project_root(config_path: Path) -> Path:
    folder = config_path.resolve().parent
    return ownership.project_root(folder) or folder.parent


def input_key(config: Config) -> str:
    """A digest of everything a build of `config` reads, and of the code that reads it."""
    digest = _Digest()
    _describe_inputs(config, digest)
    return digest.hexdigest()


def _describe_inputs(config: Config, digest: _Digest) -> None:
    """Everything a build of `config` reads, into `digest` (their bytes, or their stamps)."""
    digest.text("refgen", __version__)
    digest.text("python", sys.version)
    for tool, version in tool_versions().items():
        digest.text(f"tool {tool}", version)
    digest.folder("refgen source", PACKAGE_ROOT, suffix=".py")
    digest.folder("builtin templates", builtin_templates())
    digest.text("config path", str(config.path.resolve()))
    digest.file("config", config.path)
    digest.text(
        "outputs",
        "\n".join(str(p.resolve()) for p in (config.openapi, config.source_map, config.generated)),
    )
    try:
        # The key covers the locked pages' bytes and the lock, so checking the pages against
        # the lock here would only read them twice: the build checks them.
        sources = config.source_paths(verify_lock=False)
    except (RefgenError, OSError) as error:  # the build reports it; here it is a state
        digest.text("sources", f"unreadable: {error}")
    else:
        for path in sources:
            digest.file(f"page {relative_path(path, config.root)}", path)
    if config.remote:  # the lock says which pages are read, and which bytes they must have
        digest.file("lock", config.lock)
    if config.overlay is not None:
        digest.file("overlay", config.overlay)
    if config.templates is not None:
        digest.folder("template overrides", config.templates)


def outputs_digest(openapi: str, source_map: str, generated: dict[str, str]) -> str:
    """The digest outputs_on_disk() gives once these outputs are written."""
    return _outputs_digest(
        openapi.encode(), source_map.encode(), generated, lambda path: generated[path].encode()
    )


def _outputs_digest(
    openapi: bytes | None,
    source_map: bytes | None,
    paths: Iterable[str],
    content: Callable[[str], bytes | None],
) -> str:
    """The digest of the outputs, the generated tree's files (`paths`) each taken from
    `content` as it is hashed: never the whole tree's bytes in memory at once."""
    digest = _Digest()
    digest.data("openapi", openapi)
    digest.data("source map", source_map)
    for path in sorted(paths):
        digest.data(f"generated {path}", content(path))
    return digest.hexdigest()


def relative_path(path: str | Path, root: str | Path) -> str:
    """os.path.relpath(path, root): the same text, without its two abspath calls when `path`
    is written as `root`, a separator, then names (no `..`; pathlib and os.walk never write
    `.` or `//`): the pages of a tree and refgen's own files (0.013 s of a stamp's 0.06 s)."""
    text, start = os.fspath(path), os.fspath(root)
    if start not in ("", os.curdir) and text.startswith(start.rstrip(os.sep) + os.sep):
        below = text[len(start.rstrip(os.sep)) + 1 :]
        parts = below.split(os.sep)
        if below and os.pardir not in parts and os.curdir not in parts and "" not in parts:
            return below
    return os.path.relpath(path, root)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _tree_paths(root: Path) -> list[str]:
    """The relative paths of the files of a generated tree (no caches of Python tools)."""
    paths: list[str] = []
    if not root.is_dir():
        return paths
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in ownership.DISPOSABLE]
        relative = os.path.relpath(folder, root)
        for name in names:
            if name not in ownership.DISPOSABLE:
                paths.append(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return paths


def tool_versions() -> dict[str, str]:
    """The installed versions of OUTPUT_TOOLS ("absent" for one not installed)."""
    return installed_versions(OUTPUT_TOOLS)


class _Digest:
    """Named, length-prefixed parts, so that no two different sequences of parts collide."""

    def __init__(self) -> None:
        self._hash = hashlib.blake2b(digest_size=32)

    def data(self, name: str, data: bytes | None) -> None:
        label = name.encode()
        self._hash.update(len(label).to_bytes(8, "big") + label)
        if data is None:
            self._hash.update(b"\xff" * 8)  # missing, which no length can be
        else:
            self._hash.update(len(data).to_bytes(8, "big"))
            self._hash.update(data)

    def text(self, name: str, text: str) -> None:
        self.data(name, text.encode())

    def file(self, name: str, path: Path) -> None:
        self.data(name, _read(path))

    def folder(self, name: str, root: Path, suffix: str = "") -> None:
        """Every file under `root` (with `suffix`), by relative path; missing: one marker."""
        if not root.is_dir():
            self.data(name, None)
            return
        found: list[tuple[str, str]] = []
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = sorted(n for n in subfolders if n != "__pycache__")
            for file_name in names:
                if file_name.endswith(suffix):
                    path = os.path.join(folder, file_name)
                    found.append((relative_path(path, root).replace(os.sep, "/"), path))
        self.text(name, str(len(found)))
        for relative, path in sorted(found):
            self.file(f"{name}/{relative}", Path(path))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class _Stamp(_Digest):
    """A digest of what stat says of each file instead of its bytes; `newest` is the latest
    modification or change time among them (in ns), `taken` when the stamp was begun (the
    system's clock, in ns); `inputs` and `inputs_newest` the same of the inputs alone
    (BuildCache.stamp() describes them first)."""

    def __init__(self) -> None:
        super().__init__()
        self.newest = 0
        self.taken = time.time_ns()
        self.inputs = ""
        self.inputs_newest = 0

    def end_of_inputs(self) -> None:
        self.inputs, self.inputs_newest = self.hexdigest(), self.newest

    def file(self, name: str, path: Path) -> None:
        try:
            found = path.stat()
        except OSError:
            self.data(name, None)
            return
        self.newest = max(self.newest, found.st_mtime_ns, found.st_ctime_ns)
        stat = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev)
        self.text(name, " ".join(map(str, stat)))


def _recorded(diagnostic: Diagnostic) -> dict[str, Any]:
    location = diagnostic.location
    return {
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": location.file,
        "line": location.line,
        "column": location.column,
        "quote": diagnostic.quote,
    }


def _diagnostic(recorded: dict[str, Any]) -> Diagnostic:
    severity = recorded["severity"]
    if severity not in ("error", "warning"):
        raise ValueError(severity)
    location = Location(str(recorded["file"]), int(recorded["line"]), int(recorded["column"]))
    return Diagnostic(severity, str(recorded["message"]), location, str(recorded["quote"]))
