"""`extensions:` in refgen.yaml: hand-written classes the generated client and resources
derive from, so that helpers written once (an accumulating `messages.stream()`) survive every
regeneration (docs/runtime.md, "Extension points").

    extensions:
      messages: my_helpers:MessagesHelpers          # the sync class only
      beta.messages: {sync: my_helpers:BetaHelpers, async: my_helpers:AsyncBetaHelpers}
      client: {sync: my_helpers:ClientHelpers, async: my_helpers:AsyncClientHelpers}

A value only ever becomes code as a validated dotted Python name: a module path and a class
name, each part an identifier and no keyword.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from generator.diagnostics import Location, RefgenError

CLIENT = "client"  # the address of the client classes themselves


@dataclass(frozen=True)
class ClassRef:
    """`package.module:ClassName`."""

    module: str
    name: str


@dataclass(frozen=True)
class Extension:
    address: str  # "client", or the resource's path below the client: "beta.messages"
    sync: ClassRef | None
    async_: ClassRef | None
    location: Location


def read_extensions(raw: object, shown: str, lines: dict[str, int]) -> tuple[Extension, ...]:
    """The `extensions` setting, validated; sorted by address."""
    if raw is None:
        return ()
    where = Location(shown, lines.get("/extensions", 0))
    if not isinstance(raw, dict):
        raise RefgenError.at(
            where, "setting 'extensions' must map a resource (or `client`) to module:Class"
        )
    found = []
    for address, value in sorted(raw.items(), key=lambda item: str(item[0])):
        at = Location(shown, lines.get(f"/extensions/{address}", where.line))
        if not isinstance(address, str) or not _dotted(address):
            raise RefgenError.at(
                at,
                f"extension address {address!r} must be `client` or a resource such as messages.batches",
            )
        sides = value if isinstance(value, dict) else {"sync": value}
        unknown = sorted(str(k) for k in set(sides) - {"sync", "async"})
        if unknown:
            raise RefgenError.at(
                at, f"extension {address}: unknown key {unknown[0]!r} (sync, async)"
            )
        sync, async_ = (_class_ref(sides.get(k), address, at) for k in ("sync", "async"))
        if sync is None and async_ is None:
            raise RefgenError.at(at, f"extension {address}: name a class as module:Class")
        found.append(Extension(address, sync, async_, at))
    return tuple(found)


def _class_ref(value: object, address: str, at: Location) -> ClassRef | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else ""
    module, _, name = text.partition(":")
    if not (_dotted(module) and name.isidentifier() and not keyword.iskeyword(name)):
        raise RefgenError.at(
            at,
            f"extension {address}: {value!r} must be module:Class, a dotted Python module and "
            "a class name (such as my_helpers:MessagesHelpers)",
        )
    return ClassRef(module, name)


def _dotted(text: str) -> bool:
    parts = text.split(".")
    return all(p.isidentifier() and p.isascii() and not keyword.iskeyword(p) for p in parts)
