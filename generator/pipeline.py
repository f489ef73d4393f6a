"""The stages, wired together: pages → page model → OpenAPI → files in memory (the last
step, shared with `refgen generate`, in generation.py).

Nothing here touches the disk except reading the inputs; writing is output.py's job, so
`build`, `check`, `diff`, golden tests and the cache are the same pipeline with a
different last step.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.building import Build, BuildOutput
from generator.config import Config
from generator.diagnostics import Diagnostic, Diagnostics, Location, RefgenError
from generator.gcpause import without_gc
from generator.openapi.document import (
    ApiInfo,
    BuiltDocument,
    Document,
    build_document,
    report_undefined,
)
from generator.openapi.infer import RULES, Rule
from generator.openapi.paths import path_errors
from generator.openapi.sourcemap import SourceMap
from generator.pages.model import Page
from generator.pages.reader import PageFile, display_path, page_files
from generator.pages.tree import scan_tree

if TYPE_CHECKING:
    from generator.generation import render_files

# render_files is the last stage (generation.py holds it, for `refgen generate` alone).
__all__ = ["BuildOutput", "ParseResult", "build", "parse_pages", "read_pages", "render_files"]


def __getattr__(name: str) -> Any:
    """render_files, imported when first asked for: a parse worker never renders (the
    renderer's modules cost it 0.03 s of imports before it can read a page)."""
    if name == "render_files":
        from generator.generation import render_files

        return render_files
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class ParseResult:
    document: Document
    made: SourceMap | _OnDemand  # the source map, made with the document or when asked for
    diagnostics: list[Diagnostic]
    pages: int

    @property
    def sources(self) -> SourceMap:
        """Locations, evidence and conventions: the source map file. When parse_pages was
        asked for none it is made now, from the document as it is: ask before changing it."""
        made = self.made
        return made if isinstance(made, SourceMap) else made.source_map()

    @property
    def source_map(self) -> dict[str, str]:
        """{JSON pointer: "file:line:col"}: the locations of the source map."""
        return self.sources.locations


def read_pages(
    paths: list[Path], diagnostics: Diagnostics, relative_to: Path | None = None
) -> list[Page]:
    """Scan every page; file names in locations are relative to `relative_to` when given
    (the project of refgen.yaml), else to the source root (pages/reader.page_files)."""
    return scan_tree(page_files(paths, relative_to), diagnostics)


def _as_shown(diagnostics: list[Diagnostic], files: list[PageFile]) -> list[Diagnostic]:
    """Messages name pages as the user did: the locations built inside use names relative
    to the source root, in a diagnostic's own location and in the `file:line` of another
    place its message names ("... and at models.md:3:1")."""
    shown = {file.name: file.shown for file in files if file.name != file.shown}
    if not shown or not diagnostics:
        return diagnostics
    names = sorted(shown, key=len, reverse=True)  # the longest name first: `beta/models.md`
    named = re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, names)) + r")(?=:\d)")

    def as_shown(text: str) -> str:
        return named.sub(lambda match: shown[match[1]], text)

    return [
        replace(
            d,
            message=as_shown(d.message),
            location=replace(d.location, file=shown.get(d.location.file, d.location.file)),
        )
        for d in diagnostics
    ]


@without_gc
def parse_pages(
    paths: list[Path],
    info: ApiInfo | None = None,
    relative_to: Path | None = None,
    overlay: Path | None = None,
    rules: tuple[Rule, ...] = RULES,
    jobs: int = 1,
    source_map: bool = True,
) -> ParseResult:
    """Read every page under `paths` and build one OpenAPI document, corrected by the
    overlay when one is given. Raises RefgenError for bad input; warnings are returned.
    `rules` are the inference rules to apply: all of them, unless a measurement leaves
    some out. With `jobs` > 1 the pages are scanned on two cores (pages/tree.py); the result is
    the same. With `source_map` false (`refgen parse` without --source-map, a build's worker
    that sends the document before it writes the source map) the source map is made only
    when asked for (`sources`, or an error that needs a place), unless an overlay needs it."""
    diagnostics = Diagnostics()
    files = page_files(paths, relative_to)
    try:
        pages = scan_tree(files, diagnostics, jobs)
        exported = source_map or overlay is not None
        built = build_document(pages, info or ApiInfo(), diagnostics, rules, exported)
        document = built.document
        on_demand = _OnDemand(built)
        sources: SourceMap | _OnDemand = on_demand
        where: Callable[[str], Location] = on_demand
        if exported:
            made = built.source_map
            if overlay is not None:
                document, made = _overlaid(document, made, overlay, diagnostics)
            sources, where = made, partial(_source_of, made.locations)
        report_undefined(built, document, diagnostics)
        # After the overlay, which can add paths too.
        diagnostics.items.extend(path_errors(document, where))
        if not document.get("paths") and not document.get("components", {}).get("schemas"):
            diagnostics.warn(
                Location(_common_folder(paths)),
                f"no operation and no type in the {len(pages)} page(s) read: the client would "
                "be empty (is this the API reference?)",
            )
        diagnostics.raise_if_errors()
    except RefgenError as error:
        raise RefgenError(_as_shown(error.diagnostics, files)) from None
    return ParseResult(document, sources, _as_shown(diagnostics.items, files), len(pages))


class _OnDemand:
    """The source map of a built document, made at the first question (no overlay has
    changed the document), and where the value at a pointer was written."""

    def __init__(self, built: BuiltDocument) -> None:
        self.built = built
        self.made: SourceMap | None = None

    def source_map(self) -> SourceMap:
        if self.made is None:
            self.made = self.built.source_map
        return self.made

    def __call__(self, pointer: str) -> Location:
        return _source_of(self.source_map().locations, pointer)


def _overlaid(
    document: Document, source_map: SourceMap, overlay: Path, diagnostics: Diagnostics
) -> tuple[Document, SourceMap]:
    """The document and its source map corrected by the overlay (its module, with the JSONPath
    library, costs 0.07 s of imports: only builds with an overlay import it)."""
    from generator.openapi.overlay import apply_overlay_with_sources

    return apply_overlay_with_sources(document, source_map, overlay, diagnostics)


def _common_folder(paths: list[Path]) -> str:
    """The one input, or the folder that holds them all, as a place for messages."""
    if len(paths) == 1:
        return display_path(paths[0])
    try:
        return Path(os.path.commonpath(paths)).as_posix()
    except ValueError:  # relative and absolute paths mixed
        return display_path(paths[0])


def _source_of(source_map: dict[str, str], pointer: str) -> Location:
    """Where the value at `pointer` was written: its own entry of the source map, else its
    first descendant's (a path has none of its own, its operations do), else its nearest
    ancestor's (a path an overlay added maps to the action)."""
    if pointer in source_map:
        return Location.parse(source_map[pointer])
    below = sorted(key for key in source_map if key.startswith(pointer + "/"))
    if below:
        return Location.parse(source_map[below[0]])
    while pointer:
        pointer = pointer.rpartition("/")[0]
        if pointer in source_map:
            return Location.parse(source_map[pointer])
    return Location("?")


@without_gc
def build(config: Config, jobs: int = 1, checks: Callable[[], object] | None = None) -> BuildOutput:
    """Everything `refgen build` writes; the same bytes whatever `jobs` (the processes it
    may use) is. With `jobs` > 1 a forked worker parses the pages while this process runs
    `checks` (what must pass before any work is kept and needs no document: the CLI's checks
    of the places written to) and prepares the render (building.Build); with one job,
    `checks` and the parse come first, in that order. An error of `checks` is raised first
    either way."""
    with Build(config, jobs) as building:
        if checks is not None:
            checks()
        return building.output()
