"""Listing a document's operations and matching them between the two documents.

Operations match by (method, path) where paths are compared without parameter names
(`/files/{file_id}` is `/files/{id}`) and without a leading `/v1`-style version segment, which
may sit in the path or in the servers' base URL (`servers: [{url: https://host/v1}]`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

from generator.spec.operations import HTTP_METHODS, path_shape
from generator.spec.operations import list_operations as spec_operations

_VERSION_PREFIX = re.compile(r"^/v\d+(?=/|$)")


@dataclass(frozen=True)
class Operation:
    method: str  # lower case, as in the document
    path: str  # as written in the document
    declaration: Mapping[str, Any]
    shared_parameters: tuple[Any, ...]  # parameters declared on the path item

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass(frozen=True)
class Matching:
    pairs: tuple[tuple[Operation, Operation], ...]  # (reconstructed, authoritative)
    only_reconstructed: tuple[Operation, ...]
    only_authoritative: tuple[Operation, ...]


def list_operations(document: Mapping[str, Any]) -> list[Operation]:
    return [
        Operation(
            entry.method, entry.path, entry.node, tuple(entry.path_item.get("parameters") or ())
        )
        for entry in spec_operations(document)
    ]


def match_operations(
    reconstructed: Mapping[str, Any], authoritative: Mapping[str, Any]
) -> Matching:
    rec_index = _index(reconstructed)
    auth_index = _index(authoritative)
    keys = sorted(rec_index.keys() & auth_index.keys(), key=_order)
    return Matching(
        pairs=tuple((rec_index[key], auth_index[key]) for key in keys),
        only_reconstructed=_sorted_rest(rec_index, auth_index),
        only_authoritative=_sorted_rest(auth_index, rec_index),
    )


def match_key(method: str, path: str, base_path: str = "") -> tuple[str, str]:
    """(method, path) with the base path prefixed, the version dropped and placeholders blank."""
    full = (base_path.rstrip("/") + "/" + path.lstrip("/")).rstrip("/") or "/"
    unversioned = _VERSION_PREFIX.sub("", full) or "/"
    return method.lower(), path_shape(unversioned)


def base_path(document: Mapping[str, Any]) -> str:
    """Path part of the first server URL (`/v1` for `https://api.openai.com/v1`)."""
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], Mapping):
        return ""
    return urlparse(str(servers[0].get("url", ""))).path.rstrip("/")


def _index(document: Mapping[str, Any]) -> dict[tuple[str, str], Operation]:
    base = base_path(document)
    index: dict[tuple[str, str], Operation] = {}
    for operation in list_operations(document):
        # Two paths differing only in placeholder names cannot both be meant; keep the first.
        index.setdefault(match_key(operation.method, operation.path, base), operation)
    return index


def _order(key: tuple[str, str]) -> tuple[str, int]:
    method, path = key
    return path, HTTP_METHODS.index(method)


def _sorted_rest(
    index: dict[tuple[str, str], Operation], other: dict[tuple[str, str], Operation]
) -> tuple[Operation, ...]:
    return tuple(index[key] for key in sorted(index.keys() - other.keys(), key=_order))
