"""generate hands the package to ruff in two parts (generation.render_overlapped): the types
modules while the resources render, then the rest. The parts are render_code's files in its
order, formatted exactly as one ruff over the whole package formats them, and no ruff is left
running (nor its scratch folder left behind) when the render fails half way."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator.generation import render_overlapped
from generator.render import files as rendering
from generator.render import format as formatting
from generator.render.context import build_context
from generator.render.files import code_parts, load_templates, render_code

PACKAGE = "resume_client"


def test_the_parts_are_render_codes_files_in_its_order(resume_document: dict[str, Any]) -> None:
    used = load_templates(None)
    context = build_context(resume_document, PACKAGE, used.reserved)
    first, rest = code_parts(context, used)
    whole = render_code(context, used)
    assert [*first, *rest] == list(whole)
    assert {**first, **rest} == whole
    types = {path for path in whole if path.startswith(f"{PACKAGE}/types/")}
    resources = {path for path in whole if path.startswith(f"{PACKAGE}/resources/")}
    assert types and resources
    assert types <= set(first) and not resources & set(first)
    assert resources <= set(rest)


def test_formatted_in_parts_is_the_package_formatted_whole(
    resume_document: dict[str, Any],
) -> None:
    used = load_templates(None)
    at_once = formatting.format_python(
        render_code(build_context(resume_document, PACKAGE, used.reserved), used)
    )
    files, _ = render_overlapped(resume_document, PACKAGE, None)
    package = {path: text for path, text in files.items() if path.startswith(f"{PACKAGE}/")}
    assert package == at_once
    assert any(at_once[p] != rendered for p, rendered in _unformatted(resume_document).items())


def _unformatted(document: dict[str, Any]) -> dict[str, str]:
    used = load_templates(None)
    return render_code(build_context(document, PACKAGE, used.reserved), used)


def test_a_render_failing_after_the_first_part_leaves_no_ruff_behind(
    resume_document: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    started: list[formatting.Formatting] = []
    start, render, formatted = (
        formatting.start_formatting,
        rendering._render,
        formatting._formatted,
    )

    def spied_start(files: dict[str, str], fix_imports: bool = False) -> formatting.Formatting:
        started.append(start(files, fix_imports))
        return started[-1]

    def slow_ruff(files: dict[str, str], fix_imports: bool) -> dict[str, str]:
        time.sleep(0.3)  # still at work when the render fails, unless waited for
        return formatted(files, fix_imports)

    def failing_render(environment: Any, name: str, **values: Any) -> str:
        if name == "package/resources/resource.py.jinja":
            raise RuntimeError("the resources' template failed")
        return render(environment, name, **values)

    monkeypatch.setattr(formatting, "start_formatting", spied_start)
    monkeypatch.setattr(formatting, "_formatted", slow_ruff)
    monkeypatch.setattr(rendering, "_render", failing_render)
    with pytest.raises(RuntimeError, match="resources' template"):
        render_overlapped(resume_document, PACKAGE, None)
    assert len(started) == 1  # the types modules' ruff had begun
    assert not any(f._thread.is_alive() for f in started)
    assert list(scratch.iterdir()) == []


def test_ruff_is_found_by_the_thread_that_starts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding ruff reads sysconfig, whose first use is not thread-safe: two ruff threads
    finding it at once failed (AttributeError: 'userbase'). The caller finds it, once."""
    finders: list[threading.Thread] = []
    find = formatting.find_ruff_bin

    def spied_find() -> str:
        finders.append(threading.current_thread())
        return find()

    monkeypatch.setattr(formatting, "find_ruff_bin", spied_find)
    formatting._ruff_binary.cache_clear()
    try:
        runs = [formatting.start_formatting({"m.py": "x=1\n"}) for _ in range(2)]
        assert [run.result() for run in runs] == [{"m.py": "x = 1\n"}] * 2
    finally:
        formatting._ruff_binary.cache_clear()
    assert finders == [threading.current_thread()]
