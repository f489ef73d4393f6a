"""Generated code is first-class: it passes `ruff check` and `mypy --strict`, imports only the
standard library, pydantic and httpx, and ships a py.typed marker."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.conftest import OPENAI_PAGES, ROOT
from tests.generated_package import (
    GOLDEN,
    generate_into,
    golden_package,
    mypy_strict_findings,
    ruff_findings,
)

GOLDEN_CASES = sorted(p.parent.name for p in GOLDEN.glob("*/refgen.yaml"))
ALLOWED_TOP_LEVEL = {"httpx", "pydantic", "typing_extensions"} | set(sys.stdlib_module_names)


@pytest.fixture(scope="module")
def corpus_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One package from all the OpenAI pages together: 40 operations, 120 schemas."""
    directory = tmp_path_factory.mktemp("corpus")
    generate_into(directory, [OPENAI_PAGES[0].parent], "openai_corpus")
    return directory / "openai_corpus"


@pytest.fixture(scope="module")
def golden_packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The golden packages as committed, with the runtime they ship with."""
    directory = tmp_path_factory.mktemp("golden")
    return sorted(
        p.parent
        for case in GOLDEN_CASES
        for p in golden_package(case, directory).glob("*/__init__.py")
    )


def packages(corpus_package: Path, golden_packages: list[Path]) -> list[Path]:
    return [*golden_packages, corpus_package, ROOT / "generated" / "openai_fine_tuning"]


def test_ruff_check_passes(corpus_package: Path, golden_packages: list[Path]) -> None:
    """Under ruff's default settings (line length 88: a team vendoring the package) and
    under the project's."""
    for package in packages(corpus_package, golden_packages):
        findings = ruff_findings(package)
        assert not findings, findings


def test_mypy_strict_passes(
    corpus_package: Path, golden_packages: list[Path], tmp_path: Path
) -> None:
    for package in packages(corpus_package, golden_packages):
        findings = mypy_strict_findings(package, tmp_path / "mypy")
        assert not findings, findings


def test_imports_only_the_standard_library_pydantic_and_httpx(
    corpus_package: Path, golden_packages: list[Path]
) -> None:
    for package in packages(corpus_package, golden_packages):
        for module in package.rglob("*.py"):
            tree = ast.parse(module.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module or ""]
                else:
                    continue
                for name in names:
                    if module.name == "_http_clients.py" and name == "httpx_aiohttp":
                        continue  # optional, guarded (tests/runtime/test_static_checks.py)
                    assert name.split(".")[0] in ALLOWED_TOP_LEVEL, f"{module}: imports {name}"


def test_ships_py_typed(corpus_package: Path, golden_packages: list[Path]) -> None:
    for package in packages(corpus_package, golden_packages):
        assert (package / "py.typed").is_file()
