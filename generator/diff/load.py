"""Turn what the user named (a spec file, a page tree, a git ref) into one side of the diff: the
document, where its parts came from, and what its pages did not state."""

import subprocess
from dataclasses import replace
from pathlib import Path

from generator.diagnostics import Location, RefgenError
from generator.diff.records import Side
from generator.spec.load import JSON_SUFFIX, load_spec, parse_spec
from generator.spec.sourcemap import (
    SourceMap,
    parse_source_map,
    read_source_map,
    source_map_path,
)

SPEC_SUFFIXES = (".yaml", ".yml", JSON_SUFFIX)
PAGE_SUFFIX = ".md"


def load_side(path: Path) -> Side:
    """A spec file (YAML/JSON, with an optional source map beside it) or reference pages."""
    if path.is_dir() or path.suffix == PAGE_SUFFIX:
        return load_pages(path)
    shown = path.as_posix()
    if path.exists() and path.suffix not in SPEC_SUFFIXES:
        raise RefgenError.at(
            Location(shown),
            "expected an OpenAPI document (.yaml, .yml, "
            ".json), a page file (.md) or a directory of pages",
        )
    loaded = load_spec(path, locations=True)
    return Side(loaded.document, shown, read_source_map(source_map_path(path)), loaded.lines)


def load_pages(path: Path) -> Side:
    """Pages parsed here and now: the evidence of what they state comes with them."""
    # Imported here: the page parser brings the renderer and Jinja with it, which a diff of
    # two spec files never needs (it starts in a third of the time without them).
    from generator.pipeline import parse_pages

    result = parse_pages([path])
    # Page names in the source map are relative to the source root (the folder given, or the
    # page's folder); findings name them as the user can open them, from where diff runs.
    root = path if path.is_dir() else path.parent
    sources = replace(
        result.sources,
        locations={at: _under(root, place) for at, place in result.sources.locations.items()},
    )
    return Side(dict(result.document), path.as_posix(), sources)


def _under(root: Path, place: str) -> str:
    """`admin/x.md:12:4` under `../base/docs` → `../base/docs/admin/x.md:12:4`."""
    return place if root == Path(".") else f"{root.as_posix()}/{place}"


def load_git_side(ref: str, spec: Path) -> Side:
    """The spec (and its source map, if any) as it was at a git ref."""
    root = git_toplevel(spec)
    relative = spec.resolve().relative_to(root).as_posix()
    label = f"{ref}:{relative}"
    text = git_show(root, ref, relative)
    if text is None:
        raise RefgenError.at(
            Location(spec.as_posix()), f"`git show {label}` failed: no such ref or file"
        )
    map_relative = source_map_path(Path(relative)).as_posix()
    map_text = git_show(root, ref, map_relative)
    source_map = parse_source_map(map_text, f"{ref}:{map_relative}") if map_text else SourceMap()
    loaded = parse_spec(text, label, json_text=spec.suffix == JSON_SUFFIX, locations=True)
    return Side(loaded.document, label, source_map, loaded.lines)


def git_toplevel(spec: Path) -> Path:
    directory = spec.resolve().parent
    completed = subprocess.run(
        ["git", "-C", str(directory), "rev-parse", "--show-toplevel"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RefgenError.at(Location(spec.as_posix()), "not inside a git repository")
    return Path(completed.stdout.strip()).resolve()


def git_show(root: Path, ref: str, relative: str) -> str | None:
    completed = subprocess.run(
        ["git", "-C", str(root), "show", f"{ref}:{relative}"],
        capture_output=True,
        check=False,
    )
    if completed.returncode != 0:
        return None
    try:
        return completed.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise RefgenError.at(Location(f"{ref}:{relative}"), "not UTF-8 text") from None
