"""How list operations page: the rule that writes `x-refgen-pagination` (docs/inference.md,
"Pagination"), which the client runtime's page classes read.

The shape is read from the response and the query parameters together, never from one name:
a list is a response that holds an array of items (or is one), and it pages only when a
query parameter can take what the response gives back (a cursor, a token, a page number,
an offset), each checked by its type. The descriptor (contract 2):

    {kind: cursor | token | page | offset, items_field, param, cursor_field?,
     backward_param?, backward_cursor_field?, has_more_field?, total_pages_field?,
     limit_param?}

Field names are dotted paths from the top of the response (`result_info.total_pages`);
`items_field` is "" when the response is the array itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.openapi.provenance import Provenance
from generator.openapi.schemas import Schema, json_types
from generator.spec.operations import list_operations
from generator.spec.refs import resolve

Document = dict[str, Any]
PAGINATION_KEY = "x-refgen-pagination"

_NUMBERS = frozenset({"integer", "number"})
# The envelope's reports, never the items of a list (Cloudflare's `errors` and `messages`).
_REPORTS = frozenset({"errors", "messages", "warnings"})
_ITEM_FIELDS = ("data", "items", "results", "result")  # preferred when a response has several
_HAS_MORE = frozenset({"hasmore", "hasnextpage", "hasnext", "more"})
_NEXT_TOKENS = ("next_page", "next_cursor", "next_page_token", "next_token", "next")
_TOKEN_PARAMS = ("page", "cursor", "page_token", "token", "next_page", "starting_after", "after")
_CURSOR_PARAMS = ("after_id", "after", "starting_after")
_BACKWARD_PARAMS = ("before_id", "before", "ending_before")
_PAGE_PARAMS = ("page", "page_number")
_OFFSET_PARAMS = ("offset", "skip")
_LIMIT_PARAMS = ("limit", "per_page", "page_size", "max_results")
_TOTAL_PAGES = ("total_pages", "total_page_count", "page_count", "last_page")


def _key(name: str) -> str:
    """`hasNextPage`, `has_next_page` and `HasNextPage` alike: lower case, no underscores."""
    return name.replace("_", "").replace("-", "").lower()


@dataclass(frozen=True)
class _Shape:
    """What a list response offers and what its query takes, each with its JSON types."""

    items_field: str
    items: Schema
    fields: dict[str, frozenset[str]]  # top-level fields of the response → their types
    nested: dict[str, frozenset[str]]  # `object.field` one level down → its types
    query: dict[str, frozenset[str]]  # query parameters → their types

    def field(self, names: tuple[str, ...], kinds: frozenset[str]) -> str | None:
        """The first of `names` the response has, of one of `kinds` (by key: `nextCursor`
        is `next_cursor`)."""
        by_key = {_key(name): name for name in self.fields}
        for wanted in names:
            found = by_key.get(_key(wanted))
            if found is not None and self.fields[found] & kinds:
                return found
        return None

    def param(self, names: tuple[str, ...], kinds: frozenset[str]) -> str | None:
        by_key = {_key(name): name for name in self.query}
        for wanted in names:
            found = by_key.get(_key(wanted))
            # A parameter the page gives no type is taken at its name.
            if found is not None and (not self.query[found] or self.query[found] & kinds):
                return found
        return None


def pagination(document: Document, provenance: Provenance) -> None:
    """A list operation pages in one of four ways, each told by the response and the query
    together (docs/inference.md, "Pagination"):

    - token: the response gives the next page's token (`next_page`, `next_cursor`, `next`: a
      string or number that can be absent or null), and a query parameter of its type takes
      it (`page`, `cursor`, `page_token`);
    - cursor: a string query parameter takes an item's id (`after_id`, `after`,
      `starting_after`), from the response's `last_id` or the id of the last item, with
      `before_id`/`before` and `first_id` for paging back;
    - page: a numeric `page` parameter, up to the response's total page count (at its top or
      one object down: `result_info.total_pages`), its `has_more` flag, or an empty page;
    - offset: a numeric `offset`, advanced by the items received, with the page size param.

    A boolean `has_more` (`hasNextPage`...) stops any kind. Evidence: the response schema and
    the query parameters; names alone never decide."""
    for entry in list_operations(document):
        operation = entry.node
        if not isinstance(operation, dict):
            continue
        shape = _shape(document, operation)
        if shape is None:
            continue
        descriptor = _token(shape) or _cursor(shape) or _page(shape) or _offset(shape)
        if descriptor is not None:
            operation[PAGINATION_KEY] = _finished(descriptor, shape)


def _shape(document: Document, operation: dict[str, Any]) -> _Shape | None:
    response = _json_response(document, operation)
    if response is None:
        return None
    query = {
        str(p["name"]): json_types(resolve(document, p.get("schema") or {}))
        for p in operation.get("parameters", [])
        if isinstance(p, dict) and p.get("in") == "query" and isinstance(p.get("name"), str)
    }
    if "array" in json_types(response) and isinstance(response.get("items"), dict):
        return _Shape("", resolve(document, response["items"]), {}, {}, query)
    properties = response.get("properties")
    if not isinstance(properties, dict):
        return None
    resolved = {name: resolve(document, p) for name, p in properties.items() if isinstance(p, dict)}
    lists = [
        name for name, p in resolved.items() if "array" in json_types(p) and name not in _REPORTS
    ]
    if not lists:
        return None
    items_field = next((name for name in _ITEM_FIELDS if name in lists), lists[0])
    items = resolved[items_field].get("items")
    fields = {name: _types_or_null(p) for name, p in resolved.items()}
    nested = {
        f"{name}.{inner}": _types_or_null(resolve(document, p))
        for name, holder in resolved.items()
        if name != items_field and isinstance(holder.get("properties"), dict)
        for inner, p in holder["properties"].items()
        if isinstance(p, dict)
    }
    item = resolve(document, items) if isinstance(items, dict) else {}
    return _Shape(items_field, item, fields, nested, query)


def _types_or_null(schema: Schema) -> frozenset[str]:
    """A field's types, those of its union members too (`string or null`)."""
    found = json_types(schema)
    for member in schema.get("anyOf", []) or []:
        if isinstance(member, dict):
            found |= json_types(member)
    return found


def _token(shape: _Shape) -> dict[str, Any] | None:
    token = shape.field(_NEXT_TOKENS, frozenset({"string", *_NUMBERS}))
    if token is None:
        return None
    kinds = frozenset(shape.fields[token] - {"null"})
    # The parameter named like the token first (`next_cursor` → `cursor`), then the others.
    own = token.lower().removeprefix("next_").removeprefix("next")
    param = shape.param((own, *_TOKEN_PARAMS) if own else _TOKEN_PARAMS, kinds | {"string"})
    if param is None:
        return None
    return {"kind": "token", "param": param, "cursor_field": token}


def _cursor(shape: _Shape) -> dict[str, Any] | None:
    param = shape.param(_CURSOR_PARAMS, frozenset({"string"}))
    if param is None:
        return None
    last_id = shape.field(("last_id",), frozenset({"string"}))
    if last_id is None and "id" not in (shape.items.get("properties") or {}):
        return None  # no cursor to send: neither a `last_id` nor items with an id
    backward = shape.param(_BACKWARD_PARAMS, frozenset({"string"}))
    # `after` alone may be a filter ("created after"): a cursor comes with more of paging.
    paging = _has_more(shape) or last_id or backward or shape.param(_LIMIT_PARAMS, _NUMBERS)
    if not paging:
        return None
    descriptor: dict[str, Any] = {"kind": "cursor", "param": param}
    if last_id is not None:
        descriptor["cursor_field"] = last_id
    if backward is not None:
        descriptor["backward_param"] = backward
        first_id = shape.field(("first_id",), frozenset({"string"}))
        if first_id is not None:
            descriptor["backward_cursor_field"] = first_id
    return descriptor


def _page(shape: _Shape) -> dict[str, Any] | None:
    param = shape.param(_PAGE_PARAMS, _NUMBERS)
    if param is None:
        return None
    total = shape.field(_TOTAL_PAGES, _NUMBERS) or _nested(shape, _TOTAL_PAGES)
    if total is None and not _has_more(shape) and not shape.param(_LIMIT_PARAMS, _NUMBERS):
        return None
    descriptor: dict[str, Any] = {"kind": "page", "param": param}
    if total is not None:
        descriptor["total_pages_field"] = total
    return descriptor


def _offset(shape: _Shape) -> dict[str, Any] | None:
    param = shape.param(_OFFSET_PARAMS, _NUMBERS)
    if param is None or shape.param(_LIMIT_PARAMS, _NUMBERS) is None:
        return None
    return {"kind": "offset", "param": param}


def _has_more(shape: _Shape) -> str | None:
    return next(
        (
            name
            for name, kinds in shape.fields.items()
            if _key(name) in _HAS_MORE and "boolean" in kinds
        ),
        None,
    )


def _nested(shape: _Shape, names: tuple[str, ...]) -> str | None:
    """`result_info.total_pages`: a field one object down."""
    wanted = {_key(name) for name in names}
    return next(
        (
            path
            for path, kinds in shape.nested.items()
            if _key(path.split(".", 1)[1]) in wanted and kinds & _NUMBERS
        ),
        None,
    )


def _finished(descriptor: dict[str, Any], shape: _Shape) -> dict[str, Any]:
    """The descriptor with what every kind may have: items, has_more, page size."""
    result = {"kind": descriptor["kind"], "items_field": shape.items_field, **descriptor}
    has_more = _has_more(shape)
    if has_more is not None:
        result["has_more_field"] = has_more
    limit = shape.param(_LIMIT_PARAMS, _NUMBERS)
    if limit is not None:
        result["limit_param"] = limit
    return result


def _json_response(document: Document, operation: dict[str, Any]) -> Schema | None:
    for status in ("200", "201"):
        media = (
            operation.get("responses", {})
            .get(status, {})
            .get("content", {})
            .get("application/json")
        )
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            return resolve(document, media["schema"])
    return None
