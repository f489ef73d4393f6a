"""The four output formats on a small hand-built report."""

import json

from generator.diff.records import Finding, Group, Level, Report
from generator.diff.render import RENDERERS
from generator.diff.render.github import annotation
from generator.diff.render.markdown import render_markdown

BREAKING = Finding(
    rule="response-property-removed", level=Level.BREAKING,
    message="optional response property `Item.name` removed: code that reads it breaks",
    group=Group("schema", "Item"), base_pointer="/components/schemas/Item/properties/name",
    revision_pointer="/components/schemas/Item", source="spec/items.md:12",
    operations=("GET /items", "POST /items"), before={"type": "string", "required": False},
)
INFO = Finding(
    rule="operation-added", level=Level.INFO, message="operation added",
    group=Group("operation", "DELETE /items/{id}"), base_pointer=None,
    revision_pointer="/paths/~1items~1{id}/delete",
)
REPORT = Report("old.yaml", "new.yaml", (BREAKING, INFO))


def test_text_lists_breaking_first_with_place_source_and_users() -> None:
    assert RENDERERS["text"](REPORT) == (
        "old.yaml → new.yaml\n"
        "1 breaking change, 0 warnings, 1 info.\n"
        "\n"
        "BREAKING CHANGES (1)\n"
        "  schema Item\n"
        "    [response-property-removed] optional response property `Item.name` removed: code "
        "that reads it breaks\n"
        "      at spec/items.md:12  /components/schemas/Item\n"
        "      affects GET /items, POST /items\n"
        "\n"
        "INFO (1)\n"
        "  DELETE /items/{id}\n"
        "    [operation-added] operation added\n"
        "      at /paths/~1items~1{id}/delete\n"
    )


def test_markdown_summary_first_and_info_folded() -> None:
    text = RENDERERS["markdown"](REPORT)
    assert text.startswith("### API diff: 1 breaking change, 0 warnings, 1 info.\n")
    assert "#### Breaking changes (1)\n\n**schema `Item`**\n\n- optional response property" in text
    assert "<sub>`response-property-removed` · `spec/items.md:12` · affects GET /items, " \
           "POST /items</sub>" in text
    assert "<details><summary>Info (1)</summary>\n\n**New operations (1)**: " \
           "`DELETE /items/{id}`\n\n</details>\n" in text


def test_markdown_is_cut_to_fit_a_comment_and_says_so() -> None:
    many = tuple(
        Finding(rule="description-changed", level=Level.INFO, message=f"description {i}",
                group=Group("schema", f"S{i:03}"), base_pointer=None, revision_pointer=None)
        for i in range(200)
    )
    text = render_markdown(Report("a", "b", many), limit=2000)
    assert len(text) < 2300
    assert "more changes not shown (comment size limit)" in text
    assert text.endswith("</details>\n")


def test_json_is_stable_and_complete() -> None:
    data = json.loads(RENDERERS["json"](REPORT))
    assert data["format"] == "refgen-diff/1"
    assert data["summary"] == {"total": 2, "breaking": 1, "warning": 0, "documentation": 0,
                               "info": 1}
    assert data["changes"][0] == {
        "rule": "response-property-removed", "level": "breaking",
        "message": BREAKING.message, "group": {"kind": "schema", "name": "Item"},
        "pointer": "/components/schemas/Item",
        "base_pointer": "/components/schemas/Item/properties/name",
        "revision_pointer": "/components/schemas/Item", "source": "spec/items.md:12",
        "operations": ["GET /items", "POST /items"],
        "before": {"type": "string", "required": False}, "after": None,
    }


def test_github_annotations_carry_file_line_and_escape_data() -> None:
    assert annotation(BREAKING) == (
        "::error file=spec/items.md,line=12,title=response-property-removed::Item: optional "
        "response property `Item.name` removed: code that reads it breaks"
    )
    odd = Finding(rule="x", level=Level.WARNING, message="50% done\nnext", group=Group(
        "operation", "GET /a"), base_pointer=None, revision_pointer=None, source="a,b.md:3")
    assert annotation(odd) == "::warning file=a%2Cb.md,line=3,title=x::GET /a: 50%25 done%0Anext"
    assert RENDERERS["github"](Report("a", "b")) == "::notice title=refgen diff::No API changes\n"


def test_github_reads_line_and_column_from_page_sources() -> None:
    finding = Finding(rule="x", level=Level.INFO, message="m", group=Group("schema", "S"),
                      base_pointer=None, revision_pointer=None, source="pages/a.md:32:6")
    assert annotation(finding) == "::notice file=pages/a.md,line=32,col=6,title=x::S: m"
