"""The page models of a tree scanned in parts (on two cores), made what one scan of every page
would have made: the same pages in the same order, sharing the same objects.

One scan shares each distinct declaration subtree as one object (scan.NodeTable), placed where
it was first read, and the document build relies on that: it takes one object for one
declaration (openapi/copies.py, the schema builder's provenance). Parts scanned with tables of
their own each hold an object of their own for a subtree both read, placed at its first reading
in that part. Here each subtree becomes one object again: the one read first in the order of
the pages (its place is the earlier page), with its children made shared in turn.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from generator.pages.model import DeclNode, DomainType, OperationBlock, Page, Section


def merged(parts: list[list[Page]], names: list[str]) -> list[Page]:
    """The pages of every part (each part in the order of `names`, the pages' names in reading
    order), in the order of `names`, sharing their declarations as one scan would."""
    rank = {name: index for index, name in enumerate(names)}
    pages = sorted((page for part in parts for page in part), key=lambda page: rank[page.path])
    nodes = _Subtrees(rank)
    for page in pages:
        for declarations in _declarations(page):
            for node in declarations:
                nodes.number(node)
    return [_with_shared(page, nodes) for page in pages]


def _declarations(page: Page) -> list[tuple[DeclNode, ...]]:
    """The roots of the page's declaration trees, section by section, type by type."""
    return [
        *(section.declarations for op in page.operations for section in op.sections),
        *(domain_type.declarations for domain_type in page.domain_types),
    ]


class _Subtrees:
    """Each distinct subtree by its content (text, description, children's contents): a number,
    the object read first among those that hold it, and the shared node made of that."""

    def __init__(self, rank: dict[str, int]) -> None:
        self._rank = rank  # a page's name → its place in reading order
        self._numbers: dict[tuple[str, str, tuple[int, ...]], int] = {}
        self._number_of: dict[int, int] = {}  # id of an object of the parts → its number
        self._first: list[DeclNode] = []  # number → the object read first
        self._shared: dict[int, DeclNode] = {}  # number → the node of the merged pages

    def number(self, node: DeclNode) -> int:
        # (The parts hold every object numbered while the pages are merged: ids stay theirs.)
        found = self._number_of.get(id(node))
        if found is None:
            number = self.number
            children = tuple([number(child) for child in node.children]) if node.children else ()
            key = (node.text, node.description, children)
            found = self._numbers.setdefault(key, len(self._first))
            if found == len(self._first):
                self._first.append(node)
            elif self._read_before(node, self._first[found]):
                self._first[found] = node
            self._number_of[id(node)] = found
        return found

    def _read_before(self, node: DeclNode, other: DeclNode) -> bool:
        # Two objects of one subtree come from two parts, so from two pages: the earlier page's
        # was read first. (A node is placed at its first reading, which may be on a page that
        # kept no reference to it: the place, not the page that holds it, decides.)
        return self._rank[node.location.file] < self._rank[other.location.file]

    def shared(self, node: DeclNode) -> DeclNode:
        number = self._number_of[id(node)]
        found = self._shared.get(number)
        if found is None:
            found = first = self._first[number]
            if first.children:
                children = tuple([self.shared(child) for child in first.children])
                if any(map(operator.is_not, children, first.children)):
                    found = replace(first, children=children)
            self._shared[number] = found
        return found

    def all_shared(self, nodes: tuple[DeclNode, ...]) -> tuple[DeclNode, ...]:
        shared = tuple([self.shared(node) for node in nodes])
        return nodes if all(map(operator.is_, shared, nodes)) else shared


def _with_shared(page: Page, nodes: _Subtrees) -> Page:
    """The page with its declarations the shared nodes: the objects it holds where they are
    (most of each part's are: the parts share little)."""
    operations = _each(page.operations, lambda operation: _operation(operation, nodes))
    domain_types = _each(
        page.domain_types,
        lambda domain_type: _with_declarations(
            domain_type, nodes.all_shared(domain_type.declarations)
        ),
    )
    if operations is page.operations and domain_types is page.domain_types:
        return page
    return replace(page, operations=operations, domain_types=domain_types)


def _operation(operation: OperationBlock, nodes: _Subtrees) -> OperationBlock:
    sections = _each(
        operation.sections,
        lambda section: _with_declarations(section, nodes.all_shared(section.declarations)),
    )
    return operation if sections is operation.sections else replace(operation, sections=sections)


_Holder = TypeVar("_Holder", Section, DomainType)
_T = TypeVar("_T")


def _with_declarations(holder: _Holder, declarations: tuple[DeclNode, ...]) -> _Holder:
    if declarations is holder.declarations:
        return holder
    return replace(holder, declarations=declarations)


def _each(items: tuple[_T, ...], change: Callable[[_T], _T]) -> tuple[_T, ...]:
    """`change` applied to each item: `items` itself when it changed none."""
    changed = tuple([change(item) for item in items])
    return items if all(map(operator.is_, changed, items)) else changed
