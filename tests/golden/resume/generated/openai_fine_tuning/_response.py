"""Raw responses: the HTTP response of a call, with its parsed result on demand.

Generated code offers ``client.with_raw_response.<resource>.<method>(...)`` by wrapping
each resource method with :func:`to_raw_response` (or :func:`async_to_raw_response`).
The wrapper sets a context variable for the duration of the call; the client sees it
and returns a :class:`RawResponse` instead of the parsed result. A context variable
rather than an extra argument keeps every generated method signature unchanged, and
the ParamSpec-typed wrappers keep the argument types of the method they wrap.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Generic, ParamSpec, TypeVar, cast

import httpx

__all__ = ["RawResponse", "async_to_raw_response", "raw_response_requested", "to_raw_response"]

_T = TypeVar("_T")
_P = ParamSpec("_P")

_raw_response_requested: ContextVar[bool] = ContextVar("raw_response_requested", default=False)


class RawResponse(Generic[_T]):
    """An HTTP response and, through ``parse()``, the result the method would have returned."""

    def __init__(self, http_response: httpx.Response, parse: Callable[[], _T]) -> None:
        self.http_response = http_response
        self._parse = parse
        self._parsed: tuple[_T] | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> _T:
        """The parsed result (parsed once, then cached)."""
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        return f"<RawResponse [{self.status_code} {self.http_response.reason_phrase}]>"


def raw_response_requested() -> bool:
    """Whether the current call runs inside a ``to_raw_response`` wrapper."""
    return _raw_response_requested.get()


def to_raw_response(method: Callable[_P, _T]) -> Callable[_P, RawResponse[_T]]:
    """Wrap a resource method so that it returns the :class:`RawResponse` of its call."""

    @functools.wraps(method)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        token = _raw_response_requested.set(True)
        try:
            return cast("RawResponse[_T]", method(*args, **kwargs))
        finally:
            _raw_response_requested.reset(token)

    return wrapped


def async_to_raw_response(
    method: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[RawResponse[_T]]]:
    """The async twin of :func:`to_raw_response`."""

    @functools.wraps(method)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> RawResponse[_T]:
        token = _raw_response_requested.set(True)
        try:
            return cast("RawResponse[_T]", await method(*args, **kwargs))
        finally:
            _raw_response_requested.reset(token)

    return wrapped
