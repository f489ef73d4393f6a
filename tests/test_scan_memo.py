"""Sections read once (pages/scan.SectionMemo): a section whose text was read before takes the
declarations of that reading, and everything that belongs to its own page (its location, its
code blocks' lines) is its own; the page model is the one a reading of every line gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics
from generator.pages.model import Page, SectionKind
from generator.pages.reader import decode_page, page_files, read_page
from generator.pages.scan import NodeTable, SectionMemo, scan_page

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"

CREATE = """\
## Create a thing

**post** `/v1/things`

Makes a thing.

### Body Parameters

- `name: string`

  The name of the thing.

  ```json
  {"name": "x"}
  ```

- `size: optional number`

### Returns

- `Thing = object { id, name }`

  - `id: string`

  - `name: string`

### Example

```http
curl https://api.example.com/v1/things -d '{"name": "x"}'
```
"""


def scan_all(pages: dict[str, str], memo: bool = True) -> tuple[list[Page], Diagnostics]:
    """The pages scanned in order with one NodeTable; with one SectionMemo for all of them, or
    a new one for each page (every line read)."""
    diagnostics = Diagnostics()
    table, shared = NodeTable(), SectionMemo()
    scanned = [
        scan_page(
            decode_page(text.encode(), name), diagnostics, table, shared if memo else SectionMemo()
        )
        for name, text in pages.items()
    ]
    return scanned, diagnostics


def test_a_repeated_section_has_its_own_locations_in_each_file() -> None:
    # The second file holds the operation further down and one heading level deeper: the same
    # sections at other lines of another file.
    nested = "# Things\n\nAbout things.\n\n" + CREATE
    pages = {"things/create.md": CREATE, "things.md": nested}
    (first, second), diagnostics = scan_all(pages)
    assert not diagnostics.items
    one, two = first.operations[0], second.operations[0]
    assert [s.location.file for s in one.sections] == ["things/create.md"] * 3
    assert [s.location.file for s in two.sections] == ["things.md"] * 3
    # Lines counted by hand: the headings of the sections, and the fences of the examples.
    assert [s.location.line for s in one.sections] == [7, 19, 27]
    assert [s.location.line for s in two.sections] == [11, 23, 31]
    assert [(b.location.file, b.location.line) for b in one.sections[2].code_blocks] == [
        ("things/create.md", 29)
    ]
    assert [(b.location.file, b.location.line) for b in two.sections[2].code_blocks] == [
        ("things.md", 33)
    ]
    assert two.sections[2].code_blocks[0].text == one.sections[2].code_blocks[0].text
    # The declarations are the very objects of the first reading (the NodeTable shares every
    # repeated declaration, memo or not), placed where they were first read.
    assert two.sections[0].declarations is one.sections[0].declarations
    assert one.sections[0].declarations[0].location.file == "things/create.md"


def test_the_memo_gives_the_page_model_of_reading_every_line() -> None:
    nested = "# Things\n\n" + CREATE
    pages = {"a.md": CREATE, "b.md": nested, "c.md": CREATE + "\n" + CREATE}
    assert scan_all(pages) == scan_all(pages, memo=False)


def test_a_changed_section_is_read_again() -> None:
    changed = CREATE.replace("- `size: optional number`", "- `size: optional string`")
    (first, second), _ = scan_all({"a.md": CREATE, "b.md": changed})
    body_of = {
        page.path: page.operations[0].sections_of(SectionKind.BODY)[0] for page in (first, second)
    }
    assert [d.text for d in body_of["a.md"].declarations] == [
        "name: string",
        "size: optional number",
    ]
    assert [d.text for d in body_of["b.md"].declarations] == [
        "name: string",
        "size: optional string",
    ]
    # The unchanged sections are still shared.
    returns = [page.operations[0].sections_of(SectionKind.RETURNS)[0] for page in (first, second)]
    assert returns[0].declarations is returns[1].declarations


@pytest.mark.parametrize(
    "variant",
    [
        # A sub-heading that opens another section inside the chunk: not self-contained.
        CREATE.replace("- `size: optional number`", "#### Example\n\n```json\n{}\n```\n"),
        # A deeper unknown heading that the section keeps reading past.
        CREATE.replace("### Returns", "#### Notes\n\nmore text\n\n### Returns"),
        # An unknown level-3 heading below a level-2 operation: the section goes on past it.
        CREATE.replace("### Returns", "### Aside\n\n- `extra: string`\n\n### Returns"),
        # A fence left open to the end of the page, with a warning each time.
        CREATE + "\n```json\n{\n",
        # A fence holding what looks like a heading and an operation line.
        CREATE.replace(
            "- `size: optional number`",
            "- `size: optional number`\n\n  ```\n# not a heading\n**get** `/not/an/operation`\n  ```",
        ),
        # Domain types, each read once.
        CREATE
        + "\n## Domain Types\n\n### Thing\n\n- `Thing = object { id }`\n\n  - `id: string`\n",
    ],
)
def test_sections_that_are_not_self_contained_are_read_as_every_line_says(variant: str) -> None:
    pages = {"a.md": variant, "b.md": "# Parent\n\n" + variant, "c.md": variant}
    assert scan_all(pages) == scan_all(pages, memo=False)


@pytest.mark.parametrize("tree", ["anthropic/2026-05-09", "openai"])
def test_a_corpus_tree_scans_the_same_with_the_memo(tree: str) -> None:
    root = CORPUS / tree
    if not root.is_dir():
        pytest.skip(f"{root} is not here")
    sources = [read_page(file.path, file.name) for file in page_files([root])]

    def scan(memo: bool) -> tuple[list[Page], list[object]]:
        diagnostics = Diagnostics()
        table, shared = NodeTable(), SectionMemo()
        pages = [
            scan_page(source, diagnostics, table, shared if memo else SectionMemo())
            for source in sources
        ]
        return pages, diagnostics.items

    with_memo, without = scan(True), scan(False)
    assert with_memo == without


def test_the_same_text_ended_differently_is_read_again() -> None:
    # The same Returns text, ended by a known section (which ends it), by an unknown level-3
    # heading below a level-3 operation (which ends the operation), and by the same heading
    # below a level-2 operation (which does not end the section).
    aside = CREATE.replace("### Example", "### Aside\n\n- `extra: string`\n\n### Example")
    deeper = aside.replace("## Create a thing", "### Create a thing")
    pages = {"a.md": CREATE, "b.md": deeper, "c.md": aside, "d.md": CREATE}
    scanned, _ = scan_all(pages)
    assert scanned == scan_all(pages, memo=False)[0]
    returns = [page.operations[0].sections_of(SectionKind.RETURNS)[0] for page in scanned]
    texts = [[d.text for d in section.declarations] for section in returns]
    thing = "Thing = object { id, name }"
    assert texts == [[thing], [thing], [thing, "extra: string"], [thing]]


def test_a_section_whose_reading_repeats_a_warning_is_not_remembered() -> None:
    # The same page read twice (named twice) repeats the warning of a fence left open: given
    # once (Diagnostics), but its section still said something and is not remembered, so the
    # next page's copy of it is read and warned about at its own place.
    open_fence = CREATE + "\n```json\n{\n"
    sources = [("a.md", open_fence), ("a.md", open_fence), ("b.md", open_fence)]

    def scan(memo: bool) -> tuple[list[Page], list[str]]:
        diagnostics = Diagnostics()
        table, shared = NodeTable(), SectionMemo()
        pages = [
            scan_page(
                decode_page(text.encode(), name),
                diagnostics,
                table,
                shared if memo else SectionMemo(),
            )
            for name, text in sources
        ]
        return pages, [str(d.location) for d in diagnostics.items]

    with_memo = scan(True)
    assert with_memo == scan(False)
    fence_line = CREATE.count("\n") + 2  # the opening fence, after the blank line added
    assert with_memo[1] == [f"a.md:{fence_line}", f"b.md:{fence_line}"]
