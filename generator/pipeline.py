"""The stages, wired together: pages → page model → OpenAPI → files in memory.

Nothing here touches the disk except reading the inputs; writing is output.py's job, so
`build`, `check`, `diff`, golden tests and the cache are the same pipeline with a
different last step.
"""

from __future__ import annotations

import gc
import io
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import yaml

from generator.config import Config
from generator.diagnostics import Diagnostic, Diagnostics, Location, RefgenError
from generator.openapi.document import ApiInfo, Document, build_document
from generator.openapi.infer import RULES, Rule
from generator.openapi.overlay import apply_overlay_with_sources
from generator.output import FileMap
from generator.pages.model import Page
from generator.pages.reader import display_path, find_pages, read_page
from generator.pages.scan import NodeTable, scan_page
from generator.render.context import build_context
from generator.render.files import load_templates, render_code, render_docs
from generator.render.format import start_formatting

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a stage runs. The stages build large graphs of
    objects that live until the stage ends; the collector would walk all of them again and
    again (0.5 s of a 3 s run on the Anthropic tree) and free nothing. Reference counting
    still frees what it can; the collector is back on, as it was, when the stage ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def without_gc(function: Callable[_P, _R]) -> Callable[_P, _R]:
    @wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with paused_gc():
            return function(*args, **kwargs)

    return run


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
    # Lexically (abspath, not resolve): a symlinked docs folder must give the same names on
    # every machine, whatever the link points to.
    if relative_to is None:
        return display_path(path)
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(relative_to))).as_posix()


@without_gc
def parse_pages(
    paths: list[Path],
    info: ApiInfo | None = None,
    relative_to: Path | None = None,
    overlay: Path | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> ParseResult:
    """Read every page under `paths` and build one OpenAPI document, corrected by the
    overlay when one is given. Raises RefgenError for bad input; warnings are returned.
    `rules` are the inference rules to apply: all of them, unless a measurement leaves
    some out."""
    diagnostics = Diagnostics()
    pages = read_pages(paths, diagnostics, relative_to)
    built = build_document(pages, info or ApiInfo(), diagnostics, rules)
    document, source_map = built.document, built.source_map
    if overlay is not None:
        document, source_map = apply_overlay_with_sources(document, source_map, overlay, diagnostics)
    diagnostics.raise_if_errors()
    return ParseResult(document, source_map, diagnostics.items, len(pages))


@without_gc
def dump_yaml(document: Document) -> str:
    """Deterministic YAML: keys in the order built, multi-line text as literal blocks.

    The same text as `yaml.dump(document, Dumper=_Dumper, sort_keys=False,
    allow_unicode=True, width=100)`, three times faster: the YAML nodes of the plain JSON
    values a document is made of are built directly (the nodes PyYAML's representer would
    build, aliases of shared objects included) and handed to the C emitter."""
    stream = io.StringIO()
    dumper = _Dumper(stream, default_flow_style=False, sort_keys=False, allow_unicode=True,
                     width=100)
    try:
        dumper.open()
        dumper.serialize(_yaml_node(dumper, document))
        dumper.close()
    finally:
        dumper.dispose()
    return stream.getvalue()


def dump_json(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def dump_document(document: Document, path: Path) -> str:
    return dump_json(document) if path.suffix == ".json" else dump_yaml(document)


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """The emitter asks, for each scalar, which tag its text would resolve to; with no path
    resolvers that depends on the text alone, so the answers are remembered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolved: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            found = self._resolved.get(value)
            if found is None:
                found = self._resolved[value] = super().resolve(kind, value, implicit)
            return found
        return super().resolve(kind, value, implicit)


_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


def _yaml_node(dumper: _Dumper, value: Any) -> yaml.Node:
    """The node dumper.represent_data would make for `value`, built without its dispatch.
    Values of other types than those of JSON go through the representer itself."""
    kind = type(value)
    if kind is str:
        return yaml.ScalarNode(_STR_TAG, value, style="|" if "\n" in value else None)
    if kind is dict or kind is list:
        known = dumper.represented_objects.get(id(value))
        if known is not None:
            return known  # the same object again: an alias, as the representer makes
        dumper.object_keeper.append(value)
        if kind is dict:
            mapping = yaml.MappingNode(_MAP_TAG, [], flow_style=False)
            dumper.represented_objects[id(value)] = mapping
            mapping.value = [(_yaml_node(dumper, k), _yaml_node(dumper, v))
                             for k, v in value.items()]
            return mapping
        sequence = yaml.SequenceNode(_SEQ_TAG, [], flow_style=False)
        dumper.represented_objects[id(value)] = sequence
        sequence.value = [_yaml_node(dumper, item) for item in value]
        return sequence
    if kind is bool:
        return yaml.ScalarNode("tag:yaml.org,2002:bool", "true" if value else "false")
    if kind is int:
        return yaml.ScalarNode("tag:yaml.org,2002:int", str(value))
    if value is None:
        return yaml.ScalarNode("tag:yaml.org,2002:null", "null")
    dumper.alias_key = None
    node: yaml.Node = dumper.represent_data(value)  # floats, and anything unusual
    return node


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


@without_gc
def load_document(path: Path) -> Document:
    """An OpenAPI document from YAML or JSON."""
    shown = display_path(path)
    if not path.is_file():
        raise RefgenError.at(Location(shown), "no such file")
    try:
        text = path.read_text(encoding="utf-8")
        loaded = json.loads(text) if path.suffix == ".json" else load_yaml(text)
    except (ValueError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(error, "lineno", 0)
        raise RefgenError.at(Location(shown, line), f"cannot read the document: {error}") from None
    if not isinstance(loaded, dict) or "openapi" not in loaded:
        raise RefgenError.at(Location(shown, 1), "not an OpenAPI document (no 'openapi' key)")
    return loaded


_BaseLoader = yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The parser asks which tag each plain scalar resolves to; the answers are remembered
    (with no path resolvers they depend on the text alone)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._resolved: dict[tuple[str, bool, bool], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            key = (value, bool(implicit[0]), bool(implicit[1]))
            found = self._resolved.get(key)
            if found is None:
                found = self._resolved[key] = super().resolve(kind, value, implicit)
            return found
        return super().resolve(kind, value, implicit)


class _Unusual(Exception):
    """Something the plain JSON constructor below leaves to PyYAML's own."""


def load_yaml(text: str) -> Any:
    """`yaml.load(text, Loader=CSafeLoader)`, twice as fast for documents made of plain JSON
    values (OpenAPI documents are): the nodes the C parser composes are turned into values
    directly. Anything else (merge keys, timestamps, other tags) is left to PyYAML."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _construct(loader, node, {})
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()


_SCALARS = {
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:bool": lambda loader, node: loader.construct_yaml_bool(node),
    "tag:yaml.org,2002:int": lambda loader, node: loader.construct_yaml_int(node),
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
}


def _construct(loader: Any, node: yaml.Node, made: dict[int, Any]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        scalar = _SCALARS.get(node.tag)
        if scalar is None:
            raise _Unusual
        return scalar(loader, node)
    known = made.get(id(node))
    if known is not None:
        return known  # an alias: the same object, as PyYAML gives
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
        mapping: dict[Any, Any] = {}
        made[id(node)] = mapping
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(
                key_node, yaml.ScalarNode
            ):
                raise _Unusual
            mapping[_construct(loader, key_node, made)] = _construct(loader, value_node, made)
        return mapping
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        sequence: list[Any] = []
        made[id(node)] = sequence
        sequence.extend(_construct(loader, item, made) for item in node.value)
        return sequence
    raise _Unusual


@without_gc
def render_files(document: Document, package: str, templates: Path | None = None) -> FileMap:
    """The generated package and docs, formatted, as {relative path: text}."""
    files, _ = _render_overlapped(document, package, templates)
    return files


def _render_overlapped(
    document: Document,
    package: str,
    templates: Path | None,
    meanwhile: Callable[[], _R] | None = None,
) -> tuple[FileMap, _R | None]:
    """render_package then format_python, the same files in the same order, with the work
    that does not need ruff done while it runs (in a process of its own, on another core):
    the docs, and `meanwhile` (build dumps the fragment then)."""
    used = load_templates(templates)
    context = build_context(document, package, used.reserved)
    code = render_code(context, used)
    formatting = start_formatting(code)
    try:
        docs = render_docs(context, used)
        extra = meanwhile() if meanwhile is not None else None
    finally:
        formatted = formatting.result()
    return {**code, **formatted, **docs}, extra


@dataclass(frozen=True)
class BuildOutput:
    """Everything `refgen build` writes, in memory."""

    openapi: str
    source_map: str
    generated: FileMap
    diagnostics: list[Diagnostic]


@without_gc
def build(config: Config) -> BuildOutput:
    info = ApiInfo(title=config.title, version=config.version)
    parsed = parse_pages(config.source_paths(), info, config.root.parent, config.overlay)

    def dump() -> tuple[str, str]:
        return dump_document(parsed.document, config.openapi), dump_json(parsed.source_map)

    files, dumped = _render_overlapped(parsed.document, config.package, config.templates, dump)
    assert dumped is not None
    return BuildOutput(dumped[0], dumped[1], files, parsed.diagnostics)
