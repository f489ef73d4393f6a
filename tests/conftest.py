"""Shared fixtures: where the corpus is, and parsed documents cached per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
OPENAI_PAGES = sorted((CORPUS / "openai").glob("*.md"))
OPENAI_ZH_PAGES = sorted((CORPUS / "openai-zh").glob("*.md"))
RESUME_PAGE = CORPUS / "openai" / "fine_tuning_jobs_resume.md"


@pytest.fixture(scope="session")
def resume_document() -> dict:
    from generator.pipeline import parse_pages

    return parse_pages([RESUME_PAGE]).document
