"""The format era of a tree of pages: which facts its pages can state at all.

The Stainless format changed over time. Pages of the older style never write `or null`, so
a field they show without it may still be nullable: the page is silent, not stating "never
null". A tree whose pages never write `integer` cannot tell integers from numbers. Readers of
the evidence (`refgen diff`) need this to tell a change of the API from a change of the
docs' style; it is decided for the whole tree, from every declaration in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from generator.pages.model import DeclNode, Page

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')  # literals may hold any words
_NULLABLE = re.compile(r"\bor\s+null\b")
_INTEGER = re.compile(r"\binteger\b")
_OPTIONAL = re.compile(r"^[^:]*:\s*optional\s")


def conventions(pages: list[Page]) -> dict[str, bool]:
    """{fact: whether the pages can state it}: `nullable` when some declaration writes
    `or null`, `type` (integer or number) when one writes `integer`, `required` when one
    writes `optional` (otherwise every field looks required); enums, bodies and object fields
    are stated by every era."""
    said = {"nullable": False, "type": False, "required": False}
    for node in _declarations(pages):
        # Each pattern needs its word in the text, and taking the literals out adds no word:
        # a declaration without any of the words still wanted is passed over unchanged (most,
        # on a tree that never writes `integer`: every declaration is read).
        text = node.text
        wanted = [
            (fact, pattern)
            for fact, word, pattern in _FACT_WORDS
            if not said[fact] and word in text
        ]
        if not wanted:
            continue
        if '"' in text:
            text = _STRING.sub('""', text)
        for fact, pattern in wanted:
            said[fact] = pattern.search(text) is not None
        if all(said.values()):
            break
    return {**said, "enum": True, "body": True, "schema": True}


# The facts, the word each pattern holds, and the pattern.
_FACT_WORDS = (
    ("nullable", "null", _NULLABLE),
    ("type", "integer", _INTEGER),
    ("required", "optional", _OPTIONAL),
)


def _declarations(pages: list[Page]) -> Iterator[DeclNode]:
    """Every distinct declaration node of the pages (pages share repeated subtrees)."""
    seen: set[int] = set()
    stack: list[DeclNode] = [
        node
        for page in pages
        for roots in (
            *(section.declarations for block in page.operations for section in block.sections),
            *(domain_type.declarations for domain_type in page.domain_types),
        )
        for node in roots
    ]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        stack.extend(node.children)
