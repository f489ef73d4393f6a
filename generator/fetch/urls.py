"""URLs: which can be fetched, which links are pages, and the file path each page gets.

A page's file path is the path of its URL below the source's `base`, decoded one segment at a
time and then checked, so that no URL, however it is encoded, can name a file outside the
folder it is written to: a `%2F` or `%5C` inside a segment, a `.` or `..` segment, a hidden
name, a name a file system refuses or changes (control characters, `<>:"|?*`, a trailing dot
or space, Windows device names) are all refused. Paths are compared for collisions the way
the least forgiving file system would (case-folded, Unicode NFC), so that two pages can
never be one file on a laptop and two on a server.
"""

from __future__ import annotations

import fnmatch
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from generator.diagnostics import RefgenError

SCHEMES = ("http", "https")
PAGE_SUFFIXES = (".md", ".markdown")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REFUSED_CHARACTERS = frozenset('<>:"|?*')
_MAX_NAME_BYTES = 255  # the longest file name ext4, APFS and NTFS all accept


class UrlError(ValueError):
    """Why a URL cannot be fetched, or cannot give a file path."""


def split_http_url(text: str) -> SplitResult:
    """`text` as an absolute http(s) URL without credentials, or UrlError."""
    if any(ord(c) <= 32 or ord(c) == 127 for c in text):
        raise UrlError("a URL with spaces or control characters")
    try:
        parts = urlsplit(text)
        _ = parts.port  # a port that is not a number in range raises ValueError
    except ValueError as error:
        raise UrlError(f"not a valid URL ({error})") from None
    if not parts.scheme:
        raise UrlError("not an absolute URL (http:// or https://)")
    if parts.scheme.lower() not in SCHEMES:
        raise UrlError(f"only http and https URLs can be fetched, not {parts.scheme}:")
    if not parts.hostname:
        raise UrlError("a URL without a host")
    if parts.username is not None or parts.password is not None:
        raise UrlError("a URL with credentials (user:password@) would write them into the lock")
    return parts


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def origin_of(parts: SplitResult) -> tuple[str, str, int]:
    """(scheme, host, port), with the default port made explicit, for comparing URLs."""
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS[scheme]


def folder_url(text: str) -> str:
    """A base URL as a folder: no query or fragment, and a path that ends with `/`."""
    parts = split_http_url(text)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def index_folder(index: str) -> str:
    """The folder an index URL is in: the default base of its pages."""
    parts = split_http_url(index)
    path = parts.path[: parts.path.rfind("/") + 1] or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def below_base(link: str, base: str) -> str | None:
    """The raw (still percent-encoded) path of `link` below the folder `base`, or None when
    the link is elsewhere: another site, scheme or port, or outside the folder. Raises
    UrlError for a link below the base that no page can come from."""
    try:
        parts = split_http_url(link)
    except UrlError:
        return None  # mailto:, a relative oddity, another scheme: not a page of this source
    base_parts = urlsplit(base)
    if origin_of(parts) != origin_of(base_parts) or not parts.path.startswith(base_parts.path):
        return None
    if parts.query:
        raise UrlError("a page URL with a query string has no file name (exclude it)")
    return parts.path[len(base_parts.path) :]


def fetch_url(link: str, suffix: str) -> str:
    """The URL a page is downloaded from: the link without its fragment, with the markdown
    twin's `suffix` (`.md`) added unless the link already ends with it; a link to a folder
    (`.../messages/`) becomes `.../messages.md`."""
    parts = urlsplit(link)
    path = parts.path
    if suffix and not path.lower().endswith(suffix.lower()):
        path = path.rstrip("/") + suffix
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def page_path(raw_below_base: str) -> str:
    """The file path (POSIX, relative to the source's folder) of a page whose URL path below
    the base is `raw_below_base`; it always ends with a page suffix (`.md` added if not)."""
    if not raw_below_base or raw_below_base.endswith("/"):
        raise UrlError("names a folder, not a page")
    segments = []
    for raw in raw_below_base.split("/"):
        try:
            segment = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            raise UrlError(f"path segment {raw!r} is not UTF-8 once decoded") from None
        problem = _segment_problem(segment)
        if problem:
            raise UrlError(f"path segment {raw!r} {problem}")
        segments.append(segment)
    path = "/".join(segments)
    if not path.lower().endswith(PAGE_SUFFIXES):
        path += ".md"
        if len(segments[-1].encode()) + 3 > _MAX_NAME_BYTES:
            raise UrlError(f"file name longer than {_MAX_NAME_BYTES} bytes")
    from generator.output import check_relative_path  # here: refgen.yaml's reading is light

    try:
        check_relative_path(path)  # the writer's own guard, as a second barrier
    except RefgenError:
        raise UrlError(
            f"gives the path {path!r}, which refgen refuses to write (it could "
            "land outside its folder, or is a name Windows reserves)"
        ) from None
    return path


def _segment_problem(segment: str) -> str | None:
    if segment in ("", ".", ".."):
        return "is empty, '.' or '..'"
    if "/" in segment or "\\" in segment:
        return "holds an encoded slash or backslash"
    if segment.startswith("."):
        return "is a hidden name"
    if any(ord(c) < 32 or ord(c) == 127 for c in segment) or _REFUSED_CHARACTERS & set(segment):
        return 'holds a control character or one of <>:"|?*'
    if segment.endswith((".", " ")):
        return "ends with a dot or a space, which Windows drops"
    if len(segment.encode()) > _MAX_NAME_BYTES:
        return f"is longer than {_MAX_NAME_BYTES} bytes"
    return None


def collision_key(path: str) -> str:
    """Two paths with one key are one file on a case-insensitive or normalising file system."""
    return unicodedata.normalize("NFC", path).casefold()


def glob_match(pattern: str, path: str) -> bool:
    """`path` matches the glob `pattern`: `*`, `?` and `[...]` within one segment, `**` any
    number of whole segments (as in refgen.yaml's local `sources` patterns)."""
    return _match_parts(tuple(pattern.split("/")), tuple(path.split("/")))


def _match_parts(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    if not pattern:
        return not path
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_match_parts(rest, path[skip:]) for skip in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], head) and _match_parts(rest, path[1:])
