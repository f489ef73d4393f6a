"""The HTTP core that generated clients subclass: auth, request building, retries,
redirects, errors, response parsing, raw and streamed responses, pagination, event streams
and JSON Lines.

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
from typing import (
    Any,
    ClassVar,
    Generic,
    Literal,
    Self,
    TypedDict,
    TypeVar,
    Unpack,
    cast,
)

import httpx
import pydantic

from ._encoding import (
    MultipartField,
    cookie_header,
    encode_cookies,
    encode_multipart,
    encode_path,
    encode_query,
    merge_headers,
    to_jsonable,
)
from ._exceptions import (
    DEFAULT_ERROR_CATALOG,
    REDACTED,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    ErrorCatalog,
    MissingAPIKeyError,
    mapped_transport_errors,
    status_error,
    stream_error,
    transport_error,
)
from ._http_clients import DEFAULT_TIMEOUT, DefaultAsyncHttpxClient, DefaultHttpxClient
from ._jsonl import AsyncJSONLDecoder, JSONLDecoder
from ._logs import hide_in_logs, setup_logging
from ._logs import logger as log
from ._models import BaseModel, parse_response
from ._pagination import (
    AsyncCursorPage,
    AsyncPaginator,
    BaseAsyncPage,
    BaseSyncPage,
    CursorStyle,
    PageBody,
    Pagination,
    SyncCursorPage,
)
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    AsyncBinaryAPIResponse,
    BinaryAPIResponse,
    request_id_of,
    response_mode,
)
from ._streaming import AsyncStream, EventRules, Stream
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
_PageT = TypeVar("_PageT", bound=BaseSyncPage[Any])
_AsyncPageT = TypeVar("_AsyncPageT", bound=BaseAsyncPage[Any])

# The generated package this file is copied into, e.g. "openai_client".
_PACKAGE = (__package__ or __name__).split(".")[0]

DEFAULT_MAX_RETRIES = 2
_USER_AGENT = f"{_PACKAGE}/python"
_JSON = "application/json"
_BINARY = "application/octet-stream"
_EVENT_STREAM = "text/event-stream"
_JSON_LINES = "application/x-jsonl, application/jsonl, application/x-ndjson, */*;q=0.5"
_DEFAULT_CURSOR = CursorStyle()
# Headers that carry credentials whatever the API's scheme calls its own.
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization"})


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
    ``cookies`` are the operation's cookie parameters, sent in the ``Cookie`` header.
    At most one of ``json_body`` and ``multipart`` is given.
    """

    path_params: Mapping[str, object] | None
    query: Mapping[str, object] | None
    headers: Mapping[str, object] | None
    cookies: Mapping[str, object] | None
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

    # What a generated client sets from its API (the defaults suit OpenAI and Anthropic):
    # the response headers that carry the request id, first found wins;
    request_id_headers: ClassVar[tuple[str, ...]] = ("request-id", "x-request-id")
    # the error class of each status, and the status each error type in a body names;
    error_catalog: ClassVar[ErrorCatalog] = DEFAULT_ERROR_CATALOG
    # stream events that are keep-alives rather than items;
    ignored_stream_events: ClassVar[frozenset[str]] = frozenset({"ping"})
    # the environment variable of the logging switch; None: from the key's variable
    # (ANTHROPIC_API_KEY -> ANTHROPIC_LOG).
    log_env_var: ClassVar[str | None] = None

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
        hide_in_logs(self.api_key)
        setup_logging(self._log_switch())
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

    def _log_switch(self) -> str:
        """The environment variable that turns logging on: ``<PREFIX>_LOG``."""
        if self.log_env_var:
            return self.log_env_var
        key_variable = self.auth.env_var or ""
        for suffix in ("_API_KEY", "_API_TOKEN", "_KEY", "_TOKEN"):
            if key_variable.endswith(suffix) and len(key_variable) > len(suffix):
                return key_variable.removesuffix(suffix) + "_LOG"
        return f"{key_variable or _PACKAGE.upper()}_LOG"

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
        header_layers = (self.default_headers, parts.get("headers"), options.extra_headers)
        headers = merge_headers(
            {"Accept": accept, "User-Agent": _USER_AGENT},
            self.auth.headers(self.api_key),
            *header_layers,
        )
        # Cookies are merged by name rather than replaced as one header. Without a Cookie
        # header httpx adds the http client's cookie jar, which comes first.
        headers.pop("cookie", None)
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
        cookies = cookie_header(
            request.headers.get("cookie"),
            _header_value(self.default_headers, "cookie"),
            _header_value(parts.get("headers"), "cookie"),
            encode_cookies(parts.get("cookies") or {}),
            _header_value(options.extra_headers, "cookie"),
        )
        if cookies is not None:
            request.headers["Cookie"] = cookies
        return _PreparedRequest(request, _unless_not_given(options.max_retries, self.max_retries))

    def _should_retry(self, response: httpx.Response) -> bool:
        """Whether a failed response is worth sending again: as the server says in
        ``x-should-retry``, else by its status."""
        verdict: str = response.headers.get("x-should-retry", "").strip().lower()
        if verdict in ("true", "false"):
            return verdict == "true"
        return _retryable(response.status_code)

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

    def _log_request(self, request: httpx.Request) -> None:
        if log.isEnabledFor(logging.DEBUG):
            headers = dict(self._redacted(request).headers)
            log.debug("Request: %s %s headers=%s", request.method, request.url, headers)

    def _log_response(self, response: httpx.Response) -> None:
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "Response: %s %s request_id=%s",
                response.status_code,
                response.reason_phrase,
                request_id_of(response, self.request_id_headers),
            )

    def _is_credential(self, name: str, value: str) -> bool:
        lowered = name.lower()
        return (
            lowered in _CREDENTIAL_HEADERS
            or lowered == self.auth.header_name.lower()
            or self._holds_key(value)
        )

    def _redacted(self, request: httpx.Request) -> httpx.Request:
        """A copy of ``request`` that is safe to show: headers carrying credentials are masked.

        Responses, their history and errors expose only such copies, so no repr, log or
        traceback shows the key.
        """
        headers = [
            (name, REDACTED if self._is_credential(name, value) else value)
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

    def _after_response(
        self, request: httpx.Request, response: httpx.Response, history: list[httpx.Response]
    ) -> httpx.Request | None:
        """Mask what ``response`` exposes and return the request a redirect asks for, or
        None when the response is the final one (then ``history`` becomes its history).

        httpx builds the redirect request (method, body, cookie jar), stripping only
        ``Authorization`` and only for another host; here every credential header is
        dropped as soon as the scheme, host or port changes.
        """
        response.request = self._redacted(request)
        following = response.next_request
        response.next_request = None  # httpx built it from the unmasked request
        if following is None or not self._http.follow_redirects:
            response.history = list(history)
            if following is not None:
                response.next_request = self._redacted(following)
            return None
        history.append(response)
        if _origin(following.url) != _origin(request.url):
            for name, value in list(following.headers.multi_items()):
                if self._is_credential(name, value):
                    del following.headers[name]
        else:
            # httpx re-derives Cookie from its jar on every hop: on the same origin the
            # cookie parameters of the call go along too (the jar's newer values win).
            cookies = cookie_header(request.headers.get("cookie"), following.headers.get("cookie"))
            if cookies is not None:
                following.headers["Cookie"] = cookies
        return following

    def _check_redirect_count(self, history: list[httpx.Response]) -> None:
        """Raise once more redirects were followed than the http client allows."""
        if len(history) > self._http.max_redirects:
            raise APIConnectionError(
                message=f"Too many redirects (more than {self._http.max_redirects}).",
                request=history[-1].request,
            )

    def _status_error(self, response: httpx.Response) -> APIStatusError:
        return status_error(
            response,
            secret=self.api_key,
            catalog=self.error_catalog,
            request_id=request_id_of(response, self.request_id_headers),
        )

    def _event_rules(self, response: httpx.Response) -> EventRules:
        def error_for(data: str) -> APIError:
            return stream_error(
                response,
                data,
                secret=self.api_key,
                catalog=self.error_catalog,
                request_id=request_id_of(response, self.request_id_headers),
            )

        return EventRules(error_for=error_for, ignored=self.ignored_stream_events)

    def _identified(self, result: _V, response: httpx.Response) -> _V:
        """``result`` with the response's request id, when it is a model or a page."""
        if isinstance(result, BaseModel | BaseSyncPage | BaseAsyncPage):
            result._request_id = request_id_of(response, self.request_id_headers)
        return result

    def _streams(self, body_streams: bool) -> bool:
        """Whether to leave the body unread: it streams, or the caller asked for it so."""
        return body_streams or response_mode() == "streamed"

    def _result(
        self, response: httpx.Response, parse: Callable[[], _T], *, read_before_parse: bool = True
    ) -> _T:
        """The parsed result, or an APIResponse around it for raw and streamed calls."""
        if response_mode() == "parsed":
            return parse()
        return cast(_T, self._api_response(response, parse, read_before_parse))

    def _api_response(
        self, response: httpx.Response, parse: Callable[[], object], read_before_parse: bool
    ) -> object:
        raise NotImplementedError

    def _parse(self, type_: type[_T], data: object, response: httpx.Response) -> _T:
        try:
            return parse_response(type_, data, strict=self.strict_response_validation)
        except pydantic.ValidationError as exc:
            errors = exc.errors(include_url=False)
            raise APIResponseValidationError(response=response, body=data, errors=errors) from exc

    def _parse_body(self, type_: type[_T], response: httpx.Response) -> _T:
        return self._identified(self._parse(type_, _decode_body(response), response), response)

    def _page_contents(
        self, item_type: type[_T], pagination: Pagination, response: httpx.Response
    ) -> tuple[list[_T], PageBody]:
        body = _decode_body(response)
        if not isinstance(body, Mapping | list) or isinstance(body, list) != (
            pagination.items_field == ""
        ):
            shape = "the array of items" if pagination.items_field == "" else "a JSON object"
            error = {"loc": (), "msg": f"a page must be {shape}", "input": body}
            raise APIResponseValidationError(response=response, body=body, errors=[error])
        items = pagination.items(body) or []
        return [self._parse(item_type, item, response) for item in items], body


class SyncAPIClient(_BaseClient[httpx.Client]):
    """Base of generated synchronous clients; one connection pool per client."""

    def _new_http_client(self) -> httpx.Client:
        return DefaultHttpxClient(timeout=self.timeout)

    def close(self) -> None:
        if self._owns_http_client:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _api_response(
        self, response: httpx.Response, parse: Callable[[], object], read_before_parse: bool
    ) -> APIResponse[object]:
        return APIResponse(
            response,
            parse,
            request_id_headers=self.request_id_headers,
            read_before_parse=read_before_parse,
        )

    def request(
        self, method: str, path: str, *, cast_to: type[_T], **parts: Unpack[RequestParts]
    ) -> _T:
        """Send a request and parse its JSON (or text) body into ``cast_to``."""
        prepared = self._prepare(method, path, parts, accept=_JSON)
        response = self._send(prepared, stream=self._streams(False))
        return self._result(response, lambda: self._parse_body(cast_to, response))

    def request_binary(
        self, method: str, path: str, **parts: Unpack[RequestParts]
    ) -> BinaryAPIResponse:
        """Send a request whose answer is binary: ``read()``, ``iter_bytes()``,
        ``write_to_file()`` on the result."""
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = self._send(prepared, stream=self._streams(False))

        def binary() -> BinaryAPIResponse:
            return BinaryAPIResponse(
                response, lambda: response.content, request_id_headers=self.request_id_headers
            )

        return self._result(response, binary)

    def request_bytes(self, method: str, path: str, **parts: Unpack[RequestParts]) -> bytes:
        """Send a request and return the binary body (refgen's first templates; new code
        uses :meth:`request_binary`)."""
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = self._send(prepared, stream=self._streams(False))
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

    def request_list(
        self,
        method: str,
        path: str,
        *,
        page: type[_PageT],
        item_type: Any,
        pagination: Pagination,
        **parts: Unpack[RequestParts],
    ) -> _PageT:
        """Fetch one page of a list as ``page`` (the class of ``pagination.kind``); the page
        fetches the following ones on demand."""
        query = parts.get("query") or {}

        def fetch(next_query: Mapping[str, object]) -> _PageT:
            next_parts = parts.copy()
            next_parts["query"] = next_query
            return self.request_list(
                method, path, page=page, item_type=item_type, pagination=pagination, **next_parts
            )

        def make_page() -> _PageT:
            items, body = self._page_contents(item_type, pagination, response)
            made = page(items=items, body=body, pagination=pagination, query=query, fetch=fetch)
            return self._identified(made, response)

        prepared = self._prepare(method, path, parts, accept=_JSON)
        response = self._send(prepared, stream=self._streams(False))
        return self._result(response, make_page)

    def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: type[_T],
        cursor: CursorStyle = _DEFAULT_CURSOR,
        **parts: Unpack[RequestParts],
    ) -> SyncCursorPage[_T]:
        """A cursor page described by a :class:`CursorStyle` (refgen's first templates; new
        code uses :meth:`request_list`)."""
        return self.request_list(
            method,
            path,
            page=SyncCursorPage,
            item_type=item_type,
            pagination=cursor.pagination,
            **parts,
        )

    def request_events(
        self, method: str, path: str, *, event_type: type[_T], **parts: Unpack[RequestParts]
    ) -> Stream[_T]:
        """Open a server-sent event stream (any method) whose events parse into ``event_type``."""
        prepared = self._prepare(method, path, parts, accept=_EVENT_STREAM)
        response = self._send(prepared, stream=True)

        def make_stream() -> Stream[_T]:
            return Stream(
                response=response,
                parse=lambda data: self._parse(event_type, data, response),
                rules=self._event_rules(response),
            )

        return self._result(response, make_stream, read_before_parse=False)

    def request_jsonl(
        self, method: str, path: str, *, line_type: type[_T], **parts: Unpack[RequestParts]
    ) -> JSONLDecoder[_T]:
        """Open a JSON Lines response whose lines parse into ``line_type``, read lazily."""
        prepared = self._prepare(method, path, parts, accept=_JSON_LINES)
        response = self._send(prepared, stream=True)

        def make_decoder() -> JSONLDecoder[_T]:
            return JSONLDecoder(
                response=response, parse=lambda data: self._parse(line_type, data, response)
            )

        return self._result(response, make_decoder, read_before_parse=False)

    def _send(self, prepared: _PreparedRequest, *, stream: bool) -> httpx.Response:
        """Send, retrying connection failures and retryable statuses; raise on errors."""
        request = prepared.request
        retries_taken = 0
        while True:
            self._log_request(request)
            try:
                response = self._send_following_redirects(request, stream=stream)
            except httpx.TransportError as exc:
                if retries_taken >= prepared.max_retries:
                    raise transport_error(self._redacted(request), exc) from exc
                delay = self._retry_delay(retries_taken, None)
            else:
                self._log_response(response)
                retry = response.is_error and self._should_retry(response)
                if retries_taken >= prepared.max_retries or not retry:
                    return self._raise_for_status(response)
                response.close()
                delay = self._retry_delay(retries_taken, response.headers)
            retries_taken += 1
            self._log_retry(request, delay, prepared.max_retries - retries_taken)
            self._sleep(delay)

    def _send_following_redirects(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        history: list[httpx.Response] = []
        while True:
            response = self._http.send(request, stream=stream, follow_redirects=False)
            following = self._after_response(request, response, history)
            if following is None:
                return response
            response.close()
            self._check_redirect_count(history)
            request = following

    def _raise_for_status(self, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            with mapped_transport_errors(response.request):
                response.read()
            raise self._status_error(response)
        return response


class AsyncAPIClient(_BaseClient[httpx.AsyncClient]):
    """Base of generated asynchronous clients: :class:`SyncAPIClient` with awaits."""

    def _new_http_client(self) -> httpx.AsyncClient:
        return DefaultAsyncHttpxClient(timeout=self.timeout)

    async def aclose(self) -> None:
        if self._owns_http_client:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    def _api_response(
        self, response: httpx.Response, parse: Callable[[], object], read_before_parse: bool
    ) -> AsyncAPIResponse[object]:
        return AsyncAPIResponse(
            response,
            parse,
            request_id_headers=self.request_id_headers,
            read_before_parse=read_before_parse,
        )

    async def request(
        self, method: str, path: str, *, cast_to: type[_T], **parts: Unpack[RequestParts]
    ) -> _T:
        prepared = self._prepare(method, path, parts, accept=_JSON)
        response = await self._send(prepared, stream=self._streams(False))
        return self._result(response, lambda: self._parse_body(cast_to, response))

    async def request_binary(
        self, method: str, path: str, **parts: Unpack[RequestParts]
    ) -> AsyncBinaryAPIResponse:
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = await self._send(prepared, stream=self._streams(False))

        def binary() -> AsyncBinaryAPIResponse:
            return AsyncBinaryAPIResponse(
                response, lambda: response.content, request_id_headers=self.request_id_headers
            )

        return self._result(response, binary)

    async def request_bytes(self, method: str, path: str, **parts: Unpack[RequestParts]) -> bytes:
        prepared = self._prepare(method, path, parts, accept=_BINARY)
        response = await self._send(prepared, stream=self._streams(False))
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

    def request_list(
        self,
        method: str,
        path: str,
        *,
        page: type[_AsyncPageT],
        item_type: type[_T],
        pagination: Pagination,
        **parts: Unpack[RequestParts],
    ) -> AsyncPaginator[_T, _AsyncPageT]:
        """A paginator: ``await`` it for the first page, ``async for`` over it for every item.

        Not a coroutine, so that ``async for item in client.models.list()`` needs no await.
        """
        query = parts.get("query") or {}

        async def fetch(next_query: Mapping[str, object]) -> _AsyncPageT:
            next_parts = parts.copy()
            next_parts["query"] = next_query
            return await self.request_list(
                method, path, page=page, item_type=item_type, pagination=pagination, **next_parts
            )

        async def first_page() -> _AsyncPageT:
            prepared = self._prepare(method, path, parts, accept=_JSON)
            response = await self._send(prepared, stream=self._streams(False))

            def make_page() -> _AsyncPageT:
                items, body = self._page_contents(item_type, pagination, response)
                made = page(items=items, body=body, pagination=pagination, query=query, fetch=fetch)
                return self._identified(made, response)

            return self._result(response, make_page)

        return AsyncPaginator(first_page)

    def request_page(
        self,
        method: str,
        path: str,
        *,
        item_type: type[_T],
        cursor: CursorStyle = _DEFAULT_CURSOR,
        **parts: Unpack[RequestParts],
    ) -> AsyncPaginator[_T, AsyncCursorPage[_T]]:
        return self.request_list(
            method,
            path,
            page=AsyncCursorPage[_T],
            item_type=item_type,
            pagination=cursor.pagination,
            **parts,
        )

    async def request_events(
        self, method: str, path: str, *, event_type: type[_T], **parts: Unpack[RequestParts]
    ) -> AsyncStream[_T]:
        prepared = self._prepare(method, path, parts, accept=_EVENT_STREAM)
        response = await self._send(prepared, stream=True)

        def make_stream() -> AsyncStream[_T]:
            return AsyncStream(
                response=response,
                parse=lambda data: self._parse(event_type, data, response),
                rules=self._event_rules(response),
            )

        return self._result(response, make_stream, read_before_parse=False)

    async def request_jsonl(
        self, method: str, path: str, *, line_type: type[_T], **parts: Unpack[RequestParts]
    ) -> AsyncJSONLDecoder[_T]:
        prepared = self._prepare(method, path, parts, accept=_JSON_LINES)
        response = await self._send(prepared, stream=True)

        def make_decoder() -> AsyncJSONLDecoder[_T]:
            return AsyncJSONLDecoder(
                response=response, parse=lambda data: self._parse(line_type, data, response)
            )

        return self._result(response, make_decoder, read_before_parse=False)

    async def _send(self, prepared: _PreparedRequest, *, stream: bool) -> httpx.Response:
        request = prepared.request
        retries_taken = 0
        while True:
            self._log_request(request)
            try:
                response = await self._send_following_redirects(request, stream=stream)
            except httpx.TransportError as exc:
                if retries_taken >= prepared.max_retries:
                    raise transport_error(self._redacted(request), exc) from exc
                delay = self._retry_delay(retries_taken, None)
            else:
                self._log_response(response)
                retry = response.is_error and self._should_retry(response)
                if retries_taken >= prepared.max_retries or not retry:
                    return await self._raise_for_status(response)
                await response.aclose()
                delay = self._retry_delay(retries_taken, response.headers)
            retries_taken += 1
            self._log_retry(request, delay, prepared.max_retries - retries_taken)
            await self._sleep(delay)

    async def _send_following_redirects(
        self, request: httpx.Request, *, stream: bool
    ) -> httpx.Response:
        history: list[httpx.Response] = []
        while True:
            response = await self._http.send(request, stream=stream, follow_redirects=False)
            following = self._after_response(request, response, history)
            if following is None:
                return response
            await response.aclose()
            self._check_redirect_count(history)
            request = following

    async def _raise_for_status(self, response: httpx.Response) -> httpx.Response:
        if response.is_error:
            with mapped_transport_errors(response.request):
                await response.aread()
            raise self._status_error(response)
        return response


def _header_value(headers: Mapping[str, object] | None, name: str) -> str | None:
    """The value of header ``name`` in a plain mapping, whatever the case of its key."""
    for key, value in (headers or {}).items():
        if key.lower() == name and isinstance(value, str):
            return value
    return None


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default_ports = {"http": 80, "https": 443}
    return url.scheme, url.host, url.port or default_ports.get(url.scheme)


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
