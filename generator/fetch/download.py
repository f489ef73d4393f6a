"""One safe GET of a page or an index, on httpx.

Every server is treated as hostile:
- only http and https, and never from https down to http;
- redirects are followed by hand, at most `max_redirects`, and only to the source's hosts
  (its index's, its base's and those of `hosts:`);
- a body is read in chunks and dropped as soon as it passes `max_page_size` (a
  Content-Length above it is refused before reading), and every byte counts against the
  run's `max_total_size`, so an endless body ends the download, not the disk;
- `timeout` bounds connecting and each read, `page_timeout` a whole response (a server that
  drips one byte at a time);
- a content type that is not the one expected (an HTML page, JSON) is refused;
- a 429, a 5xx or a network failure is tried again `retries` times, waiting `backoff`
  seconds, then twice that, and so on (or what Retry-After asks, up to a minute);
- a conditional request (If-None-Match, If-Modified-Since) is sent when the validators of
  the last download are known, and a 304 answers "unchanged".
Failures are FetchError values naming the URL; the caller prints them as `url: error: ...`.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin

import httpx

from generator import __version__
from generator.diagnostics import Diagnostic, Location
from generator.fetch.sources import FetchSettings
from generator.fetch.urls import UrlError, host_of, split_http_url

MARKDOWN_TYPES = ("text/markdown", "text/x-markdown", "text/plain")
XML_TYPES = ("application/xml", "text/xml")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_RETRIED_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_LONGEST_RETRY_WAIT = 60.0  # seconds: a Retry-After beyond it is cut to it
_DRAINED = 64 * 1024  # bytes of an unwanted body read to keep its connection


class FetchError(Exception):
    """A download that failed for good."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message

    def diagnostic(self) -> Diagnostic:
        return Diagnostic("error", self.message, Location(self.url))


class _TryAgain(Exception):
    """A failure that another attempt may not meet (a 5xx, a 429, a dropped connection)."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait  # what the server asked for (Retry-After), if anything


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent (for a conditional request)."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag is not None:
            headers["If-None-Match"] = self.etag
        if self.last_modified is not None:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Download:
    url: str  # the URL asked for (not where redirects led)
    body: bytes | None  # None: not modified since the validators given (HTTP 304)
    validators: Validators


class Budget:
    """The bytes one run may download in all (`max_total_size`)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, count: int, url: str) -> None:
        self.used += count
        if self.used > self.limit:
            raise FetchError(
                url,
                f"the downloads of this run pass max_total_size "
                f"({self.limit} bytes); raise it under `fetch:` in refgen.yaml",
            )


class Downloader:
    """GETs with the safety rules above; use as `async with Downloader(...) as downloader`."""

    def __init__(self, settings: FetchSettings, budget: Budget | None = None) -> None:
        self.settings = settings
        self.budget = budget or Budget(settings.max_total_size)
        self._gave_up = False  # a download failed through all its retries
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=httpx.Timeout(settings.timeout),
            limits=httpx.Limits(
                max_connections=settings.concurrency, max_keepalive_connections=settings.concurrency
            ),
            headers={"User-Agent": f"refgen/{__version__} (refgen fetch)"},
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        hosts: frozenset[str],
        accept: tuple[str, ...],
        validators: Validators | None = None,
    ) -> Download:
        """`url`, tried again after transient failures; raises FetchError.

        Once one download has failed through all its retries, the others get no more retries:
        a site that is down answers every page alike, and 400 pages each waiting through their
        backoff would take minutes to say so."""
        settings = self.settings
        attempt = 1
        while True:
            try:
                async with asyncio.timeout(settings.page_timeout):
                    return await self._follow(url, hosts, accept, validators)
            except TimeoutError:
                raise FetchError(
                    url, f"no whole response within page_timeout ({settings.page_timeout:g} s)"
                ) from None
            except _TryAgain as failure:
                if attempt > settings.retries or self._gave_up:
                    raise self._giving_up(url, failure.reason, attempt) from None
                await asyncio.sleep(self._wait(attempt, failure.wait))
            attempt += 1

    def _giving_up(self, url: str, reason: str, attempts: int) -> FetchError:
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        if attempts <= self.settings.retries:
            return FetchError(
                url,
                f"{reason} (gave up after {tries}: another download "
                "had failed through all its retries)",
            )
        self._gave_up = True
        return FetchError(url, f"{reason} (gave up after {tries})")

    def _wait(self, attempt: int, asked: float | None) -> float:
        """Exponential backoff with jitter (so that the requests a 503 turned away do not all
        come back at once), or what Retry-After asked, up to a minute."""
        wait = self.settings.backoff * 2 ** (attempt - 1) * random.uniform(0.75, 1.25)
        if asked is not None:
            wait = max(wait, min(asked, _LONGEST_RETRY_WAIT))
        return wait

    async def _follow(
        self,
        url: str,
        hosts: frozenset[str],
        accept: tuple[str, ...],
        validators: Validators | None,
    ) -> Download:
        current = url
        headers = {"Accept": ", ".join(accept)} | (validators.headers() if validators else {})
        for _ in range(self.settings.max_redirects + 1):
            try:
                async with self._client.stream("GET", current, headers=headers) as response:
                    if response.status_code != 200:
                        await _drain(response)
                    if response.status_code in _REDIRECT_STATUSES:
                        current = _redirect_target(url, current, response, hosts)
                        continue
                    return await self._received(url, current, response, accept, validators)
            except httpx.TransportError as error:
                raise _TryAgain(_transport_problem(error)) from None
            except (httpx.InvalidURL, httpx.DecodingError) as error:
                raise FetchError(url, f"{error}") from None
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects (max_redirects)")

    async def _received(
        self,
        url: str,
        current: str,
        response: httpx.Response,
        accept: tuple[str, ...],
        validators: Validators | None,
    ) -> Download:
        status = response.status_code
        where = "" if current == url else f" (redirected to {current})"
        if status == 304:
            if validators is None:
                raise FetchError(url, f"HTTP 304 to a request that was not conditional{where}")
            return Download(url, None, _validators(response) or validators)
        if status in _RETRIED_STATUSES:
            raise _TryAgain(
                f"HTTP {status} {response.reason_phrase}{where}", _retry_after(response)
            )
        if status != 200:
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}{where}")
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type and media_type not in accept:
            raise FetchError(url, f"the server sent {media_type}, not {' or '.join(accept)}{where}")
        body = await self._body(url, response)
        return Download(url, body, _validators(response) or Validators())

    async def _body(self, url: str, response: httpx.Response) -> bytes:
        limit = self.settings.max_page_size
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"{int(declared)} bytes, more than max_page_size ({limit})")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():  # decoded: a gzip bomb is counted unpacked
            size += len(chunk)
            if size > limit:
                raise FetchError(
                    url, f"more than max_page_size ({limit} bytes); the download was stopped there"
                )
            self.budget.take(len(chunk), url)
            chunks.append(chunk)
        return b"".join(chunks)


async def _drain(response: httpx.Response) -> None:
    """Read the little body a 304, a redirect or an error has, so that its connection can serve
    the next request (one left unread is closed: a revalidation of 400 pages would open 400
    connections). A body longer than _DRAINED is left, and its connection closed."""
    size = 0
    async for chunk in response.aiter_raw():
        size += len(chunk)
        if size > _DRAINED:
            return


def _redirect_target(
    url: str, current: str, response: httpx.Response, hosts: frozenset[str]
) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(url, f"HTTP {response.status_code} redirect without a Location")
    target = urljoin(current, location)
    try:
        parts = split_http_url(target)
    except UrlError as error:
        raise FetchError(url, f"redirected to {target}: {error}") from None
    if current.lower().startswith("https:") and parts.scheme.lower() == "http":
        raise FetchError(url, f"redirected from https down to http ({target})")
    host = host_of(target)
    if host not in hosts:
        raise FetchError(
            url,
            f"redirected to another host ({target}); add {host!r} to the "
            "source's `hosts:` in refgen.yaml to allow it",
        )
    return target


def _validators(response: httpx.Response) -> Validators | None:
    etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
    return Validators(etag, modified) if etag or modified else None


def _retry_after(response: httpx.Response) -> float | None:
    """Retry-After in seconds, given as seconds or as an HTTP date."""
    value = response.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return None
    return max((moment - datetime.now(UTC)).total_seconds(), 0.0)


def _transport_problem(error: httpx.TransportError) -> str:
    kind = {
        httpx.ConnectTimeout: "connecting timed out",
        httpx.ReadTimeout: "reading timed out",
        httpx.ConnectError: "cannot connect",
    }.get(type(error), type(error).__name__)
    return f"{kind} ({error})" if str(error) else kind
