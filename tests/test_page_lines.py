"""A page's lines split only where they are read (pages/pagelines.PageLines, pages/reader.py):
the reader hands the scan the page's text, the text is cut into stretches by one search, and a
section the scan read before on another page is skipped without its lines being split; what
every line says, and where, is what a split of the whole page says."""

from __future__ import annotations

import re
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import Diagnostics
from generator.pages import scan
from generator.pages.model import Page
from generator.pages.pagelines import PageLines
from generator.pages.reader import decode_page
from generator.pages.scan import NodeTable, SectionMemo, scan_page
from tests.test_scan_memo import CREATE

# A line starting with `#` or `>`, after a newline.
CUT = re.compile(r"\n[#>]")


def test_the_text_is_cut_at_the_lines_the_pattern_finds() -> None:
    text = "a\n#b\nc\n\n>d\n#e"  # lines 0..5; #b, >d and #e start stretches
    page = PageLines(text, CUT)
    assert page.count == 6
    assert page.firsts == [0, 1, 4, 5]
    assert page.offsets == [0, 2, 8, 11]
    assert [page.line(index) for index in range(6)] == ["a", "#b", "c", "", ">d", "#e"]
    assert page.joined(2, 4) == "c\n"  # the rest of stretch 1, a slice of the text
    assert page.joined(3, 4) == ""
    assert page.joined(4, 4) == ""
    assert page.lines(1, 3) == ["#b", "c"]
    assert [(first, list(stretch)) for first, stretch in page.stretches()] == [
        (0, ["a"]),
        (1, ["#b", "c", ""]),
        (4, [">d"]),
        (5, ["#e"]),
    ]


def test_a_stretch_left_after_its_first_line_is_not_split() -> None:
    page = PageLines("#a\nb\nc\n#d\ne", CUT)
    read = []
    for first, stretch in page.stretches():
        rows = iter(stretch)
        read.append((first, next(rows)))
        if first == 0:
            continue  # the first stretch is left after its first line
        read.extend((first, line) for line in rows)
    assert read == [(0, "#a"), (3, "#d"), (3, "e")]
    assert sorted(page._split) == [1]  # only the stretch read past its first line
    assert page.line(3) == "#d"
    assert page.joined(1, 3) == "b\nc"  # the text of the skipped lines, still not split
    assert sorted(page._split) == [1]


# Texts made of the characters that matter: newlines, the cut's first characters, and
# whitespace that str.split("\n") keeps inside a line.
texts = st.text(alphabet=st.sampled_from(list("\n#>ab \t\x0b\x0c\u2028")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_line_and_every_slice_is_that_of_a_split(text: str) -> None:
    lines = text.split("\n")
    page = PageLines(text, CUT)
    assert page.count == len(lines)
    assert [page.line(index) for index in range(len(lines))] == lines
    assert [line for _, stretch in page.stretches() for line in stretch] == lines
    stops = [*page.firsts[1:], page.count]
    for first, stop in zip(page.firsts, stops, strict=True):
        if first:  # a stretch starts at a line the pattern finds
            assert CUT.match("\n" + lines[first])
        for start in range(first, stop + 1):
            for end in range(start, stop + 1):
                assert page.joined(start, end) == "\n".join(lines[start:end])
                assert page.lines(start, end) == lines[start:end]


def next_filled(lines: list[str], index: int) -> str | None:
    return next((line for line in lines[index + 1 :] if line.strip()), None)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_the_next_line_with_text_is_found_with_or_without_a_split(text: str) -> None:
    lines = text.split("\n")
    unsplit = PageLines(text, CUT)  # each stretch asked at its first line only
    assert [unsplit.next_filled(first) for first in unsplit.firsts] == [
        next_filled(lines, first) for first in unsplit.firsts
    ]
    assert not unsplit._split
    split = PageLines(text, CUT)
    assert [split.line(index) for index in range(len(lines))] == lines
    assert [split.next_filled(index) for index in range(len(lines))] == [
        next_filled(lines, index) for index in range(len(lines))
    ]


def reference_body(data: bytes) -> tuple[tuple[str, ...], int, dict[str, str]]:
    """What the reader gave before it handed the scan the text: every line split, then the
    front matter cut off (its closing `---` and the lines before it)."""
    text = data.decode().removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                fields = dict(
                    line.split(": ", 1) for line in lines[1:index] if ": " in line.strip()
                )
                return tuple(lines[index + 1 :]), index + 2, fields
    return tuple(lines), 1, {}


@pytest.mark.parametrize(
    ("data", "first_line", "text"),
    [
        (b"---\ntitle: T\nurl: u\n---\n# A\n", 5, "# A\n"),
        (b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n# A\r\nb\rc", 4, "# A\nb\nc"),
        (b" --- \ntitle: T\n ---\n\n# A", 4, "\n# A"),
        (b"---\ntitle: T\n# no closing marker\n", 1, "---\ntitle: T\n# no closing marker\n"),
        (b"---\ntitle: T\n---", 4, ""),  # nothing after the front matter
        (b"# A\n---\nb: c\n---\n", 1, "# A\n---\nb: c\n---\n"),  # not on the first line
    ],
)
def test_the_reader_cuts_the_front_matter_off_the_text(
    data: bytes, first_line: int, text: str
) -> None:
    source = decode_page(data, "p.md")
    assert (source.text, source.first_line) == (text, first_line)
    lines, reference_first, fields = reference_body(data)
    assert source.first_line == reference_first
    assert source.front_matter == fields
    # An empty body was no line at all, and is one empty line now: the scan reads both alike.
    assert source.lines == (lines or ("",))


class SplitsSeen(PageLines):
    """Remembers, for each page, the lines of the stretches split."""

    split: ClassVar[dict[str, list[str]]] = {}

    def _stretch(self, number: int) -> list[str]:
        new = number not in self._split
        lines = super()._stretch(number)
        if new:
            SplitsSeen.split.setdefault(self.text, []).append(lines[0])
        return lines


def scan_pages(pages: dict[str, str], memo: bool = True) -> list[Page]:
    diagnostics = Diagnostics()
    table, shared = NodeTable(), SectionMemo()
    return [
        scan_page(
            decode_page(text.encode(), name), diagnostics, table, shared if memo else SectionMemo()
        )
        for name, text in pages.items()
    ]


def test_a_section_read_before_is_not_split_and_is_placed_at_its_own_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The second page: front matter (4 lines), CRLF endings, a resource heading above the
    # operation, and one more field in Returns. Its Body Parameters and Example are the first
    # page's sections at other lines; its Returns is another text.
    changed = CREATE.replace("  - `name: string`\n", "  - `name: string`\n\n  - `tag: string`\n")
    nested = "---\ntitle: Things\nurl: https://example.com\n---\n# Things\n\n" + changed
    second = nested.replace("\n", "\r\n")
    monkeypatch.setattr(scan, "PageLines", SplitsSeen)
    monkeypatch.setattr(SplitsSeen, "split", {})
    first_page, second_page = scan_pages({"a.md": CREATE, "b.md": second})
    body = decode_page(second.encode(), "b.md").text
    # Every stretch of the first page is read; in the second, the sections read before are
    # left at their headings (a stretch split is named by its first line).
    assert SplitsSeen.split[CREATE] == [
        "## Create a thing",
        "**post** `/v1/things`",
        "### Body Parameters",
        "### Returns",
        "### Example",
    ]
    assert SplitsSeen.split[body] == [
        "# Things",
        "## Create a thing",
        "**post** `/v1/things`",
        "### Returns",
    ]
    # Lines counted by hand in the second page: the operation line at 9, the sections at 13
    # (Body Parameters), 25 (Returns) and 35 (Example), the example's fence at 37.
    operation = second_page.operations[0]
    assert operation.location.line == 9
    assert [(s.location.file, s.location.line) for s in operation.sections] == [
        ("b.md", 13),
        ("b.md", 25),
        ("b.md", 35),
    ]
    assert [b.location.line for b in operation.sections[2].code_blocks] == [37]
    assert operation.sections[0].declarations is first_page.operations[0].sections[0].declarations
    assert [d.text for d in operation.sections[1].declarations[0].children] == [
        "id: string",
        "name: string",
        "tag: string",
    ]
    assert [first_page, second_page] == scan_pages({"a.md": CREATE, "b.md": second}, memo=False)
