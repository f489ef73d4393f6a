"""The HTTP core that generated clients subclass: auth, request building, retries,
errors, response parsing, raw responses, pagination and streaming.

:class:`SyncAPIClient` and :class:`AsyncAPIClient` have the same surface; everything
that does no I/O lives in their common base so the two differ only in awaiting.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import math
import os
import random
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar, Generic, Literal, Self, TypedDict, TypeVar, Unpack, cast

import httpx
import pydantic

from ._encoding import (
    MultipartField,
    encode_multipart,
    encode_path,
    encode_query,
    merge_headers,
    to_jsonable,
)
from ._exceptions import (
    REDACTED,
    APIResponseValidationError,
    APIStatusError,
    MissingAPIKeyError,
    mapped_transport_errors,
    status_error,
    transport_error,
)
from ._models import parse_response
from ._pagination import AsyncCursorPage, CursorStyle, SyncCursorPage
from ._response import RawResponse, raw_response_requested
from ._streaming import AsyncStream, Stream
from ._types import NOT_GIVEN, NotGiven, Timeout

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "AuthScheme",
    "RequestOptions",
    "RequestParts",
    "SyncAPIClient",
]

_T = TypeVar("_T")
_V = TypeVar("_V")
_HttpClientT = TypeVar("_HttpClientT", httpx.Client, httpx.AsyncClient)

# The generated package this file is copied into, e.g. "openai_client".
_PACKAGE = (__package__ or __name__).split(".")[0]
log = logging.getLogger(_PACKAGE)

DEFAULT_TIMEOUT = httpx.Timeout(600.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
_USER_AGENT = f"{_PACKAGE}/python"
_JSON = "application/json"
_BINARY = "application/octet-stream"
_EVENT_STREAM = "text/event-stream"
_DEFAULT_CURSOR = CursorStyle()


@dataclass(frozen=True)
class AuthScheme:
    """How the API takes its key.

    ``kind="bearer"`` sends ``{header_name}: Bearer <key>``, ``"header"`` sends
    ``{header_name}: <key>``, ``"none"`` sends nothing and needs no key.
    ``env_var`` is read when the client is given no ``api_key``.
    """

    kind: Literal["bearer", "header", "none"]
    header_name: str = "Authorization"
    env_var: str | None = None

    def headers(self, api_key: str | None) -> dict[str, str]:
        if self.kind == "none" or api_key is None:
            return {}
        return {self.header_name: f"Bearer {api_key}" if self.kind == "bearer" else api_key}


@dataclass(frozen=True)
class RequestOptions:
    """Per-call overrides; ``extra_*`` are merged over what the generated method builds."""

    extra_headers: Mapping[str, object] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN


class RequestParts(TypedDict, total=False):
    """The keyword arguments every request method takes besides ``method`` and ``path``.

    ``path`` is the template from the spec; ``path_params`` fill its ``{name}``s.
    At most one of ``json_body`` and ``multipart`` is given.
    """

    path_params: Mapping[str, object] | None
    query: Mapping[str, object] | None
    headers: Mapping[str, object] | None
    json_body: Mapping[str, object] | None
    multipart: Mapping[str, object] | None
    options: RequestOptions | None


@dataclass(frozen=True)
class _PreparedRequest:
    request: httpx.Request
    max_retries: int


class _BaseClient(Generic[_HttpClientT]):
    """Configuration, request building and response handling: all but the I/O."""

    # Class attributes so that tests (or a subclass) can shorten the waits.
    initial_retry_delay: ClassVar[float] = 0.5
    max_retry_delay: ClassVar[float] = 8.0
    max_retry_after: ClassVar[float] = 60.0

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None = None,
        auth: AuthScheme,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: _HttpClientT | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        self.auth = auth
        self.api_key = self._resolve_api_key(api_key)
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.default_headers: dict[str, str] = dict(default_headers or {})
        self.default_query: dict[str, object] = dict(default_query or {})
        self.strict_response_validation = strict_response_validation
        # A client passed in by the caller is theirs to close; ours is closed by close().
        self._owns_http_client = http_client is None
        self._http: _HttpClientT = (
            http_client if http_client is not None else self._new_http_client()
        )

    def _new_http_client(self) -> _HttpClientT:
        raise NotImplementedError

    def _resolve_api_key(self, api_key: str | None) -> str | None:
        if self.auth.kind == "none":
            return api_key
        env_var = self.auth.env_var
        key = api_key or (os.environ.get(env_var) if env_var else None)
        if not key:
            raise MissingAPIKeyError(client_name=type(self).__name__, env_var=env_var)
        return key

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        api_key: str | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        strict_response_validation: bool | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A copy with some settings changed that shares this client's connection pool.

        ``default_headers`` and ``default_query`` are merged over the current ones.
        The copy is built through ``type(self)(...)``, so a subclass's ``__init__`` must
        accept the keyword arguments of :class:`SyncAPIClient`'s.
        """
        return type(self)(
            base_url=_unless_not_given(base_url, self.base_url),
            api_key=_unless_not_given(api_key, self.api_key),
            auth=self.auth,
            timeout=_unless_not_given(timeout, self.timeout),
            max_retries=_unless_not_given(max_retries, self.max_retries),
            default_headers={**self.default_headers, **(default_headers or {})},
            default_query={**self.default_query, **(default_query or {})},
            http_client=self._http,
            strict_response_validation=_unless_not_given(
                strict_response_validation, self.strict_response_validation
            ),
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _prepare(
        self, method: str, path: str, parts: RequestParts, *, accept: str
    ) -> _PreparedRequest:
        options = parts.get("options") or RequestOptions()
        query = {**self.default_query, **(parts.get("query") or {}), **(options.extra_query or {})}
        headers = merge_headers(
            {"Accept": accept, "User-Agent": _USER_AGENT},
            self.auth.headers(self.api_key),
            self.default_headers,
            parts.get("headers"),
            options.extra_headers,
        )
        json_body, files = _body(parts.get("json_body"), parts.get("multipart"), options.extra_body)
        request = self._http.build_request(
            method.upper(),
            self.base_url + encode_path(path, parts.get("path_params") or {}),
            params=encode_query(query),
            headers=headers,
            json=json_body,
            files=files,
            timeout=_unless_not_given(options.timeout, self.timeout),
        )
        return _PreparedRequest(request, _unless_not_given(options.max_retries, self.max_retries))

    def _retry_delay(self, retries_taken: int, headers: httpx.Headers | None) -> float:
        """Seconds to wait before the next try: what the server asked for, else backoff."""
        requested = _retry_after_seconds(headers) if headers is not None else None
        if requested is not None:
            return min(requested, self.max_retry_after)
        backoff = min(self.initial_retry_delay * 2.0**retries_taken, self.max_retry_delay)
        # Up to 25% shorter, so that clients which failed together do not retry together.
        return backoff * (1 - 0.25 * random.random())

    def _log_retry(self, request: httpx.Request, delay: float, retries_left: int) -> None:
        log.info(
            "Retrying %s %s in %.2f s (%d retries left)",
            request.method,
            request.url,
            delay,
            retries_left,
        )

    def _redacted(self, request: httpx.Request) -> httpx.Request:
        """A copy of ``request`` that is safe to show: headers carrying the key are masked.

        Errors and responses expose this copy, so no repr, log or traceback shows the key.
        """
        secret_header = self.auth.header_name.lower()
        headers = [
            (name, REDACTED if name.lower() == secret_header or self._holds_key(value) else value)
            for name, value in request.headers.multi_items()
        ]
        return httpx.Request(
            request.method,
            request.url,
            headers=headers,
            stream=request.stream,
            extensions=request.extensions,
        )

    def _holds_key(self, text: str) -> bool:
        if not self.api_key:
            return False
        return self.api_key in text

    def _status_error(self, response: httpx.Response) -> APIStatusError:
        return status_error(response, secret=self.api_key)

    def _result(self, response: httpx.Response, parse: Callable[[], _T]) -> _T:
        """The parsed result, or a RawResponse around it inside ``to_raw_response``."""
        if raw_response_requested():
            return cast(_T, RawResponse(response, parse))
        return parse()

    def _parse(self, type_: type[_T], data: object, response: httpx.Response) -> _T:
        try:
            return parse_response(type_, data, strict=self.strict_response_validation)
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            raise APIResponseValidationError(response=response, body=data, errors=errors) from exc

    def _parse_body(self, type_: type[_T], response: httpx.Response) -> _T:
        return self._parse(type_, _decode_body(response), response)

    def _page_contents(
        self, item_type: type[_T], style: CursorStyle, response: httpx.Response
    ) -> tuple[list[_T], Mapping[str, object]]:
        body = _decode_body(response)
        if not isinstance(body, Mapping):
            error = {"loc": (), "msg": "a page must be a JSON object", "input": body}
            raise APIResponseValidationError(response=response, body=body, errors=[error])
        raw_items = body.get(style.items_field)
        items = raw_items if isinstance(raw_items, list) else []
        return [self._parse(item_type, item, response) for item in items], body


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base of generated synchronous clients; one connection pool per client."""

    def _new_http_client(self) -> httpx.Client:
        return httpx.Client(timeout=self.timeout, follow_redirects=True)

    def close(self) -> None:
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def request(
        self, method: str, path: str, *, cast_to: type[_T], **parts: Unpack[RequestParts]
    ) -> _T:
        """Send a request and parse its JSON (or text) body into ``cast_to``."""
        response = self._send(self._prepare(method, path, parts, accept=_JSON), stream=False)
        return self._result(response, lambda: self._parse_body(cast_to, response))

    def request_bytes(self, method: str, path: str, **parts: Unpack[RequestParts]) -> bytes:
        """Send a request and return the binary body."""
        response = self._send(self._prepare(method, path, parts, accept=_BINARY), stream=False)
        return self._result(response, lambda: response.content)

    @contextmanager
    def request_stream_bytes(
        self,
        method: str,
        path: str,
        *,
        chunk_size: int | None = None,
        **parts: Unpack[RequestParts],
    ) -> Iterator[Iterator[bytes]]:
        """``with client.request_stream_bytes(...) as chunks:`` the body without buffering it."""
        response = self._send(self._prepare(method, path, parts, accept=_BINARY), stream=True)
        chunks = _mapped_chunks(response, chunk_size)
        try:
            yield chunks
        finally:
            chunks.close()
            response.close()

    def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: type[_T],
        cursor: CursorStyle = _DEFAULT_CURSOR,
        **parts: Unpack[RequestParts],
    ) -> SyncCursorPage[_T]:
        """Fetch one page of a list; the page fetches the following ones on demand."""

        def fetch(query: Mapping[str, object]) -> SyncCursorPage[_T]:
            next_parts = parts.copy()
            next_parts["query"] = query
            return self.request_page(method, path, item_type=item_type, cursor=cursor, **next_parts)

        def make_page() -> SyncCursorPage[_T]:
            items, body = self._page_contents(item_type, cursor, response)
            query = parts.get("query") or {}
            return SyncCursorPage(items=items, body=body, style=cursor, query=query, fetch=fetch)

        response = self._send(self._prepare(method, path, parts, accept=_JSON), stream=False)
        return self._result(response, make_page)

    def request_events(
        self, method: str, path: str, *, event_type: type[_T], **parts: Unpack[RequestParts]
    ) -> Stream[_T]:
        """Open a server-sent event stream whose events parse into ``event_type``."""
        prepared = self._prepare(method, path, parts, accept=_EVENT_STREAM)
        response = self._send(prepared, stream=True)

        def make_stream() -> Stream[_T]:
            return Stream(
                response=response, parse=lambda data: self._parse(event_type, data, response)
            )

        return self._result(response, make_stream)

    def _send(self, prepared: _PreparedRequest, *, stream: bool) -> httpx.Response:
        """Send, retrying connection failures and retryable statuses; raise on errors."""
        request = prepared.request
        retries_taken = 0
        while True:
            log.debug("Sending %s %s", request.method, request.url)
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if retries_taken >= prepared.max_retries:
                    raise transport_error(self._redacted(request), exc) from exc
                delay = self._retry_delay(retries_taken, None)
            else:
                response.request = self._redacted(request)
                if retries_taken >= prepared.max_retries or not _retryable(response.status_code):
                    return self._raise_for_status(response)
                response.close()
                delay = self._retry_delay(retries_taken, response.headers)
            retries_taken += 1
            self._log_retry(request, delay, prepared.max_retries - retries_taken)
            self._sleep(delay)

    def _raise_for_status(self, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            with mapped_transport_errors(response.request):
                response.read()
            raise self._status_error(response)
        return response


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base of generated asynchronous clients: :class:`SyncAPIClient` with awaits."""

    def _new_http_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)

    async def aclose(self) -> None:
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def request(
        self, method: str, path: str, *, cast_to: type[_T], **parts: Unpack[RequestParts]
    ) -> _T:
        prepared = self._prepare(method, path, parts, accept=_JSON)
        response = await self._send(prepared, stream=False)
        return self._result(response, lambda: self._parse_body(cast_to, response))

    async def request_bytes(self, method: str, path: str, **parts: Unpack[RequestParts]) -> bytes:
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = await self._send(prepared, stream=False)
        return self._result(response, lambda: response.content)

    @asynccontextmanager
    async def request_stream_bytes(
        self,
        method: str,
        path: str,
        *,
        chunk_size: int | None = None,
        **parts: Unpack[RequestParts],
    ) -> AsyncIterator[AsyncIterator[bytes]]:
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = await self._send(prepared, stream=True)
        chunks = _async_mapped_chunks(response, chunk_size)
        try:
            yield chunks
        finally:
            await chunks.aclose()
            await response.aclose()

    async def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: type[_T],
        cursor: CursorStyle = _DEFAULT_CURSOR,
        **parts: Unpack[RequestParts],
    ) -> AsyncCursorPage[_T]:
        async def fetch(query: Mapping[str, object]) -> AsyncCursorPage[_T]:
            next_parts = parts.copy()
            next_parts["query"] = query
            return await self.request_page(
                method, path, item_type=item_type, cursor=cursor, **next_parts
            )

        def make_page() -> AsyncCursorPage[_T]:
            items, body = self._page_contents(item_type, cursor, response)
            query = parts.get("query") or {}
            return AsyncCursorPage(items=items, body=body, style=cursor, query=query, fetch=fetch)

        prepared = self._prepare(method, path, parts, accept=_JSON)
        response = await self._send(prepared, stream=False)
        return self._result(response, make_page)

    async def request_events(
        self, method: str, path: str, *, event_type: type[_T], **parts: Unpack[RequestParts]
    ) -> AsyncStream[_T]:
        prepared = self._prepare(method, path, parts, accept=_EVENT_STREAM)
        response = await self._send(prepared, stream=True)

        def make_stream() -> AsyncStream[_T]:
            return AsyncStream(
                response=response, parse=lambda data: self._parse(event_type, data, response)
            )

        return self._result(response, make_stream)

    async def _send(self, prepared: _PreparedRequest, *, stream: bool) -> httpx.Response:
        request = prepared.request
        retries_taken = 0
        while True:
            log.debug("Sending %s %s", request.method, request.url)
            try:
                response = await self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if retries_taken >= prepared.max_retries:
                    raise transport_error(self._redacted(request), exc) from exc
                delay = self._retry_delay(retries_taken, None)
            else:
                response.request = self._redacted(request)
                if retries_taken >= prepared.max_retries or not _retryable(response.status_code):
                    return await self._raise_for_status(response)
                await response.aclose()
                delay = self._retry_delay(retries_taken, response.headers)
            retries_taken += 1
            self._log_retry(request, delay, prepared.max_retries - retries_taken)
            await self._sleep(delay)

    async def _raise_for_status(self, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            with mapped_transport_errors(response.request):
                await response.aread()
            raise self._status_error(response)
        return response


def _unless_not_given(value: _V | NotGiven, default: _V) -> _V:
    return default if isinstance(value, NotGiven) else value


def _body(
    json_body: Mapping[str, object] | None,
    multipart: Mapping[str, object] | None,
    extra_body: Mapping[str, object] | None,
) -> tuple[object | None, list[MultipartField] | None]:
    """The JSON body or the multipart fields of a request, with ``extra_body`` merged in."""
    if multipart is not None:
        return None, encode_multipart({**multipart, **(extra_body or {})})
    if json_body is None and extra_body is None:
        return None, None
    return to_jsonable({**(json_body or {}), **(extra_body or {})}), None


def _retryable(status_code: int) -> bool:
    # 408 timeout, 409 lock conflict, 429 rate limit and 5xx are usually transient.
    return status_code in (408, 409, 429) or status_code >= 500


def _retry_after_seconds(headers: httpx.Headers) -> float | None:
    """The wait the server asked for: ``retry-after-ms``, else ``Retry-After`` in seconds
    or as an HTTP date."""
    milliseconds = _finite_float(headers.get("retry-after-ms"))
    if milliseconds is not None:
        return max(milliseconds / 1000, 0.0)
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _finite_float(value)
    if seconds is not None:
        return max(seconds, 0.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # "-0000" dates parse naive; HTTP dates are GMT
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _finite_float(text: str | None) -> float | None:
    try:
        number = float(text) if text is not None else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _decode_body(response: httpx.Response) -> object:
    """JSON when the server says so (or says nothing), else text; None for an empty body."""
    if not response.content:
        return None
    content_type = response.headers.get("content-type", "")
    if "json" in content_type or not content_type:
        try:
            return json.loads(response.content)
        except ValueError:
            pass
    return response.text


def _mapped_chunks(
    response: httpx.Response, chunk_size: int | None
) -> Generator[bytes, None, None]:
    with mapped_transport_errors(response.request):
        yield from response.iter_bytes(chunk_size)


async def _async_mapped_chunks(
    response: httpx.Response, chunk_size: int | None
) -> AsyncGenerator[bytes, None]:
    with mapped_transport_errors(response.request):
        async for chunk in response.aiter_bytes(chunk_size):
            yield chunk
