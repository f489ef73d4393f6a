"""Docstrings that teach (issue 12, item 5): a method's docstring holds its summary, the
page's description and `Args:` with every parameter's description; prose is wrapped to the
line length, Markdown that is not prose keeps its lines."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render.docstrings import _fill, method_docstring, wrap
from tests.conftest import OPENAI_PAGES
from tests.generated_package import import_package

PROSE = " ".join(f"word{i}" for i in range(60))


def test_prose_is_wrapped_to_the_line_length_at_its_indent() -> None:
    wrapped = wrap(PROSE, 8)
    assert wrapped.split() == PROSE.split()
    assert all(len(line) <= 88 - 8 - 3 for line in wrapped.splitlines())
    assert len(wrapped.splitlines()) > 3


def test_lists_tables_code_and_long_words_keep_their_lines() -> None:
    listed = "- one item\n- another item that is long " + "x " * 50
    assert wrap(listed, 4) == listed.strip()
    table = "| a | b |\n| --- | --- |\n| 1 | 2 |"
    assert wrap(table, 4) == table
    code = "Example:\n\n```python\nclient.files.list(limit=10)\n\nx = 1\n```"
    assert wrap(code, 4) == code
    url = "See https://example.com/" + "a" * 120 + " for more."
    assert "https://example.com/" + "a" * 120 in wrap(url, 4).splitlines()


def test_a_method_docstring_has_summary_description_and_args() -> None:
    text = method_docstring(
        "Create a thing",
        "Creates the thing.\n\nIt takes a while.",
        [("name", "The thing's name."), ("quiet", ""), ("size", PROSE)],
        indent=8,
    )
    summary, description, later, args = text.split("\n\n")
    assert (summary, description, later) == (
        "Create a thing",
        "Creates the thing.",
        "It takes a while.",
    )
    assert args.startswith("Args:\n    name: The thing's name.\n    size: word0 word1")
    assert "quiet" not in args  # nothing to say about it
    assert all(line.startswith("        ") for line in args.splitlines()[3:])


def test_generated_methods_carry_their_parameters_descriptions(tmp_path: Path) -> None:
    files_page = next(p for p in OPENAI_PAGES if p.name == "files.md")
    write_tree(tmp_path, render_files(parse_pages([files_page]).document, "files_doc"))
    package = import_package(tmp_path, "files_doc")
    client = package.Client(api_key="k")
    doc = inspect.getdoc(client.files.list)
    assert doc is not None
    assert doc.startswith("List files")
    assert "Args:\n    after: A cursor for use in pagination." in doc
    assert "    limit: A limit on the number of objects to be returned." in doc


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \t\n\xa0\u2003.é")), st.integers(0, 90))
def test_wrapping_is_textwrap_fill_of_each_prose_paragraph(text: str, indent: int) -> None:
    """wrap skips textwrap for a paragraph that fits on one line (issue 16): the same text.
    (Prose only: no list marks, and no line indented as code.)"""
    assume(not any(line.startswith("    ") for line in text.splitlines()))
    width = max(88 - indent - 3, 20)
    blocks = "\n".join(line if line.strip() else "" for line in text.strip().splitlines())
    expected = "\n\n".join(
        textwrap.fill(
            " ".join(block.split()), width, break_long_words=False, break_on_hyphens=False
        )
        for block in blocks.split("\n\n")
        if block.strip()
    )
    assert wrap(text, indent) == expected


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.text(alphabet="ab-é.", min_size=1, max_size=40), max_size=30),
    st.integers(20, 85),
)
def test_filling_is_textwrap_fill_with_words_around_the_width(words: list[str], width: int) -> None:
    """The hand-written fill (issue 16: less than half textwrap's cost) against textwrap itself,
    with words as long as the line, longer, and ending exactly at it; hyphens stay whole."""
    expected = textwrap.fill(" ".join(words), width, break_long_words=False, break_on_hyphens=False)
    assert _fill(words, width) == expected
