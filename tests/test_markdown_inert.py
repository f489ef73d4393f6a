"""Docs are inert (finding 9 of issue 11): whatever a page says, the generated Markdown holds
no raw HTML, no link a renderer follows to a `javascript:`, `vbscript:` or `data:` target, and
no tag for Jekyll/Liquid or mkdocs-macros to evaluate; plain text is left as it was.

markdown-it-py (CommonMark and GFM tables) is the independent judge: its renderer is told to
keep every link, so a link it produces is one any renderer would produce.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.pipeline import parse_pages, render_files
from generator.render.markdown import _spans, md_cell, md_code, md_code_cell, md_text
from tests.payloads import PARSER
from tests.payloads import markdown_problems as problems
from tests.payloads import walk_tokens as _walk

FRAGMENTS = st.sampled_from(
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#115;cript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](javascript\\:alert(1))",
        "[x](&#x6A;avascript:a)",
        "![i](data:text/html;base64,PHNjcmlwdD4=)",
        "[v](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "[r]: javascript:alert(1)\n\n[r]",
        "[x]( javascript:alert(1) )",
        "[x](<javascript:alert(1)>)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<!-- c -->",
        "<a href='x'>",
        "{{ site.secret }}",
        "{% include x %}",
        "{# c #}",
        '{: onclick="x"}',
        "{{",
        "{%",
        "{",
        "}}",
        "`{{ x }}`",
        "``{% x %}``",
        "`",
        "``",
        "\\",
        "\\`",
        "|",
        "*",
        "_",
        "&amp;",
        "&lt;",
        "metadata:",
        "data:",
        "\n",
        "\n\n",
        " ",
        "a",
        "<",
        ">",
        "&",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=10).map("".join)
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


@PROPERTY
@given(TEXTS)
def test_prose_is_inert(text: str) -> None:
    assert problems(md_text(text)) == []


@PROPERTY
@given(TEXTS)
def test_a_table_cell_is_inert_and_stays_in_its_cell(text: str) -> None:
    markdown = f"| a | b |\n| --- | --- |\n| {md_cell(text)} | end |\n"
    assert problems(markdown) == []
    cells = [t for t in _walk(PARSER.parse(markdown)) if t.type == "td_open"]
    assert len(cells) == 2  # no pipe or line break of the text opened another cell or row


@PROPERTY
@given(TEXTS)
def test_a_code_span_shows_its_text_exactly(text: str) -> None:
    one_line = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", "", text).replace("\n", " ")
    for filter_, markdown in (
        (md_code, f"{md_code(text)}\n"),
        (md_code_cell, f"| a |\n| --- |\n| {md_code_cell(text)} |\n"),
    ):
        assert problems(markdown) == [], filter_
        html = PARSER.render(markdown)
        shown = re.sub(
            r"</?(code|p|table|thead|tbody|tr|th|td)>|\n",
            "",
            html.split("<td>")[-1] if filter_ is md_code_cell else html,
        )
        assert _unescaped(shown) == one_line, (markdown, html)


def _unescaped(html: str) -> str:
    import html as html_module

    return html_module.unescape(html)


def test_plain_text_is_left_as_it_is() -> None:
    text = (
        "Returns the *job* with `id`; see [the guide](https://example.com/a_b) or "
        '"openai/{base-model}". Costs 5 < 10 > 2?'
    )
    assert md_text(text) == text.replace("<", "&lt;").replace(">", "&gt;")
    assert (
        md_code("str | None") == "`str | None`" and md_code_cell("str | None") == "`str \\| None`"
    )
    assert md_code("a `b`") == "`` a `b` ``"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.text(st.sampled_from("`\\ab \t\n"), max_size=24))
def test_code_spans_are_found_as_commonmark_finds_them(text: str) -> None:
    """In paragraphs, over line endings and blank lines (with spaces or tabs on them or not),
    refgen's finder sees the code spans markdown-it sees, with the content CommonMark shows.
    (Other blocks are not looked for: a span refgen sees where a renderer sees none, in a
    heading's or a list's text, is kept only when its text is inert as prose:
    test_prose_is_inert.)"""
    tokens = PARSER.parse(text)
    assume({t.type for t in tokens} <= {"paragraph_open", "inline", "paragraph_close"})
    ours = [_shown(piece) for is_code, piece in _spans(text) if is_code]
    theirs = [t.content for t in _walk(tokens) if t.type == "code_inline"]
    # (markdown-it drops the indentation of a paragraph's lines before it finds spans)
    assert [_spaced(p) for p in ours] == [_spaced(t) for t in theirs], (ours, theirs)


def _shown(span: str) -> str:
    """What CommonMark shows of a code span: its content, line endings as spaces, one space
    stripped from each end when both ends have one and it is not all spaces."""
    fence = len(span) - len(span.lstrip("`"))
    content = span[fence:-fence].replace("\n", " ")
    if len(content) >= 2 and content[0] == content[-1] == " " and content.strip(" "):
        return content[1:-1]
    return content


def _spaced(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)


def test_a_code_span_never_crosses_a_blank_line() -> None:
    # The counterexamples of the one-line version: a blank line holding a space ends the
    # paragraph; the backticks around it open nothing.
    assert _spans("`a\n \nb`") == [(False, "`a\n \nb`")]
    assert _spans("`a\n\t\n`b`") == [(False, "`a\n\t\n"), (True, "`b`")]
    assert _spans("x `a\nb` y") == [(False, "x "), (True, "`a\nb`"), (False, " y")]
    assert md_text("`{{ a\n  b }}`") == "<code>&#123;&#123; a b &#125;&#125;</code>"


# -- finding 9, as a user meets it ---------------------------------------------------------------

HOSTILE_PAGE = """# Hostile docs

## Domain Types

### Thing

- `Thing object { id, note }`

  Click [here](javascript:alert(document.cookie)) or ![x](data:image/svg+xml;base64,PHN2Zz4=).
  {{ site.github.token }} {% include secrets.html %} {# hidden #} <script>alert(1)</script>

  - `id: string`

    See [it](vbscript:msgbox(1)) and `{{ config.secret_key }}` | a pipe.

  - `note: "{{ 7*7 }}" or "{% raw %}"`
"""


def test_finding_9_docs_from_a_hostile_page_are_inert(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(HOSTILE_PAGE)
    files = render_files(parse_pages([page]).document, "hostile")
    docs = {path: text for path, text in files.items() if path.endswith(".md")}
    assert set(docs) == {"docs/index.md", "docs/types.md"}  # no operation: no resource page
    for path, text in docs.items():
        assert problems(text) == [], path
    thing = docs["docs/types.md"]
    html = PARSER.render(thing)
    # The text is still there for a reader, as text.
    assert ">here</a>" in html and "{{ site.github.token }}" in _unescaped(html)
    assert "&lt;script&gt;" in thing and "{{ config.secret_key }}" in _unescaped(html)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell")
def test_finding_9_jinja_renders_the_docs_literally(tmp_path: Path) -> None:
    """mkdocs-macros runs the page through Jinja: the docs must come out of it unchanged."""
    page = tmp_path / "page.md"
    page.write_text(HOSTILE_PAGE)
    docs = {
        p: t
        for p, t in render_files(parse_pages([page]).document, "hostile").items()
        if p.endswith(".md")
    }
    script = (
        "import jinja2, sys\n"
        "text = sys.stdin.read()\n"
        "environment = jinja2.Environment(keep_trailing_newline=True)\n"
        "sys.stdout.write(environment.from_string(text).render())\n"
    )
    for path, text in docs.items():
        result = subprocess.run(
            [sys.executable, "-c", script], input=text, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0 and result.stdout == text, path


# -- a description stays in its block (issue 12 item 8: anchors are headings) -----------------

BLOCK_FRAGMENTS = st.sampled_from(
    [
        "# Injected",
        "## BetaMessage",
        "###### h",
        "#",
        "===",
        "---",
        "-",
        "```",
        "````python",
        "~~~",
        "> # quoted",
        "- # listed",
        "1. ## numbered",
        "</details>",
        "<details>",
        "| a | b |",
        "| --- | --- |",
        "[x](javascript:alert(1))",
        "text",
        "    indented",
        " ",
        "",
    ]
)
BLOCK_TEXTS = st.lists(st.one_of(BLOCK_FRAGMENTS, TEXTS), max_size=8).map("\n".join)


@PROPERTY
@given(BLOCK_TEXTS)
def test_a_description_makes_no_heading_and_leaves_no_block_open(text: str) -> None:
    """Whatever a description holds, the page's next heading is the template's, and it
    comes out a heading: the description opened no fence and made no heading of its own."""
    markdown = f"## Entry\n\n{md_text(text)}\n\n## Next\n\nafter\n"
    assert problems(markdown) == []
    tokens = PARSER.parse(markdown)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["Entry", "Next"], markdown
    assert [t.type for t in tokens[-3:]] == ["paragraph_open", "inline", "paragraph_close"]


def test_a_fence_the_description_closes_is_kept() -> None:
    text = 'Example:\n\n```json\n# not a heading\n{"a": 1}\n```\n\n# But this is one'
    shown = md_text(text)
    assert "```json\n# not a heading\n" in shown and shown.endswith("\n&#35; But this is one")
    assert md_text("Title\n---") == "Title\n&#45;--" and md_text("a # b") == "a # b"
