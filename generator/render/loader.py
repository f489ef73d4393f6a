"""Where templates come from: the user's override folder first, then refgen's own templates/,
so any file can be replaced by one of the same name (docs/templates.md)."""

from __future__ import annotations

from pathlib import Path

import jinja2

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "_templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout
    BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"

# The client runtime: ordinary tested Python, copied into every generated package.
RUNTIME_FILES = tuple(sorted(p.name for p in (BUILTIN_TEMPLATES / "runtime").glob("_*.py")))


def template_loader(override: Path | None) -> jinja2.FileSystemLoader:
    search = [str(override)] if override is not None else []
    return jinja2.FileSystemLoader([*search, str(BUILTIN_TEMPLATES)])


def runtime_sources(loader: jinja2.BaseLoader) -> dict[str, str]:
    """{file name: source} of the runtime the package will ship, overrides included."""
    environment = jinja2.Environment(loader=loader)
    return {name: loader.get_source(environment, f"runtime/{name}")[0] for name in RUNTIME_FILES}
