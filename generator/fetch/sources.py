"""The remote sources of refgen.yaml and its `fetch:` settings (docs/fetch.md).

An entry of `sources:` that is a mapping names a docs index instead of a local glob:

    - llms_txt: https://platform.claude.com/llms.txt    # or sitemap: URL, or urls: [URL, ...]
      base: https://platform.claude.com/docs/en/api/    # the pages are the links below it
      into: anthropic                                   # their folder, beside refgen.yaml
      include: ["**"]                                   # globs on the path below base
      exclude: ["sdks/**"]
      hosts: []                                         # other hosts redirects may reach
      suffix: .md                                       # the markdown twin of a page URL

This module only reads and checks them; nothing here touches the network, so that a
`refgen build` that merely reads the lock stays as light as before.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.fetch.urls import (
    UrlError,
    below_base,
    folder_url,
    host_of,
    index_folder,
    page_path,
    split_http_url,
)

SOURCE_KINDS = ("llms_txt", "sitemap", "urls")
_SOURCE_KEYS = frozenset({*SOURCE_KINDS, "base", "into", "include", "exclude", "hosts", "suffix"})
_SIZE = re.compile(r"^\s*(\d+)\s*(B|KiB|MiB|GiB|kB|MB|GB)?\s*$")
_UNITS = {
    None: 1,
    "B": 1,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "kB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
}


@dataclass(frozen=True)
class RemoteSource:
    """One docs index and the pages it selects."""

    kind: str  # one of SOURCE_KINDS
    index: str  # the index URL; "" for a `urls` list
    urls: tuple[str, ...]  # a `urls` list's pages, as written
    base: str  # a folder URL (ends with /): the pages are the links below it
    into: str  # the pages' folder, relative to refgen.yaml's (POSIX, normalised)
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    extra_hosts: tuple[str, ...]  # `hosts:`, lower-cased and sorted
    suffix: str

    @property
    def name(self) -> str:
        """How messages name the source."""
        return self.index or self.base

    @property
    def hosts(self) -> frozenset[str]:
        """Every host a request of this source may reach, redirects included."""
        own = {host_of(self.index)} if self.index else {host_of(url) for url in self.urls}
        return frozenset(own | {host_of(self.base)} | set(self.extra_hosts))

    def settings(self) -> dict[str, Any]:
        """The source as the lock records it: a lock made for other settings is stale."""
        return {
            self.kind: list(self.urls) if self.kind == "urls" else self.index,
            "base": self.base,
            "into": self.into,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "hosts": list(self.extra_hosts),
            "suffix": self.suffix,
        }


@dataclass(frozen=True)
class FetchSettings:
    """The `fetch:` settings: how `refgen fetch` talks to the network, and its limits."""

    concurrency: int = 8  # requests at once
    timeout: float = 30.0  # seconds to connect, and for each read
    page_timeout: float = 300.0  # seconds for a whole response
    retries: int = 3  # further attempts after a 5xx, a 429 or a network failure
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    max_redirects: int = 5
    max_page_size: int = 16 * 2**20  # bytes, for a page or an index
    max_total_size: int = 512 * 2**20  # bytes, for everything one run downloads


def read_fetch_settings(raw: object, shown: str) -> FetchSettings:
    if raw is None:
        return FetchSettings()
    if not isinstance(raw, dict):
        raise _error(shown, "setting 'fetch' must be a mapping of settings")
    defaults = FetchSettings()
    unknown = sorted(set(raw) - set(defaults.__dataclass_fields__))
    if unknown:
        raise _error(shown, f"unknown fetch setting(s): {', '.join(map(str, unknown))}")

    def number(key: str, low: float, high: float, whole: bool = False) -> Any:
        value = raw.get(key, getattr(defaults, key))
        if (
            isinstance(value, bool)
            or not isinstance(value, int if whole else (int, float))
            or not low <= value <= high
        ):
            kind = "a whole number" if whole else "a number"
            raise _error(shown, f"fetch setting {key!r} must be {kind} from {low} to {high}")
        return value

    return FetchSettings(
        concurrency=number("concurrency", 1, 64, whole=True),
        timeout=float(number("timeout", 0.001, 3600)),
        page_timeout=float(number("page_timeout", 0.001, 86400)),
        retries=number("retries", 0, 10, whole=True),
        backoff=float(number("backoff", 0, 60)),
        max_redirects=number("max_redirects", 0, 20, whole=True),
        max_page_size=_size(
            raw.get("max_page_size", defaults.max_page_size), "max_page_size", shown
        ),
        max_total_size=_size(
            raw.get("max_total_size", defaults.max_total_size), "max_total_size", shown
        ),
    )


def _size(value: object, key: str, shown: str) -> int:
    """A size in bytes: a whole number, or text such as `16 MiB` or `500 kB`."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    match = _SIZE.match(value) if isinstance(value, str) else None
    if match is None or int(match.group(1)) == 0:
        raise _error(shown, f"fetch setting {key!r} must be a size such as 16777216 or '16 MiB'")
    return int(match.group(1)) * _UNITS[match.group(2)]


def read_remote_sources(
    entries: list[dict[str, Any]], root: Path, shown: str, reserved: list[Path]
) -> tuple[RemoteSource, ...]:
    """The mappings of `sources:`, checked. `reserved` are the paths refgen.yaml names for
    other things (itself, outputs, overlay, templates, the lock): no source's folder may hold
    one, since `refgen fetch` replaces its folders whole."""
    sources = tuple(
        _read_source(entry, number, shown) for number, entry in enumerate(entries, start=1)
    )
    _check_folders(sources, root, shown, reserved)
    return sources


def _read_source(entry: dict[str, Any], number: int, shown: str) -> RemoteSource:
    where = f"remote source {number}"
    unknown = sorted(map(str, set(entry) - _SOURCE_KEYS))
    if unknown:
        raise _error(shown, f"{where}: unknown setting(s): {', '.join(unknown)}")
    kinds = [kind for kind in SOURCE_KINDS if kind in entry]
    if len(kinds) != 1:
        raise _error(shown, f"{where}: name exactly one of {', '.join(SOURCE_KINDS)}")
    kind = kinds[0]
    index = ""
    urls: tuple[str, ...] = ()
    if kind == "urls":
        urls = _strings(entry, "urls", where, shown)
        if not urls:
            raise _error(shown, f"{where}: 'urls' lists no page")
        for url in urls:
            _url(url, where, shown)
    else:
        index = _url(entry[kind], f"{where}: {kind}", shown)
    base = _base(entry, index, urls, where, shown)
    source = RemoteSource(
        kind=kind,
        index=index,
        urls=urls,
        base=base,
        into=_folder(entry.get("into", host_of(base)), where, shown),
        include=_patterns(entry, "include", where, shown) or ("**",),
        exclude=_patterns(entry, "exclude", where, shown),
        extra_hosts=tuple(
            sorted({host.lower() for host in _strings(entry, "hosts", where, shown)})
        ),
        suffix=_suffix(entry.get("suffix", ".md"), where, shown),
    )
    _check_urls_below_base(source, where, shown)
    return source


def _url(value: object, where: str, shown: str) -> str:
    if not isinstance(value, str):
        raise _error(shown, f"{where}: expected a URL")
    try:
        split_http_url(value)
    except UrlError as error:
        raise _error(shown, f"{where}: {value}: {error}") from None
    return value


def _base(entry: dict[str, Any], index: str, urls: tuple[str, ...], where: str, shown: str) -> str:
    if "base" in entry:
        return folder_url(_url(entry["base"], f"{where}: base", shown))
    if index:
        return index_folder(index)
    first = split_http_url(urls[0])
    return folder_url(f"{first.scheme}://{first.netloc}/")


def _check_urls_below_base(source: RemoteSource, where: str, shown: str) -> None:
    """A `urls` list names its pages one by one: each must have a file path below base."""
    for url in source.urls:
        try:
            below = below_base(url.split("#", 1)[0], source.base)
            if below is None:
                raise UrlError(f"is not below base {source.base}")
            page_path(below)
        except UrlError as error:
            raise _error(shown, f"{where}: {url}: {error}") from None


def _strings(entry: dict[str, Any], key: str, where: str, shown: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _error(shown, f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(value)


def _patterns(entry: dict[str, Any], key: str, where: str, shown: str) -> tuple[str, ...]:
    patterns = _strings(entry, key, where, shown)
    for pattern in patterns:
        if pattern.startswith("/") or "//" in pattern:
            raise _error(
                shown,
                f"{where}: {key} pattern {pattern!r} must be a relative path "
                "glob such as 'beta/**' (matched against the path below base)",
            )
    return patterns


def _folder(value: object, where: str, shown: str) -> str:
    if not isinstance(value, str) or not value:
        raise _error(shown, f"{where}: 'into' must be a folder name")
    folder = posixpath.normpath(value.replace("\\", "/"))
    # Imported here, not with the module: every command reads refgen.yaml, few write.
    from generator.output import check_relative_path

    try:
        check_relative_path(folder)  # the writer's rule: no '..', no drive, no device name
    except RefgenError:
        raise _error(
            shown,
            f"{where}: 'into' must be a folder below the folder of refgen.yaml, not {value!r}",
        ) from None
    return folder


def _suffix(value: object, where: str, shown: str) -> str:
    if not isinstance(value, str) or (value and (not value.startswith(".") or "/" in value)):
        raise _error(shown, f"{where}: 'suffix' must be '' or a file suffix such as '.md'")
    return value


def _check_folders(
    sources: tuple[RemoteSource, ...], root: Path, shown: str, reserved: list[Path]
) -> None:
    folders = [Path(os.path.normpath(root / source.into)) for source in sources]
    for number, folder in enumerate(folders, start=1):
        for other in folders[: number - 1]:
            if _overlap(folder, other):
                raise _error(
                    shown,
                    f"remote source {number}: its folder "
                    f"{folder.relative_to(root).as_posix()!r} overlaps another "
                    "source's (set 'into')",
                )
        for path in reserved:
            if _overlap(folder, Path(os.path.normpath(path))):
                raise _error(
                    shown,
                    f"remote source {number}: its folder "
                    f"{folder.relative_to(root).as_posix()!r} would hold {path.name!r}: "
                    "`refgen fetch` replaces the folder whole (set 'into')",
                )


def _overlap(first: Path, second: Path) -> bool:
    return first == second or first in second.parents or second in first.parents


def _error(shown: str, message: str) -> RefgenError:
    return RefgenError.at(Location(shown), message)
