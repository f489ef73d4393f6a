"""Server-sent events: an incremental decoder (WHATWG HTML, "event stream interpretation")
and the streams of parsed events that streaming methods return."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Callable,
    Collection,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from typing import Generic, Self, TypeVar

import httpx

from ._exceptions import APIError, mapped_transport_errors

__all__ = ["AsyncStream", "EventRules", "SSEDecoder", "ServerSentEvent", "Stream"]

_T = TypeVar("_T")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DONE_MARKER = "[DONE]"  # OpenAI's end-of-stream marker


@dataclass(frozen=True)
class ServerSentEvent:
    event: str = "message"
    data: str = ""
    # `id` and `retry` are stream state: the last values the server set, as the spec keeps them.
    id: str | None = None
    retry: int | None = None


class SSEDecoder:
    """Turns the bytes of an event stream, in chunks of any size, into events.

    Lines may end in CRLF, LF or CR (even split across chunks); comments are skipped;
    ``data:`` lines accumulate; a blank line dispatches. As the spec requires, an
    event not closed by a blank line before the end of the stream is discarded.
    """

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False
        self._partial_line = ""
        self._after_cr = False
        self._event_type = ""
        self._data_lines: list[str] = []
        self._last_id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        """The events completed by ``chunk``."""
        events = (self._process_line(line) for line in self._lines(self._decoder.decode(chunk)))
        return [event for event in events if event is not None]

    def _lines(self, text: str) -> list[str]:
        if not text:
            return []
        if not self._started:
            text = text.removeprefix("\ufeff")  # a byte order mark is allowed once, first
            self._started = True
        if self._after_cr and text.startswith("\n"):
            text = text[1:]  # the LF of a CRLF whose CR ended the previous chunk
        self._after_cr = text.endswith("\r")
        *lines, self._partial_line = _LINE_BREAK.split(self._partial_line + text)
        return lines

    def _process_line(self, line: str) -> ServerSentEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self._event_type = value
        elif name == "data":
            self._data_lines.append(value)
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        event_type, self._event_type = self._event_type, ""
        data_lines, self._data_lines = self._data_lines, []
        if not data_lines:
            return None
        return ServerSentEvent(
            event=event_type or "message",
            data="\n".join(data_lines),
            id=self._last_id,
            retry=self._retry,
        )


@dataclass(frozen=True)
class EventRules:
    """How a stream treats events that are not items.

    ``error_for(data)`` builds the error an error event raises (the client makes it the
    status error the payload names); events named in ``ignored`` (keep-alives such as
    Anthropic's ``ping``, which no documented event type describes) are skipped.
    """

    error_for: Callable[[str], APIError]
    ignored: Collection[str] = frozenset({"ping"})


class _EventStream(Generic[_T]):
    def __init__(
        self, *, response: httpx.Response, parse: Callable[[object], _T], rules: EventRules
    ) -> None:
        self.response = response
        self._parse = parse
        self._rules = rules

    def _items(self, events: list[ServerSentEvent]) -> Iterator[_T | _Done]:
        """Each event's parsed data, then ``_END`` if the stream ends; raises on errors."""
        for sse in events:
            if sse.event in self._rules.ignored:
                continue
            data = _json_or_text(sse.data)
            if sse.event == "error" or _is_error_payload(sse.event, data):
                raise self._rules.error_for(sse.data)
            if sse.data == _DONE_MARKER:
                yield _END
                return
            yield self._parse(data)


class _Done:
    """The end of a stream (OpenAI's ``data: [DONE]``)."""


_END = _Done()


class Stream(_EventStream[_T]):
    """The events of one streaming response, each parsed into ``_T``.

    Iterating ends at the end of the stream or at ``data: [DONE]``; an error event raises
    the error it names (``OverloadedError``...). The connection is closed when iteration
    ends, and by ``close()`` or leaving a ``with`` block: stopping early must not leak it.
    """

    def __init__(
        self, *, response: httpx.Response, parse: Callable[[object], _T], rules: EventRules
    ) -> None:
        super().__init__(response=response, parse=parse, rules=rules)
        self._events = self._iter_events()

    def __iter__(self) -> Iterator[_T]:
        return self._events

    def __next__(self) -> _T:
        return next(self._events)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._events.close()
        self.response.close()  # also needed when iteration never started

    def _iter_events(self) -> Generator[_T, None, None]:
        decoder = SSEDecoder()
        try:
            with mapped_transport_errors(self.response.request):
                for chunk in self.response.iter_bytes():
                    for item in self._items(decoder.feed(chunk)):
                        if isinstance(item, _Done):
                            return
                        yield item
        finally:
            self.response.close()


class AsyncStream(_EventStream[_T]):
    """The async twin of :class:`Stream`: ``async for``, ``aclose()``, ``async with``."""

    def __init__(
        self, *, response: httpx.Response, parse: Callable[[object], _T], rules: EventRules
    ) -> None:
        super().__init__(response=response, parse=parse, rules=rules)
        self._events = self._iter_events()

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._events

    async def __anext__(self) -> _T:
        return await anext(self._events)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._events.aclose()
        await self.response.aclose()

    async def _iter_events(self) -> AsyncGenerator[_T, None]:
        decoder = SSEDecoder()
        try:
            with mapped_transport_errors(self.response.request):
                async for chunk in self.response.aiter_bytes():
                    for item in self._items(decoder.feed(chunk)):
                        if isinstance(item, _Done):
                            return
                        yield item
        finally:
            await self.response.aclose()


def _is_error_payload(event: str, data: object) -> bool:
    """OpenAI's Chat Completions streams send errors as plain ``data: {"error": {...}}``
    events; an ``error`` object at the top of an unnamed event is one."""
    return (
        event == "message"
        and isinstance(data, Mapping)
        and isinstance(data.get("error"), Mapping)
        and data.get("type", "error") == "error"
    )


def _json_or_text(data: str) -> object:
    try:
        return json.loads(data)
    except ValueError:
        return data
