"""Where each generated type lives: its types module, derived from the SDK addresses of the
operations that use it (docs/naming.md, "Package layout").

A type belongs beside the resources that use it, as in the official SDKs: the types of
`client.messages` in `pkg.types`, those of `client.messages.batches` in `pkg.types.messages`,
those of `client.beta.messages` in `pkg.types.beta`. An operation at resource path
(a, ..., y, z) puts the types it reaches in the location (a, ..., y); a type reached from several
locations goes to the deepest location they share (their common prefix); a type no
operation reaches goes as deep as the types it names allow.

Because every operation that reaches a type also reaches the types it refers to, a type's
references always stand in its own module or in a module above it: a types module imports
only from its ancestors, never from a child, so the modules import without cycles.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

Location = tuple[str, ...]
TYPES_PACKAGE = "types"


def type_locations(
    edges: Mapping[str, frozenset[str]], uses: Iterable[tuple[Location, set[str]]]
) -> dict[str, Location]:
    """{schema name: location} for every schema, given the components each names directly
    (`edges`: request_types.component_references) and each operation's location and the
    schema names it refers to directly."""
    found: dict[str, Location] = {}

    def reach(start: Iterable[str], location: Location) -> None:
        stack = [n for n in start if n in edges]
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            found[name] = _common_prefix(found[name], location) if name in found else location
            stack.extend(edges[name])

    for location, names in uses:
        reach(names, location)
    # A type no operation reaches (a webhook payload, say) stands as deep as the types it
    # names allow: at the deepest of their locations when those lie on one line, else at the
    # deepest place they share (and what it reaches moves up to there).
    for name in _dependencies_first(sorted(set(edges) - set(found)), edges):
        if name not in found:
            named = [found[r] for r in sorted(edges[name]) if r in found]
            deepest = max(named, key=len, default=())
            if any(deepest[: len(n)] != n for n in named):
                deepest = functools.reduce(_common_prefix, named)
            reach([name], deepest)
    return found


def _dependencies_first(names: list[str], edges: Mapping[str, frozenset[str]]) -> list[str]:
    """`names` in an order where each comes after the names it refers to (but in a cycle)."""
    ordered: list[str] = []
    seen: set[str] = set()
    for start in names:
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            name, done = stack.pop()
            if done:
                ordered.append(name)
            elif name not in seen:
                seen.add(name)
                stack.append((name, True))
                stack.extend((r, False) for r in sorted(edges[name], reverse=True))
    wanted = set(names)
    return [n for n in ordered if n in wanted]


def _common_prefix(a: Location, b: Location) -> Location:
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    return a[:shared]


def module_file(module: str, is_package: bool) -> str:
    """`types.beta` → `types/beta.py`, or `types/beta/__init__.py` for a package."""
    path = module.replace(".", "/")
    return f"{path}/__init__.py" if is_package else f"{path}.py"


def packages(modules: Iterable[str]) -> set[str]:
    """The modules among `modules` (and their ancestors) that have a module below them."""
    result: set[str] = set()
    for module in modules:
        parts = module.split(".")
        result.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return result
