"""Which operations reach which schema pair, and in which direction.

A change in a component schema matters to every operation that uses it, directly or through
other schemas; and whether it breaks anyone depends on the direction: the client sends requests
and reads responses. This module follows the walk's links to answer both.
"""

from collections import deque
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from generator.diff.records import Direction, OperationKey, SchemaPair

Usage = dict[SchemaPair, dict[Direction, set[OperationKey]]]


def schema_usage(
    operation_links: Mapping[OperationKey, AbstractSet[tuple[Direction, SchemaPair]]],
    schema_links: Mapping[SchemaPair, AbstractSet[SchemaPair]],
) -> Usage:
    """For each schema pair, the operations that reach it, per direction."""
    usage: Usage = {}
    for operation, links in operation_links.items():
        for direction in ("request", "response"):
            roots = [pair for link_direction, pair in links if link_direction == direction]
            for pair in reachable(roots, schema_links):
                usage.setdefault(pair, {}).setdefault(direction, set()).add(operation)
    return usage


def reachable(
    roots: list[SchemaPair], schema_links: Mapping[SchemaPair, AbstractSet[SchemaPair]]
) -> set[SchemaPair]:
    """Schema pairs reachable from the roots; a breadth-first walk, so cycles end it."""
    seen = set(roots)
    queue = deque(roots)
    while queue:
        for linked in schema_links.get(queue.popleft(), ()):
            if linked not in seen:
                seen.add(linked)
                queue.append(linked)
    return seen
