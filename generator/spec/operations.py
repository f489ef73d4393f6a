"""The operations of a loaded document: every method of every path (and webhook), with the
parameters its path item shares, and the key that pairs an operation across two documents."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.spec import pointer

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_VARIABLE = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True)
class OperationEntry:
    """One operation as the document writes it; `path_item` is the (unresolved) path item."""

    path: str  # the path key as written, e.g. `/files/{file_id}` or `/messages?beta=true`
    method: str  # lower case
    node: Mapping[str, Any]
    pointer: str
    path_item: Mapping[str, Any]
    path_item_pointer: str
    webhook: bool = False

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


def list_operations(
    document: Mapping[str, Any], *, webhooks: bool = False, follow: Any = None
) -> Iterator[OperationEntry]:
    """Every operation under `paths` (and `webhooks` when asked), in document order.
    `follow` resolves a path item written as a `$ref` (a Resolver's follow), if given."""
    sections = (("paths", False), ("webhooks", True)) if webhooks else (("paths", False),)
    for section, is_webhook in sections:
        items = document.get(section)
        if not isinstance(items, Mapping):
            continue
        for path, item in items.items():
            at = pointer.join(f"/{section}", str(path))
            if follow is not None:
                item = follow(item)
            if not isinstance(item, Mapping):
                continue
            for method in HTTP_METHODS:
                node = item.get(method)
                if isinstance(node, Mapping):
                    yield OperationEntry(
                        str(path), method, node, pointer.join(at, method), item, at, is_webhook
                    )


def path_shape(path: str) -> str:
    """The path with its variables blanked: `/files/{id}` and `/files/{file_id}` are one
    route. Everything else of the path key (a `?beta=true` that tells a beta operation from
    its stable twin) stays, so such twins are never paired with each other."""
    return _TEMPLATE_VARIABLE.sub("{}", path)


def path_variables(path: str) -> list[str]:
    """`['file_id']` for `/files/{file_id}`: path parameters pair by this position."""
    return [variable.strip("{}") for variable in _TEMPLATE_VARIABLE.findall(path)]
