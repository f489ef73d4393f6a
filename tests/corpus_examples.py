"""The corpus as the example tests read it: a folder parsed once per test process, the
`#### Response` code blocks of its pages (each with the operation its copy became: the
stable and the beta page of one route are two), and the operations whose copies differ."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.openapi.addresses import place_operations
from generator.pages.model import SectionKind
from generator.pipeline import ParseResult, parse_pages, read_pages
from tests.conftest import ANTHROPIC, CORPUS, TREES, parsed_tree

_CONFLICT = re.compile(r"operation (\S+) \S+ \((\S+)\) is defined differently")


def corpus_folders(root: Path = CORPUS) -> list[Path]:
    """Every API of the corpus, found rather than listed, by the corpus's layout (its
    README): a folder with a README.md gathers vendor folders (`corpus/`, `others/`); a vendor
    folder that holds pages is one API (`openai/`), one that holds only folders keeps one
    snapshot of an API in each (`anthropic/2026-05-09/`, parsed whole with its sub-folders).
    A vendor or a day added to the corpus is tested without a change here."""
    if (root / "README.md").is_file():
        return [f for child in _folders(root) for f in corpus_folders(child)]
    if any(root.glob("*.md")):
        return [root]
    return _folders(root)


def _folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir())


@functools.cache
def parsed_folder(folder: Path) -> ParseResult:
    """The folder's pages as one document (a whole Anthropic tree through `parsed_tree`)."""
    if folder.parent == ANTHROPIC and folder.name in TREES:
        return parsed_tree(folder.name)
    return parse_pages([folder])


def response_blocks(folder: Path) -> list[tuple[str, tuple[str, str], str]]:
    """(file:line, (method, key in `paths`), text) of every `#### Response` code block of the
    folder: the key is that of the operation the block's copy became."""
    pages = read_pages([folder], Diagnostics())
    placement = place_operations(pages, Diagnostics())
    blocks = []
    for page in pages:
        for operation in page.operations:
            path_key = placement.path_keys[placement.operations[operation.location]]
            for section in operation.sections_of(SectionKind.RESPONSE):
                for code in section.code_blocks:
                    blocks.append((str(code.location), (operation.method, path_key), code.text))
    return blocks


def leaves_out_only_required_fields(error_types: set[str]) -> bool:
    """An example that a model rejects only for leaving out fields it requires (pydantic's
    `missing`, nothing else wrong) is abridged: the page lists those fields as required and
    not null, and the field list is the page's statement (docs/inference.md,
    `optional_from_examples`). Such examples are listed by the tests, not failed."""
    return error_types == {"missing"}


def conflicting_operations(result: ParseResult) -> set[tuple[str, str]]:
    """(method, key in `paths`) of the operations whose copies differ (reported as warnings)."""
    addresses = {
        (
            method,
            ".".join(
                [*operation["x-refgen-client"]["resource"], operation["x-refgen-client"]["method"]]
            ),
        ): (method, path_key)
        for path_key, item in result.document["paths"].items()
        for method, operation in item.items()
    }
    found = (_CONFLICT.search(item.message) for item in result.diagnostics)
    return {addresses[(match[1].lower(), match[2])] for match in found if match}
