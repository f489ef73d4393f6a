"""A whole `refgen fetch` (or `refgen fetch --check`).

1. Each remote source's index is read, and its links below `base` that `include` selects
   and `exclude` does not become pages, each with the URL of its markdown twin and a file
   path derived from that URL (urls.py).
2. The pages are downloaded, `concurrency` at a time. A page the lock knows, whose locked
   bytes are on disk (or, for `--check`, whose locked digest is all that is needed), is asked
   for conditionally: a 304 means unchanged, and nothing is downloaded.
3. Every page received is checked as refgen reads pages (UTF-8, not binary, not empty) and
   is refused when it is an HTML page (a docs site's "not found" page served with 200).
4. The new lock is made: a page keeps its `fetched` date while its bytes stay the same.

Everything so far is in memory; any failure ends the run with `url: error:` lines, and
nothing is written. `--check` then only reports what differs. A fetch writes each source's
folder whose pages changed as one tree (output.write_tree: written beside it, then swapped
in), then the lock (output.write_file); a run that finds nothing new writes nothing. A
crash between the two leaves pages that do not match the lock, which `refgen build`
refuses, naming them, until the next fetch.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.fetch.download import (
    MARKDOWN_TYPES,
    XML_TYPES,
    Downloader,
    FetchError,
    Validators,
)
from generator.fetch.index import Link, llms_txt_links, sitemap_links
from generator.fetch.lock import (
    Lock,
    LockedPage,
    digest,
    dump_lock,
    parse_lock,
    read_lock_text,
)
from generator.fetch.progress import Progress
from generator.fetch.sources import RemoteSource
from generator.fetch.urls import (
    UrlError,
    below_base,
    collision_key,
    fetch_url,
    glob_match,
    host_of,
    page_path,
)
from generator.output import write_file, write_tree
from generator.pages.reader import decode_page, display_path

if TYPE_CHECKING:
    from generator.config import Config

_T = TypeVar("_T")
ChangeKind = Literal["added", "removed", "changed"]
_HTML_STARTS = (b"<!doctype html", b"<html")


@dataclass(frozen=True)
class PlannedPage:
    source: RemoteSource
    url: str  # the URL it is downloaded from (the markdown twin)
    path: str  # relative to the folder of refgen.yaml, POSIX


@dataclass(frozen=True)
class ReceivedPage:
    planned: PlannedPage
    sha256: str
    size: int
    body: bytes | None  # None only for `--check` when the server answered 304
    validators: Validators
    downloaded: bool  # False: the server said it had not changed (304)


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    path: str  # relative to the folder of refgen.yaml
    url: str


@dataclass(frozen=True)
class FetchResult:
    lock: Lock  # the lock this run makes
    lock_text: str
    previous_text: str | None  # the lock file as it was
    changes: list[Change]  # sorted by path
    pages: list[ReceivedPage]  # sorted by path
    sources_changed: bool  # refgen.yaml's remote sources are not those the lock was made for
    written: list[Path] = field(default_factory=list)  # what a fetch wrote
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def downloaded(self) -> int:
        return sum(page.downloaded for page in self.pages)

    @property
    def differs(self) -> bool:
        """Upstream (or refgen.yaml's sources) differs from the lock."""
        return bool(self.changes) or self.previous_text is None or self.sources_changed


def fetch(config: Config, progress: Progress, now: str, check: bool = False) -> FetchResult:
    """Fetch the pages of `config`'s remote sources; with `check`, only compare them with the
    lock. `now` is the date recorded for pages whose bytes are new. Raises RefgenError with
    every failure; writes nothing then."""
    if not config.remote:
        raise RefgenError.at(
            Location(display_path(config.path)),
            "names no remote source to fetch (a `sources:` entry with "
            "llms_txt, sitemap or urls; see docs/fetch.md)",
        )
    previous_text = read_lock_text(config.lock)
    previous = parse_lock(previous_text, config.lock) if previous_text is not None else None
    on_disk = {} if check else _pages_on_disk(config, previous)
    result = asyncio.run(_fetch(config, previous, previous_text, on_disk, progress, now, check))
    if not check:
        result.written.extend(_write(config, result, previous, on_disk))
        result.warnings.extend(_abandoned_folders(config, previous))
    return result


def _abandoned_folders(config: Config, previous: Lock | None) -> list[Diagnostic]:
    """Folders of sources the lock had and refgen.yaml no longer names: left alone (the user
    may want them), but said, since nothing reads them any more."""
    current = {source.into for source in config.remote}
    before = {str(s.get("into")) for s in previous.sources if "into" in s} if previous else set()
    return [
        Diagnostic(
            "warning",
            "no remote source's folder any more (refgen.yaml changed); "
            "its pages are no longer read: delete it",
            Location(display_path(folder)),
        )
        for folder in (config.root / into for into in sorted(before - current))
        if folder.is_dir()
    ]


async def _fetch(
    config: Config,
    previous: Lock | None,
    previous_text: str | None,
    on_disk: dict[str, bytes],
    progress: Progress,
    now: str,
    check: bool,
) -> FetchResult:
    locked = {page.path: page for page in previous.pages} if previous else {}
    async with Downloader(config.fetch) as downloader:
        limit = asyncio.Semaphore(config.fetch.concurrency)
        planned = await _settle(
            _plan(source, downloader, limit, progress) for source in config.remote
        )
        pages = _checked_plan([page for source_pages in planned for page in source_pages])
        progress.start(len(pages))
        try:
            received = await _settle(
                _receive(page, locked.get(page.path), on_disk, downloader, limit, progress, check)
                for page in pages
            )
        finally:
            progress.close()
    lock = Lock(
        tuple(source.settings() for source in config.remote),
        tuple(_locked(page, locked.get(page.planned.path), now) for page in received),
    )
    sources_changed = previous is not None and previous.sources != lock.sources
    return FetchResult(
        lock, dump_lock(lock), previous_text, _changes(locked, received), received, sources_changed
    )


async def _settle(tasks: Iterable[Awaitable[_T]]) -> list[_T]:
    """Run every task to its end; then raise one RefgenError holding every failure (sorted,
    so that the report is the same whatever finished first)."""
    outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    problems: list[Diagnostic] = []
    for outcome in outcomes:
        if isinstance(outcome, FetchError):
            problems.append(outcome.diagnostic())
        elif isinstance(outcome, RefgenError):
            problems.extend(outcome.diagnostics)
        elif isinstance(outcome, BaseException):
            raise outcome
    if problems:
        raise RefgenError(sorted(problems, key=lambda d: (d.location, d.message)))
    return [outcome for outcome in outcomes if not isinstance(outcome, BaseException)]


# -- 1. the pages of each source -----------------------------------------------------------


async def _plan(
    source: RemoteSource, downloader: Downloader, limit: asyncio.Semaphore, progress: Progress
) -> list[PlannedPage]:
    async with limit:
        links = await _links(source, downloader)
    pages: dict[str, PlannedPage] = {}
    problems = []
    for link in links:
        try:
            page = _page_of(link, source)
        except UrlError as error:
            where = f" (line {link.line} of {source.index})" if link.line else ""
            problems.append(Diagnostic("error", f"{error}{where}", Location(link.url)))
            continue
        if page is not None and (page.path not in pages or page.url < pages[page.path].url):
            pages[page.path] = page
    if problems:
        raise RefgenError(problems)
    if not pages:
        raise RefgenError.at(
            Location(source.name),
            f"none of its {len(links)} links is a page below {source.base} "
            "that include selects and exclude does not: check base, "
            "include and exclude",
        )
    progress.note(f"{source.name}: {len(pages)} pages below {source.base} ({len(links)} links)")
    return [pages[path] for path in sorted(pages)]


async def _links(source: RemoteSource, downloader: Downloader) -> list[Link]:
    if source.kind == "urls":
        return [Link(url, 0) for url in source.urls]
    if source.kind == "llms_txt":
        index = await downloader.get(source.index, source.hosts, MARKDOWN_TYPES)
        return llms_txt_links(index.body or b"", source.index)
    sitemap = sitemap_links(
        (await downloader.get(source.index, source.hosts, XML_TYPES)).body or b"", source.index
    )
    links = list(sitemap.pages)
    for nested in sitemap.sitemaps:  # a sitemap index: one level of sitemaps below it
        if host_of(nested.url) not in source.hosts:
            raise FetchError(
                nested.url,
                f"a sitemap on another host than {source.index}'s; "
                "add the host to the source's `hosts:` to allow it",
            )
        listed = sitemap_links(
            (await downloader.get(nested.url, source.hosts, XML_TYPES)).body or b"", nested.url
        )
        if listed.sitemaps:
            raise FetchError(nested.url, "a sitemap index inside a sitemap index")
        links.extend(listed.pages)
    return links


def _page_of(link: Link, source: RemoteSource) -> PlannedPage | None:
    """The page a link names, or None when it is not one of the source's pages."""
    address = link.url.split("#", 1)[0]
    if below_base(address, source.base) is None:
        return None
    url = fetch_url(address, source.suffix)
    below = below_base(url, source.base)
    if below is None:  # the link was the base folder itself
        return None
    path = page_path(below)
    selected = any(glob_match(p, path) for p in source.include) and not any(
        glob_match(p, path) for p in source.exclude
    )
    return PlannedPage(source, url, f"{source.into}/{path}") if selected else None


def _checked_plan(pages: list[PlannedPage]) -> list[PlannedPage]:
    """No two pages may be one file where names are compared without case or normalisation."""
    seen: dict[str, PlannedPage] = {}
    problems = []
    for page in sorted(pages, key=lambda p: p.path):
        other = seen.setdefault(collision_key(page.path), page)
        if other is not page:
            problems.append(
                Diagnostic(
                    "error",
                    f"its file {page.path} and that of {other.url} ({other.path}) are one "
                    "file on case-insensitive file systems; exclude one of them",
                    Location(page.url),
                )
            )
    if problems:
        raise RefgenError(problems)
    return sorted(pages, key=lambda p: p.path)


# -- 2. and 3. downloads ------------------------------------------------------------------


async def _receive(
    page: PlannedPage,
    locked: LockedPage | None,
    on_disk: dict[str, bytes],
    downloader: Downloader,
    limit: asyncio.Semaphore,
    progress: Progress,
    check: bool,
) -> ReceivedPage:
    """Download one page, conditionally when its locked bytes are at hand (or, for `--check`,
    only their digest is needed)."""
    known = locked is not None and locked.url == page.url and (check or page.path in on_disk)
    validators = Validators(locked.etag, locked.last_modified) if known and locked else None
    if validators is not None and validators.etag is None and validators.last_modified is None:
        validators = None
    try:
        async with limit:
            download = await downloader.get(page.url, page.source.hosts, MARKDOWN_TYPES, validators)
        if download.body is not None:
            check_page(download.body, page.url)
    except (FetchError, RefgenError):
        progress.page_done(page.url, "failed")
        raise
    if download.body is None:
        assert locked is not None
        progress.page_done(page.url, "unchanged")
        return ReceivedPage(
            page,
            locked.sha256,
            locked.size,
            on_disk.get(page.path),
            download.validators,
            downloaded=False,
        )
    progress.page_done(page.url, f"fetched {_size(len(download.body))}")
    return ReceivedPage(
        page,
        digest(download.body),
        len(download.body),
        download.body,
        download.validators,
        downloaded=True,
    )


def check_page(data: bytes, url: str) -> None:
    """A page is something refgen can read: refused when it is HTML (a docs site's app or
    "not found" page, served with 200), binary, not UTF-8 or empty."""
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:16].lower().startswith(_HTML_STARTS):
        raise FetchError(
            url,
            "an HTML page, not markdown (the site's page for a missing "
            "address?); exclude it or fix the URL",
        )
    decode_page(data, url)


def _size(count: int) -> str:
    return (
        f"{count} B"
        if count < 1000
        else f"{count / 1000:.1f} kB"
        if count < 10**6
        else f"{count / 10**6:.1f} MB"
    )


# -- 4. the new lock and what changed -----------------------------------------------------


def _locked(page: ReceivedPage, before: LockedPage | None, now: str) -> LockedPage:
    same = before is not None and before.sha256 == page.sha256
    return LockedPage(
        path=page.planned.path,
        url=page.planned.url,
        sha256=page.sha256,
        size=page.size,
        fetched=before.fetched if same and before else now,
        etag=page.validators.etag,
        last_modified=page.validators.last_modified,
    )


def _changes(locked: dict[str, LockedPage], received: list[ReceivedPage]) -> list[Change]:
    changes = []
    now = {page.planned.path: page for page in received}
    for path in sorted(set(locked) | set(now)):
        if path not in locked:
            changes.append(Change("added", path, now[path].planned.url))
        elif path not in now:
            changes.append(Change("removed", path, locked[path].url))
        elif locked[path].sha256 != now[path].sha256:
            changes.append(Change("changed", path, now[path].planned.url))
    return changes


# -- writing --------------------------------------------------------------------------------


def _pages_on_disk(config: Config, lock: Lock | None) -> dict[str, bytes]:
    """The locked pages whose bytes on disk are those locked, by path."""
    found = {}
    for page in lock.pages if lock else ():
        try:
            data = (config.root / page.path).read_bytes()
        except OSError:
            continue
        if digest(data) == page.sha256:
            found[page.path] = data
    return found


def _write(
    config: Config, result: FetchResult, previous: Lock | None, on_disk: dict[str, bytes]
) -> list[Path]:
    """Write each source's folder whose files are not already the new pages, then the lock."""
    trees: dict[str, dict[str, str]] = {}  # `into` → the folder's files
    for source in config.remote:
        prefix = source.into + "/"
        pages = {
            page.planned.path.removeprefix(prefix): page
            for page in result.pages
            if page.planned.source is source
        }
        digests = {path: page.sha256 for path, page in pages.items()}
        if not _folder_holds(config.root / source.into, digests):
            trees[source.into] = {
                path: _body(page, on_disk).decode("utf-8") for path, page in pages.items()
            }
    _check_new_folders(config, previous, list(trees))
    written = []
    for into, files in trees.items():
        write_tree(config.root / into, files)
        written.append(config.root / into)
    if result.lock_text != result.previous_text:
        write_file(config.lock, result.lock_text)
        written.append(config.lock)
    return written


def _check_new_folders(config: Config, previous: Lock | None, folders: list[str]) -> None:
    """A folder that no locked page is in is not refgen's yet: a fetch never replaces one that
    holds anything (a user's own pages, say, in a folder a mistyped `into` names)."""
    locked = [page.path for page in previous.pages] if previous else []
    problems = [
        Diagnostic(
            "error",
            "refusing to fetch into this folder: it holds files that `refgen fetch` did not "
            f"write (no page of {display_path(config.lock)} is in it); set `into` to a new "
            "folder, or move them out",
            Location(display_path(config.root / into)),
        )
        for into in folders
        if not any(path.startswith(into + "/") for path in locked)
        and _holds_anything(config.root / into)
    ]
    if problems:
        raise RefgenError(problems)


def _holds_anything(folder: Path) -> bool:
    """Something is there: a file (or link) in the folder's place, or in it."""
    if not os.path.lexists(folder):
        return False
    return folder.is_symlink() or not folder.is_dir() or any(folder.iterdir())


def _body(page: ReceivedPage, on_disk: dict[str, bytes]) -> bytes:
    body = page.body if page.body is not None else on_disk.get(page.planned.path)
    assert body is not None, page.planned.path  # a 304 is asked for only with the bytes at hand
    return body


def _folder_holds(folder: Path, expected: dict[str, str]) -> bool:
    """`folder` holds exactly these files (relative path → sha256), and nothing else but
    hidden files (the writer's own, such as a manifest: no page has a hidden name)."""
    found: dict[str, str] = {}
    for current, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in (name for name in names if not name.startswith(".")):
            path = Path(current) / name
            try:
                found[path.relative_to(folder).as_posix()] = digest(path.read_bytes())
            except OSError:
                return False
    return found == expected


def describe_changes(result: FetchResult, root: Path, check: bool) -> list[str]:
    """One line per change: `changed  spec/anthropic/messages.md  https://...` (none for a
    first fetch, where every page is new)."""
    if result.previous_text is None and not check:
        return []
    width = max((len(change.kind) for change in result.changes), default=0)
    return [
        f"{change.kind:<{width}}  {display_path(root / change.path)}  {change.url}"
        for change in result.changes
    ]


def summary(result: FetchResult, config: Config, check: bool) -> str:
    """The last line of a fetch or a check."""
    lock, count = display_path(config.lock), len(result.pages)
    kinds = ", ".join(
        f"{sum(c.kind == kind for c in result.changes)} {kind}"
        for kind in ("changed", "added", "removed")
    )
    fresh = f"{result.downloaded} downloaded, {count - result.downloaded} unchanged (HTTP 304)"
    if check and result.differs:
        reason = (
            "there is no lock yet"
            if result.previous_text is None
            else f"refgen.yaml's remote sources changed; {kinds}"
            if result.sources_changed
            else kinds
        )
        return f"refgen fetch --check: upstream differs from {lock} ({reason}); run `refgen fetch`"
    if check:
        return f"refgen fetch --check: {lock} is up to date ({count} pages: {fresh})"
    if not result.written:
        return f"{lock} is up to date: nothing written ({count} pages: {fresh})"
    return (
        f"wrote {', '.join(display_path(path) for path in result.written)} "
        f"({count} pages: {kinds}; {fresh})"
    )


def fetch_date() -> str:
    """Now, in UTC to the second; or SOURCE_DATE_EPOCH's moment when it is set, for a
    reproducible lock (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
