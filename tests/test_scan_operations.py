"""Operations read once (pages/scan.SectionMemo.operations_read): an operation whose text was
read before, closed here as it was there, takes what that reading made of it, and everything
that belongs to its own page (its file and lines, summary, enclosing headings, page URL) is
its own; the page model and the messages are those of a reading of every line."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostics, RefgenError
from generator.pages.model import Page
from generator.pages.reader import decode_page, page_files
from generator.pages.scan import NodeTable, SectionMemo, scan_page
from generator.pages.scan import _Remembered as Remembered
from generator.pages.scan import _RememberedOperation as RememberedOperation
from tests.conftest import CORPUS
from tests.test_scan_memo import CREATE as ONE_OPERATION

# The operation of test_scan_memo, with a response example under a deeper heading.
CREATE = (
    ONE_OPERATION
    + """
#### Response

```json
{"id": "t_1", "name": "x"}
```
"""
)

DELETE = """\
## Delete a thing

**delete** `/v1/things/{thing_id}`

### Path Parameters

- `thing_id: string`

### Returns

- `deleted: boolean`
"""


class ReadEveryLine(SectionMemo):
    """Remembers nothing: every line of every page is read."""

    def recall(self, key: tuple[object, ...]) -> None:
        return None

    def operations_read(self, line: str, heading_level: int) -> list[RememberedOperation]:
        return []


class Counting(SectionMemo):
    """Counts the look-ups of sections: a recalled operation makes none."""

    def __init__(self) -> None:
        super().__init__()
        self.sections_looked_up = 0

    def recall(self, key: tuple[object, ...]) -> Remembered | None:
        self.sections_looked_up += 1
        return super().recall(key)


Outcome = tuple[list[Page], list[str]] | str


def scan_all(
    pages: list[tuple[str, str]], memo: Callable[[], SectionMemo] | None = None
) -> Outcome:
    """The pages scanned in order with one NodeTable and one memo (by default a SectionMemo;
    ReadEveryLine reads every line): their page models and messages, or the error that
    stopped them."""
    diagnostics = Diagnostics()
    table, shared = NodeTable(), (memo or SectionMemo)()
    try:
        scanned = [
            scan_page(decode_page(text.encode(), name), diagnostics, table, shared)
            for name, text in pages
        ]
    except RefgenError as error:
        return str(error)
    return scanned, [d.render() for d in diagnostics.items]


def reading_every_line(pages: list[tuple[str, str]]) -> Outcome:
    return scan_all(pages, ReadEveryLine)


def test_a_recalled_operation_is_placed_at_its_own_lines() -> None:
    # The second page: front matter (4 lines), CRLF endings, a resource heading and text
    # above the operation, another operation after it; the operation is the first page's.
    second = (
        "---\ntitle: Things\nurl: https://example.com/things\n---\n# Things\n\nAbout things.\n\n"
        + CREATE
        + "\n"
        + DELETE
    ).replace("\n", "\r\n")
    memo = Counting()
    first_page = scan_page(decode_page(CREATE.encode(), "a.md"), Diagnostics(), NodeTable(), memo)
    looked_up = memo.sections_looked_up
    table = NodeTable()
    scan_page(decode_page(CREATE.encode(), "a.md"), Diagnostics(), table, memo)
    assert memo.sections_looked_up == looked_up  # recalled whole: no section looked up
    second_page = scan_page(decode_page(second.encode(), "b.md"), Diagnostics(), table, memo)
    operation = second_page.operations[0]
    # Lines counted by hand in the second page: the operation line at 11, the sections at 15
    # (Body Parameters), 27 (Returns), 35 (Example) and 41 (Response), their fences at 37 and
    # 43, the next operation's line at 49.
    assert (operation.location.file, operation.location.line, operation.location.column) == (
        "b.md",
        11,
        1,
    )
    assert [(s.location.file, s.location.line) for s in operation.sections] == [
        ("b.md", 15),
        ("b.md", 27),
        ("b.md", 35),
        ("b.md", 41),
    ]
    assert [
        [(b.location.file, b.location.line) for b in section.code_blocks]
        for section in operation.sections
    ] == [[], [], [("b.md", 37)], [("b.md", 43)]]
    assert (operation.summary, operation.resource_headings, operation.page_url) == (
        "Create a thing",
        ("Things",),
        "https://example.com/things",
    )
    # The next operation is found after the skipped lines, at its own line.
    assert [(o.method, o.location.line) for o in second_page.operations] == [
        ("post", 11),
        ("delete", 49),
    ]
    # The declarations are the first reading's objects.
    first = first_page.operations[0]
    assert [s.declarations for s in operation.sections] == [s.declarations for s in first.sections]
    assert all(
        mine.declarations is theirs.declarations
        for mine, theirs in zip(operation.sections, first.sections, strict=True)
    )
    pages = [("a.md", CREATE), ("b.md", second)]
    assert scan_all(pages) == reading_every_line(pages)


@pytest.mark.parametrize(
    "changed",
    [
        # One character in the last line of the operation's text.
        CREATE.replace('"name": "x"}\n```\n', '"name": "y"}\n```\n'),
        # One character of a declaration.
        CREATE.replace("size: optional number", "size: optional numbes"),
        # One character more at the end of the text's last line (the fence is not closed).
        CREATE[:-1] + "x\n",
    ],
)
def test_a_copy_that_differs_in_one_character_is_read_as_it_is(changed: str) -> None:
    # The next operation follows without a blank line: the text ends with the fence.
    pages = [("a.md", CREATE + DELETE), ("b.md", changed + DELETE)]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    (first, second), _ = outcome
    assert first.operations[0] != second.operations[0]


@pytest.mark.parametrize(
    "after",
    [
        # A deeper heading, which the open Example section reads past, and a declaration.
        "\n### Notes\n\n- `extra: string`\n",
        # A section heading: one more section of the same operation.
        "\n### Response\n\n```json\n{}\n```\n",
        # Description text at the end of the page (the text runs on; the first ended at a line).
        "more text\n",
    ],
)
def test_the_same_text_followed_by_a_line_that_does_not_close_it_is_read_again(
    after: str,
) -> None:
    pages = [("a.md", CREATE + "\n" + DELETE), ("b.md", CREATE + after)]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    (first, second), _ = outcome
    assert first.operations[0].sections != second.operations[0].sections


def test_an_operation_without_sections_is_read_each_time() -> None:
    # A heading after an operation without sections is its description when no operation line
    # follows, and the next operation's summary when one does: the same text, read two ways.
    ping = "## Ping\n\n**get** `/v1/ping`\n\nChecks the service.\n\n## Aside\n"
    pages = [("a.md", ping), ("b.md", ping + "\n**get** `/v1/pong`\n")]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    (first, second), _ = outcome
    assert first.operations[0].description == "Checks the service.\n\n## Aside"
    assert second.operations[0].description == "Checks the service."
    assert second.operations[1].summary == "Aside"


def test_an_operation_closed_by_a_line_that_starts_no_stretch_is_read_each_time() -> None:
    # A deeper Domain Types heading closes the operation, but is no line the scan may go on
    # from after skipping (pages/pagelines.PageLines: stretches start at levels 1 to 3).
    domain_types = "#### Domain Types\n\n##### Thing\n\n- `Thing = object { id }`\n"
    pages = [("a.md", CREATE + domain_types), ("b.md", "# Things\n\n" + CREATE + domain_types)]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    (first, second), _ = outcome
    assert [t.heading for t in second.domain_types] == ["Thing"]
    assert second.domain_types[0].location.line == first.domain_types[0].location.line + 2


def test_messages_after_a_recalled_operation_name_the_copys_own_lines() -> None:
    # The operation is recalled in the second and third pages; what follows it there is read
    # at its own lines: a fence left open (a warning), then a method that does not exist.
    open_fence = "\n## Notes\n\n```json\n{\n"
    broken = "\n## Teleport\n\n**teleport** `/v1/things`\n"
    pages = [("a.md", CREATE), ("b.md", "# Things\n\n" + CREATE + open_fence)]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    # "# Things" and a blank line, the operation's lines, a blank line, "## Notes", a blank line
    fence_line = 2 + CREATE.count("\n") + 4
    assert outcome[1] == [f"b.md:{fence_line}: warning: code block is never closed"]
    pages.append(("c.md", "\n" + CREATE + broken))
    failed = scan_all(pages)
    assert failed == reading_every_line(pages)
    method_line = 1 + CREATE.count("\n") + 4  # after a blank line, as above
    assert isinstance(failed, str)
    assert failed.startswith(f"c.md:{method_line}:1: error: unknown HTTP method 'teleport'")


def test_an_operation_whose_reading_warned_is_read_again_and_warns_at_its_own_place() -> None:
    # A fence left open to the end of the page, in the operation's last section.
    open_fence = CREATE + "\n```json\n{\n"
    pages = [("a.md", open_fence), ("b.md", "# Things\n\n" + open_fence)]
    outcome = scan_all(pages)
    assert outcome == reading_every_line(pages)
    assert not isinstance(outcome, str)
    fence_line = CREATE.count("\n") + 2  # after the operation's lines and a blank line
    assert outcome[1] == [
        f"a.md:{fence_line}: warning: code block is never closed",
        f"b.md:{fence_line + 2}: warning: code block is never closed",
    ]


# Pages assembled from operations and what may stand between them, at varied places.
_OPERATIONS = [
    CREATE,
    DELETE,
    CREATE.replace("## Create", "### Create"),  # a deeper operation: "### Returns" is a section
    CREATE.replace("## Create", "#### Create"),  # closed by a heading that starts no stretch
    CREATE.replace("## Create a thing\n\n", ""),  # no summary heading
    CREATE.replace('"x"}\n```\n', '"z"}\n```\n'),  # one character apart
    DELETE.replace("### Returns", "### Aside\n\nText.\n\n### Returns"),
    "## Ping\n\n**get** `/v1/ping`\n\nChecks the service.\n",  # no sections
    "**get** `/v1/pong`\n\n### Returns\n\n- `ok: boolean`\n",
]
_BETWEEN = [
    "",
    "# Things\n\nAbout things.\n",
    "### Notes\n\nA note.\n",
    "#### Deeper\n",
    "## Domain Types\n\n### Thing\n\n- `Thing = object { id }`\n\n  - `id: string`\n",
    "```json\n{}\n```\n",
    "text\n",
    "\n",
    "```json\n{\n",  # a fence left open to the end of the page: a warning
]


@st.composite
def pages(draw: st.DrawFn) -> list[tuple[str, str]]:
    count = draw(st.integers(1, 4))
    drawn = []
    for number in range(count):
        chunks = draw(
            st.lists(st.sampled_from(_OPERATIONS) | st.sampled_from(_BETWEEN), max_size=8)
        )
        text = "\n".join(chunks) or "text\n"
        if draw(st.booleans()):
            text = f"---\ntitle: Page {number}\nurl: https://example.com/{number}\n---\n" + text
        if draw(st.booleans()):
            text = text.replace("\n", "\r\n")
        drawn.append((f"p{number}.md", text))
    return drawn


@settings(max_examples=300, deadline=None)
@given(pages())
def test_pages_of_repeated_operations_scan_as_every_line_reads_them(
    drawn: list[tuple[str, str]],
) -> None:
    assert scan_all(drawn) == reading_every_line(drawn)


@pytest.mark.parametrize("tree", ["anthropic/2026-05-09", "openai", "others/cloudflare"])
def test_a_corpus_tree_scans_as_every_line_reads_it(tree: str) -> None:
    root = CORPUS / tree
    if not root.is_dir():
        pytest.skip(f"{root} is not here")
    files = [(file.name, file.path.read_text(encoding="utf-8")) for file in page_files([root])]
    assert scan_all(files) == reading_every_line(files)
