"""The stages, wired together: pages → page model → OpenAPI → files in memory.

Nothing here touches the disk except reading the inputs; writing is output.py's job, so
`build`, `check`, `diff`, golden tests and the cache are the same pipeline with a
different last step.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.config import Config
from generator.diagnostics import Diagnostic, Diagnostics, Location, RefgenError
from generator.openapi.document import ApiInfo, Document, build_document
from generator.openapi.overlay import apply_overlay_with_sources
from generator.output import FileMap
from generator.pages.model import Page
from generator.pages.reader import display_path, find_pages, read_page
from generator.pages.scan import NodeTable, scan_page
from generator.render.context import build_context
from generator.render.files import render_package
from generator.render.format import format_python


@dataclass(frozen=True)
class ParseResult:
    document: Document
    source_map: dict[str, str]
    diagnostics: list[Diagnostic]
    pages: int


def read_pages(
    paths: list[Path], diagnostics: Diagnostics, relative_to: Path | None = None
) -> list[Page]:
    """Scan every page; file names in locations are relative to `relative_to` when given
    (the directory of refgen.yaml), else to the working directory."""
    pages = []
    table = NodeTable()  # shared: the pages of a tree repeat one another
    for path in find_pages(paths):
        shown = _shown_name(path, relative_to)
        pages.append(scan_page(read_page(path, shown), diagnostics, table))
    return pages


def _shown_name(path: Path, relative_to: Path | None) -> str:
    if relative_to is None:
        return display_path(path)
    return Path(os.path.relpath(path.resolve(), relative_to.resolve())).as_posix()


def parse_pages(
    paths: list[Path],
    info: ApiInfo | None = None,
    relative_to: Path | None = None,
    overlay: Path | None = None,
) -> ParseResult:
    """Read every page under `paths` and build one OpenAPI document, corrected by the
    overlay when one is given. Raises RefgenError for bad input; warnings are returned."""
    diagnostics = Diagnostics()
    pages = read_pages(paths, diagnostics, relative_to)
    built = build_document(pages, info or ApiInfo(), diagnostics)
    document, source_map = built.document, built.source_map
    if overlay is not None:
        document, source_map = apply_overlay_with_sources(document, source_map, overlay, diagnostics)
    diagnostics.raise_if_errors()
    return ParseResult(document, source_map, diagnostics.items, len(pages))


def dump_yaml(document: Document) -> str:
    """Deterministic YAML: keys in the order built, multi-line text as literal blocks."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def dump_json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dump_document(document: Document, path: Path) -> str:
    return dump_json(document) if path.suffix == ".json" else dump_yaml(document)


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    pass


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def load_document(path: Path) -> Document:
    """An OpenAPI document from YAML or JSON."""
    shown = display_path(path)
    if not path.is_file():
        raise RefgenError.at(Location(shown), "no such file")
    try:
        text = path.read_text(encoding="utf-8")
        loaded = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)
    except (ValueError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(error, "lineno", 0)
        raise RefgenError.at(Location(shown, line), f"cannot read the document: {error}") from None
    if not isinstance(loaded, dict) or "openapi" not in loaded:
        raise RefgenError.at(Location(shown, 1), "not an OpenAPI document (no 'openapi' key)")
    return loaded


_Loader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


def render_files(document: Document, package: str, templates: Path | None = None) -> FileMap:
    """The generated package and docs, formatted, as {relative path: text}."""
    context = build_context(document, package)
    return format_python(render_package(context, templates))


@dataclass(frozen=True)
class BuildOutput:
    """Everything `refgen build` writes, in memory."""

    openapi: str
    source_map: str
    generated: FileMap
    diagnostics: list[Diagnostic]


def build(config: Config) -> BuildOutput:
    info = ApiInfo(title=config.title, version=config.version)
    parsed = parse_pages(config.source_paths(), info, config.root.parent, config.overlay)
    files = render_files(parsed.document, config.package, config.templates)
    return BuildOutput(
        dump_document(parsed.document, config.openapi),
        dump_json(parsed.source_map),
        files,
        parsed.diagnostics,
    )
