"""Shared fixtures: where the corpus is, and parsed documents cached per session."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

from tests.http_server import ScriptedServer, running_server

if TYPE_CHECKING:
    from generator.pipeline import ParseResult

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
OPENAI_PAGES = sorted((CORPUS / "openai").glob("*.md"))
OPENAI_ZH_PAGES = sorted((CORPUS / "openai-zh").glob("*.md"))
RESUME_PAGE = CORPUS / "openai" / "fine_tuning_jobs_resume.md"

# Property tests explore new examples on every run of a developer's `make test` (that is how
# the type grammar's counterexamples were found), but CI must give the same verdict for the
# same commit: .ci/run sets HYPOTHESIS_PROFILE=ci, which draws the same examples every time.
# A counterexample found locally becomes a named test (tests/test_type_grammar.py has several).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user's cache (where `refgen generate` keeps the JSON twins of its YAML inputs,
    generator/twins.py) is a folder of the test session, for refgen run in process and in
    subprocesses (tests/cli_run.py passes it on): tests write only under pytest's folders."""
    folder = tmp_path_factory.mktemp("user-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REFGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    """A real HTTP server on 127.0.0.1 (tests/http_server.py), for every client test."""
    yield from running_server()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# The client generated from the 2026-08-22 tree as the official SDK's drop-in (issue 12),
# written once per test process for the tests of its layout and of its requests.
SDK_PACKAGE = "anthropic_sdk"


@pytest.fixture(scope="session")
def sdk_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the generated package `anthropic_sdk` and its docs."""
    from generator.output import write_tree
    from generator.pipeline import render_files

    directory = tmp_path_factory.mktemp(SDK_PACKAGE)
    document = parsed_tree("2026-08-22").document
    write_tree(directory, render_files(document, SDK_PACKAGE, client_name="Anthropic"))
    return directory


@pytest.fixture(scope="session")
def resume_document() -> dict:
    from generator.pipeline import parse_pages

    return parse_pages([RESUME_PAGE]).document


ANTHROPIC = CORPUS / "anthropic"
# The two whole documentation trees; the other Anthropic folders hold single resources.
TREES = ("2026-05-09", "2026-08-22")


@functools.cache
def parsed_tree(name: str) -> ParseResult:
    """A whole Anthropic tree, parsed once per test process (the newer one takes seconds)."""
    from generator.pipeline import parse_pages

    return parse_pages([ANTHROPIC / name])
