"""The docs, laid out like the official SDKs' api.md (issue 12 item 8), on the client
generated from the 2026-08-22 Anthropic tree: a page per top-level resource with its types
and methods, a page per types module with every model's fields, an index linking them, and
every link landing on a file and a heading that exist.

Anchors are checked the way a reader's renderer finds them: markdown-it reads each page, and
each heading's slug is computed from its rendered text by GitHub's rule, not by refgen's code.
"""

from __future__ import annotations

import posixpath
from typing import Any

import pytest

from generator.render.apidocs import _unique_headings, build_docs
from generator.render.context import PackageContext, build_context
from generator.render.files import builtin_reserved_names, load_templates, render_docs
from tests.conftest import parsed_tree
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
