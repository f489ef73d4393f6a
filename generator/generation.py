"""The generating half of the pipeline: an OpenAPI document → the files of the package and
its docs, in memory. `refgen generate` imports this alone, not the pages' reader and the
OpenAPI builder of pipeline.py, which it never runs (a tenth of its start-up).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from generator.extensions import Extension
from generator.forked import FollowedJob
from generator.gcpause import without_gc
from generator.output import FileMap, check_relative_path

if TYPE_CHECKING:  # (imported by what renders: `refgen parse` needs neither)
    from generator.render.files import Templates

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
    prepared: Templates | None = None,
) -> FileMap:
    """The generated package and docs, formatted, as {relative path: text}; the same bytes
    whatever `jobs` (the processes it may use) is. `prepared`: prepared_templates(templates),
    when the caller made them ahead."""
    files, _ = render_overlapped(
        document,
        package,
        templates,
        client_name=client_name,
        extensions=extensions,
        jobs=jobs,
        prepared=prepared,
    )
    return files


def prepared_templates(templates: Path | None) -> Templates:
    """The templates of `templates` (refgen's own when None) with every one compiled, and
    the modules that render imported: what rendering starts with, made while another process
    reads the input (0.2 s of imports and 0.2 s of compiling, which would otherwise come
    after it). Compiling a template the document does not use is the price of doing it
    ahead; a template that does not compile is left for the render (which reports it if it
    uses it)."""
    import generator.render.context  # noqa: F401 (imported now, used by render_overlapped)
    from generator.render.files import load_templates

    used = load_templates(templates)
    for environment, folder in ((used.code, "package/"), (used.docs, "docs/")):
        assert environment.loader is not None
        for name in environment.loader.list_templates():
            if name.startswith(folder) and name.endswith(".jinja"):
                # Whatever the failure (syntax, a file that is not UTF-8), the render meets
                # it again in the templates it uses, and reports it there as it always has.
                with contextlib.suppress(Exception):
                    environment.get_template(name)
    return used


def render_overlapped(
    document: Document,
    package: str,
    templates: Path | None,
    meanwhile: Callable[[], _R] | None = None,
    client_name: str | None = None,
    extensions: tuple[Extension, ...] = (),
    jobs: int = 1,
    prepared: Templates | None = None,
) -> tuple[FileMap, _R | None]:
    """render_package then format_python, the same files in the same order, with the work
    that does not need ruff done beside it: the docs, and `meanwhile` (build dumps the
    fragment then). With `jobs` > 1 a process forked once the template context is built
    renders the last files of the package (WORKER_SHARE of their weight), sends them, then
    renders the docs, while this one renders the first files and ruff formats them all:
    the two halves end together (ruff runs while this process waits). With one job this
    process renders every file in the same order, the docs while ruff runs. Either way the
    first error in the package's order is the one raised, then the docs'."""
    # Imported here: `refgen parse` renders nothing, and these (Jinja, the type model) are a
    # third of what it would import.
    from generator.render.context import build_context
    from generator.render.files import code_files, load_templates, render_docs, rendered
    from generator.render.format import start_formatting

    used = prepared if prepared is not None else load_templates(templates)
    context = build_context(document, package, used.reserved, client_name, extensions)
    files = code_files(context, used)
    split = worker_split([file.weight for file in files], WORKER_SHARE)

    def last_files() -> FileMap:
        return rendered(files[split:])

    def beside_ruff(_: FileMap) -> tuple[FileMap, _R | None]:
        return render_docs(context, used), meanwhile() if meanwhile is not None else None

    # Started before ruff's thread: a process is forked only while it runs one thread.
    worker = FollowedJob(last_files, beside_ruff, jobs)
    try:
        code = rendered(files[:split])
        code.update(worker.result())
        for path in code:  # before ruff sees them: its files are written to disk
            check_relative_path(path)
        formatting = start_formatting(code, fix_imports=templates is not None)
        try:
            pages, extra = worker.then_result()
        finally:
            formatted = formatting.result()
    finally:
        worker.cancel()  # (when this process gave up before asking for the results)
    return {**code, **formatted, **pages}, extra


# The part of the package's render (by weight) the docs worker takes, rendering the last
# files: it balances the worker's docs against this process's render and ruff's run after
# it (measured on the 2026-08-22 tree: the package 0.5 s of CPU, the docs 0.45 s, ruff
# 0.18 s of wall time).
WORKER_SHARE = 0.2


def worker_split(weights: list[int], share: float = WORKER_SHARE) -> int:
    """Where the files the worker renders start: the longest tail of `weights` that weighs
    at most `share` of them all."""
    budget = share * sum(weights)
    split = len(weights)
    while split > 0 and weights[split - 1] <= budget:
        split -= 1
        budget -= weights[split]
    return split
