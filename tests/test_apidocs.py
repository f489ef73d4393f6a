"""The docs, laid out like the official SDKs' api.md (issue 12 item 8), on the client
generated from the 2026-08-22 Anthropic tree: a page per top-level resource with its types
and methods, a page per types module with every model's fields, an index linking them, and
every link landing on a file and a heading that exist.

Anchors are checked the way a reader's renderer finds them: markdown-it reads each page, and
each heading's slug is computed from its rendered text by GitHub's rule, not by refgen's code.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import pytest

from generator.render.apidocs import FieldDoc, TypesPage, _unique_headings, build_docs
from generator.render.context import PackageContext, build_context
from generator.render.files import builtin_reserved_names, load_templates, render_docs
from tests.conftest import ROOT, parsed_tree
from tests.payloads import anchors, docs_link_problems, links

PACKAGE = "anthropic_sdk"


@pytest.fixture(scope="module")
def package() -> PackageContext:
    document: dict[str, Any] = parsed_tree("2026-08-22").document
    return build_context(document, PACKAGE, builtin_reserved_names(), client_name="Anthropic")


@pytest.fixture(scope="module")
def docs(package: PackageContext) -> dict[str, str]:
    return render_docs(package, load_templates(None))


def test_one_page_per_top_level_resource_and_per_types_module(
    package: PackageContext, docs: dict[str, str]
) -> None:
    expected = {"docs/index.md"}
    expected |= {f"docs/api/{r.attribute}.md" for r in package.resources}
    expected |= {f"docs/{t.module.replace('.', '/')}.md" for t in package.types_modules}
    assert set(docs) == expected
    # 1 index, 8 top-level resources, 33 types modules: no longer a page per model (2,031).
    assert (len(package.resources), len(package.types_modules), len(docs)) == (8, 33, 42)
    print(f"docs files for the 2026-08-22 tree: {len(docs)}")


def test_every_anchor_is_unique_and_every_link_lands(docs: dict[str, str]) -> None:
    assert docs_link_problems(docs) == []
    assert sum(len(links(text)) for text in docs.values()) > 9_000


def test_the_index_links_every_page(docs: dict[str, str]) -> None:
    linked = {
        posixpath.normpath(posixpath.join("docs", h.partition("#")[0]))
        for h in links(docs["docs/index.md"])
    }
    assert linked >= set(docs) - {"docs/index.md"}


def test_a_type_link_has_the_sdk_shape(docs: dict[str, str]) -> None:
    beta = docs["docs/api/beta.md"]
    assert "[BetaMessage](../types/beta.md#betamessage)" in beta
    assert "betamessage" in anchors(docs["docs/types/beta.md"])
    assert "`client.beta.messages.create(**params)` -> `BetaMessage`" in beta
    assert "\n**POST** `/v1/messages`\n" in beta
    messages = docs["docs/api/messages.md"]
    assert "`client.messages.create(**params)` -> `Message`" in messages
    assert "`client.messages.batches.retrieve(message_batch_id)` -> `MessageBatch`" in messages
    assert "from anthropic_sdk.types.messages import (\n" in messages
    assert "\n    MessageBatch,\n" in messages
    index = docs["docs/index.md"]
    assert "[`client.beta.messages.create(" in index
    assert "(api/beta.md#clientbetamessagescreate)" in index


def test_a_method_shows_its_page_texts(package: PackageContext, docs: dict[str, str]) -> None:
    """Summary, description and every parameter's description: the texts docstrings use."""
    create = next(
        o for o in package.operations if o.client_call.startswith("client.messages.create(")
    )
    section = docs["docs/api/messages.md"].split("## client.messages.create\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert create.summary and create.description
    for parameter in create.parameters:
        row = next(
            line for line in section.splitlines() if line.startswith(f"| `{parameter.name}`")
        )
        assert parameter.description.split("\n", 1)[0].split("`", 1)[0][:30] in row


def test_every_type_is_listed_once(package: PackageContext) -> None:
    docs = build_docs(package)
    listed = [
        t.name
        for page in docs.resources
        for section in page.sections
        for group in section.types
        for t in group.types
    ] + [t.name for group in docs.shared for t in group.types]
    every = [*package.models, *package.aliases, *package.request_types, *package.request_aliases]
    assert sorted(listed) == sorted(t.name for t in every)
    operations = [m.operation for p in docs.resources for s in p.sections for m in s.methods]
    assert len(operations) == len(package.operations) == len(docs.operations)


def test_colliding_headings_get_suffixes_derived_from_their_names() -> None:
    def by_capitals(name: str) -> str:
        return ", ".join(str(i + 1) for i, c in enumerate(name) if c.isupper())

    both = _unique_headings({"FooBar": "FooBar", "Foobar": "Foobar", "Baz": "Baz"}, by_capitals)
    assert both == {"FooBar": "FooBar (1, 4)", "Foobar": "Foobar (1)", "Baz": "Baz"}
    # The same heading whatever else the page holds: no counter, no order.
    alone = _unique_headings({"Foobar": "Foobar", "FooBar": "FooBar"}, by_capitals)
    assert alone == {k: both[k] for k in alone}


# The rows the built-in templates placed cell by cell before `row` (docs/templates.md): an
# override that lays a table out from the cells must keep getting the same pages.
CELL_BY_CELL = {
    "docs/types.md.jinja": {
        "{{ f.row }}": (
            "| {{ f.name_cell }} | {{ f.type_cell }} | {% if f.field.required %}yes{% else %}no"
            "{% endif %} | {{ f.description_cell }} |"
        ),
        "{{ k.row }}": (
            "| {{ k.name_cell }} | {{ k.type_cell }} | {% if k.key.required %}yes{% else %}no"
            "{% endif %} | {{ k.description_cell }} |"
        ),
    },
    "docs/resource.md.jinja": {
        "{{ p.row }}": (
            "| {{ p.parameter.name|md_code_cell }}{% if p.parameter.name != p.parameter.wire_name"
            " %} ({{ p.parameter.wire_name|md_code_cell }}){% endif %} | "
            "{{ p.parameter.location|md_cell }} | {{ p.parameter.annotation|md_code_cell }}"
            "{% for t in p.types %} [{{ t.name }}]({{ t.href }}){% endfor %} | "
            "{% if p.parameter.required %}yes{% else %}no{% endif %} | "
            "{{ p.parameter.description|md_cell }} |"
        ),
    },
}


def test_a_template_composing_the_cells_renders_what_the_rows_render(
    package: PackageContext, docs: dict[str, str], tmp_path: Path
) -> None:
    override = tmp_path / "overrides"
    (override / "docs").mkdir(parents=True)
    for template, rows in CELL_BY_CELL.items():
        text = (ROOT / "templates" / template).read_text(encoding="utf-8")
        for row, cells in rows.items():
            assert text.count(row) == 1
            text = text.replace(row, cells)
        (override / template).write_text(text, encoding="utf-8")
    theirs = render_docs(package, load_templates(override))
    assert theirs == docs
    # The tree's pages hold every kind of row the cells make: an aliased field, a required
    # and an optional key, a parameter whose name differs from its wire name.
    assert any(" (`" in f.name_cell for p in build_docs(package).types for f in _rows(p))
    assert "| yes |" in docs["docs/types/beta.md"] and "| no |" in docs["docs/types/beta.md"]
    assert any(
        p.parameter.name != p.parameter.wire_name
        for page in build_docs(package).resources
        for s in page.sections
        for m in s.methods
        for p in m.parameters
    )


def _rows(page: TypesPage) -> list[FieldDoc]:
    return [f for m in page.models for f in m.fields]
