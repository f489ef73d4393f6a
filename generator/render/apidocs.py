"""The package context → the docs' pages, laid out like the official SDKs' `api.md`.

One page per top-level resource (`docs/api/beta.md`): a section per resource below it, each
with the types it owns (as import lines, each type linked to its entry) and its methods (the
call's signature, HTTP method and path, summary, description and parameters). One page per
types module (`docs/types/beta.md` for `pkg.types.beta`): every model with its fields and
every alias. `docs/index.md` links them all. (docs/templates.md describes these values.)

Links are made here from names refgen decided, never from page text: a page's path from
resource attributes and module names, an anchor from the heading it points at. An anchor is
the slug GitHub and mkdocs give a heading (lower case, punctuation dropped, spaces as `-`);
headings whose slugs would collide on one page get a suffix derived from their names (never
a counter), so every anchor is unique and stays the same when other entries come or go.
"""

from __future__ import annotations

import posixpath
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from generator.render.context import (
    AliasContext,
    FieldContext,
    ModelContext,
    OperationContext,
    PackageContext,
    ParameterContext,
    ResourceContext,
    TypesModuleContext,
)
from generator.render.escape import Identifier, dotted
from generator.render.markdown import SafeMarkdown, first_sentence, md_cell, md_code_cell, slug
from generator.render.python_types import PyType
from generator.render.request_types import KeyContext, RequestTypeContext

DOCS = "docs"
INDEX_PAGE = f"{DOCS}/index.md"

# What a link target made of names refgen decided holds: path segments, `.md`, an anchor.
_LINK_CHARACTERS = frozenset(string.ascii_letters + string.digits + "_./#-")


@dataclass(frozen=True)
class TypeLink:
    """A documented type, as a link from one page to its entry."""

    name: Identifier
    href: SafeMarkdown  # relative to the page holding the link: `../types/beta.md#betamessage`
    summary: str  # the first sentence of its description, text from input ("" when none)


@dataclass(frozen=True)
class ImportGroup:
    """The types of one section that one types module defines: one import line."""

    module: SafeMarkdown  # the full dotted module, `anthropic.types.beta`
    types: tuple[TypeLink, ...]  # sorted by name


@dataclass(frozen=True)
class MethodDoc:
    """One method of a resource section."""

    operation: OperationContext
    heading: str  # `client.beta.messages.create`, with a suffix when its slug is taken
    anchor: SafeMarkdown  # the heading's slug
    signature: str  # `client.beta.messages.create(**params)` (code, as text)
    returns: tuple[TypeLink, ...]  # the documented types its return type names
    events: tuple[TypeLink, ...]  # those its stream's event type names, when it streams
    parameters: tuple[ParameterDoc, ...]


@dataclass(frozen=True)
class ParameterDoc:
    parameter: ParameterContext
    types: tuple[TypeLink, ...]  # the documented types its annotation names
    # Its finished row of the parameters table (what resource.md.jinja places): the name in
    # code (and the wire name when it differs), where it goes, the annotation in code and
    # the links to `types`, whether it is required, the description on one line.
    row: SafeMarkdown


@dataclass(frozen=True)
class SectionDoc:
    """One resource on its top-level resource's page."""

    resource: ResourceContext
    level: int  # heading level: 1 for the top-level resource, capped at 6
    heading: str  # its display name, with a suffix when its slug is taken
    address: str  # `client.beta.messages`
    types: tuple[ImportGroup, ...]  # the types it owns, by module
    methods: tuple[MethodDoc, ...]  # by method name


@dataclass(frozen=True)
class ResourcePage:
    path: str  # `docs/api/beta.md`
    href: SafeMarkdown  # from the index: `api/beta.md`
    resource: ResourceContext
    sections: tuple[SectionDoc, ...]  # the resource, then those below it, parents first
    index_href: SafeMarkdown  # back to the index: `../index.md`

    @property
    def method_count(self) -> int:
        return sum(len(s.methods) for s in self.sections)


@dataclass(frozen=True)
class FieldDoc:
    field: FieldContext
    types: tuple[TypeLink, ...]  # the documented types its annotation names
    # The finished cells of its row in the fields table, made once here through markdown.py
    # (a types page has a row per field, 11,800 on the tree): the wire name in code, with the
    # attribute when it differs (`` `class` (`class_`) ``); the annotation in code followed by
    # a link to each type in `types`; the description on one line.
    name_cell: SafeMarkdown
    type_cell: SafeMarkdown
    description_cell: SafeMarkdown
    # The whole row, those cells and whether it is required: what types.md.jinja places, one
    # value a row where the four cells cost the template a lookup and a check each.
    row: SafeMarkdown


@dataclass(frozen=True)
class ModelDoc:
    model: ModelContext
    heading: str  # its name, with a suffix when its slug is taken
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class AliasDoc:
    alias: AliasContext
    heading: str
    types: tuple[TypeLink, ...]  # the documented types its annotation names


@dataclass(frozen=True)
class KeyDoc:
    key: KeyContext
    types: tuple[TypeLink, ...]  # the documented types its annotation names
    # The finished cells of its row, as FieldDoc's: the key in code, its annotation with the
    # links, the description.
    name_cell: SafeMarkdown
    type_cell: SafeMarkdown
    description_cell: SafeMarkdown
    row: SafeMarkdown  # the whole row, as FieldDoc's


@dataclass(frozen=True)
class RequestTypeDoc:
    request_type: RequestTypeContext
    heading: str  # its name, with a suffix when its slug is taken
    keys: tuple[KeyDoc, ...]


@dataclass(frozen=True)
class TypesPage:
    path: str  # `docs/types/beta.md`
    href: SafeMarkdown  # from the index: `types/beta.md`
    module: SafeMarkdown  # `anthropic.types.beta`
    models: tuple[ModelDoc, ...]  # by name
    aliases: tuple[AliasDoc, ...]  # by name (the request types' among them)
    request_types: tuple[RequestTypeDoc, ...]  # by name
    index_href: SafeMarkdown  # back to the index: `../index.md`


@dataclass(frozen=True)
class OperationRow:
    """A line of the index's table of operations."""

    operation: OperationContext
    href: SafeMarkdown  # the method's entry: `api/beta.md#clientbetamessagescreate`


@dataclass(frozen=True)
class DocsContext:
    """Every docs page; the templates receive it as `docs` (with `package`)."""

    resources: tuple[ResourcePage, ...]  # by attribute
    types: tuple[TypesPage, ...]  # by module
    operations: tuple[OperationRow, ...]  # by path and method, as package.operations
    shared: tuple[ImportGroup, ...]  # the types no single resource owns, by module


def build_docs(package: PackageContext) -> DocsContext:
    entries = _type_entries(package)
    owners = _owners(entries, _reached_by(package, entries))
    types = tuple(_types_page(package, t, entries) for t in package.types_modules)
    resources = tuple(
        _resource_page(package, top, owners, entries)
        for top in sorted(package.resources, key=lambda r: r.attribute)
    )
    method_links = {
        m.operation.resource_path + (m.operation.method_name,): _link(
            page.path, INDEX_PAGE, m.anchor
        )
        for page in resources
        for section in page.sections
        for m in section.methods
    }
    operations = tuple(
        OperationRow(o, method_links[o.resource_path + (o.method_name,)])
        for o in package.operations
    )
    shared = _import_groups(
        package, [name for name, owner in owners.items() if not owner], entries, INDEX_PAGE
    )
    return DocsContext(resources, types, operations, shared)


# -- where each type is documented ----------------------------------------------------------


@dataclass(frozen=True)
class _TypeEntry:
    name: str  # its class name
    module: str  # its types module, `types.beta`
    page: str  # `docs/types/beta.md`
    anchor: str  # the slug of its heading there
    summary: str  # the first sentence of its description
    named: frozenset[str]  # the documented types its fields or annotation name


def _types_page_path(module: str) -> str:
    """`types.beta` → `docs/types/beta.md`: the module's path, so that pages nest as the
    modules do (`types.md` beside the folder `types/`)."""
    return f"{DOCS}/{module.replace('.', '/')}.md"


class _Entries(dict[str, _TypeEntry]):
    """{class name: its entry}, and the links to them an annotation makes on a page, made
    once per set of names and page (on the 2026-08-22 tree: 13,271 asked, 1,780 made)."""

    def __init__(self) -> None:
        super().__init__()
        self._links: dict[tuple[frozenset[str], str], tuple[TypeLink, ...]] = {}
        self._typed: dict[tuple[PyType, str], tuple[tuple[TypeLink, ...], SafeMarkdown]] = {}

    def links(self, annotation: PyType, page: str) -> tuple[TypeLink, ...]:
        """The documented types `annotation` names, by name, as links from `page`."""
        key = (annotation.names(), page)
        found = self._links.get(key)
        if found is None:
            found = tuple(_type_link(self[n], page) for n in sorted(key[0]) if n in self)
            self._links[key] = found
        return found

    def typed(self, annotation: PyType, page: str) -> tuple[tuple[TypeLink, ...], SafeMarkdown]:
        """The links `annotation` makes from `page`, and its table cell: the annotation in
        code followed by those links. Made once per type and page (a type is one object:
        python_types interns them), asked once per field and key."""
        key = (annotation, page)
        found = self._typed.get(key)
        if found is None:
            linked = self.links(annotation, page)
            cell = md_code_cell(annotation) + "".join(f" [{t.name}]({t.href})" for t in linked)
            found = self._typed[key] = (linked, SafeMarkdown(cell))
        return found


def _type_entries(package: PackageContext) -> _Entries:
    """{class name: its entry}: class names are unique in the package."""
    documented = {
        n
        for t in package.types_modules
        for n in (
            *(m.name for m in t.models),
            *(a.name for a in t.aliases),
            *(r.name for r in t.request_types),
        )
    }
    entries = _Entries()
    for types in package.types_modules:
        page = _types_page_path(types.module)
        headings = _type_headings(types)
        for model in types.models:
            named = frozenset().union(*(f.annotation.names() for f in model.fields))
            entries[model.name] = _TypeEntry(
                model.name,
                types.module,
                page,
                slug(headings[model.name]),
                _summary(model.description),
                named & documented,
            )
        for request in types.request_types:
            named = frozenset().union(*(k.annotation.names() for k in request.keys))
            entries[request.name] = _TypeEntry(
                request.name,
                types.module,
                page,
                slug(headings[request.name]),
                _summary(request.description),
                named & documented,
            )
        for alias in types.aliases:
            entries[alias.name] = _TypeEntry(
                alias.name,
                types.module,
                page,
                slug(headings[alias.name]),
                _summary(alias.description),
                alias.annotation.names() & documented,
            )
    return entries


def _type_headings(types: TypesModuleContext) -> dict[str, str]:
    """Each type's heading on its module's page: its name, and for names equal but for case
    (`FooBar`, `Foobar`: one slug) the positions of its capitals too (`FooBar (1, 4)`)."""
    names = [m.name for m in types.models] + [a.name for a in types.aliases]
    names += [r.name for r in types.request_types]
    return _unique_headings(
        {name: name for name in names},
        lambda name: ", ".join(str(i + 1) for i, c in enumerate(name) if c.isupper()) or "0",
    )


def _reached_by(
    package: PackageContext, entries: Mapping[str, _TypeEntry]
) -> dict[str, set[tuple[Identifier, ...]]]:
    """{class name: the resources whose methods reach it}, through parameters, return types
    and, transitively, the fields of the types they name."""
    reached: dict[str, set[tuple[Identifier, ...]]] = defaultdict(set)
    for top in package.resources:
        for resource in top.walk():
            stack = [n for o in resource.operations for n in _operation_names(o) if n in entries]
            seen: set[str] = set()
            while stack:
                name = stack.pop()
                if name not in seen:
                    seen.add(name)
                    reached[name].add(resource.path)
                    stack.extend(entries[name].named)
    return reached


def _operation_names(operation: OperationContext) -> Iterable[str]:
    annotations = [operation.return_annotation, *(p.annotation for p in operation.parameters)]
    if operation.pagination is not None:
        annotations.append(operation.pagination.item_annotation)
    if operation.streaming is not None:
        annotations.append(operation.streaming.event_annotation)
    return sorted(set().union(*(a.names() for a in annotations)))


def _owners(
    entries: Mapping[str, _TypeEntry], reached: Mapping[str, set[tuple[Identifier, ...]]]
) -> dict[str, tuple[Identifier, ...]]:
    """{class name: the resource whose section lists it}: the deepest resource above every
    resource that reaches it, as the official SDKs list a type once, under the resource
    that uses it; () (the index's shared types) when no one resource, or none, reaches it."""
    owners: dict[str, tuple[Identifier, ...]] = {}
    for name in entries:
        paths = sorted(reached.get(name, ()))
        shared = paths[0] if paths else ()
        for path in paths[1:]:
            shared = _common_prefix(shared, path)
        owners[name] = shared
    return owners


def _common_prefix(a: tuple[Identifier, ...], b: tuple[Identifier, ...]) -> tuple[Identifier, ...]:
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    return a[:shared]


# -- pages ----------------------------------------------------------------------------------


def _resource_page(
    package: PackageContext,
    top: ResourceContext,
    owners: Mapping[str, tuple[Identifier, ...]],
    entries: _Entries,
) -> ResourcePage:
    path = f"{DOCS}/api/{top.attribute}.md"
    owned: dict[tuple[Identifier, ...], list[str]] = defaultdict(list)
    for name, owner in owners.items():
        owned[owner].append(name)
    resources = top.walk()
    # Section and method headings share the page, so their slugs are made unique together;
    # both are keyed by address (a method and a resource below one resource never share a
    # name: both are attributes of its class).
    headings = _unique_headings(
        {
            **{_address(r.path): r.display_name or _address(r.path) for r in resources},
            **{
                _address(r.path, o.method_name): _address(r.path, o.method_name)
                for r in resources
                for o in r.operations
            },
        },
        lambda address: address.replace(".", " "),
    )
    sections = tuple(
        SectionDoc(
            resource=r,
            level=min(len(r.path), 6),
            heading=headings[_address(r.path)],
            address=_address(r.path),
            types=_import_groups(package, owned.get(r.path, []), entries, path),
            methods=tuple(
                _method_doc(o, headings[_address(r.path, o.method_name)], entries, path)
                for o in sorted(r.operations, key=lambda o: o.method_name)
            ),
        )
        for r in resources
    )
    return ResourcePage(path, _link(path, INDEX_PAGE), top, sections, _link(INDEX_PAGE, path))


def _address(path: tuple[Identifier, ...], method: Identifier | None = None) -> str:
    return ".".join(("client", *path, *([method] if method else [])))


def _method_doc(
    operation: OperationContext, heading: str, entries: _Entries, page: str
) -> MethodDoc:
    path_arguments = [p.name for p in operation.of("path")]
    others = [p for p in operation.parameters if p.location != "path"]
    arguments = ", ".join([*path_arguments, *(["**params"] if others else [])])
    address = _address(operation.resource_path, operation.method_name)
    return MethodDoc(
        operation=operation,
        heading=heading,
        anchor=SafeMarkdown(slug(heading)),
        signature=f"{address}({arguments})",
        returns=entries.links(operation.return_annotation, page),
        events=entries.links(operation.streaming.event_annotation, page)
        if operation.streaming
        else (),
        parameters=tuple(_parameter_doc(p, entries, page) for p in operation.parameters),
    )


def _parameter_doc(parameter: ParameterContext, entries: _Entries, page: str) -> ParameterDoc:
    name = md_code_cell(parameter.name)
    if parameter.name != parameter.wire_name:
        name = SafeMarkdown(f"{name} ({md_code_cell(parameter.wire_name)})")
    links, type_cell = entries.typed(parameter.annotation, page)
    required = "yes" if parameter.required else "no"
    row = f"| {name} | {md_cell(parameter.location)} | {type_cell} | {required} | "
    return ParameterDoc(parameter, links, SafeMarkdown(row + f"{md_cell(parameter.description)} |"))


def _types_page(package: PackageContext, types: TypesModuleContext, entries: _Entries) -> TypesPage:
    path = _types_page_path(types.module)
    headings = _type_headings(types)
    # A field recurs on a page (the keyed context makes one FieldContext per distinct field:
    # the tree's 9,811 rows are 4,758 distinct fields of a page): its row is made once.
    rows: dict[FieldContext, FieldDoc] = {}

    def row(field: FieldContext) -> FieldDoc:
        found = rows.get(field)
        if found is None:
            found = rows[field] = _field_doc(field, entries, path)
        return found

    return TypesPage(
        path=path,
        href=_link(path, INDEX_PAGE),
        module=_module_path(package, types.module),
        models=tuple(
            ModelDoc(
                m,
                headings[m.name],
                tuple(map(row, m.fields)),
            )
            for m in sorted(types.models, key=lambda m: m.name)
        ),
        aliases=tuple(
            AliasDoc(a, headings[a.name], entries.links(a.annotation, path))
            for a in sorted(types.aliases, key=lambda a: a.name)
        ),
        request_types=tuple(
            RequestTypeDoc(
                r,
                headings[r.name],
                tuple(_key_doc(k, entries, path) for k in r.keys),
            )
            for r in sorted(types.request_types, key=lambda r: r.name)
        ),
        index_href=_link(INDEX_PAGE, path),
    )


def _field_doc(field: FieldContext, entries: _Entries, page: str) -> FieldDoc:
    name = md_code_cell(field.wire_name)
    if field.aliased:
        name = SafeMarkdown(f"{name} (`{field.name}`)")
    links, type_cell = entries.typed(field.annotation, page)
    description = md_cell(field.description)
    row = _row(name, type_cell, field.required, description)
    return FieldDoc(field, links, name, type_cell, description, row)


def _key_doc(key: KeyContext, entries: _Entries, page: str) -> KeyDoc:
    name = md_code_cell(key.wire_name)
    links, type_cell = entries.typed(key.annotation, page)
    description = md_cell(key.description)
    return KeyDoc(
        key, links, name, type_cell, description, _row(name, type_cell, key.required, description)
    )


def _row(
    name: SafeMarkdown, type_cell: SafeMarkdown, required: bool, description: SafeMarkdown
) -> SafeMarkdown:
    """A row of a fields or keys table: its finished cells joined (each is inert already)."""
    return SafeMarkdown(f"| {name} | {type_cell} | {'yes' if required else 'no'} | {description} |")


def _import_groups(
    package: PackageContext, names: Iterable[str], entries: Mapping[str, _TypeEntry], page: str
) -> tuple[ImportGroup, ...]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for name in names:
        grouped[entries[name].module].append(name)
    return tuple(
        ImportGroup(
            _module_path(package, module),
            tuple(_type_link(entries[n], page) for n in sorted(grouped[module])),
        )
        for module in sorted(grouped)
    )


@lru_cache(maxsize=65536)  # a type is linked from each page many times over
def _type_link(entry: _TypeEntry, page: str) -> TypeLink:
    return TypeLink(
        Identifier(entry.name),
        _link(entry.page, page, SafeMarkdown(entry.anchor)),
        entry.summary,
    )


def _summary(text: str) -> str:
    """A type's first sentence, made once per type (a type is linked from many places)."""
    return first_sentence(text) if text.strip() else ""


def _module_path(package: PackageContext, module: str) -> SafeMarkdown:
    """`anthropic.types.beta`: identifiers and dots, inert in Markdown."""
    return SafeMarkdown(dotted(Identifier(p) for p in (package.name, *module.split("."))))


def _link(target: str, page: str, anchor: str = "") -> SafeMarkdown:
    """The link from `page` to `target` (both paths in the tree), with `#anchor` if given."""
    href = f"{_relative(target, page)}{'#' + anchor if anchor else ''}"
    assert set(href) <= _LINK_CHARACTERS, href  # names and slugs only: nothing from page text
    return SafeMarkdown(href)


@lru_cache(maxsize=4096)  # a few pages link to each other thousands of times
def _relative(target: str, page: str) -> str:
    return "" if target == page else posixpath.relpath(target, posixpath.dirname(page))


# -- headings -------------------------------------------------------------------------------

_K = TypeVar("_K")


def _unique_headings(texts: Mapping[_K, str], suffix: Callable[[_K], str]) -> dict[_K, str]:
    """The headings, those whose slugs collide given `(suffix(key))` after them: derived from
    the names, so that no heading's anchor depends on which other entries exist before it."""
    by_slug: dict[str, list[_K]] = defaultdict(list)
    for key, text in texts.items():
        by_slug[slug(text)].append(key)
    result = dict(texts)
    for keys in by_slug.values():
        if len(keys) > 1:
            for key in keys:
                result[key] = f"{texts[key]} ({suffix(key)})"
    return result
