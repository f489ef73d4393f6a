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


class PageMerge:
    """The pages of the parts, added part by part (in any order: each part's pages in reading
    order), then given in reading order, sharing their declarations as one scan would have.
    A part's subtrees are numbered as it is added: this process numbers its own part while
    the worker still scans the other."""

    def __init__(self, names: list[str]) -> None:
        self._rank = {name: index for index, name in enumerate(names)}  # reading order
        self._subtrees = _Subtrees(self._rank)
        self._pages: list[Page] = []

    def add(self, pages: list[Page]) -> None:
        number = self._subtrees.number
        for page in pages:
            for declarations in _declarations(page):
                for node in declarations:
                    number(node)
        self._pages.extend(pages)

    def place(self, name: str) -> int:
        """The place of the page `name` in reading order."""
        return self._rank[name]

    def pages(self) -> list[Page]:
        pages = sorted(self._pages, key=lambda page: self._rank[page.path])
        self._subtrees.share()
        return [_with_shared(page, self._subtrees) for page in pages]


def _declarations(page: Page) -> list[tuple[DeclNode, ...]]:
    """The roots of the page's declaration trees, section by section, type by type."""
    return [
        *(section.declarations for op in page.operations for section in op.sections),
        *(domain_type.declarations for domain_type in page.domain_types),
    ]


class _Subtrees:
    """Each distinct subtree by its content (text, description, children's contents): a number
    (a subtree's children are numbered before it), the object read first among those that
    hold it, and, once every part is numbered, the shared node made of that."""

    def __init__(self, rank: dict[str, int]) -> None:
        self._rank = rank  # a page's name → its place in reading order
        self._numbers: dict[tuple[str, str, tuple[int, ...]], int] = {}
        self._number_of: dict[int, int] = {}  # id of an object of the parts → its number
        self._first: list[DeclNode] = []  # number → the object read first
        self._children: list[tuple[int, ...]] = []  # number → its children's numbers
        self._shared: list[DeclNode] = []  # number → the node of the merged pages

    def number(self, node: DeclNode) -> int:
        # (The parts hold every object numbered while the pages are merged: ids stay theirs.)
        found = self._number_of.get(id(node))
        if found is None:
            number = self.number
            children = tuple([number(child) for child in node.children]) if node.children else ()
            found = self._numbers.setdefault(
                (node.text, node.description, children), len(self._first)
            )
            if found == len(self._first):
                self._first.append(node)
                self._children.append(children)
            elif self._read_before(node, self._first[found]):
                self._first[found] = node
            self._number_of[id(node)] = found
        return found

    def _read_before(self, node: DeclNode, other: DeclNode) -> bool:
        # Two objects of one subtree come from two parts, so from two pages: the earlier page's
        # was read first. (A node is placed at its first reading, which may be on a page that
        # kept no reference to it: the place, not the page that holds it, decides.)
        return self._rank[node.location.file] < self._rank[other.location.file]

    def share(self) -> None:
        """Make the shared nodes, once every part is numbered: in the order of the numbers,
        so that a node's children are made before it."""
        shared = self._shared
        for first, children in zip(self._first, self._children):
            if children:
                made = tuple([shared[child] for child in children])
                if any(map(operator.is_not, made, first.children)):
                    first = replace(first, children=made)
            shared.append(first)

    def all_shared(self, nodes: tuple[DeclNode, ...]) -> tuple[DeclNode, ...]:
        shared, number_of = self._shared, self._number_of
        made = tuple([shared[number_of[id(node)]] for node in nodes])
        return nodes if all(map(operator.is_, made, nodes)) else made


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
