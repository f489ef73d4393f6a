"""The stages, wired together: pages → page model → OpenAPI → files in memory.

Nothing here touches the disk except reading the inputs; writing is output.py's job, so
`build`, `check`, `diff`, golden tests and the cache are the same pipeline with a
different last step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostic, Diagnostics
from generator.openapi.document import ApiInfo, Document, build_document
from generator.pages.model import Page
from generator.pages.reader import find_pages, read_page
from generator.pages.scan import scan_page


@dataclass(frozen=True)
class ParseResult:
    document: Document
    source_map: dict[str, str]
    diagnostics: list[Diagnostic]
    pages: int


def read_pages(paths: list[Path], diagnostics: Diagnostics) -> list[Page]:
    return [scan_page(read_page(path), diagnostics) for path in find_pages(paths)]


def parse_pages(paths: list[Path], info: ApiInfo | None = None) -> ParseResult:
    """Read every page under `paths` and build one OpenAPI document. Raises RefgenError for
    bad input; warnings are returned."""
    diagnostics = Diagnostics()
    pages = read_pages(paths, diagnostics)
    built = build_document(pages, info or ApiInfo(), diagnostics)
    diagnostics.raise_if_errors()
    return ParseResult(built.document, built.source_map, diagnostics.items, len(pages))
