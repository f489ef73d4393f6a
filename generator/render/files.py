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

import ast
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache, partial
from keyword import iskeyword
from pathlib import Path
from typing import Any

import jinja2

from generator.diagnostics import Location, RefgenError
from generator.render import declared
from generator.render.apidocs import INDEX_PAGE, build_docs
from generator.render.context import (
    OperationContext,
    PackageContext,
    ResourceContext,
    TypesModuleContext,
)
from generator.render.docstrings import wrap
from generator.render.escape import (
    Identifier,
    SafeCode,
    comment,
    declarations,
    docstring,
    identifier,
    literal,
)
from generator.render.import_order import dunder_all_key, member_key, module_key
from generator.render.layout import module_file
from generator.render.loader import runtime_sources, template_loader
from generator.render.markdown import (
    SafeMarkdown,
    first_sentence,
    md_cell,
    md_code,
    md_code_cell,
    md_text,
)
from generator.render.python_types import Import, PyType, from_import_statement, import_block
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
            # One run renders each template many times (a types module, a resource each):
            # no file-system check per render that the template is unchanged.
            auto_reload=False,
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


RESOURCE_VIEWS = ("", "WithRawResponse", "WithStreamingResponse")
# What a method costs to render against a row of a types module (a field), measured on the
# 2026-08-22 tree (about 20 µs a field, 0.6 ms a method): a method is
# rendered twice (sync and async) with its arguments, its docstring and its request.
RESOURCE_WEIGHT = 32


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
            "wrapped": lambda text, indent=0: wrap(str(text), indent),
            "declarations": _declarations,
            # The orders ruff's checks ask of `__all__` and of the names of an import.
            "all_order": lambda names: sorted(names, key=dunder_all_key),
            "import_order": lambda names: sorted(names, key=member_key),
            # A resource's classes and their raw and streaming views.
            "with_views": lambda names: [
                Identifier(f"{name}{view}") for name in names for view in RESOURCE_VIEWS
            ],
            "from_import": from_import_statement,
            "by_attribute_module": lambda items: sorted(
                items, key=lambda item: module_key(str(item.attribute))
            ),
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
        },
    )
    runtime = runtime_sources(loader)
    return Templates(code, docs, runtime, reserved_names(runtime))


def _declarations(members: object) -> SafeCode:
    """escape.declarations as a filter: what it refuses is a template's mistake, reported at
    the template's line."""
    try:
        return declarations(members)
    except TypeError as error:
        raise jinja2.TemplateRuntimeError(str(error)) from None


@lru_cache(maxsize=1)
def builtin_reserved_names() -> ReservedNames:
    """What refgen's own templates and runtime reserve."""
    return load_templates(None).reserved


def render_package(package: PackageContext, used: Templates) -> FileMap:
    return {**render_code(package, used), **render_docs(package, used)}


def render_code(package: PackageContext, used: Templates) -> FileMap:
    """The package: its modules, the runtime and py.typed (layout: docs/naming.md)."""
    return rendered(code_files(package, used))


def rendered(files: Iterable[CodeFile]) -> FileMap:
    """The text of each of `files`, in their order."""
    return {file.path: file.render() for file in files}


@dataclass(frozen=True)
class CodeFile:
    """One file of the package, not yet rendered: render() makes its text (each file from
    the context alone, so the files can be rendered in any order, in any process, and give
    the same bytes). `weight` is what its render costs, in rows of code made from the
    context (a model's field, a method), for sharing the render between two processes."""

    path: str
    weight: int
    render: Callable[[], str]


def code_files(package: PackageContext, used: Templates) -> list[CodeFile]:
    """The files of render_code, in its order."""
    base = package.name
    code = used.code
    files = [
        CodeFile(
            f"{base}/__init__.py",
            len(package.types_modules),
            partial(
                _render,
                code,
                "package/__init__.py.jinja",
                package=package,
                exports=sorted(declared.PACKAGE_EXPORTS),
                runtime_imports=[
                    (Identifier(module), tuple(Identifier(name) for name in names))
                    for module, names in declared.PACKAGE_IMPORTS
                ],
            ),
        ),
        CodeFile(
            f"{base}/_client.py",
            len(package.resources),
            lambda: _render(
                code,
                "package/_client.py.jinja",
                package=package,
                imports=import_block(_client_imports(package), "_client"),
            ),
        ),
        CodeFile(
            f"{base}/{declared.PAGINATION_MODULE}.py",
            1,
            lambda: _render(
                code,
                "package/pagination.py.jinja",
                package=package,
                names=public_names(used.runtime.get("_pagination.py", "")),
            ),
        ),
    ]
    files += (_types_file(package, types, code) for types in package.types_modules)
    files.append(
        CodeFile(
            f"{base}/resources/__init__.py",
            len(package.resources),
            partial(_render, code, "package/resources/__init__.py.jinja", package=package),
        )
    )
    files += (
        _resource_file(package, resource, code)
        for top in package.resources
        for resource in top.walk()
    )
    files += (
        CodeFile(f"{base}/{name}", 0, partial(str, source)) for name, source in used.runtime.items()
    )
    files.append(CodeFile(f"{base}/py.typed", 0, str))
    return files


def _types_file(
    package: PackageContext, types: TypesModuleContext, code: jinja2.Environment
) -> CodeFile:
    def render() -> str:
        model_types = [f.annotation for m in types.models for f in m.fields]
        model_types += [k.annotation for r in types.request_types for k in r.keys]
        model_types += [a.annotation for a in types.aliases]
        return _render(
            code,
            "package/types.py.jinja",
            package=package,
            types=types,
            imports=_imports(_types_imports(types), model_types, types.module, types.is_package),
        )

    rows = sum(len(m.fields) + 1 for m in types.models)
    rows += sum(len(r.keys) + 1 for r in types.request_types) + len(types.aliases)
    return CodeFile(f"{package.name}/{module_file(types.module, types.is_package)}", rows, render)


def _resource_file(
    package: PackageContext, resource: ResourceContext, code: jinja2.Environment
) -> CodeFile:
    def render() -> str:
        return _render(
            code,
            "package/resources/resource.py.jinja",
            package=package,
            resource=resource,
            imports=_imports(
                _resource_imports(resource),
                _resource_types(resource),
                resource.module,
                resource.is_package,
            ),
        )

    path = f"{package.name}/{module_file(resource.module, resource.is_package)}"
    return CodeFile(path, RESOURCE_WEIGHT * len(resource.operations) + 1, render)


def _types_imports(types: TypesModuleContext) -> tuple[Import, ...]:
    """The template's own imports a types module uses: ruff drops unused imports, except
    from an `__init__.py`, where an import may be a re-export."""
    fields = [f for m in types.models for f in m.fields]
    used = {
        "TypeAlias": bool(types.aliases),
        "BaseModel": bool(types.models),
        "ConfigDict": any(m.unprotected_namespaces for m in types.models),
        "Field": any(f.aliased for f in fields),
        "TypedDict": bool(types.request_types),
        "Required": any(k.required for r in types.request_types for k in r.keys),
    }
    return tuple(i for i in declared.TYPES_IMPORTS if used.get(str(i.name), True))


def _client_imports(package: PackageContext) -> tuple[Import, ...]:
    """What _client.py.jinja imports: the error table only when the API documents errors."""
    errors = ("ERROR_TYPE_STATUSES", "STATUS_ERRORS", "APIStatusError", "InternalServerError")
    extensions = (package.client_extension, package.async_client_extension)
    return (
        *declared.CLIENT_IMPORTS,
        *(Import("._exceptions", name) for name in errors if package.errors),
        *(Import(e.module, e.class_name, e.alias) for e in extensions if e),
    )


def _resource_imports(resource: ResourceContext) -> tuple[Import, ...]:
    """The template's own imports a resource module uses (resource.py.jinja): written
    only when used, since the pipeline no longer has ruff drop the others."""
    operations = resource.operations
    streaming = any(o.streaming for o in operations)
    streamed = any(o.streamed_method_name for o in operations)
    casts = any(t.needs_cast for o in operations for t in _passed_types(o))
    used = {
        "builtins": casts,
        "cast": casts,
        "AsyncIterator": streamed,
        "Iterator": streamed,
        "AbstractAsyncContextManager": streamed,
        "AbstractContextManager": streamed,
        "TYPE_CHECKING": bool(resource.children),
        "Literal": streaming,
        "overload": streaming,
        "AsyncStream": streaming,
        "Stream": streaming,
        "Pagination": any(o.response_kind == "page" for o in operations),
    }
    # Every resource class has a client and cached views; the rest serve its methods.
    always = {"cached_property", "AsyncAPIClient", "SyncAPIClient"}
    extensions = (resource.extension, resource.async_extension)
    return *(
        i
        for i in declared.RESOURCE_IMPORTS
        if used.get(str(i.name or i.module), bool(operations) or i.name in always)
    ), *(Import(e.module, e.class_name, e.alias) for e in extensions if e)


def _passed_types(operation: OperationContext) -> Iterator[PyType]:
    """The types resource.py.jinja passes as a value (`cast_to=`, `item_type=`, ...:
    context.type_value), which a union or literal does through cast()."""
    if operation.streaming is not None:
        yield operation.streaming.event_annotation
    if operation.pagination is not None:
        yield operation.pagination.item_annotation
    elif operation.response_kind in ("events", "jsonl"):
        assert operation.element_annotation is not None
        yield operation.element_annotation
    elif operation.response_kind != "binary":
        yield operation.return_annotation


def public_names(source: str) -> tuple[Identifier, ...]:
    """The names a runtime module lists in `__all__` (read, never run)."""
    for statement in ast.parse(source).body:
        if (
            isinstance(statement, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets)
            and isinstance(statement.value, ast.List | ast.Tuple)
        ):
            names = {str(ast.literal_eval(e)) for e in statement.value.elts}
            return tuple(
                Identifier(n) for n in sorted(names) if n.isidentifier() and not iskeyword(n)
            )
    return ()


def render_docs(package: PackageContext, used: Templates) -> FileMap:
    """The docs, like the official SDKs' api.md: the index, a page per top-level resource
    and a page per types module (generator/render/apidocs.py)."""
    docs = build_docs(package)
    files: FileMap = {
        INDEX_PAGE: _render(used.docs, "docs/index.md.jinja", package=package, docs=docs)
    }
    for resource in docs.resources:
        files[resource.path] = _render(
            used.docs, "docs/resource.md.jinja", package=package, page=resource
        )
    for types in docs.types:
        files[types.path] = _render(used.docs, "docs/types.md.jinja", package=package, page=types)
    return files


def _imports(
    fixed: tuple[Any, ...], types: list[PyType], module: str, is_package: bool
) -> SafeCode:
    # Thousands of fields have a few hundred distinct types (one object each: python_types
    # interns them), whose imports are a few dozen: each type's imports are read once.
    used = frozenset[Import]().union(*(t.imports() for t in dict.fromkeys(types)))
    return import_block([*fixed, *used], module, is_package)


def _resource_types(resource: ResourceContext) -> list[PyType]:
    return [t for o in resource.operations for t in _operation_types(o)]


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
