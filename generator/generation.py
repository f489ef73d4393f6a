"""The generating half of the pipeline: an OpenAPI document → the files of the package and
its docs, in memory. `refgen generate` imports this alone, not the pages' reader and the
OpenAPI builder of pipeline.py, which it never runs (a tenth of its start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from generator.extensions import Extension
from generator.forked import Job
from generator.gcpause import without_gc
from generator.output import FileMap, check_relative_path

Document = dict[str, Any]
_R = TypeVar("_R")


@without_gc
def render_files(
    document: Document,
    package: str,
    templates: Path | None = None,
    client_name: str | None = None,
    extensions: tuple[Extension, ...] = (),
    jobs: int = 1,
) -> FileMap:
    """The generated package and docs, formatted, as {relative path: text}; the same bytes
    whatever `jobs` (the processes it may use) is."""
    files, _ = render_overlapped(
        document, package, templates, client_name=client_name, extensions=extensions, jobs=jobs
    )
    return files


def render_overlapped(
    document: Document,
    package: str,
    templates: Path | None,
    meanwhile: Callable[[], _R] | None = None,
    client_name: str | None = None,
    extensions: tuple[Extension, ...] = (),
    jobs: int = 1,
) -> tuple[FileMap, _R | None]:
    """render_package then format_python, the same files in the same order, with the work
    that does not need ruff done beside it: the docs, and `meanwhile` (build dumps the
    fragment then). With `jobs` > 1 that work runs in a forked process on the second core
    from the moment the template context is built, while this one renders the package and
    ruff formats it; with one job, in this process while ruff runs in its own."""
    # Imported here: `refgen parse` renders nothing, and these (Jinja, the type model) are a
    # third of what it would import.
    from generator.render.context import build_context
    from generator.render.files import load_templates, render_code, render_docs
    from generator.render.format import start_formatting

    used = load_templates(templates)
    context = build_context(document, package, used.reserved, client_name, extensions)

    def beside_ruff() -> tuple[FileMap, _R | None]:
        return render_docs(context, used), meanwhile() if meanwhile is not None else None

    # Started before ruff's thread: a process is forked only while it runs one thread.
    docs = Job(beside_ruff, jobs)
    try:
        code = render_code(context, used)
        for path in code:  # before ruff sees them: its files are written to disk
            check_relative_path(path)
        formatting = start_formatting(code, fix_imports=templates is not None)
        try:
            pages, extra = docs.result()
        finally:
            formatted = formatting.result()
    finally:
        docs.cancel()  # (when this process gave up before asking for the result)
    return {**code, **formatted, **pages}, extra
