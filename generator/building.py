"""A build's course in time: the parse worker first, this process's own preparation while it
parses, then the render.

The parse (pages → OpenAPI document) is one core's work and the longest step of a build, so
it starts as soon as the configuration is read: Build() forks the worker, and whatever this
process does before it asks for the document (the build record's key, the checks of the
output places, importing and compiling the renderer) is done while the worker parses. This
module imports no stage when it is loaded, so that each process imports only its own side:
the worker the pages' scanner and the document builder, this process the renderer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Self

from generator.forked import FollowedJob

if TYPE_CHECKING:
    from generator.config import Config
    from generator.diagnostics import Diagnostic
    from generator.openapi.document import Document
    from generator.pipeline import ParseResult

FileMap = dict[str, str]


@dataclass(frozen=True)
class BuildOutput:
    """Everything `refgen build` writes, in memory (the generated tree with its manifest)."""

    openapi: str
    source_map: str
    generated: FileMap
    diagnostics: list[Diagnostic]


class Build:
    """One build of `config`, its parse started at once (in a forked worker when `jobs` > 1
    and forking is safe; else by output()). Use it in a `with` block: leaving the block
    stops a worker whose results were not asked for (an error came first, or the build
    turned out not to be needed). The same bytes whatever `jobs` is."""

    def __init__(self, config: Config, jobs: int = 1) -> None:
        self._config, self._jobs = config, jobs
        steps = _ParseThenDump(config, jobs)
        self._parsing = FollowedJob(steps.parse, steps.dump, jobs)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._parsing.cancel()

    def output(self) -> BuildOutput:
        """The files: with a worker, this process compiles the templates while it parses,
        builds the template context once the document is here and renders while the worker
        writes the fragment's and the source map's text; with one job the text is made
        while ruff formats."""
        from generator.generation import prepared_templates, render_overlapped
        from generator.ownership import with_manifest

        config, parsing = self._config, self._parsing
        prepared = prepared_templates(config.templates) if parsing.forked else None
        document, diagnostics = parsing.result()
        files, dumped = render_overlapped(
            document,
            config.package,
            config.templates,
            None if parsing.forked else parsing.then_result,
            config.client_name,
            config.extensions,
            self._jobs,
            prepared,
        )
        if parsing.forked:
            dumped = parsing.then_result()
        assert dumped is not None
        return BuildOutput(dumped[0], dumped[1], with_manifest(files), diagnostics)


class _ParseThenDump:
    """A build's parse, then the text of what it made: parse() gives what the render needs
    (in a worker, what it sends back: the document and the warnings, not the source map),
    dump(), called after it in the same process, the fragment's and the source map's text."""

    def __init__(self, config: Config, jobs: int) -> None:
        self._config = config
        self._jobs = jobs  # (the parse's scan on two cores: parse_pages)
        self._parsed: ParseResult | None = None
        self._caller = os.getpid()

    def parse(self) -> tuple[Document, list[Diagnostic]]:
        from generator.openapi.document import ApiInfo
        from generator.pipeline import parse_pages

        config = self._config
        info = ApiInfo(title=config.title, version=config.version)
        # In a worker, the source map is made after the document is sent (by dump(): 0.07-0.1
        # s off the build's critical path), from this process's copy, which nothing changes in
        # between. Without one, the caller renders from the document itself: made now.
        in_worker = os.getpid() != self._caller
        self._parsed = parse_pages(
            config.source_paths(),
            info,
            config.root.parent,
            config.overlay,
            jobs=self._jobs,
            source_map=not in_worker,
        )
        return self._parsed.document, self._parsed.diagnostics

    def dump(self, _: object) -> tuple[str, str]:
        from generator.yamlio import dump_document

        assert self._parsed is not None, "dump() before parse()"
        parsed = self._parsed
        return dump_document(parsed.document, self._config.openapi), parsed.sources.dumps()
