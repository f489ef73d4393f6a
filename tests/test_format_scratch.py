"""ruff formats a copy of the generated modules in a scratch folder (render/format.py): in
memory when the system has a folder there, in TMPDIR when the user names one, and nothing of
it is left behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.render import format as formatting

MODULES = {
    "pkg/types/thing.py": "import os\nfrom typing import Any\nx : Any=1\n__all__=['x']\n",
    "pkg/__init__.py": "from pkg.types.thing import x\nimport sys\n__all__ = ['x']\n",
    "docs/index.md": "# not Python\n",
}


def test_formatting_in_a_memory_folder_leaves_nothing_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert formatting._scratch_parent() == str(tmp_path)
    formatted = formatting.format_python(MODULES)
    # Formatted only: imports are the renderer's to write right (render/import_order.py),
    # so the unused and unsorted ones stay as they were.
    assert formatted["pkg/types/thing.py"] == (
        'import os\nfrom typing import Any\n\nx: Any = 1\n__all__ = ["x"]\n'
    )
    assert formatted["pkg/__init__.py"] == (
        'from pkg.types.thing import x\nimport sys\n\n__all__ = ["x"]\n'
    )
    assert formatted["docs/index.md"] == MODULES["docs/index.md"]
    assert list(tmp_path.iterdir()) == []


def test_with_fixes_unused_imports_go_from_an_init_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a user's templates get (generation.render_overlapped): ruff shown an `__init__`
    as a module, so the unused import goes and the re-export through `__all__` stays."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    formatted = formatting.format_python(MODULES, fix_imports=True)
    assert formatted["pkg/types/thing.py"] == (
        'from typing import Any\n\nx: Any = 1\n__all__ = ["x"]\n'
    )
    assert formatted["pkg/__init__.py"] == 'from pkg.types.thing import x\n\n__all__ = ["x"]\n'
    assert list(tmp_path.iterdir()) == []


def test_tmpdir_named_by_the_user_is_where_the_scratch_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "elsewhere"))
    assert formatting._scratch_parent() is None  # tempfile's choice: TMPDIR


def test_a_memory_folder_that_cannot_be_used_is_passed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TMPDIR", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "missing"))
    monkeypatch.setattr(formatting, "_MEMORY_FOLDERS", ("XDG_RUNTIME_DIR", str(tmp_path / "no")))
    assert formatting._scratch_parent() is None
