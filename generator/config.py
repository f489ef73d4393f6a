"""refgen.yaml: what to read, what to call the result, and where to write it."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Location, RefgenError
from generator.fetch.sources import (
    FetchSettings,
    RemoteSource,
    read_fetch_settings,
    read_remote_sources,
)
from generator.naming import package_name_problem
from generator.pages.reader import display_path

DEFAULT_CONFIG = Path("spec/refgen.yaml")
_KNOWN_KEYS = frozenset(
    {"title", "version", "package", "sources", "openapi", "source_map", "generated",
     "templates", "overlay", "lock", "fetch"}
)


@dataclass(frozen=True)
class Config:
    """Every path is resolved against the directory of refgen.yaml."""

    path: Path
    title: str
    version: str
    package: str
    sources: tuple[str, ...]  # glob patterns
    remote: tuple[RemoteSource, ...]  # docs indexes, whose pages `refgen fetch` locks
    lock: Path  # the lock file of the remote sources' pages
    fetch: FetchSettings
    openapi: Path
    source_map: Path
    generated: Path
    templates: Path | None  # a folder of template overrides
    overlay: Path | None

    @property
    def root(self) -> Path:
        return self.path.parent

    def source_paths(self, verify_lock: bool = True) -> list[Path]:
        found: set[Path] = set()
        for pattern in self.sources:
            matches = sorted(self.root.glob(pattern))
            if not matches:
                raise RefgenError.at(
                    Location(display_path(self.path)), f"source pattern {pattern!r} matches no file"
                )
            found.update(m for m in matches if m.is_file())
        if self.remote:  # the locked pages, checked against the lock (never the network)
            from generator.fetch.lock import locked_pages

            found.update(locked_pages(self, verify_lock))
        return sorted(found)


def load_config(path: Path) -> Config:
    shown = display_path(path)
    if not path.is_file():
        raise RefgenError.at(Location(shown), "configuration file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        line = getattr(getattr(error, "problem_mark", None), "line", -1) + 1
        raise RefgenError.at(Location(shown, line), f"invalid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise RefgenError.at(Location(shown, 1), "expected a mapping of settings")
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise RefgenError.at(Location(shown), f"unknown setting(s): {', '.join(unknown)}")
    return _config_from(raw, path, shown)


def _config_from(raw: dict[str, Any], path: Path, shown: str) -> Config:
    root = path.parent

    def text(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise RefgenError.at(Location(shown), f"setting {key!r} must be a non-empty string")
        return value

    def path_of(key: str, default: str) -> Path:
        # Normalised (`spec/../generated` → `generated`) so messages show tidy paths.
        return Path(os.path.normpath(root / text(key, default)))

    def optional_path(key: str) -> Path | None:
        return path_of(key, "") if key in raw else None

    package = text("package")
    if (problem := package_name_problem(package)) is not None:
        raise RefgenError.at(Location(shown), f"package {package!r} {problem}")
    sources = raw.get("sources", ["*.md"])
    if isinstance(sources, str):
        sources = [sources]
    if not isinstance(sources, list) or not all(isinstance(s, str | dict) for s in sources):
        raise RefgenError.at(Location(shown), "setting 'sources' must be a list of glob "
                             "patterns and remote sources (docs/fetch.md)")
    config = Config(
        path=path,
        title=text("title", "API"),
        version=str(raw.get("version", "unknown")),
        package=package,
        sources=tuple(s for s in sources if isinstance(s, str)),
        remote=(),
        lock=path_of("lock", "refgen.lock"),
        fetch=read_fetch_settings(raw.get("fetch"), shown),
        openapi=path_of("openapi", "openapi.yaml"),
        source_map=path_of("source_map", "openapi.sourcemap.json"),
        generated=path_of("generated", "../generated"),
        templates=optional_path("templates"),
        overlay=optional_path("overlay"),
    )
    remote = [s for s in sources if isinstance(s, dict)]
    if not remote:
        return config
    # Every path refgen.yaml names for another use: no fetched folder (replaced whole) may hold one.
    reserved = [config.path, config.openapi, config.source_map, config.generated, config.lock,
                config.templates, config.overlay]
    sources_read = read_remote_sources(remote, root, shown, [p for p in reserved if p])
    return replace(config, remote=sources_read)
