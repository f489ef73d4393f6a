"""Pagination: pages that know how to fetch the next one and iterate over every item.

APIs page in four ways (the ``kind`` of a :class:`Pagination`, the descriptor the generator
writes for each list operation as ``x-refgen-pagination``):

- ``cursor``: the query parameter ``param`` takes a cursor, read from ``cursor_field`` of
  the response or, without one, the id of the last item (OpenAI's ``after``, Anthropic's
  ``after_id`` with ``last_id``); ``backward_param`` pages the other way when the caller
  set it (Anthropic's ``before_id`` with ``first_id``).
- ``token``: ``param`` takes the response's ``cursor_field`` (``next_page``,
  ``next_page_token``...) until it is null.
- ``page``: ``param`` is a page number (from 1), up to ``total_pages_field``.
- ``offset``: ``param`` is an offset advanced by the number of items received.

Every kind stops when ``has_more_field`` is false, on an empty page, or when the next
request would repeat the current one (a server that ignores the cursor must not make the
iteration endless). Response fields are dotted paths from the top of the response
(``result_info.total_pages``); ``items_field`` is ``""`` when the response is the array itself.
One page class per kind, named as the official SDKs name them:

| kind | sync | async |
| --- | --- | --- |
| cursor | ``SyncPage`` (alias ``SyncCursorPage``) | ``AsyncPage`` (``AsyncCursorPage``) |
| token | ``SyncTokenPage`` | ``AsyncTokenPage`` |
| page | ``SyncPageNumberPage`` | ``AsyncPageNumberPage`` |
| offset | ``SyncOffsetPage`` | ``AsyncOffsetPage`` |

The async client's list methods return an :class:`AsyncPaginator`: ``await`` it for the
first page, or ``async for`` over it for every item of every page.
"""

from __future__ import annotations

from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from typing import Any, Generic, Literal, Self, TypeVar

from ._types import NotGiven

__all__ = [
    "AsyncCursorPage",
    "AsyncOffsetPage",
    "AsyncPage",
    "AsyncPageNumberPage",
    "AsyncPaginator",
    "AsyncTokenPage",
    "CursorStyle",
    "Pagination",
    "SyncCursorPage",
    "SyncOffsetPage",
    "SyncPage",
    "SyncPageNumberPage",
    "SyncTokenPage",
]

_T = TypeVar("_T")
_AsyncPageT = TypeVar("_AsyncPageT", bound="BaseAsyncPage[Any]")

PaginationKind = Literal["cursor", "token", "page", "offset"]
# A page's response: an object, or the array of items itself (``items_field=""``).
PageBody = Mapping[str, object] | list[object]


@dataclass(frozen=True)
class Pagination:
    """How one list operation pages: the generator's ``x-refgen-pagination`` descriptor.

    ``id_field`` (not part of the descriptor) is the item field whose value is its id,
    for cursors taken from the items.
    """

    kind: PaginationKind
    items_field: str = "data"
    param: str = "after"
    cursor_field: str | None = None
    backward_param: str | None = None
    backward_cursor_field: str | None = None
    has_more_field: str | None = None
    total_pages_field: str | None = None
    limit_param: str | None = None
    id_field: str = "id"

    def next_query(self, body: PageBody, query: Mapping[str, object]) -> dict[str, object] | None:
        """The query parameters that ask for the page after ``body`` (which answered
        ``query``), or None after the last page."""
        if self.has_more_field is not None and field(body, self.has_more_field) is False:
            return None
        items = self.items(body)
        count = len(items) if items is not None else 0
        if count == 0:
            return None
        step = _NEXT_BY_KIND[self.kind](self, body, query, count)
        if step is None or any(query.get(name) == value for name, value in step.items()):
            return None
        return step

    def items(self, body: object) -> list[object] | None:
        """The raw items of a page's response; None when it holds no array there."""
        found = body if self.items_field == "" else field(body, self.items_field)
        return found if isinstance(found, list) else None

    def item_id(self, body: PageBody, index: int) -> object | None:
        items = self.items(body)
        item: object = items[index] if items else None
        return item.get(self.id_field) if isinstance(item, Mapping) else None

    def _cursor_step(
        self, body: PageBody, query: Mapping[str, object], count: int
    ) -> dict[str, object] | None:
        if self.backward_param is not None and _is_set(query.get(self.backward_param)):
            param, name, index = self.backward_param, self.backward_cursor_field, 0
        else:
            param, name, index = self.param, self.cursor_field, -1
        cursor = self.item_id(body, index) if name is None else field(body, name)
        return None if cursor is None or cursor == "" else {param: cursor}

    def _token_step(
        self, body: PageBody, query: Mapping[str, object], count: int
    ) -> dict[str, object] | None:
        token = field(body, self.cursor_field or "next_page")
        return None if token is None or token == "" else {self.param: token}

    def _page_step(
        self, body: PageBody, query: Mapping[str, object], count: int
    ) -> dict[str, object] | None:
        current = _whole_number(query.get(self.param), default=1)
        total = field(body, self.total_pages_field) if self.total_pages_field else None
        if isinstance(total, int) and current >= total:
            return None
        return {self.param: current + 1}

    def _offset_step(
        self, body: PageBody, query: Mapping[str, object], count: int
    ) -> dict[str, object] | None:
        limit = _whole_number(query.get(self.limit_param), default=0) if self.limit_param else 0
        if limit and count < limit:
            return None  # a short page is the last one
        return {self.param: _whole_number(query.get(self.param), default=0) + count}


def field(body: object, path: str) -> object:
    """The value at a dotted ``path`` of a response (``result_info.total_pages``); None
    when it is missing or the response is not an object there."""
    value = body
    for name in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


_Step = Callable[[Pagination, PageBody, Mapping[str, object], int], dict[str, object] | None]
_NEXT_BY_KIND: Mapping[PaginationKind, _Step] = {
    "cursor": Pagination._cursor_step,
    "token": Pagination._token_step,
    "page": Pagination._page_step,
    "offset": Pagination._offset_step,
}


@dataclass(frozen=True)
class CursorStyle:
    """The cursor settings of refgen's first templates, kept until they pass a
    :class:`Pagination`. Defaults: ``after`` + ``last_id`` + ``has_more``; without a
    ``has_more_field`` it pages while the cursor is set (a token)."""

    param: str = "after"
    cursor_field: str | None = "last_id"
    backward_param: str | None = None
    backward_cursor_field: str | None = "first_id"
    has_more_field: str | None = "has_more"
    items_field: str = "data"
    id_field: str = "id"

    @property
    def pagination(self) -> Pagination:
        return Pagination(
            kind="cursor",
            items_field=self.items_field,
            param=self.param,
            cursor_field=self.cursor_field,
            backward_param=self.backward_param,
            backward_cursor_field=self.backward_cursor_field,
            has_more_field=self.has_more_field,
            id_field=self.id_field,
        )


class _BasePage(Generic[_T]):
    """What every page shares: the items and the paging state of one response."""

    _request_id: str | None = None

    def __init__(
        self,
        *,
        items: list[_T],
        body: PageBody,
        pagination: Pagination,
        query: Mapping[str, object],
    ) -> None:
        self.data = items
        self.body = body  # the whole response, for fields the page class has no property for
        self.pagination = pagination
        self._query = query
        self._next_query = pagination.next_query(body, query)

    @property
    def has_more(self) -> bool | None:
        """The response's "more pages" flag; None when this list has none."""
        value = field(self.body, name) if (name := self.pagination.has_more_field) else None
        return value if isinstance(value, bool) else None

    def has_next_page(self) -> bool:
        return self._next_query is not None

    def next_page_info(self) -> dict[str, object] | None:
        """The query parameters the next page is requested with, None after the last."""
        return None if self._next_query is None else dict(self._next_query)

    def _following_query(self) -> dict[str, object]:
        if self._next_query is None:
            raise RuntimeError("This is the last page: check has_next_page() first.")
        return {**self._query, **self._next_query}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(data=<{len(self.data)} items>, has_more={self.has_more})"


class BaseSyncPage(_BasePage[_T]):
    """A page of a list; iterating it yields the items of this and every following page."""

    def __init__(
        self,
        *,
        items: list[_T],
        body: PageBody,
        pagination: Pagination,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], Self],
    ) -> None:
        super().__init__(items=items, body=body, pagination=pagination, query=query)
        self._fetch = fetch

    def get_next_page(self) -> Self:
        return self._fetch(self._following_query())

    def iter_pages(self) -> Iterator[Self]:
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class BaseAsyncPage(_BasePage[_T]):
    """The async twin of :class:`BaseSyncPage`: ``async for item in page``."""

    def __init__(
        self,
        *,
        items: list[_T],
        body: PageBody,
        pagination: Pagination,
        query: Mapping[str, object],
        fetch: Callable[[Mapping[str, object]], Awaitable[Self]],
    ) -> None:
        super().__init__(items=items, body=body, pagination=pagination, query=query)
        self._fetch = fetch

    async def get_next_page(self) -> Self:
        return await self._fetch(self._following_query())

    async def iter_pages(self) -> AsyncIterator[Self]:
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class _CursorFields(_BasePage[_T]):
    @property
    def first_id(self) -> str | None:
        """The response's ``first_id``, else the id of the first item."""
        given = field(self.body, "first_id")
        return _text(self.pagination.item_id(self.body, 0) if given is None else given)

    @property
    def last_id(self) -> str | None:
        """The response's ``last_id``, else the id of the last item."""
        given = field(self.body, "last_id")
        return _text(self.pagination.item_id(self.body, -1) if given is None else given)


class _TokenFields(_BasePage[_T]):
    @property
    def next_page(self) -> str | None:
        """The token of the next page, as the response gives it."""
        return _text(field(self.body, self.pagination.cursor_field or "next_page"))


class _PageNumberFields(_BasePage[_T]):
    @property
    def page(self) -> int:
        """The number of this page (the first is 1)."""
        return _whole_number(self._query.get(self.pagination.param), default=1)

    @property
    def total_pages(self) -> int | None:
        name = self.pagination.total_pages_field
        value = field(self.body, name) if name else None
        return value if isinstance(value, int) else None


class _OffsetFields(_BasePage[_T]):
    @property
    def offset(self) -> int:
        """How many items come before this page's first."""
        return _whole_number(self._query.get(self.pagination.param), default=0)


class SyncPage(BaseSyncPage[_T], _CursorFields[_T]):
    """A page of a cursor-paged list (``after``/``after_id``, ``before_id``)."""


class AsyncPage(BaseAsyncPage[_T], _CursorFields[_T]):
    """The async twin of :class:`SyncPage`."""


class SyncTokenPage(BaseSyncPage[_T], _TokenFields[_T]):
    """A page of a list paged by an opaque token (``next_page``, ``next_page_token``)."""


class AsyncTokenPage(BaseAsyncPage[_T], _TokenFields[_T]):
    """The async twin of :class:`SyncTokenPage`."""


class SyncPageNumberPage(BaseSyncPage[_T], _PageNumberFields[_T]):
    """A page of a list paged by number (``page``, ``total_pages``)."""


class AsyncPageNumberPage(BaseAsyncPage[_T], _PageNumberFields[_T]):
    """The async twin of :class:`SyncPageNumberPage`."""


class SyncOffsetPage(BaseSyncPage[_T], _OffsetFields[_T]):
    """A page of a list paged by offset (``offset``, ``limit``)."""


class AsyncOffsetPage(BaseAsyncPage[_T], _OffsetFields[_T]):
    """The async twin of :class:`SyncOffsetPage`."""


# OpenAI's name for the cursor page, and the one refgen's first templates annotate with.
SyncCursorPage = SyncPage
AsyncCursorPage = AsyncPage

PAGE_CLASSES: Mapping[PaginationKind, tuple[type[BaseSyncPage[Any]], type[BaseAsyncPage[Any]]]] = {
    "cursor": (SyncPage, AsyncPage),
    "token": (SyncTokenPage, AsyncTokenPage),
    "page": (SyncPageNumberPage, AsyncPageNumberPage),
    "offset": (SyncOffsetPage, AsyncOffsetPage),
}


class AsyncPaginator(Generic[_T, _AsyncPageT]):
    """What an async list method returns: ``await`` it for the first page, or iterate it
    with ``async for`` for every item of every page, without the extra ``await``."""

    def __init__(self, fetch_first: Callable[[], Awaitable[_AsyncPageT]]) -> None:
        self._fetch_first = fetch_first

    def __await__(self) -> Generator[Any, None, _AsyncPageT]:
        return self._fetch_first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self
        async for item in page:
            yield item


def _is_set(value: object) -> bool:
    return value is not None and not isinstance(value, NotGiven)


def _whole_number(value: object, *, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return default
    try:
        return int(value)
    except ValueError:
        return default


def _text(value: object) -> str | None:
    return None if value is None else str(value)
