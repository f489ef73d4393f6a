"""The method pages of the 2026-08-22 Anthropic tree as their front matter gives them, read
once per test process: the expectations of the tests of SDK addresses, taken from the pages
rather than from the code under test. A method page is a page whose `url:` ends in a method
and that holds that one operation; its address is the url path below /api/."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from generator.diagnostics import Diagnostics
from generator.pages.model import OperationBlock, Page
from generator.pipeline import read_pages
from tests.conftest import ANTHROPIC

TREE = "2026-08-22"


@functools.cache
def pages() -> tuple[Page, ...]:
    return tuple(read_pages([ANTHROPIC / TREE], Diagnostics()))


def url_below_api(page: Page) -> tuple[str, ...]:
    return tuple(urlsplit(page.url).path.split("/api/", 1)[1].split("/")) if page.url else ()


def method_pages() -> dict[str, OperationBlock]:
    """Dotted url path below /api/ → the one operation of that method page."""
    found = {}
    for page in pages():
        if page.url and len(page.operations) == 1 and not page.operations[0].resource_headings:
            found[".".join(url_below_api(page))] = page.operations[0]
    return found
