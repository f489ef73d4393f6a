"""Turn what the user named (a spec file, a page tree, a git ref) into an OpenAPI dict + source map."""

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diff.errors import InputError

SPEC_SUFFIXES = (".yaml", ".yml", ".json")
PAGE_SUFFIX = ".md"


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the document, where its parts came from, and a name for it."""

    document: dict[str, Any]
    label: str
    source_map: dict[str, str] = field(default_factory=dict)


def load_side(path: Path) -> Side:
    """A spec file (YAML/JSON, with an optional source map beside it) or reference pages."""
    if path.is_dir() or path.suffix == PAGE_SUFFIX:
        return load_pages(path)
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    if path.suffix not in SPEC_SUFFIXES:
        raise InputError(str(path), "expected an OpenAPI document (.yaml, .yml, .json), "
                                    "a page file (.md) or a directory of pages")
    document = parse_document(_read(path), str(path))
    return Side(document, str(path), read_source_map(source_map_path(path)))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read: {error}") from None


def parse_document(text: str, label: str) -> dict[str, Any]:
    # The C loader is ~10x faster than the pure-Python one: the OpenAI spec is 3 MB of YAML.
    # JSON is a subset of YAML, so one loader reads both.
    try:
        document = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise InputError(label, f"not valid YAML or JSON: {error}") from None
    if not isinstance(document, dict) or ("openapi" not in document and "paths" not in document):
        raise InputError(label, "not an OpenAPI document (no `openapi` or `paths` key)")
    return document


def source_map_path(spec: Path) -> Path:
    """`spec/openapi.yaml` → `spec/openapi.sourcemap.json`."""
    return spec.with_name(spec.stem + ".sourcemap.json")


def read_source_map(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    return parse_source_map(_read(path), str(path))


def parse_source_map(text: str, label: str) -> dict[str, str]:
    try:
        mapping = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(label, f"source map is not valid JSON: {error}") from None
    if not isinstance(mapping, dict):
        raise InputError(label, "source map must be a JSON object of pointer → \"file:line\"")
    return {str(pointer): str(location) for pointer, location in mapping.items()}


def load_pages(path: Path) -> Side:
    if not path.exists():
        raise InputError(str(path), "no such file or directory")
    # Imported here: the page parser is developed alongside this package and may be absent.
    try:
        from generator.diagnostics import RefgenError
        from generator.pipeline import parse_pages
    except ImportError:
        raise InputError(str(path), "reading pages needs generator.pipeline.parse_pages, "
                                    "which this installation does not have") from None
    try:
        result = parse_pages([path])
    except RefgenError as error:  # already `file:line: error: message`, one per line
        raise InputError(str(path), "cannot read the pages", rendered=str(error)) from None
    return Side(dict(result.document), str(path), dict(result.source_map))


def load_git_side(ref: str, spec: Path) -> Side:
    """The spec (and its source map, if any) as it was at a git ref."""
    root = git_toplevel(spec)
    relative = spec.resolve().relative_to(root).as_posix()
    label = f"{ref}:{relative}"
    text = git_show(root, ref, relative)
    if text is None:
        raise InputError(str(spec), f"`git show {label}` failed: no such ref or file")
    map_relative = source_map_path(Path(relative)).as_posix()
    map_text = git_show(root, ref, map_relative)
    source_map = parse_source_map(map_text, f"{ref}:{map_relative}") if map_text else {}
    return Side(parse_document(text, label), label, source_map)


def git_toplevel(spec: Path) -> Path:
    directory = spec.resolve().parent
    completed = subprocess.run(
        ["git", "-C", str(directory), "rev-parse", "--show-toplevel"],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode != 0:
        raise InputError(str(spec), "not inside a git repository")
    return Path(completed.stdout.strip()).resolve()


def git_show(root: Path, ref: str, relative: str) -> str | None:
    completed = subprocess.run(
        ["git", "-C", str(root), "show", f"{ref}:{relative}"],
        capture_output=True, text=True, check=False,
    )
    return completed.stdout if completed.returncode == 0 else None
