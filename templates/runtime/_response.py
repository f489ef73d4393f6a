"""Responses as objects: the HTTP response of a call, with its parsed result on demand.

Generated code offers ``client.with_raw_response.<resource>.<method>(...)`` (the body is
read, then handed over with status and headers) and
``client.with_streaming_response.<resource>.<method>(...)`` (a context manager whose body
is read only when asked) by wrapping each resource method with :func:`to_raw_response` /
:func:`to_streamed_response` (async: :func:`async_to_raw_response`,
:func:`async_to_streamed_response`). A wrapper sets a context variable for the duration
of the call; the client sees it and returns an :class:`APIResponse` instead of the parsed
result. A context variable rather than an extra argument keeps every generated method
signature unchanged, and the ParamSpec-typed wrappers keep the argument types of the
method they wrap.

Binary endpoints return a :class:`BinaryAPIResponse` in every mode (``read()``,
``iter_bytes()``, ``write_to_file()``), the class and module the official SDKs use.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Generic, Literal, ParamSpec, TypeVar, cast

import httpx

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "AsyncResponseContextManager",
    "BinaryAPIResponse",
    "ResponseContextManager",
    "async_to_raw_response",
    "async_to_streamed_response",
    "response_mode",
    "to_raw_response",
    "to_streamed_response",
]

_T = TypeVar("_T")
_R = TypeVar("_R")
_P = ParamSpec("_P")

# "parsed": the method's result; "raw": an APIResponse whose body has been read;
# "streamed": an APIResponse whose body has not been read yet.
ResponseMode = Literal["parsed", "raw", "streamed"]
_response_mode: ContextVar[ResponseMode] = ContextVar("response_mode", default="parsed")


def response_mode() -> ResponseMode:
    """What the current call must return (set by the wrappers below)."""
    return _response_mode.get()


class _BaseAPIResponse(Generic[_T]):
    """What sync and async responses share: everything but reading the body."""

    def __init__(
        self,
        http_response: httpx.Response,
        parse: Callable[[], _T],
        *,
        request_id_headers: Sequence[str] = ("request-id", "x-request-id"),
        read_before_parse: bool = True,
    ) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: tuple[_T] | None = None
        self._request_id_headers = tuple(request_id_headers)
        # Event streams and JSON Lines are parsed from the open body; the rest from its bytes.
        self._read_before_parse = read_before_parse

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        """The request as sent (credential headers masked)."""
        return self.http_response.request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to the end of the body (raises until it is read)."""
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        """Whether the body has been read or released; a streamed response that is neither
        holds a connection until it is closed (leaving its ``with`` block does that)."""
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        return request_id_of(self.http_response, self._request_id_headers)

    def _parsed_once(self) -> _T:
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        reason = self.http_response.reason_phrase
        return f"<{type(self).__name__} [{self.status_code} {reason}]>".replace(" ]", "]")


class APIResponse(_BaseAPIResponse[_T]):
    """An HTTP response and, through :meth:`parse`, the result the method would have returned."""

    def parse(self) -> _T:
        """The parsed result (parsed once, then cached); reads the body first if needed."""
        if self._read_before_parse:
            self.read()
        return self._parsed_once()

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        self.read()
        return self.http_response.json()

    def close(self) -> None:
        """Release the connection (reading the body to its end does it too)."""
        self.http_response.close()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body as it arrives, decompressed."""
        yield from self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        yield from self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        yield from self.http_response.iter_lines()

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` as it arrives, without holding it in memory."""
        with open(file, "wb") as out:
            out.writelines(self.iter_bytes(chunk_size))


class AsyncAPIResponse(_BaseAPIResponse[_T]):
    """The async twin of :class:`APIResponse`: ``await response.parse()``."""

    async def parse(self) -> _T:
        if self._read_before_parse:
            await self.read()
        return self._parsed_once()

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        await self.read()
        return self.http_response.json()

    async def close(self) -> None:
        await self.http_response.aclose()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        async for line in self.http_response.aiter_lines():
            yield line

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        # Plain blocking writes: local disk writes are short, and the standard library has
        # no async file API that works under every event loop httpx supports.
        with open(file, "wb") as out:  # noqa: ASYNC230
            async for chunk in self.iter_bytes(chunk_size):
                out.write(chunk)


class BinaryAPIResponse(APIResponse[bytes]):
    """A binary body (a file download, audio...): ``read()``, ``iter_bytes()``,
    ``write_to_file()``. ``parse()`` gives the bytes."""

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the whole body to ``file``."""
        self.stream_to_file(file)


class AsyncBinaryAPIResponse(AsyncAPIResponse[bytes]):
    """The async twin of :class:`BinaryAPIResponse`."""

    async def write_to_file(self, file: str | os.PathLike[str]) -> None:
        await self.stream_to_file(file)


def request_id_of(response: httpx.Response, header_names: Sequence[str]) -> str | None:
    """The first of ``header_names`` the response carries."""
    for name in header_names:
        value: str | None = response.headers.get(name)
        if value is not None:
            return value
    return None


class ResponseContextManager(Generic[_R]):
    """Sends the request when the ``with`` block is entered and closes the response when it
    is left, whether or not the body was read."""

    def __init__(self, send: Callable[[], _R]) -> None:
        self._send = send
        self._response: _R | None = None

    def __enter__(self) -> _R:
        self._response = self._send()
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if isinstance(self._response, APIResponse):
            self._response.close()


class AsyncResponseContextManager(Generic[_R]):
    """The async twin of :class:`ResponseContextManager`."""

    def __init__(self, send: Callable[[], Awaitable[_R]]) -> None:
        self._send = send
        self._response: _R | None = None

    async def __aenter__(self) -> _R:
        self._response = await self._send()
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if isinstance(self._response, AsyncAPIResponse):
            await self._response.close()


def _in_mode(mode: ResponseMode, call: Callable[[], _R]) -> _R:
    token = _response_mode.set(mode)
    try:
        return call()
    finally:
        _response_mode.reset(token)


async def _async_in_mode(mode: ResponseMode, call: Callable[[], Awaitable[_R]]) -> _R:
    # The method is called and awaited while the variable is set: the coroutine (or the
    # paginator a list method returns) runs in this task's context and sees it.
    token = _response_mode.set(mode)
    try:
        return await call()
    finally:
        _response_mode.reset(token)


def to_raw_response(method: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    """Wrap a resource method so that it returns the :class:`APIResponse` of its call."""

    @functools.wraps(method)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        return cast("APIResponse[_T]", _in_mode("raw", lambda: method(*args, **kwargs)))

    return wrapped


def to_streamed_response(
    method: Callable[_P, _T],
) -> Callable[_P, ResponseContextManager[APIResponse[_T]]]:
    """Wrap a resource method so that it returns a context manager of its
    :class:`APIResponse`, whose body is read only when asked (``parse()``, ``iter_bytes()``...)."""

    @functools.wraps(method)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_T]]:
        def send() -> APIResponse[_T]:
            return cast("APIResponse[_T]", _in_mode("streamed", lambda: method(*args, **kwargs)))

        return ResponseContextManager(send)

    return wrapped


def async_to_raw_response(
    method: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_T]]]:
    """The async twin of :func:`to_raw_response` (the method may be ``async def`` or return an
    awaitable such as a paginator)."""

    @functools.wraps(method)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_T]:
        result = await _async_in_mode("raw", lambda: method(*args, **kwargs))
        return cast("AsyncAPIResponse[_T]", result)

    return wrapped


def async_to_streamed_response(
    method: Callable[_P, Awaitable[_T]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_T]]]:
    """The async twin of :func:`to_streamed_response`: ``async with``."""

    @functools.wraps(method)
    def wrapped(
        *args: _P.args, **kwargs: _P.kwargs
    ) -> AsyncResponseContextManager[AsyncAPIResponse[_T]]:
        async def send() -> AsyncAPIResponse[_T]:
            result = await _async_in_mode("streamed", lambda: method(*args, **kwargs))
            return cast("AsyncAPIResponse[_T]", result)

        return AsyncResponseContextManager(send)

    return wrapped
