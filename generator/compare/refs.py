"""Resolving local `$ref` JSON pointers inside one document."""

from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from generator.compare.errors import InputError

Schema = Mapping[str, Any]

# `true` schemas (and `items: true`) accept anything, exactly like `{}`; one shared object keeps
# identities stable for cycle detection.
EMPTY_SCHEMA: Schema = {}


class Resolver:
    """Follows `#/...` references of one document; `source` names the file in error messages."""

    def __init__(self, document: Mapping[str, Any], source: str) -> None:
        self.document = document
        self.source = source

    def target(self, ref: object) -> Any:
        """The value a `$ref` string points to."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise InputError(self.source, f"unsupported $ref {ref!r} (only local '#/...' refs)")
        node: Any = self.document
        for token in _pointer_tokens(ref):
            node = self._step(node, token, ref)
        return node

    def schema(self, ref: object) -> Schema:
        """The schema a `$ref` points to; boolean schemas become mappings."""
        return as_schema(self.target(ref))

    def follow(self, value: Any) -> Any:
        """`value`, or what it refers to when it is a `$ref` object (parameters, responses...)."""
        seen: set[str] = set()
        while isinstance(value, Mapping) and isinstance(value.get("$ref"), str):
            ref = value["$ref"]
            if ref in seen:
                raise InputError(self.source, f"$ref cycle through {ref!r}")
            seen.add(ref)
            value = self.target(ref)
        return value

    def _step(self, node: Any, token: str, ref: str) -> Any:
        if isinstance(node, Mapping) and token in node:
            return node[token]
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            return node[int(token)]
        raise InputError(self.source, f"unresolvable $ref {ref!r}")


def as_schema(value: Any) -> Schema:
    """A schema mapping for `value`: `true` and anything unexpected mean "no constraint"."""
    return value if isinstance(value, Mapping) else EMPTY_SCHEMA


def _pointer_tokens(ref: str) -> list[str]:
    pointer = unquote(ref[1:])
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.lstrip("/").split("/")]
