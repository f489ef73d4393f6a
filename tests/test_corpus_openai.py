"""Every OpenAI page (English and Chinese) parses into a valid document, one operation per
`**method** `path`` line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from generator.pipeline import parse_pages
from tests.conftest import OPENAI_PAGES, OPENAI_ZH_PAGES

OPERATION_LINE = re.compile(r"^\*\*(get|post|put|patch|delete)\*\* `([^`]+)`\s*$", re.MULTILINE)


def operation_lines(page: Path) -> set[tuple[str, str]]:
    return set(OPERATION_LINE.findall(page.read_text(encoding="utf-8")))


def operations(document: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in document["paths"].items() for method in item}


@pytest.mark.parametrize("page", OPENAI_PAGES + OPENAI_ZH_PAGES, ids=lambda p: p.name)
def test_each_page_gives_one_operation_per_operation_line(page: Path) -> None:
    result = parse_pages([page])
    validate(result.document)
    lines = OPERATION_LINE.findall(page.read_text(encoding="utf-8"))
    assert len(lines) == len(set(lines))  # no page repeats an operation line
    assert operations(result.document) == set(lines)


def test_all_pages_together() -> None:
    result = parse_pages([p.parent for p in OPENAI_PAGES[:1]] + [OPENAI_ZH_PAGES[0].parent])
    validate(result.document)
    expected = set().union(*(operation_lines(p) for p in OPENAI_PAGES + OPENAI_ZH_PAGES))
    assert operations(result.document) == expected
    assert len(expected) == 40  # 25 in organization_projects.md, 5 in files.md, 3 in models.md, ...
    assert result.pages == 11


def test_operation_ids_are_unique_and_readable() -> None:
    result = parse_pages([OPENAI_PAGES[0].parent])
    ids = [op["operationId"] for item in result.document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))
    assert {
        "files_list",
        "files_retrieve",
        "files_delete",
        "files_content",
        "files_upload",
        "organization_projects_users_list",
        "organization_projects_archive",
        "models_list",
        "fine_tuning_jobs_resume",
        "audio_speech_create",
    } <= set(ids)


def test_translated_headings_are_understood() -> None:
    (page,) = OPENAI_ZH_PAGES
    operation = parse_pages([page]).document["paths"]["/files/{file_id}"]["get"]
    assert operation["operationId"] == "files_retrieve"  # from REST conventions: no English summary
    assert operation["parameters"][0]["name"] == "file_id"
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FileObject"
    }
