"""The tree's conventions (pages/era.py) read a declaration only when it holds a word still
wanted (issue 16, the `docbuild` lane of session 10): the same verdict as reading every
declaration with every pattern, the former code kept here as the oracle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.pages import era
from tests.conftest import ANTHROPIC, CORPUS


def _every_declaration_read(texts: list[str]) -> dict[str, bool]:
    said = {"nullable": False, "type": False, "required": False}
    for text in texts:
        text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
        said["nullable"] = said["nullable"] or re.search(r"\bor\s+null\b", text) is not None
        said["type"] = said["type"] or re.search(r"\binteger\b", text) is not None
        said["required"] = said["required"] or re.search(r"^[^:]*:\s*optional\s", text) is not None
    return {**said, "enum": True, "body": True, "schema": True}


@dataclass
class _Node:
    text: str


def _conventions_of(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, bool]:
    monkeypatch.setattr(era, "_declarations", lambda pages: iter([_Node(t) for t in texts]))
    return era.conventions([])


_PIECES = st.sampled_from(
    ['"', "\\", ":", " ", "  ", "or", "null", "integer", "optional", "nullable", "x", "_", "`"]
)
_TEXTS = st.lists(st.lists(_PIECES, max_size=12).map("".join), max_size=6)


@given(_TEXTS)
def test_the_words_first_give_the_verdict_of_every_pattern(texts: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        assert _conventions_of(texts, patch) == _every_declaration_read(texts)


@pytest.mark.parametrize(
    "texts",
    [
        ['name: "or null"', "x: string"],  # the words only inside a literal: not said
        ['kind: "a" or null'],
        ["count: integer_like", "n: integer"],
        ["a: optional string", 'b: "optional" string'],
        ["UnionMember0 = optional integer or null"],  # no colon before `optional`
    ],
)
def test_words_inside_literals_and_names_say_nothing(
    texts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _conventions_of(texts, monkeypatch) == _every_declaration_read(texts)


@pytest.mark.parametrize(
    "folder", [ANTHROPIC / "2025-12-11", ANTHROPIC / "2026-08-22", CORPUS / "openai"], ids=str
)
def test_the_corpus_trees_keep_their_conventions(folder: Any) -> None:
    from generator.diagnostics import Diagnostics
    from generator.pipeline import read_pages

    pages = read_pages([folder], Diagnostics())
    texts = [node.text for node in era._declarations(pages)]
    assert era.conventions(pages) == _every_declaration_read(texts)
