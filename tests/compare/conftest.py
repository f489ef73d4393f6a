"""Shared fixtures: the official OpenAI specs (parsed once per session) and fixture pairs."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.compare.comparison import DocumentComparison, compare_documents
from generator.spec.load import load_spec

Document = dict[str, Any]

FIXTURES = Path(__file__).parent / "fixtures"
ANCHORS = Path(__file__).resolve().parents[2].parent / "shared" / "anchors" / "openai-openapi"


def _official(relative: str) -> Document:
    """Parse an anchor file (session fixtures: once per test process; never mutate it)."""
    path = ANCHORS / relative
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return load_spec(path).document


@pytest.fixture(scope="session")
def newest_spec() -> Document:
    return _official("openapi.yaml")


@pytest.fixture(scope="session")
def seed_spec() -> Document:
    return _official("seed-era-5162af9/openapi.yaml")


@pytest.fixture(scope="session")
def fine_tuning_extract() -> Document:
    """The fine-tuning extract of the newest spec as an OpenAPI document of its own."""
    path = ANCHORS / "extracts" / "fine_tuning-all.yaml"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    extract: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), yaml.CSafeLoader)
    return {
        "openapi": "3.1.0",
        "info": {"title": "fine-tuning extract", "version": "1"},
        "paths": extract["paths"],
        "components": {"schemas": extract["schemas"]},
    }


def fixture_path(name: str, side: str) -> Path:
    """`fixtures/NAME.SIDE.yaml` or `.json`."""
    (path,) = FIXTURES.glob(f"{name}.{side}.*")
    return path


@pytest.fixture
def compare_fixture() -> Callable[[str], DocumentComparison]:
    def compare(name: str) -> DocumentComparison:
        return compare_documents(
            load_spec(fixture_path(name, "reconstructed")).document,
            load_spec(fixture_path(name, "authoritative")).document,
        )

    return compare
