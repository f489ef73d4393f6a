"""Every folder of the corpus (../shared/corpus, found by `corpus_folders`: both OpenAI sets,
both Anthropic trees and the single resources of other days, the pages of other vendors under
others/, and any folder added later) parses into a valid OpenAPI 3.1 document with one
operation per operation line, and its generated package passes `ruff check` and
`mypy --strict`. (Every folder's examples round-trip in tests/test_examples_roundtrip.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from openapi_spec_validator import validate

from tests.conftest import CORPUS
from tests.corpus_examples import corpus_folders, parsed_folder
from tests.generated_package import generate_into, mypy_strict_findings, ruff_findings
from tests.test_corpus_openai import OPERATION_LINE

FOLDERS = corpus_folders()


def test_every_folder_of_the_corpus_is_found() -> None:
    # The discovery itself: each page of the corpus belongs to exactly one folder tested.
    pages = {p for p in CORPUS.rglob("*.md") if p.name != "README.md"}
    owners = {p: [f for f in FOLDERS if f in p.parents] for p in pages}
    assert all(len(found) == 1 for found in owners.values())
    names = {_id(folder) for folder in FOLDERS}
    assert {"openai", "openai-zh", "anthropic/2026-08-22", "others/letta"} <= names


def _id(folder: Path) -> str:
    return str(folder.relative_to(CORPUS))


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_every_page_parses_into_a_valid_document(folder: Path) -> None:
    result = parsed_folder(folder)
    validate(result.document)
    expected = {
        line
        for page in folder.rglob("*.md")
        for line in OPERATION_LINE.findall(page.read_text(encoding="utf-8"))
    }
    # Routes: a stable and a beta page of one route are two operations (`?beta=true`).
    routes = {
        (method, path.split("?", 1)[0])
        for path, item in result.document["paths"].items()
        for method in item
    }
    assert routes == expected
    assert not [d for d in result.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("folder", FOLDERS, ids=_id)
def test_the_generated_package_passes_ruff_and_mypy_strict(folder: Path, tmp_path: Path) -> None:
    package = "corpus_" + folder.name.replace("-", "_")
    generate_into(tmp_path / "out", [folder], package)
    assert not ruff_findings(tmp_path / "out" / package)
    assert not mypy_strict_findings(tmp_path / "out" / package, tmp_path / "mypy")
