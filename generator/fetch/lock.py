"""The lock file (`spec/refgen.lock`): what `refgen fetch` downloaded, and the check that
`refgen build` makes of it.

The lock is JSON, for reviewing in a pull request: the settings of each remote source, then
one entry per page, sorted by path, with its URL, its path (relative to refgen.yaml's
folder), the sha256 and size of its bytes, the date those bytes were first downloaded, and
the validators the server gave (`etag`, `last_modified`) for the next revalidation. Nothing
in it changes unless a page does, so a fetch that finds nothing new leaves it byte for byte.

`refgen build` reads the locked pages and never the network: a page that is missing, or
whose bytes are not those locked, or a page in a fetched folder that the lock does not know,
is an error that names the file; so is a lock made for other sources than refgen.yaml names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.fetch.urls import PAGE_SUFFIXES
from generator.output import check_relative_path
from generator.pages.reader import display_path

if TYPE_CHECKING:
    from generator.config import Config

LOCK_FORMAT = "refgen-lock/1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_HINT = "run `refgen fetch`"


@dataclass(frozen=True)
class LockedPage:
    path: str  # relative to the folder of refgen.yaml, POSIX
    url: str  # the URL it was downloaded from
    sha256: str
    size: int
    fetched: str  # UTC, ISO 8601: when these bytes were first downloaded
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Lock:
    sources: tuple[dict[str, Any], ...]  # RemoteSource.settings() of each source
    pages: tuple[LockedPage, ...]  # sorted by path


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_lock(lock: Lock) -> str:
    pages = []
    for page in sorted(lock.pages, key=lambda p: p.path):
        entry: dict[str, Any] = {
            "path": page.path,
            "url": page.url,
            "sha256": page.sha256,
            "size": page.size,
            "fetched": page.fetched,
        }
        if page.etag is not None:
            entry["etag"] = page.etag
        if page.last_modified is not None:
            entry["last_modified"] = page.last_modified
        pages.append(entry)
    document = {"format": LOCK_FORMAT, "sources": list(lock.sources), "pages": pages}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_lock(path: Path) -> Lock | None:
    """The lock at `path`, or None when there is none."""
    text = read_lock_text(path)
    return parse_lock(text, path) if text is not None else None


def read_lock_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise RefgenError.at(
            Location(display_path(path)), f"cannot read the lock: {error}"
        ) from None


def parse_lock(text: str, path: Path) -> Lock:
    """A lock is edited by hand and by merges: anything but the shape dump_lock writes is an
    error located in it."""
    shown = display_path(path)
    try:
        document = json.loads(text)
    except ValueError as error:
        raise RefgenError.at(
            Location(shown, getattr(error, "lineno", 0)),
            f"not a refgen lock (invalid JSON: {error}); {_HINT}",
        ) from None
    if not isinstance(document, dict) or document.get("format") != LOCK_FORMAT:
        raise RefgenError.at(Location(shown, 1), f"not a {LOCK_FORMAT} lock; {_HINT}")
    sources, pages = document.get("sources"), document.get("pages")
    if (
        not isinstance(sources, list)
        or not all(isinstance(s, dict) for s in sources)
        or not isinstance(pages, list)
    ):
        raise RefgenError.at(Location(shown, 1), f"malformed lock (sources, pages); {_HINT}")
    return Lock(tuple(sources), tuple(_locked_page(entry, shown) for entry in pages))


def _locked_page(entry: object, shown: str) -> LockedPage:
    def bad(what: str) -> RefgenError:
        return RefgenError.at(Location(shown), f"malformed lock entry ({what}): {entry!r:.200}")

    if not isinstance(entry, dict):
        raise bad("not a mapping")
    text = {key: entry.get(key) for key in ("path", "url", "sha256", "fetched")}
    if not all(isinstance(value, str) for value in text.values()):
        raise bad("path, url, sha256 and fetched must be text")
    size, etag, modified = entry.get("size"), entry.get("etag"), entry.get("last_modified")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise bad("size")
    if not all(value is None or isinstance(value, str) for value in (etag, modified)):
        raise bad("etag, last_modified")
    if not _SHA256.match(str(text["sha256"])):
        raise bad("sha256")
    try:
        check_relative_path(str(text["path"]))
    except RefgenError:
        raise bad("a path outside the folder of refgen.yaml") from None
    return LockedPage(
        str(text["path"]),
        str(text["url"]),
        str(text["sha256"]),
        size,
        str(text["fetched"]),
        etag,
        modified,
    )


def locked_pages(config: Config, verify: bool = True) -> list[Path]:
    """The pages of the remote sources, as locked: every problem is an error naming a file.
    Without `verify`, the pages' bytes are not read: for the build cache, whose key covers
    them and the lock, so that a key recorded after a verified build proves them still good."""
    lock = read_lock(config.lock)
    if lock is None:
        names = ", ".join(source.name for source in config.remote)
        raise RefgenError.at(
            Location(display_path(config.path)),
            f"the pages of {names} have not been fetched "
            f"({display_path(config.lock)} does not exist); {_HINT}",
        )
    if list(lock.sources) != [source.settings() for source in config.remote]:
        raise RefgenError.at(
            Location(display_path(config.lock)),
            f"made for other remote sources than {display_path(config.path)} names; {_HINT}",
        )
    problems: list[Diagnostic] = []
    paths = [_checked(page, config, problems, verify) for page in lock.pages]
    problems.extend(_unlocked_pages(config, lock))
    if problems:
        raise RefgenError(problems)
    return paths


def _checked(page: LockedPage, config: Config, problems: list[Diagnostic], verify: bool) -> Path:
    path = config.root / page.path
    shown, lock = display_path(path), display_path(config.lock)
    if not any(page.path.startswith(source.into + "/") for source in config.remote):
        problems.append(
            Diagnostic(
                "error",
                f"locked in {lock} but in no remote source's folder; {_HINT}",
                Location(shown),
            )
        )
        return path
    if not verify:
        return path
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Diagnostic(
                "error",
                f"missing: {lock} locks this page; {_HINT} to download it again",
                Location(shown),
            )
        )
        return path
    except OSError as error:
        problems.append(
            Diagnostic("error", f"cannot read the page: {error.strerror}", Location(shown))
        )
        return path
    if digest(data) != page.sha256:
        problems.append(
            Diagnostic(
                "error",
                f"not the page {lock} locks (sha256 {digest(data)[:12]}…, locked "
                f"{page.sha256[:12]}…): it was changed after `refgen fetch` wrote it; {_HINT} to "
                "download it again",
                Location(shown),
            )
        )
    return path


def _unlocked_pages(config: Config, lock: Lock) -> list[Diagnostic]:
    """Pages in a fetched folder that the lock does not know: `refgen fetch` would delete them,
    so a build must not quietly read (or quietly skip) them."""
    locked = {page.path for page in lock.pages}
    problems = []
    for source in config.remote:
        folder = config.root / source.into
        for current, subfolders, names in os.walk(folder):
            subfolders.sort()
            for name in sorted(names):
                path = Path(current) / name
                relative = path.relative_to(config.root).as_posix()
                if name.endswith(PAGE_SUFFIXES) and relative not in locked:
                    problems.append(
                        Diagnostic(
                            "error",
                            f"a page in the fetched folder {display_path(folder)} that "
                            f"{display_path(config.lock)} does not lock: `refgen fetch` replaces "
                            "that folder whole; move the page out of it",
                            Location(display_path(path)),
                        )
                    )
    return problems
