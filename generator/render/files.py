"""Render the template context into {relative path: text}, in memory.

Two Jinja environments share one loader (render/loader.py). A `.py` template may place in
`{{ }}` only SafeCode (a filter's result, a name or type refgen made: escape.py,
python_types.py); a `.md` template only SafeMarkdown (markdown.py's filters) or an identifier.
Anything else, a plain string above all, stops the render with `template:line: error: ...`, so
a template that forgets a filter fails instead of writing page text as code or markup.
Template text itself is trusted, and so is what a template makes of it (a macro's output, a
`{% set %}` block): every value inside passed the same check.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from generator.diagnostics import Location, RefgenError
from generator.render import declared
from generator.render.context import OperationContext, PackageContext, ResourceContext
from generator.render.escape import Identifier, SafeCode, comment, docstring, identifier, literal
from generator.render.loader import runtime_sources, template_loader
from generator.render.markdown import (
    SafeMarkdown,
    first_sentence,
    md_cell,
    md_code,
    md_code_cell,
    md_text,
)
from generator.render.python_types import PyType, import_block
from generator.render.reserved import ReservedNames, reserved_names

FileMap = dict[str, str]


class UnmarkedValue(Exception):
    """A template placed a value that no filter made safe for its output."""

    def __init__(self, template: str | None, value: object, filters: str) -> None:
        kind = "a plain str" if type(value) is str else f"a value of type {type(value).__name__}"
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        super().__init__(
            f"{{{{ }}}} in {template} places {kind} ({shown}) that no filter made safe; pass it "
            f"through {filters}, or write constant text outside {{{{ }}}} (docs/templates.md)"
        )


@jinja2.pass_context
def _finalize_code(context: jinja2.runtime.Context, value: object) -> str:
    if isinstance(value, SafeCode):
        return value
    if isinstance(value, PyType):
        return value.render()
    if isinstance(value, int):  # a count (or a bool): its digits are inert anywhere
        return repr(value)
    raise UnmarkedValue(context.name, value, "literal, docstring, comment or identifier")


@jinja2.pass_context
def _finalize_markdown(context: jinja2.runtime.Context, value: object) -> str:
    if isinstance(value, SafeMarkdown | Identifier):
        return value
    if isinstance(value, int):
        return repr(value)
    raise UnmarkedValue(context.name, value, "md_text, md_cell, md_code or md_code_cell")


class _MarkedEnvironment(jinja2.Environment):
    """An environment whose template text comes out marked: `concat` joins what a template,
    a macro or a `{% set %}` block renders, all of whose values passed `finalize`."""

    def __init__(
        self,
        loader: jinja2.BaseLoader,
        finalize: Callable[..., str],
        mark: Callable[[str], str],
        filters: dict[str, Callable[..., Any]],
    ) -> None:
        super().__init__(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # escaping is the filters' job; finalize refuses what they skipped
            finalize=finalize,
        )
        self.concat = lambda parts: mark("".join(parts))  # type: ignore[method-assign]
        self.filters.update(filters)


@dataclass(frozen=True)
class Templates:
    """The templates in use (built-in ones, overridden by the user's folder) and what follows
    from them: the runtime the package ships and the names it reserves."""

    code: jinja2.Environment
    docs: jinja2.Environment
    runtime: dict[str, str]  # {file name: source}
    reserved: ReservedNames


def load_templates(override: Path | None) -> Templates:
    loader = template_loader(override)
    code = _MarkedEnvironment(
        loader,
        _finalize_code,
        SafeCode,
        {
            "literal": literal,
            "docstring": docstring,
            "comment": comment,
            "identifier": identifier,
        },
    )
    docs = _MarkedEnvironment(
        loader,
        _finalize_markdown,
        SafeMarkdown,
        {
            "md_text": md_text,
            "md_cell": md_cell,
            "md_code": md_code,
            "md_code_cell": md_code_cell,
            "first_sentence": first_sentence,
            "doc_page": lambda name: SafeMarkdown(doc_page_name(str(name))),
        },
    )
    runtime = runtime_sources(loader)
    return Templates(code, docs, runtime, reserved_names(runtime))


@lru_cache(maxsize=1)
def builtin_reserved_names() -> ReservedNames:
    """What refgen's own templates and runtime reserve."""
    return load_templates(None).reserved


def render_package(package: PackageContext, used: Templates) -> FileMap:
    return {**render_code(package, used), **render_docs(package, used)}


def render_code(package: PackageContext, used: Templates) -> FileMap:
    """The package: its modules, the runtime and py.typed."""
    base = package.name
    files: FileMap = {}
    model_types = [f.annotation for m in package.models for f in m.fields]
    model_types += [a.annotation for a in package.aliases]
    files[f"{base}/__init__.py"] = _render(used.code, "package/__init__.py.jinja", package=package)
    files[f"{base}/_client.py"] = _render(used.code, "package/_client.py.jinja", package=package)
    files[f"{base}/models.py"] = _render(
        used.code,
        "package/models.py.jinja",
        package=package,
        imports=_imports(declared.MODELS_IMPORTS, model_types, declared.MODELS_MODULE),
    )
    files[f"{base}/resources/__init__.py"] = _render(
        used.code, "package/resources/__init__.py.jinja", package=package
    )
    for resource in package.resources:
        module = f"{declared.RESOURCES_PACKAGE}.{resource.attribute}"
        files[f"{base}/resources/{resource.attribute}.py"] = _render(
            used.code,
            "package/resources/resource.py.jinja",
            package=package,
            resource=resource,
            imports=_imports(declared.RESOURCE_IMPORTS, _resource_types(resource), module),
        )
    for name, source in used.runtime.items():
        files[f"{base}/{name}"] = source
    files[f"{base}/py.typed"] = ""
    return files


def render_docs(package: PackageContext, used: Templates) -> FileMap:
    """The docs: the index and a page per model."""
    files: FileMap = {"docs/index.md": _render(used.docs, "docs/index.md.jinja", package=package)}
    for model in package.models:
        files[f"docs/models/{doc_page_name(model.name)}.md"] = _render(
            used.docs, "docs/model.md.jinja", package=package, model=model
        )
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


def _imports(fixed: tuple[Any, ...], types: list[PyType], module: str) -> SafeCode:
    return import_block([*fixed, *(i for t in types for i in t.imports())], module)


def _resource_types(resource: ResourceContext) -> list[PyType]:
    return [t for r in resource.walk() for o in r.operations for t in _operation_types(o)]


def _operation_types(operation: OperationContext) -> Iterator[PyType]:
    yield operation.return_annotation
    yield operation.async_return_annotation
    yield from (p.annotation for p in operation.parameters)
    if operation.pagination is not None:
        yield operation.pagination.item_annotation
    if operation.streaming is not None:
        yield operation.streaming.event_annotation
    if operation.element_annotation is not None:
        yield operation.element_annotation
    if operation.pagination is not None:
        yield operation.pagination.async_page


def _render(environment: jinja2.Environment, name: str, **values: object) -> str:
    """One template rendered; its mistakes (syntax, unknown names, unmarked values) become
    `template:line: error:`, since a user's override is input like any other."""
    try:
        return str(environment.get_template(name).render(**values))
    except jinja2.TemplateSyntaxError as error:
        where = Location(_shown(error.filename or name), error.lineno or 0)
        raise RefgenError.at(where, f"template syntax: {error.message}") from None
    except (UnmarkedValue, jinja2.TemplateError) as error:
        raise RefgenError.at(_template_location(error, name), str(error)) from None


def _template_location(error: BaseException, name: str) -> Location:
    """The innermost template line the error passed through (Jinja rewrites tracebacks so
    that template frames carry the template's file and line)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".jinja")]
    if not frames:
        return Location(name)
    return Location(_shown(frames[-1].filename), frames[-1].lineno or 0)


def _shown(filename: str) -> str:
    """A template's file as a short path: relative to the working directory when below it."""
    path = Path(filename)
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return path.relative_to(Path.cwd()).as_posix()
    return os.path.normpath(filename) if path.is_absolute() else path.as_posix()
