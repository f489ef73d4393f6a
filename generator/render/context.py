"""OpenAPI document → the documented values every template receives.

These dataclasses are the contract with template authors (docs/templates.md describes each
field); templates never see the raw document. All Python names are decided here, through
naming.py, so templates only place them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from generator.naming import pascal, python_identifier, same_word, snake, unique_names, words
from generator.openapi.addresses import route_path
from generator.render.python_types import TypeNamer, python_literal
from generator.spec.refs import referenced_names, resolve

Document = dict[str, Any]

# Keyword arguments every generated method takes; parameters of the API never shadow them.
OPTION_ARGUMENTS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "self"})


@dataclass(frozen=True)
class FieldContext:
    """One field of a model."""

    name: str  # Python attribute name
    wire_name: str  # the property name in JSON
    annotation: str  # Python annotation, `| None` included when the field may be null
    required: bool  # the API always sends it
    description: str  # Markdown text from the page ("" when none)
    docstring: str  # the description as a safe Python string literal ("" when none)

    @property
    def aliased(self) -> bool:
        return self.name != self.wire_name


@dataclass(frozen=True)
class ModelContext:
    """An object schema, rendered as a Pydantic model class."""

    name: str  # Python class name
    schema_name: str  # name in components/schemas
    description: str
    docstring: str
    fields: tuple[FieldContext, ...]


@dataclass(frozen=True)
class AliasContext:
    """A non-object schema (enum, union, list, scalar), rendered as a type alias."""

    name: str
    schema_name: str
    annotation: str
    description: str
    docstring: str


@dataclass(frozen=True)
class ParameterContext:
    """One argument of a client method."""

    name: str  # Python argument name
    wire_name: str  # name on the wire: path/query/header parameter or body property
    location: str  # "path", "query", "header", "cookie" or "body"
    annotation: str  # the Python type, without NotGiven
    required: bool
    description: str


@dataclass(frozen=True)
class PaginationContext:
    """A cursor-paginated list: the fields of the runtime's CursorStyle, and the item type."""

    item_annotation: str  # Python type of one item, e.g. "FileObject"
    item_cast_expression: str  # what to pass as item_type
    items_field: str  # response field holding the items, e.g. "data"
    param: str  # query parameter receiving the cursor: "after", "after_id", "page"
    cursor_field: str | None  # response field holding it; None: the id of the last item
    backward_param: str | None  # query parameter paging backwards ("before_id"), if any
    backward_cursor_field: str | None  # response field for that; None: the first item's id
    has_more_field: str | None  # boolean "another page" field; None: while the cursor is set


@dataclass(frozen=True)
class StreamingContext:
    """An operation that answers with server-sent events when a body flag asks for them."""

    parameter: str  # Python name of the boolean body parameter, e.g. "stream"
    event_annotation: str  # Python type of one event, e.g. "RawMessageStreamEvent"
    event_cast_expression: str  # what to pass as event_type


@dataclass(frozen=True)
class OperationContext:
    """One API operation, rendered as a client method."""

    method_name: str  # Python method name on its resource
    http_method: str  # lower case: "get", "post", ...
    path: str  # path template, e.g. "/files/{file_id}"
    operation_id: str
    summary: str
    description: str
    docstring: str  # summary and description as a safe Python string literal
    parameters: tuple[ParameterContext, ...]  # path parameters first, then the others
    body_media_type: str  # "application/json", "multipart/form-data" or "" (no body)
    response_kind: str  # "model" (JSON parsed into a model), "page" (a list) or "binary" (bytes)
    return_annotation: str  # e.g. "FineTuningJob", "bytes", "SyncCursorPage[FileObject]"
    async_return_annotation: str  # the same for the async client
    cast_expression: str  # what to pass as cast_to, e.g. "FineTuningJob"
    resource_path: tuple[str, ...]  # e.g. ("fine_tuning", "jobs")
    pagination: PaginationContext | None  # set when response_kind is "page"
    streaming: StreamingContext | None  # set when a body flag turns on an event stream

    def of(self, location: str) -> tuple[ParameterContext, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def client_call(self) -> str:
        """How a user calls it, e.g. `client.fine_tuning.jobs.resume(fine_tuning_job_id)`."""
        positional = [p.name for p in self.parameters if p.location == "path"]
        keywords = [f"{p.name}=..." for p in self.parameters if p.location != "path" and p.required]
        return f"client.{'.'.join(self.resource_path)}.{self.method_name}({', '.join(positional + keywords)})"


@dataclass(frozen=True)
class ResourceContext:
    """A client namespace such as `client.fine_tuning.jobs`."""

    attribute: str  # attribute name on the parent (`jobs`)
    path: tuple[str, ...]  # ("fine_tuning", "jobs")
    class_name: str  # FineTuningJobsResource
    async_class_name: str  # AsyncFineTuningJobsResource
    display_name: str  # the page's heading for it, or its path
    operations: tuple[OperationContext, ...]
    children: tuple[ResourceContext, ...]

    def walk(self) -> tuple[ResourceContext, ...]:
        """This resource and every resource below it, parents first."""
        return (self, *(r for child in self.children for r in child.walk()))


@dataclass(frozen=True)
class AuthContext:
    kind: str  # "bearer", "header" or "none"
    header_name: str  # "Authorization" or the API-key header
    env_var: str  # environment variable holding the key, "" when none


@dataclass(frozen=True)
class PackageContext:
    """Everything about the generated package; every template receives it as `package`."""

    name: str  # Python package name
    title: str  # API title
    version: str  # API version from the document
    base_url: str  # default base URL ("" when the pages show none)
    base_url_env_var: str  # env var that overrides the base URL, e.g. OPENAI_BASE_URL
    auth: AuthContext
    default_headers: tuple[tuple[str, str], ...]  # sent on every call, e.g. anthropic-version
    models: tuple[ModelContext, ...]  # sorted by name
    aliases: tuple[AliasContext, ...]  # in dependency order
    resources: tuple[ResourceContext, ...]  # top-level resources, sorted
    operations: tuple[OperationContext, ...]  # every operation, sorted by path and method


def docstring(text: str) -> str:
    """A triple-quoted Python string holding `text` exactly, whatever it contains.

    Backslashes, quotes and control characters are escaped, so text from a page can never
    end the string early or become code."""
    if not text.strip():
        return ""
    escaped = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    escaped = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", escaped)
    escaped = escaped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    return f'"""{escaped}"""'


def build_context(document: Document, package: str) -> PackageContext:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    class_names = unique_names(schemas, lambda n: python_identifier(n, style="pascal"))
    namer = TypeNamer(class_names)
    models, aliases = _models_and_aliases(schemas, class_names, namer)
    operations = _operations(document, namer)
    title = str(document.get("info", {}).get("title", "API"))
    return PackageContext(
        name=package,
        title=title,
        version=str(document.get("info", {}).get("version", "")),
        base_url=_base_url(document),
        base_url_env_var=_env_prefix(document, package) + "_BASE_URL",
        auth=_auth(document),
        default_headers=tuple(sorted(
            (str(k), str(v)) for k, v in document.get("x-refgen-default-headers", {}).items()
        )),
        models=models,
        aliases=aliases,
        resources=_resources(operations, document),
        operations=tuple(sorted(operations, key=lambda o: (o.path, o.http_method))),
    )


# -- models ---------------------------------------------------------------------------------


def _is_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" and "additionalProperties" not in schema


def _models_and_aliases(
    schemas: dict[str, Any], class_names: dict[str, str], namer: TypeNamer
) -> tuple[tuple[ModelContext, ...], tuple[AliasContext, ...]]:
    models: list[ModelContext] = []
    aliases: dict[str, AliasContext] = {}
    cyclic = _cyclic_aliases({n for n, s in schemas.items() if not _is_object(s)}, schemas)
    # An alias is evaluated when the module runs, so aliases that name each other in a cycle
    # cannot all be defined: inside them, the names of the cycle stand as Any.
    breaking_namer = TypeNamer({**class_names, **{n: "Any" for n in cyclic}})
    for schema_name in sorted(schemas):
        schema = schemas[schema_name]
        description = str(schema.get("description", ""))
        name = class_names[schema_name]
        if _is_object(schema):
            fields = _fields(schema, namer)
            models.append(ModelContext(name, schema_name, description, docstring(description), fields))
        else:
            annotation = (breaking_namer if schema_name in cyclic else namer).annotation(schema)
            aliases[schema_name] = AliasContext(
                name, schema_name, annotation, description, docstring(description)
            )
    return tuple(models), _alias_order(aliases, schemas)


def _cyclic_aliases(alias_names: set[str], schemas: dict[str, Any]) -> set[str]:
    """The aliases that reach themselves through other aliases."""
    edges = {name: referenced_names(schemas[name]) & alias_names for name in alias_names}
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


def _alias_order(aliases: dict[str, AliasContext], schemas: dict[str, Any]) -> tuple[AliasContext, ...]:
    """Aliases are evaluated when the module runs, so each must follow the aliases it names;
    otherwise keep alphabetical order."""
    ordered: list[AliasContext] = []
    placed: set[str] = set()

    def place(name: str, trail: frozenset[str]) -> None:
        if name in placed or name in trail:
            return
        for dependency in sorted(referenced_names(schemas[name])):
            if dependency in aliases:
                place(dependency, trail | {name})
        placed.add(name)
        ordered.append(aliases[name])

    for name in sorted(aliases):
        place(name, frozenset())
    return tuple(ordered)


def _fields(schema: dict[str, Any], namer: TypeNamer) -> tuple[FieldContext, ...]:
    properties: dict[str, Any] = schema.get("properties", {})
    required = set(schema.get("required", []))
    annotations = {wire: _field_annotation(prop, wire in required, namer)
                   for wire, prop in properties.items()}
    # A field named like a type its own model uses (`bytes: int` beside `data: bytes`) would
    # shadow that type inside the class body, so such a field takes a trailing underscore.
    code = re.sub(r'"(?:[^"\\]|\\.)*"', "", " ".join(annotations.values()))  # not in literals
    used_types = set(re.findall(r"[A-Za-z_]\w*", code))
    names = unique_names(properties, lambda wire: _attribute_name(wire, used_types))
    return tuple(
        FieldContext(
            name=names[wire_name],
            wire_name=wire_name,
            annotation=annotations[wire_name],
            required=wire_name in required,
            description=str(prop.get("description", "")),
            docstring=docstring(str(prop.get("description", ""))),
        )
        for wire_name, prop in properties.items()
    )


def _field_annotation(prop: dict[str, Any], required: bool, namer: TypeNamer) -> str:
    annotation = namer.annotation(prop)
    if not required and not annotation.endswith("| None") and annotation != "Any":
        annotation += " | None"
    return annotation


def _attribute_name(wire_name: str, used_types: set[str]) -> str:
    name = python_identifier(wire_name)
    return name + "_" if name in used_types else name


# -- operations -----------------------------------------------------------------------------


def _operations(
    document: Document, namer: TypeNamer
) -> list[OperationContext]:
    operations = []
    for path, item in document.get("paths", {}).items():
        for http_method, operation in item.items():
            if http_method not in ("get", "put", "post", "delete", "patch", "head", "options"):
                continue
            operations.append(
                _operation(document, path, http_method, operation, namer)
            )
    return operations


def _operation(
    document: Document,
    path: str,
    http_method: str,
    operation: dict[str, Any],
    namer: TypeNamer,
) -> OperationContext:
    client = operation.get("x-refgen-client", {})
    operation_id = str(operation.get("operationId") or snake(f"{http_method} {path}"))
    resource = tuple(python_identifier(s) for s in client.get("resource", _default_resource(operation)))
    method_name = python_identifier(client.get("method", operation_id))
    media_type, body_parameters = _body_parameters(document, operation, namer)
    parameters = _name_parameters(_plain_parameters(document, operation, namer) + body_parameters)
    response_kind, annotation, response_schema = _response(operation, namer)
    cast = _cast_expression(annotation, response_schema, document) if response_schema else "bytes"
    pagination = _pagination(document, operation, namer)
    async_annotation = annotation
    if pagination is not None:
        response_kind = "page"
        annotation = f"SyncCursorPage[{pagination.item_annotation}]"
        async_annotation = f"AsyncCursorPage[{pagination.item_annotation}]"
    summary = str(operation.get("summary", ""))
    description = str(operation.get("description", ""))
    return OperationContext(
        method_name=method_name,
        http_method=http_method,
        path=route_path(path),
        operation_id=operation_id,
        summary=summary,
        description=description,
        docstring=docstring(description or summary),
        parameters=parameters,
        body_media_type=media_type,
        response_kind=response_kind,
        return_annotation=annotation,
        async_return_annotation=async_annotation,
        cast_expression=cast,
        resource_path=resource,
        pagination=pagination,
        streaming=_streaming(document, parameters, resource, annotation, response_schema, namer)
        if response_kind == "model" else None,
    )


def _cast_expression(annotation: str, schema: dict[str, Any], document: Document) -> str:
    """What to pass where the runtime takes `type[T]`: a class or a plain alias as it is; a
    union goes through cast("type[...]", ...), which mypy reads as the union itself."""
    resolved = resolve(document, schema)
    union_like = (
        any(key in resolved for key in ("anyOf", "oneOf", "enum", "const"))
        or isinstance(resolved.get("type"), list)
        or " | " in annotation
    )
    if not union_like:
        return annotation
    return f"cast({python_literal(f'type[{annotation}]')}, {annotation})"


def _pagination(
    document: Document, operation: dict[str, Any], namer: TypeNamer
) -> PaginationContext | None:
    """From the `x-refgen-pagination` the cursor-pagination rule puts on list operations."""
    style = operation.get("x-refgen-pagination")
    if not isinstance(style, dict):
        return None
    success = operation.get("responses", {}).get("200", {}).get("content", {})
    response = resolve(document, success.get("application/json", {}).get("schema", {}))
    items_field = str(style.get("items_field", "data"))
    items = resolve(document, response.get("properties", {}).get(items_field, {}))
    item_schema = items.get("items", {})
    item = namer.annotation(item_schema)
    return PaginationContext(
        item_annotation=item,
        item_cast_expression=_cast_expression(item, item_schema, document),
        items_field=items_field,
        param=str(style.get("param", "after")),
        cursor_field=style.get("cursor_field"),
        backward_param=style.get("backward_param"),
        backward_cursor_field=style.get("backward_cursor_field"),
        has_more_field=style.get("has_more_field"),
    )


def _streaming(
    document: Document,
    parameters: tuple[ParameterContext, ...],
    resource: tuple[str, ...],
    response_annotation: str,
    response_schema: dict[str, Any],
    namer: TypeNamer,
) -> StreamingContext | None:
    """An operation streams when its body takes a boolean `stream`. Its events are the union
    schema named `...StreamEvent` whose name shares most words with the resource (Anthropic's
    RawMessageStreamEvent for messages, BetaRawMessageStreamEvent for beta.messages); with no
    such schema, each event is the operation's own response type."""
    flag = next((p for p in parameters if p.location == "body" and p.wire_name == "stream"
                 and p.annotation == "bool"), None)
    if flag is None:
        return None
    schemas = document.get("components", {}).get("schemas", {})
    resource_words = {w for segment in resource for w in words(segment)}
    candidates = [
        name for name, schema in schemas.items()
        if name.endswith("StreamEvent") and ("oneOf" in schema or "anyOf" in schema)
    ]

    def fit(name: str) -> tuple[int, int, str]:
        name_words = set(words(name)) - {"raw", "stream", "event"}
        shared = {w for w in name_words if any(same_word(w, r) for r in resource_words)}
        return (-len(shared), len(name_words - shared), name)

    best = min(candidates, key=fit, default=None)
    if best is None or fit(best)[0] == 0:
        return StreamingContext(flag.name, response_annotation,
                                _cast_expression(response_annotation, response_schema, document))
    event_schema = {"$ref": f"#/components/schemas/{best}"}
    event = namer.annotation(event_schema)
    return StreamingContext(flag.name, event, _cast_expression(event, event_schema, document))


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
                name=str(parameter["name"]),
                wire_name=str(parameter["name"]),
                location=location,
                annotation=namer.annotation(parameter.get("schema", {})),
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
                name=wire_name,
                wire_name=wire_name,
                location="body",
                annotation=namer.annotation(prop),
                required=wire_name in required,
                description=str(prop.get("description", "")),
            )
            for wire_name, prop in schema.get("properties", {}).items()
        ]
        return media_type, sorted(parameters, key=lambda p: not p.required)
    return "", []


def _name_parameters(parameters: list[ParameterContext]) -> tuple[ParameterContext, ...]:
    """Python argument names: sanitised, never shadowing the option keywords, unique across
    locations (a `limit` in both query and body gets the location spelled out)."""
    taken: set[str] = set(OPTION_ARGUMENTS)
    named = []
    for parameter in parameters:
        name = python_identifier(parameter.wire_name)
        if name in taken:
            name = f"{name}_{parameter.location}"
        while name in taken:
            name += "_"
        taken.add(name)
        named.append(
            ParameterContext(name, parameter.wire_name, parameter.location, parameter.annotation,
                             parameter.required, parameter.description)
        )
    return tuple(named)


def _response(operation: dict[str, Any], namer: TypeNamer) -> tuple[str, str, dict[str, Any]]:
    """(kind, annotation, schema) of the success response: JSON parsed into a model or type,
    else the body as bytes (with an empty schema)."""
    responses = operation.get("responses", {})
    success: dict[str, Any] = next(
        (responses[c] for c in sorted(responses) if c.startswith("2")), {}
    )
    json_media = success.get("content", {}).get("application/json")
    if json_media is None:
        return "binary", "bytes", {}
    schema = json_media.get("schema", {})
    return "model", namer.annotation(schema), schema


# -- client ---------------------------------------------------------------------------------


def _resources(operations: list[OperationContext], document: Document) -> tuple[ResourceContext, ...]:
    display = {
        str(tag["name"]): str(tag.get("x-displayName", tag["name"]))
        for tag in document.get("tags", [])
        if isinstance(tag, dict) and "name" in tag
    }
    by_path: dict[tuple[str, ...], list[OperationContext]] = defaultdict(list)
    for operation in operations:
        by_path[operation.resource_path].append(operation)
    all_paths = {path[:i] for path in by_path for i in range(1, len(path) + 1)}

    def build(path: tuple[str, ...]) -> ResourceContext:
        children = tuple(build(p) for p in sorted(all_paths) if p[:-1] == path and len(p) == len(path) + 1)
        base = pascal("_".join(path))
        return ResourceContext(
            attribute=path[-1],
            path=path,
            class_name=f"{base}Resource",
            async_class_name=f"Async{base}Resource",
            display_name=display.get(".".join(path), ".".join(path)),
            operations=tuple(sorted(by_path.get(path, []), key=lambda o: o.method_name)),
            children=children,
        )

    return tuple(_qualify_shadowed(build(p)) for p in sorted(all_paths) if len(p) == 1)


_BUILTIN_TYPES = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes", "type", "object"})


def _qualify_shadowed(resource: ResourceContext) -> ResourceContext:
    """A method named `list` shadows the builtin inside its class, so the annotations of a
    module that defines one say `builtins.list[...]`."""
    shadowed = {o.method_name for r in resource.walk() for o in r.operations} & _BUILTIN_TYPES
    if not shadowed:
        return resource
    pattern = re.compile(r'(?<![\w."])(' + "|".join(sorted(shadowed)) + r')\b(?!")')

    def qualify(text: str) -> str:
        return pattern.sub(r"builtins.\1", text)

    def operation(op: OperationContext) -> OperationContext:
        return replace(
            op,
            parameters=tuple(replace(p, annotation=qualify(p.annotation)) for p in op.parameters),
            return_annotation=qualify(op.return_annotation),
            async_return_annotation=qualify(op.async_return_annotation),
            cast_expression=qualify(op.cast_expression),
            pagination=op.pagination and replace(
                op.pagination,
                item_annotation=qualify(op.pagination.item_annotation),
                item_cast_expression=qualify(op.pagination.item_cast_expression),
            ),
            streaming=op.streaming and replace(
                op.streaming,
                event_annotation=qualify(op.streaming.event_annotation),
                event_cast_expression=qualify(op.streaming.event_cast_expression),
            ),
        )

    def walk(r: ResourceContext) -> ResourceContext:
        return replace(r, operations=tuple(operation(o) for o in r.operations),
                       children=tuple(walk(c) for c in r.children))

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
    """OPENAI from OPENAI_API_KEY; else the package name in upper case."""
    env_var = _auth(document).env_var
    if env_var.endswith("_API_KEY"):
        return env_var[: -len("_API_KEY")]
    return package.upper()
