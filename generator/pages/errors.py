"""A tree's errors page → the error statuses and types the API documents.

Anthropic's reference has a page of its errors (`errors.md`, "Claude API errors"), a list of
`* <status> - `<type>`: <description>` items:

    * 529 - `overloaded_error`: The API is temporarily overloaded.

The generated client raises one class per documented status and knows which status each
error type names (an error event in the middle of a stream has only its type to say which
error it is): docs/runtime.md, "Errors".
"""

from __future__ import annotations

import re

from generator.diagnostics import Location
from generator.pages.model import DocumentedError
from generator.pages.reader import SourceText

# `* 400 - `invalid_request_error`: text` (or `-` bullets, an en dash, a colon-less item).
_ITEM = re.compile(
    r"^\s*[*-]\s+(?P<status>[45]\d\d)\s*[-–:]\s*`(?P<type>[a-z][a-z0-9_]*)`:?\s*(?P<text>.*)$"
)
_NAME = re.compile(r"(^|/)errors\.md$")


def documented_errors(source: SourceText) -> tuple[DocumentedError, ...]:
    """The errors an errors page lists, in page order; none for any other page.

    Evidence: the page is named `errors.md` (its title says so too: "... errors"), and lists
    at least two items of a 4xx/5xx status and an error type in a code span. Two, so that a
    stray line of another page's prose is never an error catalog."""
    if not _NAME.search(source.path):
        return ()
    found = []
    for offset, line in enumerate(source.lines):
        match = _ITEM.match(line)
        if match is not None:
            text = match["text"].split(". ", 1)[0].strip()
            found.append(
                DocumentedError(
                    int(match["status"]),
                    match["type"],
                    text,
                    Location(source.path, source.first_line + offset),
                )
            )
    return tuple(found) if len(found) >= 2 else ()
