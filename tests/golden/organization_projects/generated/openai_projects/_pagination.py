"""Cursor pagination: pages that know how to fetch the next one and iterate over every item.

APIs page differently: OpenAI passes the last item id as ``after``; Anthropic returns
``first_id``/``last_id`` to pass as ``before_id``/``after_id``; some endpoints return an
opaque ``next_page`` token. A :class:`CursorStyle`, one per list endpoint, describes
which; the pages below apply it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from ._types import NotGiven

__all__ = ["AsyncCursorPage", "CursorStyle", "SyncCursorPage"]

_T = TypeVar("_T")


@dataclass(frozen=True)
class CursorStyle:
    """How one endpoint pages.

    - ``param``: query parameter that receives the cursor (``after``, ``after_id``, ``page``).
    - ``cursor_field``: response field holding that cursor (``last_id``, ``next_page``);
      None means "the id of the last item" (OpenAI lists without ``last_id``).
    - ``backward_param``: query parameter that pages backwards (Anthropic's ``before_id``).
      When the caller set it, the following pages are requested with it too, taking
      the cursor from ``backward_cursor_field`` (None: the id of the first item).
    - ``has_more_field``: boolean response field saying whether another page exists;
      None means "there is one while the cursor is not null" (token-style paging).
    """

    param: str = "after"
    cursor_field: str | None = "last_id"
    backward_param: str | None = None
    backward_cursor_field: str | None = "first_id"
    has_more_field: str | None = "has_more"
    items_field: str = "data"
    id_field: str = "id"

    def next_query(
        self, body: Mapping[str, object], query: Mapping[str, object]
    ) -> dict[str, object] | None:
        """The query parameters asking for the page after ``body``, or None after the last."""
        if self.has_more_field is not None and body.get(self.has_more_field) is not True:
            return None
        backward = self.backward_param
        if backward is not None and _is_set(query.get(backward)):
            param, cursor = backward, self._cursor(body, self.backward_cursor_field, 0)
        else:
            param, cursor = self.param, self._cursor(body, self.cursor_field, -1)
        return None if cursor is None else {param: cursor}

    def item_id(self, body: Mapping[str, object], index: int) -> object | None:
        items = body.get(self.items_field)
        item: object = items[index] if isinstance(items, list) and items else None
        return item.get(self.id_field) if isinstance(item, Mapping) else None

    def _cursor(self, body: Mapping[str, object], field: str | None, index: int) -> object | None:
        return self.item_id(body, index) if field is None else body.get(field)


class _CursorPage(Generic[_T]):
    """What sync and async pages share: the items and the cursor state of one response."""

    def __init__(
        self,
        *,
        items: list[_T],
        body: Mapping[str, object],
        style: CursorStyle,
        query: Mapping[str, object],
    ) -> None:
        self.data = items
        self._query = query
        self._next_query = style.next_query(body, query)
        if style.has_more_field is None:
            self.has_more = self._next_query is not None
        else:
            self.has_more = body.get(style.has_more_field) is True
        self.first_id = _text(body.get("first_id", style.item_id(body, 0)))
        self.last_id = _text(body.get("last_id", style.item_id(body, -1)))

    def has_next_page(self) -> bool:
        # An empty page ends paging even if the server claims more: that would loop forever.
        return bool(self.data) and self._next_query is not None

    def _following_query(self) -> dict[str, object]:
        if not self.has_next_page():
            raise RuntimeError("This is the last page: check has_next_page() first.")
        return {**self._query, **(self._next_query or {})}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more})"


class SyncCursorPage(_CursorPage[_T]):
    """One page of a list; iterating it yields the items of this and every following page."""

    def __init__(
        self,
        *,
        items: list[_T],
        body: Mapping[str, object],
        style: CursorStyle,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], SyncCursorPage[_T]],
    ) -> None:
        super().__init__(items=items, body=body, style=style, query=query)
        self._fetch = fetch

    def next_page(self) -> SyncCursorPage[_T]:
        return self._fetch(self._following_query())

    def iter_pages(self) -> Iterator[SyncCursorPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncCursorPage(_CursorPage[_T]):
    """The async twin of :class:`SyncCursorPage`: ``async for item in page``."""

    def __init__(
        self,
        *,
        items: list[_T],
        body: Mapping[str, object],
        style: CursorStyle,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], Awaitable[AsyncCursorPage[_T]]],
    ) -> None:
        super().__init__(items=items, body=body, style=style, query=query)
        self._fetch = fetch

    async def next_page(self) -> AsyncCursorPage[_T]:
        return await self._fetch(self._following_query())

    async def iter_pages(self) -> AsyncIterator[AsyncCursorPage[_T]]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


def _is_set(value: object) -> bool:
    return value is not None and not isinstance(value, NotGiven)


def _text(value: object) -> str | None:
    return None if value is None else str(value)
