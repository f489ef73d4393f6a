"""Render the template context into {relative path: text}, in memory.

Templates are looked up first in the user's override folder, then in refgen's own
templates/, so any file can be replaced by one of the same name.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from pathlib import Path

import jinja2

from generator.render.context import PackageContext, ResourceContext
from generator.render.python_types import python_literal

BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent / "_templates"
if not BUILTIN_TEMPLATES.is_dir():  # running from a source checkout
    BUILTIN_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"

# The client runtime: ordinary tested Python, copied into every generated package.
RUNTIME_FILES = tuple(sorted(p.name for p in (BUILTIN_TEMPLATES / "runtime").glob("_*.py")))

FileMap = dict[str, str]


def environment(override: Path | None) -> jinja2.Environment:
    search = [str(override)] if override is not None else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(BUILTIN_TEMPLATES)]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Python and Markdown, escaped by the filters below
    )
    env.filters.update(
        pyliteral=python_literal,
        pystring_body=_pystring_body,
        md_text=_md_text,
        md_code=_md_code,
        md_cell=_md_cell,
        first_sentence=_first_sentence,
        doc_page=doc_page_name,
    )
    return env


def render_package(package: PackageContext, override: Path | None) -> FileMap:
    env = package_environment(package, override)
    return {**render_code(package, env), **render_docs(package, env)}


def package_environment(package: PackageContext, override: Path | None) -> jinja2.Environment:
    env = environment(override)
    type_names = frozenset(m.name for m in package.models) | {a.name for a in package.aliases}
    env.globals["model_imports"] = partial(model_imports, type_names=type_names)
    return env


def render_code(package: PackageContext, env: jinja2.Environment) -> FileMap:
    """The package: its modules, the runtime and py.typed."""
    base = package.name
    files: FileMap = {}

    def render(template: str, target: str, **context: object) -> None:
        files[target] = env.get_template(template).render(package=package, **context)

    render("package/__init__.py.jinja", f"{base}/__init__.py")
    render("package/_client.py.jinja", f"{base}/_client.py")
    render("package/models.py.jinja", f"{base}/models.py")
    render("package/resources/__init__.py.jinja", f"{base}/resources/__init__.py")
    for resource in package.resources:
        render("package/resources/resource.py.jinja", f"{base}/resources/{resource.attribute}.py",
               resource=resource)
    for runtime_file in RUNTIME_FILES:
        source, _, _ = env.loader.get_source(env, f"runtime/{runtime_file}")  # type: ignore[union-attr]
        files[f"{base}/{runtime_file}"] = source
    files[f"{base}/py.typed"] = ""
    return files


def render_docs(package: PackageContext, env: jinja2.Environment) -> FileMap:
    """The docs: the index and a page per model."""
    files: FileMap = {"docs/index.md": env.get_template("docs/index.md.jinja").render(
        package=package)}
    template = env.get_template("docs/model.md.jinja")
    for model in package.models:
        files[f"docs/models/{doc_page_name(model.name)}.md"] = template.render(
            package=package, model=model)
    return files


_PAGE_NAME_BYTES = 120  # file systems take 255; a path of many such names stays usable


def doc_page_name(name: str) -> str:
    """The file name (before `.md`) of a model's page: the model's name, or for a name too
    long for a file (a type lifted from 99 levels down), its first 100 bytes and 12 hex
    digits of its SHA-256: distinct, recognisable, and the same on every run."""
    data = name.encode()
    if len(data) <= _PAGE_NAME_BYTES:
        return name
    head = data[:100].decode(errors="ignore")
    return f"{head}-{hashlib.sha256(data).hexdigest()[:12]}"


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def model_imports(resource: ResourceContext, type_names: frozenset[str]) -> tuple[str, ...]:
    """The models and aliases a resource module uses, read off its annotations. (Other imports
    are written in full by the template; ruff removes the unused ones.)"""
    used: set[str] = set()
    for r in resource.walk():
        for operation in r.operations:
            texts = [operation.return_annotation, operation.cast_expression,
                     *(p.annotation for p in operation.parameters)]
            if operation.pagination is not None:
                texts.append(operation.pagination.item_annotation)
            if operation.streaming is not None:
                texts.append(operation.streaming.event_annotation)
            used.update(_IDENTIFIER.findall(" ".join(texts)))
    return tuple(sorted(used & type_names))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _pystring_body(text: str) -> str:
    """Text placed inside a triple-quoted string on one line: whitespace folded, quotes and
    backslashes escaped, control characters dropped."""
    flat = " ".join(_CONTROL.sub("", str(text)).split())
    return flat.replace("\\", "\\\\").replace('"', '\\"')



def _md_text(text: str) -> str:
    """Page text in generated Markdown: raw HTML is neutralised, control characters dropped."""
    return _CONTROL.sub("", str(text)).replace("<", "&lt;").replace(">", "&gt;")


def _md_code(text: str) -> str:
    return _CONTROL.sub("", str(text)).replace("`", "'").replace("|", "\\|")


def _md_cell(text: str) -> str:
    return _md_text(" ".join(str(text).split())).replace("|", "\\|")


def _first_sentence(text: str) -> str:
    first = str(text).strip().split("\n\n", 1)[0]
    match = re.match(r"(.+?\.)(\s|$)", first, re.DOTALL)
    return " ".join((match.group(1) if match else first).split())
