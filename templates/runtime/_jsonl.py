"""JSON Lines responses (https://jsonlines.org), decoded lazily into typed items.

A message batch's results can be gigabytes: the body is read as it arrives and each line
is parsed when the caller asks for the next item, never the whole body at once.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterator
from typing import Generic, Self, TypeVar

import httpx

from ._exceptions import APIResponseValidationError, mapped_transport_errors

__all__ = ["AsyncJSONLDecoder", "JSONLDecoder"]

_T = TypeVar("_T")


class _LineSplitter:
    """Whole lines out of chunks of any size; blank lines (and ``\\r`` of CRLF) dropped."""

    def __init__(self) -> None:
        self._pending = b""

    def feed(self, chunk: bytes) -> list[bytes]:
        *lines, self._pending = (self._pending + chunk).split(b"\n")
        return [line for line in (line.rstrip(b"\r") for line in lines) if line.strip()]

    def flush(self) -> list[bytes]:
        """The last line, when the body does not end with a newline."""
        last, self._pending = self._pending.rstrip(b"\r"), b""
        return [last] if last.strip() else []


class _Decoder(Generic[_T]):
    def __init__(self, *, response: httpx.Response, parse: Callable[[object], _T]) -> None:
        self.response = response
        self._parse = parse
        self._line_number = 0

    def _item(self, line: bytes) -> _T:
        self._line_number += 1
        try:
            data: object = json.loads(line)
        except ValueError as exc:
            error = {"loc": (self._line_number,), "msg": f"not JSON: {exc}", "input": line}
            raise APIResponseValidationError(
                response=self.response, body=line, errors=[error]
            ) from exc
        return self._parse(data)


class JSONLDecoder(_Decoder[_T]):
    """The items of a JSON Lines body: ``for item in decoder``. The connection is closed at
    the end, by ``close()`` or by leaving a ``with`` block."""

    def __init__(self, *, response: httpx.Response, parse: Callable[[object], _T]) -> None:
        super().__init__(response=response, parse=parse)
        self._items = self._iter_items()

    def __iter__(self) -> Iterator[_T]:
        return self._items

    def __next__(self) -> _T:
        return next(self._items)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._items.close()
        self.response.close()

    def _iter_items(self) -> Generator[_T, None, None]:
        lines = _LineSplitter()
        try:
            with mapped_transport_errors(self.response.request):
                for chunk in self.response.iter_bytes():
                    for line in lines.feed(chunk):
                        yield self._item(line)
            for line in lines.flush():
                yield self._item(line)
        finally:
            self.response.close()


class AsyncJSONLDecoder(_Decoder[_T]):
    """The async twin of :class:`JSONLDecoder`: ``async for``, ``async with``, ``aclose()``."""

    def __init__(self, *, response: httpx.Response, parse: Callable[[object], _T]) -> None:
        super().__init__(response=response, parse=parse)
        self._items = self._iter_items()

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._items

    async def __anext__(self) -> _T:
        return await anext(self._items)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._items.aclose()
        await self.response.aclose()

    async def _iter_items(self) -> AsyncGenerator[_T, None]:
        lines = _LineSplitter()
        try:
            with mapped_transport_errors(self.response.request):
                async for chunk in self.response.aiter_bytes():
                    for line in lines.feed(chunk):
                        yield self._item(line)
            for line in lines.flush():
                yield self._item(line)
        finally:
            await self.response.aclose()
