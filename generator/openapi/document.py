"""Pages → one OpenAPI 3.1 document and its source map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostics, Location
from generator.naming import (
    ClientName,
    collection_prefixes,
    disambiguate,
    join_pascal,
    operation_id,
    operation_names,
    snake,
)
from generator.openapi.copies import current_name, join_alternatives, settle_operation, tree_root
from generator.openapi.curl import Auth, base_url, constant_headers, find_auth, most_common
from generator.openapi.infer import RULES, Rule, apply_rules
from generator.openapi.merge import choose
from generator.openapi.operations import (
    OperationCandidate,
    OperationNames,
    build_operation,
)
from generator.openapi.schemas import (
    PARTIAL_KEY,
    SOURCE_KEY,
    UNDEFINED_KEY,
    Context,
    SchemaBuilder,
    SchemaCandidate,
    forget_parsed,
    ref_name,
    walk_schemas,
)
from generator.openapi.variants import resolve_variants
from generator.pages.model import DomainType, OperationBlock, Page

REF_PREFIX = "#/components/schemas/"

OPENAPI_VERSION = "3.1.0"
Document = dict[str, Any]


@dataclass(frozen=True)
class ApiInfo:
    title: str = "API"
    version: str = "unknown"


@dataclass(frozen=True)
class BuiltDocument:
    document: Document
    source_map: dict[str, str]  # JSON pointer → "file:line"


def build_document(
    pages: list[Page], info: ApiInfo, diagnostics: Diagnostics, rules: tuple[Rule, ...] = RULES
) -> BuiltDocument:
    """One OpenAPI document from the pages. `rules` are the inference rules to apply (all
    of them unless a measurement, such as `make fidelity`, leaves some out)."""
    try:
        return _build_document(pages, info, diagnostics, rules)
    finally:
        forget_parsed()  # the declarations of these pages: no use to the next document


def _build_document(
    pages: list[Page], info: ApiInfo, diagnostics: Diagnostics, rules: tuple[Rule, ...]
) -> BuiltDocument:
    pages = sorted(pages, key=lambda page: page.path)  # the result never depends on their order
    blocks = _blocks_by_operation(pages)
    names = _operation_names(blocks, diagnostics)
    schemas = SchemaBuilder()
    # Build in reading order (each page top to bottom, pages in sorted order), so that the
    # first time a repeated definition is built is the place it was first read.
    built: dict[tuple[str, str], list[OperationCandidate]] = defaultdict(list)
    for page in pages:
        items: list[OperationBlock | DomainType] = [*page.operations, *page.domain_types]
        for item in sorted(items, key=lambda i: i.location):
            if isinstance(item, OperationBlock):
                key = (item.method, item.path)
                built[key].append(
                    build_operation(item, names[key], schemas, len(built[key]), diagnostics)
                )
            else:
                _build_domain_type(item, names, page, schemas)
    operations: dict[tuple[str, str], OperationCandidate] = {}
    root = tree_root(pages)
    for key in sorted(built, key=lambda k: (k[1], k[0])):
        operations[key] = settle_operation(key, built[key], schemas, diagnostics, root)
    resolve_variants(schemas, diagnostics)
    document: Document = {"openapi": OPENAPI_VERSION, "info": {"title": info.title,
                                                               "version": info.version}}
    all_candidates = list(operations.values())
    server = _server_url(all_candidates)
    if server:
        document["servers"] = [{"url": server}]
    headers = constant_headers([e for c in all_candidates for e in c.curl_examples])
    if headers:
        document["x-refgen-default-headers"] = headers
    auth = most_common_auth(all_candidates)
    if auth:
        document["security"] = [{_security_scheme_name(auth): []}]
    document["tags"] = _tags(all_candidates)
    document["paths"] = _paths(operations)
    components: dict[str, Any] = {"schemas": _components(schemas, diagnostics)}
    if auth:
        components["securitySchemes"] = {_security_scheme_name(auth): _security_scheme(auth)}
    document["components"] = components
    _finalise_refs(document, schemas)
    missing = _define_missing(document)
    _break_reference_cycles(document, diagnostics)
    apply_rules(document, rules)
    join_alternatives(document)
    _report_missing(document, missing, diagnostics)
    source_map = extract_source_map(document)
    return BuiltDocument(document, source_map)


def _build_domain_type(
    domain_type: DomainType,
    names: dict[tuple[str, str], OperationNames],
    page: Page,
    schemas: SchemaBuilder,
) -> None:
    context = Context(_section_resource(domain_type, names, page))
    heading = join_pascal([domain_type.heading])
    schemas.begin(heading, context, domain_type.location)
    for node in domain_type.declarations:
        schemas.declared_schema(node, (heading,), top_level=True)


def _section_resource(
    domain_type: DomainType, names: dict[tuple[str, str], OperationNames], page: Page
) -> tuple[str, ...]:
    """The client resource a Domain Types entry belongs to: that of the operations of its
    section, else the page's own name."""
    for key in domain_type.section_operations:
        if key in names:
            return tuple(names[key].resource)
    return tuple(snake(part) for part in page.path.removesuffix(".md").split("/")[-2:])


def _blocks_by_operation(pages: list[Page]) -> dict[tuple[str, str], list[OperationBlock]]:
    blocks: dict[tuple[str, str], list[OperationBlock]] = defaultdict(list)
    for page in pages:
        for block in page.operations:
            blocks[(block.method, block.path)].append(block)
    return blocks


def _block_weight(block: OperationBlock) -> int:
    return len(block.sections) + sum(
        _node_weight(node) for section in block.sections for node in section.declarations
    )


def _node_weight(node: Any) -> int:
    return int(node.weight)


def _operation_names(
    blocks: dict[tuple[str, str], list[OperationBlock]], diagnostics: Diagnostics
) -> dict[tuple[str, str], OperationNames]:
    """Names for every operation, decided with all paths in view (a segment followed by a
    parameter anywhere is a resource, not an action); collisions are resolved by spelling
    out the HTTP method, and reported."""
    collections = collection_prefixes(path for _, path in blocks)
    chosen: dict[tuple[str, str], ClientName] = {}
    for key, candidates in blocks.items():
        primary = min(candidates, key=lambda b: (-_block_weight(b), b.location))
        chosen[key] = operation_names(key[0], key[1], primary.summary, collections)
    final = disambiguate(chosen)
    result: dict[tuple[str, str], OperationNames] = {}
    for key in sorted(chosen):
        name, resource = final[key], chosen[key].resource
        if name != chosen[key].method:
            first = min(blocks[key], key=lambda b: b.location)
            diagnostics.warn(
                first.location,
                f"method name {'.'.join(resource)}.{chosen[key].method} is taken by another "
                f"operation; this one is called {name}",
            )
        result[key] = OperationNames(resource, name, operation_id(list(resource), name))
    return result


def _server_url(candidates: list[OperationCandidate]) -> str | None:
    urls = [
        url
        for candidate in candidates
        for example in candidate.curl_examples
        if (url := base_url(example, candidate.path)) is not None
    ]
    return most_common(urls)


def most_common_auth(candidates: list[OperationCandidate]) -> Auth | None:
    found = [
        auth
        for candidate in candidates
        for example in candidate.curl_examples
        if (auth := find_auth(example)) is not None
    ]
    keys = [f"{a.kind}\t{a.header}\t{a.env_var}" for a in found]
    best = most_common(keys)
    if best is None:
        return None
    kind, header, env_var = best.split("\t")
    return Auth(kind, header, env_var)


def _security_scheme_name(auth: Auth) -> str:
    return "bearerAuth" if auth.kind == "bearer" else "apiKeyAuth"


def _security_scheme(auth: Auth) -> dict[str, Any]:
    if auth.kind == "bearer":
        scheme: dict[str, Any] = {"type": "http", "scheme": "bearer"}
    else:
        scheme = {"type": "apiKey", "in": "header", "name": auth.header}
    scheme["x-refgen-env"] = auth.env_var
    return scheme


def _tags(candidates: list[OperationCandidate]) -> list[dict[str, Any]]:
    """One tag per client resource, named by its dotted path; the page's own heading for
    the resource is kept as its display name."""
    display: dict[str, str] = {}
    for candidate in sorted(candidates, key=lambda c: c.location):
        tag = candidate.operation["tags"][0]
        if candidate.resource_headings and tag not in display:
            display[tag] = candidate.resource_headings[-1]
    tags = []
    for tag in sorted({c.operation["tags"][0] for c in candidates}):
        entry: dict[str, Any] = {"name": tag}
        if tag in display:
            entry["x-displayName"] = display[tag]
        tags.append(entry)
    return tags


def _paths(operations: dict[tuple[str, str], OperationCandidate]) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    method_order = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    for method, path in sorted(operations, key=lambda k: (k[1], method_order.index(k[0]))):
        paths.setdefault(path, {})[method] = operations[(method, path)].operation
    return paths


def _components(schemas: SchemaBuilder, diagnostics: Diagnostics) -> dict[str, Any]:
    by_name: dict[str, list[SchemaCandidate]] = defaultdict(list)
    for candidates in schemas.candidates.values():
        for candidate in candidates:
            by_name[candidate.final_name].append(candidate)
    name_of = current_name(schemas)
    return {
        name: choose(by_name[name], f"type {name}", diagnostics, name_of).schema
        for name in sorted(by_name)
    }


def _finalise_refs(document: Document, schemas: SchemaBuilder) -> None:
    """Turn every placeholder $ref into the final name of what it points to."""
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                target = schemas.target(ref)
                if target is not None:
                    value["$ref"] = REF_PREFIX + target.final_name
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _define_missing(document: Document) -> dict[str, str]:
    """A type that is referenced but never defined becomes a placeholder schema, so that the
    document stays valid (an inference rule may still tell what it is); returns the first
    reference to each, as file:line."""
    defined = document["components"]["schemas"]
    missing: dict[str, str] = {}
    for schema in walk_schemas(document):
        name = ref_name(schema)
        if name is not None and name not in defined:
            source = schema.get(SOURCE_KEY) or ""
            if name not in missing or (source and source < missing[name]):
                missing[name] = source
    for name in sorted(missing):
        defined[name] = {"description": f"{name} is named by the pages but never defined.",
                         UNDEFINED_KEY: True}
    document["components"]["schemas"] = dict(sorted(defined.items()))
    return missing


def _break_reference_cycles(document: Document, diagnostics: Diagnostics) -> None:
    """A type defined only as another name that leads back to itself (`Class = Class`, or
    `A = B` with `B = A`) says nothing: it becomes an unconstrained schema, with a warning,
    rather than a reference that no tool can resolve."""
    schemas = document["components"]["schemas"]

    def target(name: str) -> str | None:
        schema = schemas.get(name, {})
        plain = {k for k in schema if k not in ("description", SOURCE_KEY)}
        return ref_name(schema) if plain == {"$ref"} else None

    for name in sorted(schemas):
        seen, current = {name}, target(name)
        while current is not None and current not in seen:
            seen.add(current)
            current = target(current)
        if current == name:
            source = str(schemas[name].get(SOURCE_KEY, ""))
            schemas[name] = {k: v for k, v in schemas[name].items() if k != "$ref"}
            diagnostics.warn(_parse_location(source),
                             f"type {name} is defined only as itself; it accepts any value")


def _report_missing(document: Document, missing: dict[str, str], diagnostics: Diagnostics) -> None:
    schemas = document["components"]["schemas"]
    for name in sorted(missing):
        outcome = ("its uses describe it as a map" if schemas.get(name, {}).get("type") == "object"
                   else "it accepts any value")
        diagnostics.warn(
            _parse_location(missing[name]), f"type {name} is used but never defined; {outcome}"
        )


def _parse_location(text: str) -> Location:
    return Location.parse(text)


def extract_source_map(document: Document) -> dict[str, str]:
    """Move every source position out of the document into {JSON pointer: "file:line"}."""
    source_map: dict[str, str] = {}
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, dict):
            source = value.pop(SOURCE_KEY, None)
            value.pop(PARTIAL_KEY, None)
            if source is not None:
                source_map[pointer] = source
            stack.extend((f"{pointer}/{_escape(k)}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(value))
    return dict(sorted(source_map.items()))


def _escape(key: str) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")
