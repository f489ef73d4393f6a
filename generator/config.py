"""refgen.yaml: what to read, what to call the result, and where to write it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from keyword import iskeyword
from pathlib import Path, PurePath
from typing import Any

from generator.diagnostics import Location, RefgenError
from generator.extensions import Extension, read_extensions
from generator.fetch.sources import (
    FetchSettings,
    RemoteSource,
    read_fetch_settings,
    read_remote_sources,
)
from generator.naming import package_name_problem
from generator.pages.reader import display_path
from generator.yamlio import load_yaml, read_text

DEFAULT_CONFIG = Path("spec/refgen.yaml")
_KNOWN_KEYS = frozenset(
    {
        "title",
        "version",
        "package",
        "sources",
        "openapi",
        "source_map",
        "generated",
        "templates",
        "overlay",
        "lock",
        "fetch",
        "extensions",
        "client",
    }
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
    extensions: tuple[Extension, ...] = ()  # classes the client and resources derive from
    client_name: str | None = None  # `client: {name: Anthropic}`: Anthropic, AsyncAnthropic
    # The line of each setting in refgen.yaml, by JSON pointer ("/sources/0"), for messages.
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def root(self) -> Path:
        return self.path.parent

    def location(self, pointer: str) -> Location:
        return Location(display_path(self.path), self.lines.get(pointer, 0))

    def source_paths(self, verify_lock: bool = True) -> list[Path]:
        found: set[Path] = set()
        for index, pattern in enumerate(self.sources):
            try:
                matches = sorted(self.root.glob(pattern))
            except ValueError as error:  # `**` inside a name, say
                raise RefgenError.at(
                    self.location(f"/sources/{index}"),
                    f"source pattern {pattern!r} is not valid: {error}",
                ) from None
            if not matches:
                raise RefgenError.at(
                    self.location(f"/sources/{index}"),
                    f"source pattern {pattern!r} matches no file",
                )
            found.update(m for m in matches if m.is_file())
        if self.remote:  # the locked pages, checked against the lock (never the network)
            from generator.fetch.lock import locked_pages

            found.update(locked_pages(self, verify_lock))
        return sorted(found)

    def inputs(self) -> list[Path]:
        """Every file and folder a build reads: refgen.yaml, the pages, the overlay, the
        template folder and the lock. No output may replace one of them or a folder holding
        one."""
        extra = [p for p in (self.overlay, self.templates) if p is not None]
        lock = [self.lock] if self.remote else []
        return [self.path, *extra, *lock, *self.source_paths()]


def load_config(path: Path) -> Config:
    shown = display_path(path)
    if not path.is_file():
        raise RefgenError.at(Location(shown), "configuration file not found")
    # Aliases refused: a setting is short, and an alias bomb in one would hang the build.
    located = load_yaml(read_text(path, shown), shown, locations=True, aliases=False)
    raw, lines = located.value, located.lines
    if not isinstance(raw, dict):
        raise RefgenError.at(Location(shown, 1), "expected a mapping of settings")
    unknown = sorted(str(key) for key in set(raw) - _KNOWN_KEYS)
    if unknown:
        raise RefgenError.at(
            Location(shown, lines.get(f"/{unknown[0]}", 0)),
            f"unknown setting(s): {', '.join(unknown)}",
        )
    config = _config_from(raw, path, shown, lines)
    _check_outputs(config)
    return config


def _client_name(raw: object, shown: str, lines: dict[str, int]) -> str | None:
    """`client: {name: Anthropic}`: the name of the client classes (Anthropic and
    AsyncAnthropic, with Client and AsyncClient as aliases) and of the package's root error
    (AnthropicError)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) - {"name"}:
        raise RefgenError.at(
            Location(shown, lines.get("/client", 0)),
            "setting 'client' must be a mapping with the one key 'name' (client: {name: Acme})",
        )
    name = raw.get("name")
    where = Location(shown, lines.get("/client/name", lines.get("/client", 0)))
    if (problem := client_name_problem(name)) is not None:
        raise RefgenError.at(where, f"client name {name!r} {problem}")
    return str(name)  # a str: client_name_problem has checked it


def client_name_problem(name: object) -> str | None:
    """Why `name` cannot name the client classes, or None when it can (refgen.yaml's
    `client: {name: ...}` and `refgen generate --client-name`)."""
    if not isinstance(name, str) or not name.isidentifier() or iskeyword(name):
        return "must be a Python identifier, such as Acme"
    if name.startswith("_") or not name[0].isupper():
        return "must start with a capital letter (a class name)"
    # (imported here: the renderer's table costs a build 0.01 s before its worker starts)
    from generator.render.declared import PACKAGE_EXPORTS

    taken = sorted({name, f"Async{name}", f"{name}Error"} & PACKAGE_EXPORTS)
    if taken:
        return f"would give {taken[0]}, a name the package exports already"
    return None


def _config_from(raw: dict[str, Any], path: Path, shown: str, lines: dict[str, int]) -> Config:
    root = path.parent

    def where(key: str) -> Location:
        return Location(shown, lines.get(f"/{key}", 0))

    def text(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value:
            raise RefgenError.at(where(key), f"setting {key!r} must be a non-empty string")
        return value

    def path_of(key: str, default: str) -> Path:
        # Normalised (`spec/../generated` → `generated`) so messages show tidy paths.
        return Path(os.path.normpath(root / text(key, default)))

    def optional_path(key: str) -> Path | None:
        return path_of(key, "") if key in raw else None

    package = text("package")
    if (problem := package_name_problem(package)) is not None:
        raise RefgenError.at(where("package"), f"package {package!r} {problem}")
    version = raw.get("version", "unknown")
    if isinstance(version, (dict, list)) or version is None:
        raise RefgenError.at(where("version"), "setting 'version' must be a string")
    sources = raw.get("sources", ["*.md"])
    sources = [sources] if isinstance(sources, str) else sources
    config = Config(
        path=path,
        title=text("title", "API"),
        version=str(version),
        package=package,
        sources=_sources(sources, where("sources"), lines, shown),
        remote=(),
        lock=path_of("lock", "refgen.lock"),
        fetch=read_fetch_settings(raw.get("fetch"), shown),
        openapi=path_of("openapi", "openapi.yaml"),
        source_map=path_of("source_map", "openapi.sourcemap.json"),
        generated=path_of("generated", "../generated"),
        templates=optional_path("templates"),
        overlay=optional_path("overlay"),
        extensions=read_extensions(raw.get("extensions"), shown, lines),
        client_name=_client_name(raw.get("client"), shown, lines),
        lines=lines,
    )
    remote = [s for s in sources if isinstance(s, dict)]
    if not remote:
        return config
    # Every path refgen.yaml names for another use: no fetched folder (replaced whole) may hold one.
    reserved = [
        config.path,
        config.openapi,
        config.source_map,
        config.generated,
        config.lock,
        config.templates,
        config.overlay,
    ]
    sources_read = read_remote_sources(remote, root, shown, [p for p in reserved if p])
    return replace(config, remote=sources_read)


def _sources(value: Any, where: Location, lines: dict[str, int], shown: str) -> tuple[str, ...]:
    """The glob patterns among the sources (the others are remote sources, docs/fetch.md),
    relative to the folder of refgen.yaml (so that a project reads the same pages, and shows
    the same names, wherever it is checked out)."""
    if not isinstance(value, list) or not all(isinstance(p, str | dict) for p in value):
        raise RefgenError.at(
            where,
            "setting 'sources' must be a list of glob patterns and remote sources (docs/fetch.md)",
        )
    patterns = [(index, p) for index, p in enumerate(value) if isinstance(p, str)]
    for index, pattern in patterns:
        at = Location(shown, lines.get(f"/sources/{index}", where.line))
        if not pattern or PurePath(pattern).is_absolute() or PurePath(pattern).drive:
            raise RefgenError.at(
                at,
                f"source pattern {pattern!r} must be a relative path "
                "(relative to the folder of refgen.yaml)",
            )
    return tuple(pattern for _, pattern in patterns)


def _check_outputs(config: Config) -> None:
    """The fragment and the source map are files of their own, beside the generated tree:
    a file inside it would be swapped away with the tree (and refused as foreign after)."""
    outputs = {"openapi": config.openapi, "source_map": config.source_map}
    for key, path in outputs.items():
        if path == config.generated or config.generated in path.parents:
            written = f"/{key}" if f"/{key}" in config.lines else "/generated"
            raise RefgenError.at(
                config.location(written),
                f"setting {key!r} ({display_path(path)}) is inside 'generated' "
                f"({display_path(config.generated)}), which refgen replaces "
                "as a whole",
            )
    if config.openapi == config.source_map:
        raise RefgenError.at(
            config.location("/source_map"), "settings 'openapi' and 'source_map' name the same file"
        )
