"""The page model: what one reference page says, before any OpenAPI decision is made."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from generator.diagnostics import Location


class SectionKind(Enum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"
    BODY = "body"
    RETURNS = "returns"
    EXAMPLE = "example"
    RESPONSE = "response"


PARAMETER_SECTIONS = {
    SectionKind.PATH: "path",
    SectionKind.QUERY: "query",
    SectionKind.HEADER: "header",
    SectionKind.COOKIE: "cookie",
}


@dataclass(frozen=True)
class DeclNode:
    """One declaration list item: its code-span text, description and nested declarations."""

    text: str
    location: Location
    description: str
    children: tuple[DeclNode, ...]
    weight: int = 1  # declarations in this subtree, itself included (completeness of a definition)

    @staticmethod
    def make(
        text: str, location: Location, description: str, children: tuple[DeclNode, ...]
    ) -> DeclNode:
        return DeclNode(text, location, description, children, 1 + sum(c.weight for c in children))


@dataclass(frozen=True)
class CodeBlock:
    info: str  # the fence's info string: "http", "json", ...
    text: str
    location: Location  # the line of the opening fence


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    title: str
    location: Location
    declarations: tuple[DeclNode, ...]
    code_blocks: tuple[CodeBlock, ...]


@dataclass(frozen=True)
class OperationBlock:
    """One `**method** `path`` line with the heading above it and the sections below it."""

    method: str
    path: str
    location: Location
    summary: str
    description: str
    resource_headings: tuple[str, ...]  # enclosing `#` headings, outermost first
    page_url: str  # from front matter, "" when the page has none
    sections: tuple[Section, ...]

    def sections_of(self, kind: SectionKind) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind is kind)


@dataclass(frozen=True)
class DomainType:
    """A named type listed under `## Domain Types`."""

    heading: str
    declarations: tuple[DeclNode, ...]
    location: Location
    # The operations of the resource section the type is listed in, as (method, path): they
    # tell which client resource the type belongs to (page headings are often all `#`).
    section_operations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DocumentedError:
    """An error an errors page lists: `* 529 - `overloaded_error`: The API is ...`."""

    status: int
    type: str  # the `type` an error body gives, e.g. "overloaded_error"
    description: str  # the first sentence the page gives it
    location: Location


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    url: str
    operations: tuple[OperationBlock, ...]
    domain_types: tuple[DomainType, ...]
    # The errors an errors page lists (pages/errors.py); empty on every other page.
    errors: tuple[DocumentedError, ...] = ()
