"""Declaration blocks read once (pages/scan.NodeTable.recall_block): a declaration whose block
(its line and the lines below it, blank or indented deeper) was read before takes the node of
that reading without its lines being read again; the page model is the one a reading of every
line gives, locations included (a shared node is placed where it was first read, as the
NodeTable places every repeated declaration)."""

from __future__ import annotations

import pytest

from generator.diagnostics import Diagnostics, RefgenError
from generator.pages.model import DeclNode, Page, SectionKind
from generator.pages.reader import decode_page
from generator.pages.scan import MAX_DECLARATION_DEPTH, NodeTable, SectionMemo, scan_page
from generator.pages.scan import _BlockKey as BlockKey
from generator.pages.scan import _NodeBuilder as NodeBuilder
from generator.pages.scan import _RememberedOperation as RememberedOperation

CREATE = """\
## Create a thing

**post** `/v1/things`

### Body Parameters

- `name: string`

  The name.

- `size: optional number`

### Returns

- `Thing = object { id, meta }`

  - `id: string`

    The id.

  - `meta: object { tag }`

    - `tag: string`

      A tag.
"""

# Below a resource heading (four lines further down), with another size and one more field of
# Thing: neither section is the same text, so each is read; most of their blocks were read.
CHANGED = (
    "# Things\n\nAbout.\n\n"
    + CREATE.replace("optional number", "optional string")
    + ("\n  - `created: string`\n")
)


class EveryLine(NodeTable):
    """Reads every block."""

    def recall_block(self, key: BlockKey, depth: int) -> NodeBuilder | None:
        return None


class ReadNoSection(SectionMemo):
    """Reads every section and every operation."""

    def recall(self, key: tuple[object, ...]) -> None:
        return None

    def operations_read(self, line: str, heading_level: int) -> list[RememberedOperation]:
        return []


class Counting(NodeTable):
    """Counts the blocks taken from an earlier reading."""

    def __init__(self) -> None:
        super().__init__()
        self.recalled = 0

    def recall_block(self, key: BlockKey, depth: int) -> NodeBuilder | None:
        found = super().recall_block(key, depth)
        self.recalled += found is not None
        return found


def scan_all(pages: dict[str, str], table: NodeTable) -> list[Page]:
    diagnostics = Diagnostics()
    memo = ReadNoSection()  # every section is read: only blocks are recalled
    return [
        scan_page(decode_page(text.encode(), name), diagnostics, table, memo)
        for name, text in pages.items()
    ]


def place(node: DeclNode) -> tuple[str, int, int]:
    return (node.location.file, node.location.line, node.location.column)


def test_a_recalled_block_is_placed_as_a_reading_of_every_line_places_it() -> None:
    pages = {"a.md": CREATE, "b.md": CHANGED}
    table = Counting()
    first, second = scan_all(pages, table)
    assert [first, second] == scan_all(pages, EveryLine())
    assert table.recalled == 3  # name (body), id and meta (returns), each with what is below
    returns = second.operations[0].sections_of(SectionKind.RETURNS)[0]
    assert (returns.location.file, returns.location.line) == ("b.md", 17)
    (thing,) = returns.declarations
    ident, meta, created = thing.children
    # Lines and columns counted by hand: what b.md says anew is placed in b.md, the blocks it
    # repeats where a.md holds them.
    assert place(thing) == ("b.md", 19, 4)
    assert place(created) == ("b.md", 31, 6)
    assert place(ident) == ("a.md", 17, 6)
    assert place(meta) == ("a.md", 21, 6)
    assert place(meta.children[0]) == ("a.md", 23, 8)
    assert meta.children[0].description == "A tag."
    assert ident.description == "The id."
    first_thing = first.operations[0].sections_of(SectionKind.RETURNS)[0].declarations[0]
    assert meta is first_thing.children[1]
    body = [
        section.declarations
        for section in (first, second)
        for section in section.operations[0].sections_of(SectionKind.BODY)
    ]
    assert body[1][0] is body[0][0]  # name
    assert [d.text for d in body[1]] == ["name: string", "size: optional string"]


def test_blocks_whose_lines_differ_only_in_indentation_are_told_apart() -> None:
    # The same lines, `note` a sibling of `tag` on one page and its child on the other, each
    # block at another indentation.
    sibling = "- `meta: object { tag }`\n\n  - `tag: string`\n\n  - `note: string`\n"
    child = "  - `meta: object { tag }`\n\n    - `tag: string`\n\n        - `note: string`\n"
    head = "## Domain Types\n\n### Meta\n\n"
    # The deeper one first: a block read deeper may be recalled less deep.
    pages = {"a.md": head + "- `Meta = object { meta }`\n\n" + child, "b.md": head + sibling}
    first, second = scan_all(pages, Counting())
    assert [first, second] == scan_all(pages, EveryLine())
    (nested,) = first.domain_types[0].declarations[0].children
    assert [d.text for d in nested.children] == ["tag: string"]
    assert [d.text for d in nested.children[0].children] == ["note: string"]
    (meta,) = second.domain_types[0].declarations
    assert [d.text for d in meta.children] == ["tag: string", "note: string"]


def test_a_changed_block_is_read_again() -> None:
    changed = CREATE.replace("      A tag.", "      A label.").replace("The name.", "Its name.")
    table = Counting()
    first, second = scan_all({"a.md": CREATE, "b.md": changed}, table)
    assert [first, second] == scan_all({"a.md": CREATE, "b.md": changed}, EveryLine())
    assert table.recalled == 1  # only id, which did not change
    (thing,) = second.operations[0].sections_of(SectionKind.RETURNS)[0].declarations
    assert thing.children[1].children[0].description == "A label."
    assert place(thing.children[1].children[0]) == ("b.md", 23, 8)
    name = second.operations[0].sections_of(SectionKind.BODY)[0].declarations[0]
    assert name.description == "Its name."


@pytest.mark.parametrize(
    ("pad", "after"),
    [
        # A code block of the section: the text below it still describes `size`.
        ("", "```json\n{}\n```\n\n  More about the size.\n"),
        # A heading the section reads past (a level-2 operation's level-4 heading).
        ("", "#### Notes\n\n  More about the size.\n"),
        # An indented fence: it belongs to the innermost declaration, whatever its indent.
        ("  ", "  ```\n  More about the size.\n  ```\n"),
    ],
)
def test_a_block_whose_ending_line_leaves_it_open_is_not_recalled(pad: str, after: str) -> None:
    # `size` ends the body; what follows it in a.md adds to it, and the same block of b.md
    # (ended by another declaration) must not take a.md's reading.
    body = f"{pad}- `size: optional number`\n\n{pad}  The size.\n\n"
    if pad:
        body = "- `options: object`\n\n" + body
    a = CREATE.replace("- `size: optional number`\n", body + after)
    b = CREATE.replace("- `size: optional number`\n", body + f"{pad}- `more: string`\n")
    pages = {"a.md": a, "b.md": b}
    scanned = scan_all(pages, NodeTable())
    assert scanned == scan_all(pages, EveryLine())
    sizes = [
        page.operations[0].sections_of(SectionKind.BODY)[0].declarations[1] for page in scanned
    ]
    if pad:
        sizes = [options.children[0] for options in sizes]
    assert "More about the size." in sizes[0].description
    assert sizes[1].description == "The size."


def test_a_block_holding_a_fence_is_read_line_by_line() -> None:
    # The fence's lines stand at any indentation: one at the left margin does not end the
    # block, and the text after the fence is the block's too.
    fenced = (
        '- `size: optional number`\n\n  The size.\n\n  ```json\n{\n  "a": 1\n}\n  ```\n\n  After.\n'
    )
    a = CREATE.replace("- `size: optional number`\n", fenced)
    b = "# Other\n\n" + a.replace("optional string", "x")
    pages = {"a.md": a, "b.md": b, "c.md": a}
    scanned = scan_all(pages, NodeTable())
    assert scanned == scan_all(pages, EveryLine())
    size = scanned[2].operations[0].sections_of(SectionKind.BODY)[0].declarations[1]
    assert size.description.endswith("After.")
    assert '"a": 1' in size.description


def nested(depth: int, indent: int) -> str:
    """A declaration `depth` levels deep, the outermost indented `indent`."""
    return "".join(
        f"{' ' * (indent + 2 * level)}- `level{level}: object`\n\n" for level in range(depth)
    )


def test_a_block_read_with_fewer_declarations_around_it_still_meets_the_depth_limit() -> None:
    # The same block (same lines, same indentation) under one declaration, then under two: the
    # second reading passes the depth limit, though the first did not.
    block = nested(MAX_DECLARATION_DEPTH - 1, 4)
    shallow = "### Returns\n\n- `a: object`\n\n" + block
    deep = "### Returns\n\n- `a: object`\n\n  - `b: object`\n\n" + block
    head = "## Get\n\n**get** `/v1/x`\n\n"
    table = NodeTable()
    scan_all({"a.md": head + shallow}, table)
    with pytest.raises(RefgenError, match="nested more than 100 levels deep"):
        scan_all({"b.md": head + deep}, table)


def test_the_blocks_of_a_page_that_failed_are_not_recalled() -> None:
    # a.md fails inside the block (too deep where it stands); a caller that goes on with the same
    # table must not get the block as a.md left it half read.
    block = nested(MAX_DECLARATION_DEPTH - 1, 4) + "  - `after: string`\n"
    head = "## Get\n\n**get** `/v1/x`\n\n### Returns\n\n- `a: object`\n\n"
    failing = head + "  - `b: object`\n\n" + block
    table = NodeTable()
    with pytest.raises(RefgenError):
        scan_all({"a.md": failing}, table)
    passing = {"b.md": head + block}
    assert scan_all(passing, table) == scan_all(passing, EveryLine())


def test_a_block_indented_with_tabs_is_read_as_every_line_says() -> None:
    # A tab indents as one character (str.lstrip): the description line below `size` belongs
    # to it (kept as it stands: only spaces are cut from descriptions), and the copy whose tab
    # line differs is another block.
    a = CREATE.replace(
        "- `size: optional number`\n", "- `size: optional number`\n\n  The size.\n\n\tIn bytes.\n"
    )
    b = a.replace("\tIn bytes.", "\tIn pages.")
    pages = {"a.md": a, "b.md": b}
    scanned = scan_all(pages, NodeTable())
    assert scanned == scan_all(pages, EveryLine())
    sizes = [
        page.operations[0].sections_of(SectionKind.BODY)[0].declarations[1] for page in scanned
    ]
    assert [size.description for size in sizes] == [
        "The size.\n\n\tIn bytes.",
        "The size.\n\n\tIn pages.",
    ]
