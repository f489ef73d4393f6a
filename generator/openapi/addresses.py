"""Which SDK method each operation block documents, and so which blocks are one operation.

An operation is an address in the client (`client.beta.messages.create`) on an HTTP route
(`POST /v1/messages`). A method page whose `url:` spells its address places its block there;
the other copies of the route (its resource page, parent pages) join the address of their own
namespace (`beta` for the pages under `beta/`); copies no url places are named by convention.
So the stable and the beta page of one route are two operations, and the many copies of one
address are one. In `paths`, an operation of a namespace that shares routes with another
stands under a qualified key, `/v1/messages?beta=true`. docs/naming.md states the rules.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from generator.diagnostics import Diagnostics, Location
from generator.naming import (
    Address,
    ClientName,
    PageUrl,
    Route,
    conventional_name,
    disambiguate,
    home_segment,
    page_url,
    resource_prefixes,
    same_word,
    snake,
)
from generator.openapi.copies import relative_parts, tree_root
from generator.openapi.operations import OperationNames
from generator.pages.model import OperationBlock, Page


@dataclass(frozen=True, order=True)
class OperationKey:
    """One operation of the document: an HTTP route at one address."""

    path: str
    method: str
    address: Address

    @property
    def route(self) -> Route:
        return (self.method, self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path} ({self.address})"


@dataclass(frozen=True)
class Placement:
    """Where every operation block of the pages stands."""

    operations: dict[Location, OperationKey]  # each block (by its location) → its operation
    names: dict[OperationKey, OperationNames]
    path_keys: dict[OperationKey, str]  # the key of `paths` each operation stands under
    on_page: dict[tuple[str, Route], OperationKey]  # (page path, route) → its operation there


@dataclass(frozen=True)
class _Copy:
    block: OperationBlock
    own: Address | None  # the address its page's url gives, when the page is the method's own
    namespace: str  # "" for the route's own section, else the section's name (`beta`)

    @property
    def route(self) -> Route:
        return (self.block.method, self.block.path)


_Provisional = tuple[str, str, Address]  # (path, method, address) before names are final


@dataclass
class _Plan:
    """The operations found so far, before their names are made distinct."""

    chosen: dict[Location, _Provisional] = field(default_factory=dict)  # block → operation
    names: dict[_Provisional, ClientName] = field(default_factory=dict)
    namespaces: dict[_Provisional, str] = field(default_factory=dict)
    fixed: set[_Provisional] = field(default_factory=set)  # named by a page's url

    def add(self, key: _Provisional, name: ClientName, namespace: str, fixed: bool) -> None:
        self.names[key], self.namespaces[key] = name, namespace
        if fixed:
            self.fixed.add(key)


def place_operations(pages: list[Page], diagnostics: Diagnostics) -> Placement:
    """Every block of the pages at its operation; pages in any order give the same result."""
    pages = sorted(pages, key=lambda page: page.path)
    by_route: dict[Route, list[_Copy]] = defaultdict(list)
    for copy in _copies(pages):
        by_route[copy.route].append(copy)
    resources = resource_prefixes(path for _, path in by_route)
    plan = _Plan()
    for route in sorted(by_route, key=lambda r: (r[1], r[0])):
        _place_route(route, by_route[route], resources, plan, diagnostics)
    final = _final_names(plan, diagnostics)
    return _placement(pages, plan, final)


def _place_route(
    route: Route,
    copies: list[_Copy],
    resources: frozenset[str],
    plan: _Plan,
    diagnostics: Diagnostics,
) -> None:
    """The operations of one route: one per namespace. A copy joins the address its
    namespace's method page gives; a copy of the route's own section joins the only address
    there is, when there is one; the others are named by convention."""
    own = _own_addresses(route, copies, diagnostics)
    for namespace, found in own.items():
        plan.add((route[1], route[0], found), ClientName(found), namespace, fixed=True)
    groups: dict[str, list[_Copy]] = defaultdict(list)
    for copy in copies:
        groups[copy.namespace].append(copy)
    for namespace, group in sorted(groups.items()):
        address = own.get(namespace)
        if address is None and not namespace and len(own) == 1:
            address = next(iter(own.values()))
        if address is None:
            primary = min(group, key=lambda c: (-_block_weight(c.block), c.block.location))
            name = conventional_name(
                route[0],
                route[1],
                primary.block.summary,
                resources,
                (namespace,) if namespace else (),
            )
            address = name.address
            plan.add((route[1], route[0], address), name, namespace, fixed=False)
        for copy in group:
            plan.chosen[copy.block.location] = (route[1], route[0], address)


def _copies(pages: list[Page]) -> list[_Copy]:
    """Every block with the address its page gives it, if any, and its namespace."""
    folders = _sections(pages)
    found: list[tuple[OperationBlock, Address | None, str]] = []
    for page in pages:
        url = page_url(page.url) if page.url else None
        for block in page.operations:
            own = _own_address(url, page, block)
            section = own.resource[0] if own else url.segments[0] if url else folders[page.path]
            found.append((block, own, section))
    variants = _variant_sections([(block.path, section) for block, _, section in found])
    return [
        _Copy(block, own, section if section in variants else "") for block, own, section in found
    ]


def _variant_sections(sections: list[tuple[str, str]]) -> set[str]:
    """The sections that are variants of the API: those documenting some route that the
    route's own section documents too (`beta`, with /v1/messages both in `beta/` and in
    `messages/`). A section that only holds routes of its own (`admin`), or a folder that
    merely groups pages (`openai/` beside `openai-zh/`), is no namespace."""
    by_path: dict[str, set[str]] = defaultdict(set)
    for path, section in sections:
        by_path[path].add(section)
    variants: set[str] = set()
    for path, found in by_path.items():
        home = home_segment(path)
        if any(same_word(section, home) for section in found):
            variants.update(s for s in found if s and not same_word(s, home))
    return variants


def _own_address(url: PageUrl | None, page: Page, block: OperationBlock) -> Address | None:
    """The address a method page's url gives its operation. A url below `/api/` does not say
    whether it is a method's page or a resource's: a method page holds one operation and no
    resource heading (`# Batches`) above it, as the reference publishes them."""
    if url is None or len(url.segments) < 2:
        return None
    is_method = url.is_method
    if is_method is None:
        is_method = len(page.operations) == 1 and not block.resource_headings
    return Address(url.segments[:-1], url.segments[-1]) if is_method else None


def _sections(pages: list[Page]) -> dict[str, str]:
    """The top-level section of the reference each page stands in, from its folder below the
    tree's root (`beta` for `beta/messages/create.md`, and for `beta.md` beside `beta/`); ""
    for a page at the root that names no folder (the pages of a flat folder have none)."""
    root = tree_root(pages)
    parts = {page.path: relative_parts(page.path, root) for page in pages}
    top_folders = {p[0] for p in parts.values() if len(p) > 1}
    sections = {}
    for path, p in parts.items():
        stem = os.path.splitext(p[0])[0]
        sections[path] = snake(p[0]) if len(p) > 1 else snake(stem) if stem in top_folders else ""
    return sections


def _own_addresses(
    route: Route, copies: list[_Copy], diagnostics: Diagnostics
) -> dict[str, Address]:
    """The address each namespace's method page gives the route. Two method pages of one
    namespace that spell different addresses for one route document one operation twice:
    the page read first keeps its address, with a warning naming both pages."""
    found: dict[str, list[_Copy]] = defaultdict(list)
    for copy in copies:
        if copy.own is not None:
            found[copy.namespace].append(copy)
    own: dict[str, Address] = {}
    for namespace, group in found.items():
        placed = sorted((copy.block.location, copy.own) for copy in group if copy.own)
        first_location, first = placed[0]
        own[namespace] = first
        reported = {first}
        for location, address in placed:
            if address not in reported:
                reported.add(address)
                diagnostics.warn(
                    location,
                    f"{route[0].upper()} {route[1]} is the method "
                    f"{address} here and {first} at {first_location}; it is {first}",
                )
    return own


def _block_weight(block: OperationBlock) -> int:
    """How much a block says: its sections and declarations (the fullest copy names it)."""
    return len(block.sections) + sum(
        node.weight for section in block.sections for node in section.declarations
    )


def _final_names(plan: _Plan, diagnostics: Diagnostics) -> dict[_Provisional, Address]:
    """Addresses made distinct (naming.disambiguate); each one that moves is reported with
    the page of the operation or resource that holds its name."""
    first_block: dict[_Provisional, Location] = {}
    for location, key in sorted(plan.chosen.items()):
        first_block.setdefault(key, location)
    names = plan.names
    methods = disambiguate(names, {key: (key[1], key[0]) for key in names}, plan.fixed)
    final = {key: Address(names[key].address.resource, methods[key]) for key in names}
    for key in sorted(names):
        address = names[key].address
        if final[key] == address:
            continue
        holder = _holder(key, names, final, first_block)
        where = (
            f"{holder[1].upper()} {holder[0]} at {first_block[holder]}"
            if holder
            else ("another operation")
        )
        diagnostics.warn(
            first_block[key],
            f"method name {address} is taken by {where}; this one is called {methods[key]}",
        )
    return final


def _holder(
    key: _Provisional,
    names: dict[_Provisional, ClientName],
    final: dict[_Provisional, Address],
    first_block: dict[_Provisional, Location],
) -> _Provisional | None:
    """The operation whose name (first or final) is the one `key` wanted, or that stands in
    a resource of that name: the first one in the pages."""
    wanted = names[key].address
    taken = (*wanted.resource, wanted.method)
    holders = [
        other
        for other in names
        if other != key
        and (
            wanted in (names[other].address, final[other])
            or names[other].address.resource[: len(taken)] == taken
        )
    ]
    return min(holders, key=lambda other: first_block[other], default=None)


def _placement(pages: list[Page], plan: _Plan, final: dict[_Provisional, Address]) -> Placement:
    keys = {old: OperationKey(old[0], old[1], final[old]) for old in final}
    operations = {location: keys[old] for location, old in plan.chosen.items()}
    # Every operation of a namespace is qualified, also one whose route has no twin, so that
    # its key does not depend on whether a twin exists.
    path_keys = {}
    for old, key in keys.items():
        namespace = plan.namespaces[old]
        path_keys[key] = f"{key.path}?{namespace}=true" if namespace else key.path
    on_page: dict[tuple[str, Route], OperationKey] = {}
    for page in pages:
        for block in page.operations:
            on_page.setdefault((page.path, (block.method, block.path)), operations[block.location])
    return Placement(operations, _operation_names(list(keys.values())), path_keys, on_page)


def _operation_names(keys: list[OperationKey]) -> dict[OperationKey, OperationNames]:
    """Each operation's names; the operationId is the address joined by `_`, and where two
    addresses join to one id (`a_b.c`, `a.b_c`) the later one adds its HTTP method and path."""
    names: dict[OperationKey, OperationNames] = {}
    taken: set[str] = set()
    for key in sorted(keys, key=lambda k: (str(k.address), k.path, k.method)):
        operation_id = key.address.operation_id
        if operation_id in taken:
            operation_id += "_" + snake(f"{key.method} {key.path}")
        taken.add(operation_id)
        names[key] = OperationNames(key.address.resource, key.address.method, operation_id)
    return names
