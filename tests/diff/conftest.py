"""Shared fixtures for the diff tests: paths, and the big OpenAI specs loaded once a session."""

from pathlib import Path

import pytest

from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.records import Report, Side

HERE = Path(__file__).parent
SHARED = HERE.parents[2] / "shared"
OPENAI = SHARED / "anchors" / "openai-openapi"


@pytest.fixture(scope="session")
def openai_pair() -> tuple[Side, Side]:
    """The seed-era (2026-05-13) and newest (2026-08-21) official OpenAI specs, ~3 MB each."""
    base, revision = OPENAI / "seed-era-5162af9" / "openapi.yaml", OPENAI / "openapi.yaml"
    if not (base.is_file() and revision.is_file()):
        pytest.skip("../shared/anchors/openai-openapi is not beside this checkout")
    return load_side(base), load_side(revision)


ANTHROPIC = SHARED / "corpus" / "anthropic"


@pytest.fixture(scope="session")
def openai_report(openai_pair: tuple[Side, Side]) -> Report:
    return compare_sides(*openai_pair)


@pytest.fixture(scope="session")
def anthropic_report() -> Report:
    """The Anthropic reference pages 2026-05-09 → 2026-08-22, parsed (220 → 403 files)."""
    base, revision = ANTHROPIC / "2026-05-09", ANTHROPIC / "2026-08-22"
    if not (base.is_dir() and revision.is_dir()):
        pytest.skip("../shared/corpus is not beside this checkout")
    return compare_sides(load_side(base), load_side(revision))
