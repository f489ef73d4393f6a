"""OpenAPI document → the documented values every template receives.

These dataclasses are the contract with template authors (docs/templates.md describes each
field); templates never see the raw document. Python names are decided here through naming.py,
off the names reserved.py computes, and reach templates as `Identifier`s; types reach them as
PyTypes (python_types.py). Every other string is text from input, which a template can place
only through a filter (escape.py, markdown.py).
"""

from __future__ import annotations

import builtins
import difflib
import http
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache, partial
from typing import Any, Protocol, TypeVar

from generator.diagnostics import RefgenError
from generator.extensions import CLIENT, ClassRef, Extension
from generator.naming import (
    pascal,
    plural,
    python_identifier,
    same_word,
    snake,
    unique_names,
    words,
)
from generator.openapi.media import EVENT_STREAM, JSON, JSON_LINES_TYPES
from generator.openapi.paths import route_path
from generator.render import declared
from generator.render.declared import STANDARD_ERRORS
from generator.render.docstrings import method_docstring, wrap
from generator.render.escape import (
    Identifier,
    SafeCode,
    call_example,
    declaration,
    docstring,
    dotted,
    field_default,
    names_by_key,
)
from generator.render.layout import TYPES_PACKAGE, packages, type_locations
from generator.render.python_types import (
    ASYNC_PAGINATOR,
    BINARY_RESPONSES,
    ITERABLE,
    JSONL_DECODERS,
    PAGE_CLASSES,
    SEQUENCE_NOT_STR,
    STREAMS,
    VOCABULARY,
    Generic,
    Named,
    PyType,
    RequestTypeNamer,
    TypeNamer,
    builtin,
    content_key,
    generic,
    type_value,
)
from generator.render.request_types import (
    References,
    RequestTypeContext,
    component_references,
    is_object,
    needing_request_types,
    reach,
    request_type,
    request_type_names,
)
from generator.render.reserved import ReservedNames
from generator.spec.refs import referenced_names, resolve

Document = dict[str, Any]

_HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_BUILTIN_TYPE_NAMES = frozenset(n.name for n in VOCABULARY if n.module == "builtins")


@dataclass(frozen=True)
class FieldContext:
    """One field of a model."""

    name: Identifier  # Python attribute name
    wire_name: str  # the property name in JSON
    annotation: PyType  # its type, None included when the field may be null or absent
    required: bool  # the API always sends it
    description: str  # Markdown text from the page ("" when none)

    # The finished pieces of its declaration in a model's class body, made once per distinct
    # field rather than by the template for each of the tree's 11,800 fields (escape.py's
    # functions make them), and made when first asked for: only the package's types modules
    # place them, so the context (on the critical path, the second core idle) leaves them to
    # the render, which runs on both cores, and the docs never pay for them.
    @cached_property
    def default(self) -> SafeCode:
        """What follows the annotation: ` = None`, ` = Field(alias="type")` or ""."""
        return field_default(self.wire_name, self.aliased, self.defaults_to_none)

    @cached_property
    def docstring(self) -> SafeCode:
        """The description as a docstring at the class body's indent ("" when none)."""
        return docstring(wrap(self.description, 4), 4)

    @cached_property
    def declaration(self) -> SafeCode:
        """The field's whole declaration in a class body 4 columns in, `name: annotation =
        default` and, when it is described, its docstring on the next line: what a model's
        template places per field, one value instead of four and a test."""
        return declaration(self.name, self.annotation.render(), self.docstring, self.default)

    @property
    def aliased(self) -> bool:
        return self.name != self.wire_name

    @property
    def defaults_to_none(self) -> bool:
        """Absent from a response, it reads as None: an optional field, and a required one
        that may be null (the official SDKs are that lenient: a server that leaves out a
        null must not make the whole response fail to validate)."""
        return not self.required or self.annotation.nullable


@dataclass(frozen=True)
class ModelContext:
    """An object schema, rendered as a Pydantic model class."""

    name: Identifier  # Python class name
    schema_name: str  # name in components/schemas
    description: str
    fields: tuple[FieldContext, ...]
    # A field's name starts with one of pydantic's protected namespaces (`model_dump_`), so
    # the class turns them off (pydantic would warn on import otherwise).
    unprotected_namespaces: bool
    module: SafeCode  # the types module defining it, e.g. "types.beta"
    # Its annotations name a type its module defines further down, so the module calls
    # model_rebuild() once that type exists.
    rebuilt: bool = False


@dataclass(frozen=True)
class AliasContext:
    """A non-object schema (enum, union, list, scalar), rendered as a type alias."""

    name: Identifier
    schema_name: str
    annotation: PyType
    description: str
    module: SafeCode  # the types module defining it


@dataclass(frozen=True)
class TypesModuleContext:
    """One module of `pkg.types`: the models and aliases of one location (layout.py)."""

    module: SafeCode  # dotted path in the package: "types", "types.beta", "types.messages"
    is_package: bool  # written as `.../__init__.py`: modules stand below it
    models: tuple[ModelContext, ...]  # its own types before the ones naming them, else by name
    aliases: tuple[AliasContext, ...]  # in dependency order, after the models: the models'
    # aliases first, then those of the request types (`ContentBlockParam`)
    request_types: tuple[RequestTypeContext, ...] = ()  # the TypedDicts, by name


@dataclass(frozen=True)
class ParameterContext:
    """One argument of a client method."""

    name: Identifier  # Python argument name
    wire_name: str  # name on the wire: path/query/header parameter or body property
    location: str  # "path", "query", "header", "cookie" or "body"
    annotation: PyType  # the Python type, without NotGiven
    required: bool
    description: str


@dataclass(frozen=True)
class PaginationContext:
    """A paginated list: the fields of its `x-refgen-pagination` descriptor (the runtime's
    `Pagination`; docs/inference.md), and the item type. Field names are dotted paths from
    the top of the response; `items_field` is "" when the response is the array itself."""

    item_annotation: PyType  # Python type of one item, e.g. FileObject
    kind: str  # "cursor", "token", "page" or "offset": the page class
    items_field: str  # response field holding the items, e.g. "data"
    param: str  # query parameter receiving the cursor: "after", "after_id", "page"
    cursor_field: str | None  # response field holding it; None: the id of the last item
    backward_param: str | None  # query parameter paging backwards ("before_id"), if any
    backward_cursor_field: str | None  # response field for that; None: the first item's id
    has_more_field: str | None  # boolean "another page" field; None: while the cursor is set
    total_pages_field: str | None  # "page" kind: the response's page count, if any
    limit_param: str | None  # query parameter of the page size, if any

    @property
    def item_cast_expression(self) -> SafeCode:
        """What to pass as item_type."""
        return type_value(self.item_annotation)

    @property
    def sync_page(self) -> PyType:
        """The page class of its kind, of its items: `SyncTokenPage[Skill]`."""
        return generic(_page_classes(self.kind)[0], self.item_annotation)

    @property
    def async_page(self) -> PyType:
        return generic(_page_classes(self.kind)[1], self.item_annotation)


def _page_classes(kind: str) -> tuple[Named, Named]:
    """The page classes of a descriptor kind (build_context admits no other kind; a template
    author's context with another one pages by cursor)."""
    return PAGE_CLASSES.get(kind, PAGE_CLASSES["cursor"])


@dataclass(frozen=True)
class StreamingContext:
    """An operation that answers with server-sent events when a body flag asks for them."""

    parameter: Identifier  # Python name of the boolean body parameter, e.g. "stream"
    event_annotation: PyType  # Python type of one event, e.g. RawMessageStreamEvent

    @property
    def event_cast_expression(self) -> SafeCode:
        """What to pass as event_type."""
        return type_value(self.event_annotation)


@dataclass(frozen=True)
class OperationContext:
    """One API operation, rendered as a client method."""

    method_name: Identifier  # Python method name on its resource
    streamed_method_name: Identifier | None  # `download_streamed` for a binary response
    http_method: str  # lower case: "get", "post", ...
    path: str  # path template, e.g. "/files/{file_id}"
    operation_id: str
    summary: str
    description: str
    parameters: tuple[ParameterContext, ...]  # path parameters first, then the others
    body_media_type: str  # "application/json", "multipart/form-data" or "" (no body)
    # "model" (JSON parsed into a model), "page" (a list), "binary" (a BinaryAPIResponse),
    # "events" (a Stream of server-sent events) or "jsonl" (a JSONLDecoder of JSON Lines)
    response_kind: str
    return_annotation: PyType  # e.g. FineTuningJob, SyncCursorPage[FileObject], Stream[Event]
    async_return_annotation: PyType  # the same for the async client (AsyncPaginator[...], ...)
    resource_path: tuple[Identifier, ...]  # e.g. ("fine_tuning", "jobs")
    pagination: PaginationContext | None  # set when response_kind is "page"
    streaming: StreamingContext | None  # set when a body flag turns on an event stream
    # The type of one event ("events") or one line ("jsonl"); None for the other kinds.
    element_annotation: PyType | None = None

    def of(self, location: str) -> tuple[ParameterContext, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    def mapping(self, location: str) -> SafeCode:
        """The parameters in one location as a dict of wire name to argument, finished code:
        `{ "file_id": file_id }` (made here: a template asks up to 8 times per method)."""
        return names_by_key((p.wire_name, p.name) for p in self.of(location))

    @property
    def cast_expression(self) -> SafeCode:
        """What to pass as cast_to."""
        return type_value(self.return_annotation)

    @property
    def element_cast_expression(self) -> SafeCode:
        """What to pass as event_type or line_type."""
        assert self.element_annotation is not None
        return type_value(self.element_annotation)

    @property
    def docstring_text(self) -> str:
        """The method's docstring, as text from input (place it through `docstring(8)`):
        the summary, the page's description and `Args:` with each parameter's description,
        wrapped to the line length of a method body."""
        arguments = tuple((p.name, p.description) for p in self.parameters)
        return _method_docstring(self.summary, self.description, arguments)

    @property
    def client_call(self) -> SafeCode:
        """How a user calls it, e.g. `client.fine_tuning.jobs.resume(fine_tuning_job_id)`."""
        callee = dotted([Identifier("client"), *self.resource_path, self.method_name])
        keywords = [p.name for p in self.parameters if p.location != "path" and p.required]
        return call_example(callee, [p.name for p in self.of("path")], keywords)


@lru_cache(maxsize=1024)  # a template asks twice per operation (the sync and async methods)
def _method_docstring(
    summary: str, description: str, arguments: tuple[tuple[str, str], ...]
) -> str:
    text = method_docstring(summary, description, arguments, indent=8)
    return text + "\n" if "\n" in text else text  # closing quotes on a line of their own


@dataclass(frozen=True)
class ExtensionContext:
    """A hand-written class a generated class derives from (`extensions:` in refgen.yaml):
    its module and name are validated dotted Python names (generator/extensions.py)."""

    module: SafeCode  # the user's module, e.g. my_helpers
    class_name: Identifier  # the user's class, e.g. MessagesHelpers
    alias: Identifier  # what the generated module imports it as: _MessagesResourceExtension


@dataclass(frozen=True)
class ResourceContext:
    """A client namespace such as `client.fine_tuning.jobs`."""

    attribute: Identifier  # attribute name on the parent (`jobs`)
    path: tuple[Identifier, ...]  # ("fine_tuning", "jobs")
    class_name: Identifier  # FineTuningJobsResource
    async_class_name: Identifier  # AsyncFineTuningJobsResource
    display_name: str  # the page's heading for it, or its path
    operations: tuple[OperationContext, ...]
    children: tuple[ResourceContext, ...]
    extension: ExtensionContext | None = None  # the sync class's hand-written base, if any
    async_extension: ExtensionContext | None = None  # the async class's

    @property
    def module(self) -> SafeCode:
        """`resources.beta.messages`: its module in the package."""
        return dotted((Identifier(declared.RESOURCES_PACKAGE), *self.path))

    @property
    def is_package(self) -> bool:
        """Whether its module is a package (`resources/beta/__init__.py`): resources stand
        below it, each in a module of its own."""
        return bool(self.children)

    @property
    def dotted_path(self) -> SafeCode:
        """`fine_tuning.jobs`: where it stands below the client."""
        return dotted(self.path)

    def walk(self) -> tuple[ResourceContext, ...]:
        """This resource and every resource below it, parents first."""
        return (self, *(r for child in self.children for r in child.walk()))


@dataclass(frozen=True)
class ErrorContext:
    """An error status the API documents (a tree's errors page: `x-refgen-errors`)."""

    status: int  # 402
    type: str  # the error type a body names, e.g. "billing_error"
    description: str  # the page's sentence about it ("" when none)
    class_name: Identifier  # the class it raises: a runtime one, or one the client defines
    base_name: Identifier  # what a class the client defines derives from
    defined: bool  # the client module defines the class (the runtime has none for the status)


@dataclass(frozen=True)
class AuthContext:
    kind: str  # "bearer", "header" or "none"
    header_name: str  # "Authorization" or the API-key header
    env_var: str  # environment variable holding the key, "" when none


@dataclass(frozen=True)
class ClientNamesContext:
    """The public names refgen.yaml's `client: {name: ...}` gives the client classes."""

    sync: Identifier  # `Anthropic`; `Client` by default
    async_: Identifier  # `AsyncAnthropic`; `AsyncClient` by default
    error: Identifier | None  # `AnthropicError`, the root of the package's exceptions

    @property
    def aliases(self) -> tuple[tuple[Identifier, Identifier], ...]:
        """(alias, class): `Client` and `AsyncClient` stand for the named classes too."""
        pairs = ((Identifier("Client"), self.sync), (Identifier("AsyncClient"), self.async_))
        return tuple((alias, cls) for alias, cls in pairs if alias != cls)


def client_names(name: str | None) -> ClientNamesContext:
    """`Anthropic` → Anthropic, AsyncAnthropic, AnthropicError; None → Client, AsyncClient."""
    if name is None:
        return ClientNamesContext(Identifier("Client"), Identifier("AsyncClient"), None)
    return ClientNamesContext(
        Identifier(name), Identifier(f"Async{name}"), Identifier(f"{name}Error")
    )


@dataclass(frozen=True)
class PackageContext:
    """Everything about the generated package; every template receives it as `package`."""

    name: Identifier  # Python package name
    client: ClientNamesContext
    title: str  # API title
    version: str  # API version from the document
    base_url: str  # default base URL ("" when the pages show none)
    base_url_env_var: str  # env var that overrides the base URL, e.g. OPENAI_BASE_URL
    auth: AuthContext
    default_headers: tuple[tuple[str, str], ...]  # sent on every call, e.g. anthropic-version
    models: tuple[ModelContext, ...]  # sorted by name
    aliases: tuple[AliasContext, ...]  # in dependency order
    # What requests take (docs/naming.md, "Request types"): the TypedDicts, by name, and the
    # aliases of request types (unions and lists of TypedDicts), in dependency order.
    request_types: tuple[RequestTypeContext, ...]
    request_aliases: tuple[AliasContext, ...]
    types_modules: tuple[TypesModuleContext, ...]  # the same types by module, sorted
    resources: tuple[ResourceContext, ...]  # top-level resources, sorted
    operations: tuple[OperationContext, ...]  # every operation, sorted by path and method
    errors: tuple[ErrorContext, ...] = ()  # the documented errors, by status; () when none
    log_env_var: str = ""  # the logging switch, e.g. ANTHROPIC_LOG (the prefix of the key's)
    client_extension: ExtensionContext | None = None  # Client's hand-written base, if any
    async_client_extension: ExtensionContext | None = None  # AsyncClient's


def build_context(
    document: Document,
    package: str,
    reserved: ReservedNames | None = None,
    client_name: str | None = None,
    extensions: tuple[Extension, ...] = (),
) -> PackageContext:
    """The context of `document`, with names kept off `reserved` (by default, what refgen's
    own templates and runtime reserve); the client classes named after `client_name`, and
    the hand-written bases `extensions` name."""
    if reserved is None:
        from generator.render.files import builtin_reserved_names

        reserved = builtin_reserved_names()
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    entries = _operation_entries(document)
    names = _ClientNames(entries, reserved)
    taken_class_names = reserved.type_names | names.classes  # made once, asked 2,100 times
    class_names = unique_names(
        schemas, lambda n: python_identifier(n, style="pascal", reserved=taken_class_names)
    )
    references = component_references(schemas)
    requested, returned = _request_and_response_schemas(entries, references)
    request_names, class_names = request_type_names(
        needing_request_types(schemas, references, requested),
        returned,
        class_names,
        set(taken_class_names),
    )
    # The locations are resource attributes, identifiers: a dotted path of them is code.
    modules = {
        schema: dotted(Identifier(p) for p in (TYPES_PACKAGE, *location))
        for schema, location in type_locations(
            references, _type_uses(document, entries, names)
        ).items()
    }
    # Field names come first: a discriminated union names the field pydantic looks up.
    first = TypeNamer(class_names, schemas, modules=modules)
    keys = _property_keys(schemas)
    field_names = _field_names(schemas, first, reserved, keys)
    namer = TypeNamer(class_names, schemas, field_names, earlier=first)
    models, aliases = _models_and_aliases(
        schemas, references, class_names, namer, field_names, reserved, modules, keys
    )
    request_types, request_aliases, request_namer = _request_types(
        schemas, references, request_names, frozenset(returned), namer, modules, keys
    )
    operations = [
        _operation(document, entry, names, namer, request_namer, reserved) for entry in entries
    ]
    resources = _resources(operations, names, document)
    client = next((e for e in extensions if e.address == CLIENT), None)
    return PackageContext(
        name=Identifier(package),
        client=client_names(client_name),
        title=str(document.get("info", {}).get("title", "API")),
        version=str(document.get("info", {}).get("version", "")),
        base_url=_base_url(document),
        base_url_env_var=_env_prefix(document, package) + "_BASE_URL",
        auth=_auth(document),
        default_headers=tuple(
            sorted(
                (str(k), str(v)) for k, v in document.get("x-refgen-default-headers", {}).items()
            )
        ),
        models=models,
        aliases=aliases,
        request_types=request_types,
        request_aliases=request_aliases,
        types_modules=_types_modules(
            models,
            aliases,
            request_types,
            request_aliases,
            references,
            set(modules.values()),
        ),
        resources=_extended(resources, [e for e in extensions if e.address != CLIENT]),
        operations=tuple(sorted(operations, key=lambda o: (o.path, o.http_method))),
        errors=_errors(document, reserved),
        log_env_var=_env_prefix(document, package) + "_LOG",
        client_extension=_extension(client.sync if client else None, "Client"),
        async_client_extension=_extension(client.async_ if client else None, "AsyncClient"),
    )


# -- extensions -----------------------------------------------------------------------------


def _extension(ref: ClassRef | None, generated_class: str) -> ExtensionContext | None:
    if ref is None:
        return None
    module = dotted(Identifier(part) for part in ref.module.split("."))
    return ExtensionContext(
        module, Identifier(ref.name), Identifier(f"_{generated_class}Extension")
    )


def _extended(
    resources: tuple[ResourceContext, ...], extensions: list[Extension]
) -> tuple[ResourceContext, ...]:
    """The resources with the hand-written bases refgen.yaml names; an address that is no
    resource of the client is an error at its line of refgen.yaml."""
    by_address = {e.address: e for e in extensions}
    known = {r.dotted_path for top in resources for r in top.walk()}
    for extension in extensions:
        if extension.address not in known:
            close = difflib.get_close_matches(extension.address, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise RefgenError.at(
                extension.location,
                f"extension {extension.address}: the client has no resource of that name{hint}",
            )

    def extend(r: ResourceContext) -> ResourceContext:
        found = by_address.get(r.dotted_path)
        return replace(
            r,
            children=tuple(extend(c) for c in r.children),
            extension=_extension(found.sync if found else None, r.class_name),
            async_extension=_extension(found.async_ if found else None, r.async_class_name),
        )

    return tuple(extend(r) for r in resources)


# -- errors ---------------------------------------------------------------------------------


def _errors(document: Document, reserved: ReservedNames) -> tuple[ErrorContext, ...]:
    """The documented errors: a status the runtime has a class for raises that class
    (`OverloadedError`); another gets a class named after its error type (`billing_error` →
    `BillingError`), else after the status's reason phrase (`timeout_error` would shadow the
    builtin `TimeoutError`: 504 → `GatewayTimeoutError`), derived from `InternalServerError`
    for a 5xx so that `except InternalServerError` still catches it."""
    entries = document.get("x-refgen-errors")
    found: dict[int, ErrorContext] = {}
    taken = set(reserved.type_names) | set(dir(builtins)) | set(STANDARD_ERRORS.values())
    for entry in entries if isinstance(entries, list) else []:
        status, error_type = entry.get("status"), entry.get("type")
        if not (isinstance(status, int) and 400 <= status <= 599 and isinstance(error_type, str)):
            continue
        if status in found:
            continue
        base = "InternalServerError" if status >= 500 else "APIStatusError"
        name = STANDARD_ERRORS.get(status) or _error_class_name(status, error_type, taken)
        taken.add(name)
        found[status] = ErrorContext(
            status,
            error_type,
            str(entry.get("description", "")),
            Identifier(name),
            Identifier(base),
            defined=status not in STANDARD_ERRORS,
        )
    return tuple(found[s] for s in sorted(found))


def _error_class_name(status: int, error_type: str, taken: set[str]) -> str:
    """The first free of: the error type's name, the reason phrase's, the status's."""
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:  # a status HTTP names no reason for (such as 529)
        reason = ""
    for base in (error_type, reason, f"status {status}"):
        name = python_identifier(base, style="pascal") if base else ""
        name = name if name.endswith("Error") else f"{name}Error"
        if name != "Error" and name not in taken:
            return name
    return python_identifier(f"Status{status}Error", style="pascal", reserved=taken)


# -- models ---------------------------------------------------------------------------------


_is_object = is_object


def _models_and_aliases(
    schemas: dict[str, Any],
    references: References,
    class_names: dict[str, str],
    namer: TypeNamer,
    field_names: dict[str, dict[str, str]],
    reserved: ReservedNames,
    modules: dict[str, SafeCode],
    keys: PropertyKeys,
) -> tuple[tuple[ModelContext, ...], tuple[AliasContext, ...]]:
    models: list[ModelContext] = []
    made: _FieldsMade = {}
    aliases: dict[str, AliasContext] = {}
    cyclic = _cyclic_aliases({n for n, s in schemas.items() if not _is_object(s)}, references)
    # An alias is evaluated when the module runs, so aliases that name each other in a cycle
    # cannot all be defined: inside them, the names of the cycle stand as Any.
    # (Made only when there is a cycle: naming every component costs a namer of its own.)
    breaking_namer = (
        TypeNamer(
            {n: c for n, c in class_names.items() if n not in cyclic},
            schemas,
            field_names,
            modules=modules,
        )
        if cyclic
        else namer
    )
    for schema_name in sorted(schemas):
        schema = schemas[schema_name]
        description = str(schema.get("description", ""))
        name = Identifier(class_names[schema_name])
        if _is_object(schema):
            fields = _fields(schema, namer, field_names[schema_name], keys[schema_name], made)
            models.append(
                ModelContext(
                    name,
                    schema_name,
                    description,
                    fields,
                    any(reserved.protected(f.name) for f in fields),
                    modules[schema_name],
                )
            )
        else:
            python_type = (breaking_namer if schema_name in cyclic else namer).python_type(schema)
            aliases[schema_name] = AliasContext(
                name, schema_name, python_type, description, modules[schema_name]
            )
    return tuple(models), _alias_order(aliases, references)


def _request_types(
    schemas: dict[str, Any],
    references: References,
    request_names: dict[str, str],
    returned: frozenset[str],
    namer: TypeNamer,
    modules: dict[str, SafeCode],
    keys: PropertyKeys,
) -> tuple[tuple[RequestTypeContext, ...], tuple[AliasContext, ...], RequestTypeNamer]:
    """The request types (TypedDicts of objects, aliases of the rest), beside their schemas'
    models, and the namer that gives request parameters their types."""
    named = {
        schema: Named(name, "." + modules[schema], is_class=is_object(schemas[schema]))
        for schema, name in request_names.items()
    }
    request_namer = RequestTypeNamer(namer, schemas, named, returned)
    cyclic = _cyclic_aliases({n for n in request_names if not is_object(schemas[n])}, references)
    # As with the models' aliases (_models_and_aliases), a cycle of aliases stands as Any.
    breaking = RequestTypeNamer(
        namer, schemas, {n: t for n, t in named.items() if n not in cyclic}, returned
    )
    breaking.named = {n: t for n, t in namer.named.items() if n not in cyclic}
    typed_dicts: list[RequestTypeContext] = []
    aliases: dict[str, AliasContext] = {}
    for schema_name in sorted(request_names):
        schema, module = schemas[schema_name], modules[schema_name]
        name = request_names[schema_name]
        if is_object(schema):
            typed_dicts.append(
                request_type(schema_name, schema, name, module, request_namer, keys[schema_name])
            )
        else:
            chosen = breaking if schema_name in cyclic else request_namer
            aliases[schema_name] = AliasContext(
                Identifier(name),
                schema_name,
                chosen.python_type(schema),
                str(schema.get("description", "")),
                module,
            )
    return tuple(typed_dicts), _alias_order(aliases, references), request_namer


def _types_modules(
    models: tuple[ModelContext, ...],
    aliases: tuple[AliasContext, ...],
    request_types: tuple[RequestTypeContext, ...],
    request_aliases: tuple[AliasContext, ...],
    references: References,
    modules: set[SafeCode],
) -> tuple[TypesModuleContext, ...]:
    """The types grouped by module: every location's, and every package above one (empty
    when no type lives there: `types/accounts/__init__.py` above `types/accounts/builds.py`);
    `types` is always there, so that `pkg.types` exists."""
    below = packages(modules) | {TYPES_PACKAGE}
    modules = modules | {dotted(Identifier(p) for p in m.split(".")) for m in below}
    # Each type put in its module in one pass, in the order given.
    models_in = _by_module(models)
    model_aliases_in = _by_module(aliases)
    aliases_in = _by_module((*aliases, *request_aliases))
    request_types_in = _by_module(request_types)
    return tuple(
        TypesModuleContext(
            module,
            module in below,
            _module_models(models_in.get(module, []), references, model_aliases_in.get(module, [])),
            tuple(aliases_in.get(module, ())),
            tuple(request_types_in.get(module, ())),
        )
        for module in sorted(modules)
    )


class _Placed(Protocol):
    @property
    def module(self) -> SafeCode: ...


_InModule = TypeVar("_InModule", bound=_Placed)


def _by_module(types: Iterable[_InModule]) -> dict[str, list[_InModule]]:
    found: dict[str, list[_InModule]] = defaultdict(list)
    for item in types:
        found[item.module].append(item)
    return found


def _module_models(
    models: list[ModelContext], references: References, aliases: list[AliasContext]
) -> tuple[ModelContext, ...]:
    """The models of one module, each after the models of the module it names (by name
    otherwise); marked `rebuilt` when its annotations still name a type defined below it: a
    model of a reference cycle, or an alias (aliases run when the module does, so they follow
    every model)."""
    by_schema = {m.schema_name: m for m in models}
    ordered: list[ModelContext] = []
    placed: set[str] = set()

    def place(schema_name: str, trail: frozenset[str]) -> None:
        if schema_name in placed or schema_name in trail:
            return
        for dependency in sorted(references[schema_name]):
            if dependency in by_schema:
                place(dependency, trail | {schema_name})
        placed.add(schema_name)
        ordered.append(by_schema[schema_name])

    for model in models:
        place(model.schema_name, frozenset())
    # Not yet defined where a model's class body runs: the aliases, the models below it and
    # the models above it that wait for a rebuild themselves.
    pending = {a.name for a in aliases} | {m.name for m in ordered}
    result = []
    for model in ordered:
        pending.discard(model.name)
        named = set().union(*(f.annotation.names() for f in model.fields))
        rebuilt = bool(named & pending)
        result.append(replace(model, rebuilt=True) if rebuilt else model)
        if rebuilt:
            pending.add(model.name)
    return tuple(result)


def _cyclic_aliases(alias_names: set[str], references: References) -> set[str]:
    """The aliases that reach themselves through other aliases."""
    edges = {name: references[name] & alias_names for name in alias_names}
    cyclic: set[str] = set()
    for start in sorted(alias_names):
        stack, seen = list(edges[start]), set()
        while stack:
            current = stack.pop()
            if current == start:
                cyclic.add(start)
                break
            if current not in seen:
                seen.add(current)
                stack.extend(edges[current])
    return cyclic


def _alias_order(
    aliases: dict[str, AliasContext], references: References
) -> tuple[AliasContext, ...]:
    """Aliases are evaluated when the module runs, so each must follow the aliases it names;
    otherwise keep alphabetical order."""
    ordered: list[AliasContext] = []
    placed: set[str] = set()

    def place(name: str, trail: frozenset[str]) -> None:
        if name in placed or name in trail:
            return
        for dependency in sorted(references[name]):
            if dependency in aliases:
                place(dependency, trail | {name})
        placed.add(name)
        ordered.append(aliases[name])

    for name in sorted(aliases):
        place(name, frozenset())
    return tuple(ordered)


# {object schema's name: the content_key of each of its properties, in order}: what its
# fields are made of, keyed by content, made once per build (a repr each, in C), so that
# each distinct property is typed and made a field once however many models repeat it.
PropertyKeys = dict[str, tuple[str, ...]]
# The fields made so far, by what makes one: (name, wire name, required, content key).
_FieldsMade = dict[tuple[str, str, bool, str], FieldContext]


def _property_keys(schemas: dict[str, Any]) -> PropertyKeys:
    return {
        schema_name: tuple(map(content_key, schema.get("properties", {}).values()))
        for schema_name, schema in schemas.items()
        if _is_object(schema)
    }


def _field_names(
    schemas: dict[str, Any], namer: TypeNamer, reserved: ReservedNames, keys: PropertyKeys
) -> dict[str, dict[str, str]]:
    """{schema name: {wire name: attribute name}} of every model. A field must not be named
    like a member of the model base (`model_dump`), nor like a type its own model uses
    (`bytes: int` beside `data: bytes`), which it would shadow in the class body.

    The names follow from the wire names and the names the types use alone, so models that
    agree on both (the beta namespace's copies of a model) share one mapping (read only)."""
    names = {}
    made: dict[tuple[tuple[str, ...], frozenset[str]], dict[str, str]] = {}
    for schema_name, property_keys in keys.items():
        properties: dict[str, Any] = schemas[schema_name].get("properties", {})
        used = frozenset[str]().union(
            *(namer.keyed_type(p, k).names() for p, k in zip(properties.values(), property_keys))
        )
        found = made.get((tuple(properties), used))
        if found is None:
            taken = reserved.field_names | used
            found = unique_names(properties, partial(python_identifier, reserved=taken))
            made[(tuple(properties), used)] = found
        names[schema_name] = found
    return names


def _fields(
    schema: dict[str, Any],
    namer: TypeNamer,
    names: dict[str, str],
    keys: tuple[str, ...],
    made: _FieldsMade,
) -> tuple[FieldContext, ...]:
    """The fields of a model; a field equal to one made already (the same name, wire name,
    requiredness and property schema) is that one."""
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    fields = []
    for (wire_name, prop), key in zip(properties.items(), keys):
        what = (names[wire_name], wire_name, wire_name in required, key)
        found = made.get(what)
        if found is None:
            found = made[what] = FieldContext(
                name=Identifier(names[wire_name]),
                wire_name=wire_name,
                annotation=_field_type(prop, key, wire_name in required, namer),
                required=wire_name in required,
                description=str(prop.get("description", "")),
            )
        fields.append(found)
    return tuple(fields)


def _field_type(prop: dict[str, Any], key: str, required: bool, namer: TypeNamer) -> PyType:
    python_type = namer.keyed_type(prop, key)
    return python_type if required else python_type.or_none()


# -- client names ---------------------------------------------------------------------------


def _request_and_response_schemas(
    entries: list[_Entry], references: References
) -> tuple[set[str], set[str]]:
    """The schemas requests reach (parameters and bodies, transitively) and those responses
    reach."""
    requested: set[str] = set()
    returned: set[str] = set()
    for entry in entries:
        requested |= reach(references, entry.sent)
        returned |= reach(references, entry.received)
    return requested, returned


def _type_uses(
    document: Document, entries: list[_Entry], names: _ClientNames
) -> list[tuple[tuple[str, ...], set[str]]]:
    """(location, the schemas it names) of every operation: its resource's parent
    (`("beta",)` for `client.beta.messages`), its parameters, body and responses."""
    uses: list[tuple[tuple[str, ...], set[str]]] = []
    for entry in entries:
        named = set(entry.sent | entry.received)
        # The flag first: few operations stream, and finding their events reads every schema.
        if _takes_stream_flag(document, entry.operation):
            events = _stream_event_schema(document, entry.resource)
            if events is not None:
                named.add(events)
        uses.append((tuple(names.paths[entry.resource][:-1]), named))
    return uses


@dataclass(frozen=True)
class _Entry:
    """An operation of the document and where the fragment puts it in the client."""

    path: str
    http_method: str
    operation: dict[str, Any]
    resource: tuple[str, ...]  # x-refgen-client's resource path, as written
    method: str  # x-refgen-client's method name, as written
    binary: bool  # the response is bytes, so the method has a `_streamed` twin
    # The components its parameters and body name, and those its responses name (each
    # operation walked once: the schemas requests and responses reach, and the layout).
    sent: frozenset[str]
    received: frozenset[str]


def _operation_entries(document: Document) -> list[_Entry]:
    entries = []
    for path, item in document.get("paths", {}).items():
        for http_method, operation in item.items():
            if http_method not in _HTTP_METHODS:
                continue
            client = operation.get("x-refgen-client", {})
            operation_id = str(operation.get("operationId") or snake(f"{http_method} {path}"))
            resource = tuple(str(s) for s in client.get("resource", _default_resource(operation)))
            parameters = [_resolve_parameter(document, p) for p in operation.get("parameters", [])]
            entries.append(
                _Entry(
                    path,
                    http_method,
                    operation,
                    resource or ("default",),
                    str(client.get("method", operation_id)),
                    _response_kind(_success_media(operation)[0]) == "binary",
                    frozenset(
                        referenced_names(parameters)
                        | referenced_names(operation.get("requestBody", {}))
                    ),
                    frozenset(referenced_names(operation.get("responses", {}))),
                )
            )
    return entries


class _ClientNames:
    """Python names of the client's namespaces and methods, kept off the members each class
    has already: a top-level resource off the client's (`close`, `api_key`), a nested one and
    a method off the resource classes' and the other members of their class."""

    def __init__(self, entries: list[_Entry], reserved: ReservedNames) -> None:
        raw_paths = {
            entry.resource[:i] for entry in entries for i in range(1, len(entry.resource) + 1)
        }
        self.paths: dict[tuple[str, ...], tuple[Identifier, ...]] = {}
        for raw in sorted(raw_paths, key=len):
            # A nested resource is also a module of its parent's package, and importing it
            # sets that name in the parent's namespace: it must not be a name the parent's
            # module uses (`cast`, `builtins`, `list`).
            taken = (
                reserved.client_members
                if len(raw) == 1
                else reserved.resource_members | reserved.type_names
            )
            attribute = Identifier(python_identifier(raw[-1], reserved=taken))
            self.paths[raw] = (*self.paths.get(raw[:-1], ()), attribute)
        bases = unique_names({"_".join(p) for p in self.paths.values()}, pascal)
        self.class_names = {path: bases["_".join(path)] for path in self.paths.values()}
        self.classes = frozenset(
            f"{prefix}{base}Resource{suffix}"
            for base in bases.values()
            for prefix in ("", "Async")
            for suffix in ("", "WithRawResponse", "WithStreamingResponse")
        )
        self.methods: dict[tuple[str, str], Identifier] = {}
        self.streamed: dict[tuple[str, str], Identifier] = {}
        by_resource: dict[tuple[Identifier, ...], list[_Entry]] = defaultdict(list)
        for entry in entries:
            by_resource[self.paths[entry.resource]].append(entry)
        for path, members in by_resource.items():
            self._name_methods(path, members, reserved)

    def _name_methods(
        self, path: tuple[Identifier, ...], entries: list[_Entry], reserved: ReservedNames
    ) -> None:
        children = {
            p[-1] for p in self.paths.values() if p[:-1] == path and len(p) == len(path) + 1
        }
        taken = reserved.resource_members | children
        methods = unique_names(
            {e.method for e in entries}, lambda m: python_identifier(m, reserved=taken)
        )
        taken = taken | set(methods.values())
        for entry in entries:
            key = (entry.path, entry.http_method)
            self.methods[key] = Identifier(methods[entry.method])
            if entry.binary:
                twin = python_identifier(f"{methods[entry.method]}_streamed", reserved=taken)
                self.streamed[key] = Identifier(twin)
                taken = taken | {twin}


# -- operations -----------------------------------------------------------------------------


def _operation(
    document: Document,
    entry: _Entry,
    names: _ClientNames,
    namer: TypeNamer,
    request_namer: RequestTypeNamer,
    reserved: ReservedNames,
) -> OperationContext:
    operation = entry.operation
    media_type, body_parameters = _body_parameters(document, operation, request_namer)
    parameters = _name_parameters(
        _plain_parameters(document, operation, request_namer) + body_parameters, reserved
    )
    response_media, response_schema = _success_media(operation)
    response_kind = _response_kind(response_media)
    element = None if response_kind in ("binary", "model") else namer.python_type(response_schema)
    returns, async_returns = _returns(response_kind, response_schema, element, namer)
    pagination = _pagination(document, operation, namer) if response_kind == "model" else None
    if pagination is not None:
        response_kind = "page"
        returns = pagination.sync_page
        async_returns = generic(ASYNC_PAGINATOR, pagination.item_annotation, pagination.async_page)
    key = (entry.path, entry.http_method)
    resource = names.paths[entry.resource]
    return OperationContext(
        method_name=names.methods[key],
        streamed_method_name=names.streamed.get(key),
        http_method=entry.http_method,
        path=route_path(entry.path),
        operation_id=str(
            operation.get("operationId") or snake(f"{entry.http_method} {entry.path}")
        ),
        summary=str(operation.get("summary", "")),
        description=str(operation.get("description", "")),
        parameters=parameters,
        body_media_type=media_type,
        response_kind=response_kind,
        return_annotation=returns,
        async_return_annotation=async_returns,
        resource_path=resource,
        pagination=pagination,
        streaming=_streaming(document, parameters, entry.resource, returns, namer)
        if response_kind == "model"
        else None,
        element_annotation=element,
    )


def _success_media(operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The media type and schema of the first 2xx response: JSON when it offers JSON (an
    event stream beside it is the `stream` flag's), else what it offers; "" when nothing."""
    responses = operation.get("responses", {})
    success: dict[str, Any] = next(
        (responses[c] for c in sorted(responses, key=str) if str(c).startswith("2")), {}
    )
    content: dict[str, Any] = success.get("content", {})
    media_type = JSON if JSON in content else next(iter(sorted(content)), "")
    return media_type, dict(content.get(media_type, {}).get("schema", {}))


def _response_kind(media_type: str) -> str:
    if media_type == JSON:
        return "model"
    if media_type == EVENT_STREAM:
        return "events"
    if media_type in JSON_LINES_TYPES:
        return "jsonl"
    return "binary"


def _returns(
    kind: str, schema: dict[str, Any], element: PyType | None, namer: TypeNamer
) -> tuple[PyType, PyType]:
    """What the sync and the async method return for a response of `kind`: always what the
    runtime's call returns, so that the annotation never promises another type."""
    wrappers = {"events": STREAMS, "jsonl": JSONL_DECODERS}
    if kind == "binary":
        return BINARY_RESPONSES
    if element is not None:
        sync, async_ = wrappers[kind]
        return generic(sync, element), generic(async_, element)
    returns = namer.python_type(schema)
    return returns, returns


def _pagination(
    document: Document, operation: dict[str, Any], namer: TypeNamer
) -> PaginationContext | None:
    """From the `x-refgen-pagination` descriptor the pagination rule puts on list operations
    (every kind: the runtime has a page class for each)."""
    style = operation.get("x-refgen-pagination")
    if not isinstance(style, dict) or style.get("kind", "cursor") not in PAGE_CLASSES:
        return None
    items_field = str(style.get("items_field", "data"))
    items = resolve(document, _success_media(operation)[1])
    for name in items_field.split(".") if items_field else ():
        items = resolve(document, items.get("properties", {}).get(name, {}))
    return PaginationContext(
        item_annotation=namer.python_type(items.get("items", {})),
        kind=str(style.get("kind", "cursor")),
        items_field=items_field,
        param=str(style.get("param", "after")),
        cursor_field=_optional_text(style.get("cursor_field")),
        backward_param=_optional_text(style.get("backward_param")),
        backward_cursor_field=_optional_text(style.get("backward_cursor_field")),
        has_more_field=_optional_text(style.get("has_more_field")),
        total_pages_field=_optional_text(style.get("total_pages_field")),
        limit_param=_optional_text(style.get("limit_param")),
    )


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _streaming(
    document: Document,
    parameters: tuple[ParameterContext, ...],
    resource: tuple[str, ...],
    response_type: PyType,
    namer: TypeNamer,
) -> StreamingContext | None:
    """An operation streams when its body takes a boolean `stream`. Its events are the union
    schema named `...StreamEvent` whose name shares most words with the resource (Anthropic's
    RawMessageStreamEvent for messages, BetaRawMessageStreamEvent for beta.messages); with no
    such schema, each event is the operation's own response type."""
    flag = next(
        (
            p
            for p in parameters
            if p.location == "body" and p.wire_name == "stream" and p.annotation == builtin("bool")
        ),
        None,
    )
    if flag is None:
        return None
    best = _stream_event_schema(document, resource)
    if best is None:
        return StreamingContext(flag.name, response_type)
    return StreamingContext(flag.name, namer.python_type({"$ref": f"#/components/schemas/{best}"}))


def _stream_event_schema(document: Document, resource: tuple[str, ...]) -> str | None:
    """The `...StreamEvent` union schema sharing most words with the resource, if any."""
    schemas = document.get("components", {}).get("schemas", {})
    resource_words = {w for segment in resource for w in words(segment)}
    candidates = [
        name
        for name, schema in schemas.items()
        if name.endswith("StreamEvent") and ("oneOf" in schema or "anyOf" in schema)
    ]

    def fit(name: str) -> tuple[int, int, str]:
        name_words = set(words(name)) - {"raw", "stream", "event"}
        shared = {w for w in name_words if any(same_word(w, r) for r in resource_words)}
        return (-len(shared), len(name_words - shared), name)

    best = min(candidates, key=fit, default=None)
    return None if best is None or fit(best)[0] == 0 else best


def _takes_stream_flag(document: Document, operation: dict[str, Any]) -> bool:
    """Whether the JSON body has a boolean `stream` property (the events then come from
    _stream_event_schema)."""
    content = operation.get("requestBody", {}).get("content", {})
    body = resolve(document, content.get("application/json", {}).get("schema", {}))
    flag = resolve(document, body.get("properties", {}).get("stream", {}))
    return flag.get("type") == "boolean"


def _default_resource(operation: dict[str, Any]) -> list[str]:
    tags = operation.get("tags") or ["default"]
    return str(tags[0]).split(".")


def _plain_parameters(
    document: Document, operation: dict[str, Any], namer: TypeNamer
) -> list[ParameterContext]:
    result = []
    for parameter in operation.get("parameters", []):
        parameter = _resolve_parameter(document, parameter)
        location = str(parameter.get("in", "query"))
        result.append(
            ParameterContext(
                name=Identifier("value"),  # named by _name_parameters
                wire_name=str(parameter["name"]),
                location=location,
                annotation=namer.python_type(parameter.get("schema", {})),
                required=bool(parameter.get("required", location == "path")),
                description=str(parameter.get("description", "")),
            )
        )
    order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
    return sorted(result, key=lambda p: (order.get(p.location, 4), not p.required))


def _resolve_parameter(document: Document, parameter: dict[str, Any]) -> dict[str, Any]:
    ref = parameter.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/parameters/"):
        resolved: dict[str, Any] = document["components"]["parameters"][ref.rsplit("/", 1)[1]]
        return resolved
    return parameter


def _body_parameters(
    document: Document, operation: dict[str, Any], namer: TypeNamer
) -> tuple[str, list[ParameterContext]]:
    content = operation.get("requestBody", {}).get("content", {})
    for media_type in ("application/json", "multipart/form-data"):
        if media_type not in content:
            continue
        schema = resolve(document, content[media_type].get("schema", {}))
        required = set(schema.get("required", []))
        parameters = [
            ParameterContext(
                name=Identifier("value"),  # named by _name_parameters
                wire_name=wire_name,
                location="body",
                annotation=namer.python_type(prop),
                required=wire_name in required,
                description=str(prop.get("description", "")),
            )
            for wire_name, prop in schema.get("properties", {}).items()
        ]
        return media_type, sorted(parameters, key=lambda p: not p.required)
    return "", []


def _argument_name(parameter: ParameterContext) -> str:
    """What a parameter's Python name is made from: its wire name, but for a header that
    holds a list (sent comma-separated), the plural of the header name's last word, as a
    list is named (`anthropic-beta` → `betas`): the API's prefix says nothing to a caller."""
    annotation = parameter.annotation
    holds_list = isinstance(annotation, Generic) and annotation.origin in (
        ITERABLE,
        SEQUENCE_NOT_STR,
    )
    if parameter.location == "header" and holds_list:
        last = words(parameter.wire_name)[-1:] or [parameter.wire_name]
        return plural(last[0])
    return parameter.wire_name


def _name_parameters(
    parameters: list[ParameterContext], reserved: ReservedNames
) -> tuple[ParameterContext, ...]:
    """Python argument names: sanitised, never shadowing the option keywords or a name the
    method's body uses, unique across locations (a `limit` in both query and body gets the
    location spelled out)."""
    taken: set[str] = set(reserved.parameter_names)
    named = []
    for parameter in parameters:
        name = python_identifier(_argument_name(parameter))
        if name in taken:
            name = f"{name}_{parameter.location}"
        name = python_identifier(name, reserved=taken)
        taken.add(name)
        named.append(replace(parameter, name=Identifier(name)))
    return tuple(named)


# -- client ---------------------------------------------------------------------------------


def _resources(
    operations: list[OperationContext], names: _ClientNames, document: Document
) -> tuple[ResourceContext, ...]:
    display = {
        str(tag["name"]): str(tag.get("x-displayName", tag["name"]))
        for tag in document.get("tags", [])
        if isinstance(tag, dict) and "name" in tag
    }
    raw_of = {path: raw for raw, path in names.paths.items()}
    by_path: dict[tuple[Identifier, ...], list[OperationContext]] = defaultdict(list)
    for operation in operations:
        by_path[operation.resource_path].append(operation)
    all_paths = set(names.paths.values())

    def build(path: tuple[Identifier, ...]) -> ResourceContext:
        children = tuple(
            build(p) for p in sorted(all_paths) if p[:-1] == path and len(p) == len(path) + 1
        )
        base = names.class_names[path]
        raw = ".".join(raw_of[path])
        return ResourceContext(
            attribute=path[-1],
            path=path,
            class_name=Identifier(f"{base}Resource"),
            async_class_name=Identifier(f"Async{base}Resource"),
            display_name=display.get(raw, raw),
            operations=tuple(sorted(by_path.get(path, []), key=lambda o: o.method_name)),
            children=children,
        )

    return tuple(_qualify_shadowed(build(p)) for p in sorted(all_paths) if len(p) == 1)


def _qualify_shadowed(resource: ResourceContext) -> ResourceContext:
    """A method named `list` shadows the builtin inside its class, so the types of a module
    that defines one say `builtins.list[...]`."""
    defined: set[str] = set()
    for r in resource.walk():
        defined |= {c.attribute for c in r.children}
        for o in r.operations:
            defined |= {
                o.method_name,
                *([o.streamed_method_name] if o.streamed_method_name else []),
            }
    shadowed = frozenset(defined & _BUILTIN_TYPE_NAMES)
    if not shadowed:
        return resource

    def operation(op: OperationContext) -> OperationContext:
        return replace(
            op,
            parameters=tuple(
                replace(p, annotation=p.annotation.qualified(shadowed)) for p in op.parameters
            ),
            return_annotation=op.return_annotation.qualified(shadowed),
            async_return_annotation=op.async_return_annotation.qualified(shadowed),
            pagination=op.pagination
            and replace(
                op.pagination, item_annotation=op.pagination.item_annotation.qualified(shadowed)
            ),
            streaming=op.streaming
            and replace(
                op.streaming, event_annotation=op.streaming.event_annotation.qualified(shadowed)
            ),
            element_annotation=op.element_annotation and op.element_annotation.qualified(shadowed),
        )

    def walk(r: ResourceContext) -> ResourceContext:
        return replace(
            r,
            operations=tuple(operation(o) for o in r.operations),
            children=tuple(walk(c) for c in r.children),
        )

    return walk(resource)


def _base_url(document: Document) -> str:
    servers = document.get("servers") or []
    return str(servers[0].get("url", "")) if servers else ""


def _auth(document: Document) -> AuthContext:
    schemes = document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        env_var = str(scheme.get("x-refgen-env", ""))
        if scheme.get("type") == "http" and scheme.get("scheme") == "bearer":
            return AuthContext("bearer", "Authorization", env_var)
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return AuthContext("header", str(scheme.get("name")), env_var)
    return AuthContext("none", "", "")


def _env_prefix(document: Document, package: str) -> str:
    """OPENAI from OPENAI_API_KEY (CLOUDFLARE from CLOUDFLARE_API_TOKEN: the suffixes the
    runtime's logging switch strips too); else the package name in upper case."""
    env_var = _auth(document).env_var
    for suffix in ("_API_KEY", "_API_TOKEN", "_KEY", "_TOKEN"):
        if env_var.endswith(suffix) and len(env_var) > len(suffix):
            return env_var.removesuffix(suffix)
    return package.upper()
