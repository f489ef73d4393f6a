"""The runtime files are copied verbatim into generated packages, so they must lint,
be formatted, pass `mypy --strict`, and import nothing but the standard library, httpx,
pydantic and each other (relatively), plus optional extras inside a function and a
`try: ... except ImportError` that says what to install."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import RUNTIME_DIR

ROOT = RUNTIME_DIR.parents[1]
RUNTIME_FILES = sorted(RUNTIME_DIR.glob("*.py"))
ALLOWED_PACKAGES = {"httpx", "pydantic"}
OPTIONAL_PACKAGES = {"httpx_aiohttp"}  # DefaultAioHttpClient's transport
RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,N,C4,RET,PIE"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_runtime_files_exist() -> None:
    names = {path.name for path in RUNTIME_FILES}
    assert {"_types.py", "_exceptions.py", "_models.py", "_base_client.py"} <= names
    assert {"_pagination.py", "_streaming.py", "_jsonl.py", "_logs.py", "_http_clients.py"} <= names


def _guarded_optional_imports(tree: ast.Module) -> set[ast.AST]:
    """Imports of optional packages inside a function, in a `try` that catches ImportError."""
    guarded: set[ast.AST] = set()
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Try) and any(
                isinstance(handler.type, ast.Name) and handler.type.id == "ImportError"
                for handler in node.handlers
            ):
                guarded.update(statement for statement in node.body)
    return guarded


@pytest.mark.parametrize("path", RUNTIME_FILES, ids=lambda path: path.name)
def test_imports_are_stdlib_httpx_pydantic_or_relative(path: Path) -> None:
    tree = ast.parse(path.read_text())
    guarded = _guarded_optional_imports(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots = [(node.module or "").split(".")[0]]
        else:
            continue
        for root in roots:
            if root in OPTIONAL_PACKAGES and node in guarded:
                continue
            assert root in sys.stdlib_module_names or root in ALLOWED_PACKAGES, (
                f"{path.name}:{node.lineno} imports {root}"
            )


def test_an_unguarded_optional_import_is_caught() -> None:
    unguarded = ast.parse("import httpx_aiohttp\n")
    assert _guarded_optional_imports(unguarded) == set()
    guarded = ast.parse(
        "def f():\n    try:\n        import httpx_aiohttp\n    except ImportError:\n        raise\n"
    )
    assert len(_guarded_optional_imports(guarded)) == 1


def test_ruff_check_and_format() -> None:
    checked = _run("ruff", "check", "--extend-select", RUFF_RULES, str(RUNTIME_DIR))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = _run("ruff", "format", "--check", str(RUNTIME_DIR))
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_mypy_strict(tmp_path: Path) -> None:
    """The runtime as a package of its own, plus the generated-like client using it:
    generated code written like fake_api.py type-checks too."""
    package = tmp_path / "sdk"
    package.mkdir()
    for path in RUNTIME_FILES:
        shutil.copy(path, package / path.name)
    (package / "__init__.py").write_text("")
    shutil.copy(Path(__file__).with_name("fake_api.py"), tmp_path / "fake_api.py")
    # A cache outside the repo keeps reruns fast; a cold run takes a few seconds.
    cache = Path(tempfile.gettempdir()) / "refgen-runtime-mypy-cache"
    result = _run(
        "mypy", "--strict", "--cache-dir", str(cache), "-p", "sdk", "-m", "fake_api", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
