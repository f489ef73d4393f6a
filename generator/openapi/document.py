"""Pages → one OpenAPI 3.1 document and its source map."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from generator.diagnostics import Diagnostics, Location
from generator.naming import join_pascal, page_url, snake
from generator.openapi.addresses import OperationKey, Placement, place_operations
from generator.openapi.copies import (
    DistinctCopies,
    current_name,
    join_alternatives,
    settle_operation,
    tree_root,
)
from generator.openapi.curl import Auth, base_url, constant_headers, find_auth, most_common
from generator.openapi.infer import RULES, Rule, apply_rules
from generator.openapi.merge import choose
from generator.openapi.operations import OperationCandidate, build_operation
from generator.openapi.provenance import EXAMPLE, SILENT, Provenance
from generator.openapi.schemas import (
    Context,
    Schema,
    SchemaBuilder,
    SchemaCandidate,
    forget_parsed,
    parse_node,
)
from generator.openapi.sourcemap import SourceMap
from generator.openapi.variants import (
    link_listed_types,
    resolve_variants,
    share_identical_objects,
)
from generator.pages.era import conventions
from generator.pages.model import DomainType, OperationBlock, Page
from generator.spec.refs import component_schemas, ref_name, walk_schemas

REF_PREFIX = "#/components/schemas/"
HOME_KEY = "x-refgen-resource"  # on a component schema: the client resource that defines it

OPENAPI_VERSION = "3.1.0"
Document = dict[str, Any]


@dataclass(frozen=True)
class ApiInfo:
    title: str = "API"
    version: str = "unknown"


@dataclass(frozen=True)
class BuiltDocument:
    document: Document
    # Where each part was read, and what the pages did not state: the side table of the build.
    provenance: Provenance
    # Types the pages name but never define → where they are first named: they stand in the
    # document as placeholders until an overlay defines them (report_undefined).
    undefined: dict[str, Location] = field(default_factory=dict)
    exported: SourceMap | None = None  # the side table by JSON pointer, made with the document

    @property
    def source_map(self) -> SourceMap:
        """The side table by JSON pointer. A build asked for none (`export=False`) makes it
        now: the pointers are those of the document as it is, so ask before changing it."""
        if self.exported is not None:
            return self.exported
        return _exported(self.document, self.provenance)


def build_document(
    pages: list[Page],
    info: ApiInfo,
    diagnostics: Diagnostics,
    rules: tuple[Rule, ...] = RULES,
    export: bool = True,
) -> BuiltDocument:
    """One OpenAPI document from the pages. `rules` are the inference rules to apply (all
    of them unless a measurement, such as `make fidelity`, leaves some out). With `export`
    false the source map is made only when asked for (`refgen parse` without --source-map
    writes none: its export, a walk of the whole document, cost 0.07-0.1 s on the
    2026-08-22 tree)."""
    try:
        built = _build_document(pages, info, diagnostics, rules)
    finally:
        forget_parsed()  # the declarations of these pages: no use to the next document
    if not export:
        return built
    return replace(built, exported=_exported(built.document, built.provenance))


def _exported(document: Document, provenance: Provenance) -> SourceMap:
    exported = provenance.export(document)
    return SourceMap(exported.locations, exported.evidence, provenance.conventions)


def _build_document(
    pages: list[Page], info: ApiInfo, diagnostics: Diagnostics, rules: tuple[Rule, ...]
) -> BuiltDocument:
    pages = sorted(pages, key=lambda page: page.path)  # the result never depends on their order
    placement = place_operations(pages, diagnostics)
    schemas = SchemaBuilder(provenance=Provenance(conventions(pages)))
    # Build in reading order (each page top to bottom, pages in sorted order), so that the
    # first time a repeated definition is built is the place it was first read.
    built: dict[OperationKey, list[OperationCandidate]] = defaultdict(list)
    blocks_of_route: dict[tuple[str, str], int] = defaultdict(int)  # tells a route's blocks apart
    listed: dict[str, tuple[str, ...]] = {}  # type name → resource of its first Domain Types entry
    root = tree_root(pages)
    distinct = DistinctCopies(root)
    for page in pages:
        items: list[OperationBlock | DomainType] = [*page.operations, *page.domain_types]
        for item in sorted(items, key=lambda i: i.location):
            if isinstance(item, OperationBlock):
                key = placement.operations[item.location]
                index = blocks_of_route[key.route]
                blocks_of_route[key.route] += 1
                if not distinct.first(key, item):
                    continue  # repeats a copy built already: it can add nothing
                built[key].append(
                    build_operation(item, placement.names[key], schemas, index, diagnostics)
                )
            else:
                resource = _section_resource(item, placement, page)
                for name in _build_domain_type(item, resource, schemas):
                    listed.setdefault(name, resource)
    operations: dict[OperationKey, OperationCandidate] = {}
    for key in sorted(built):
        operations[key] = settle_operation(
            f"operation {key}", key.path, built[key], schemas, diagnostics, root
        )
    resolve_variants(schemas, diagnostics)
    link_listed_types(schemas)
    share_identical_objects(schemas)
    document: Document = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": info.title, "version": info.version},
    }
    all_candidates = list(operations.values())
    server = _server_url(all_candidates)
    if server:
        document["servers"] = [{"url": server}]
    headers = constant_headers([e for c in all_candidates for e in c.curl_examples])
    if headers:
        document["x-refgen-default-headers"] = headers
    errors = _documented_errors(pages)
    if errors:
        document["x-refgen-errors"] = errors
    auth = most_common_auth(all_candidates)
    if auth:
        document["security"] = [{_security_scheme_name(auth): []}]
    document["tags"] = _tags(all_candidates)
    document["paths"] = _paths(operations, placement)
    component_schemas, homes = _components(schemas, diagnostics)
    homes.update((name, resource) for name, resource in listed.items() if resource)
    components: dict[str, Any] = {"schemas": component_schemas}
    if auth:
        components["securitySchemes"] = {_security_scheme_name(auth): _security_scheme(auth)}
    document["components"] = components
    referring = _finalise_refs(document, schemas)
    provenance = schemas.provenance
    missing = _define_missing(document, referring, provenance)
    _break_reference_cycles(document, provenance, diagnostics)
    apply_rules(document, provenance, rules)
    join_alternatives(document)
    _record_homes(document, homes)
    _report_unexpanded(document, provenance, diagnostics)
    return BuiltDocument(document, provenance, missing)


def _documented_errors(pages: list[Page]) -> list[dict[str, Any]]:
    """The errors the tree's errors page lists (pages/errors.py), by status; the first page
    (in sorted order) to list a status wins. The client raises a class per status."""
    by_status: dict[int, dict[str, Any]] = {}
    for page in pages:
        for error in page.errors:
            by_status.setdefault(
                error.status,
                {"status": error.status, "type": error.type, "description": error.description},
            )
    return [by_status[status] for status in sorted(by_status)]


def _build_domain_type(
    domain_type: DomainType, resource: tuple[str, ...], schemas: SchemaBuilder
) -> list[str]:
    """Build a Domain Types entry of a resource; returns the names of the types it defines."""
    context = Context(resource)
    heading = join_pascal([domain_type.heading])
    schemas.begin(heading, context, domain_type.location)
    names = []
    for node in domain_type.declarations:
        schemas.declared_schema(node, (heading,), top_level=True)
        declaration = parse_node(node)
        names.append(
            declaration.name if declaration.kind == "named" and declaration.name else heading
        )
    return names


def _section_resource(domain_type: DomainType, placement: Placement, page: Page) -> tuple[str, ...]:
    """The client resource a Domain Types entry belongs to: that of the operations of its
    section, else the one the page's url names, else the page's own name."""
    for route in domain_type.section_operations:
        key = placement.on_page.get((page.path, route))
        if key is not None:
            return key.address.resource
    url = page_url(page.url) if page.url else None
    if url is not None:
        return url.segments
    return tuple(snake(part) for part in page.path.removesuffix(".md").split("/")[-2:])


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


def _paths(
    operations: dict[OperationKey, OperationCandidate], placement: Placement
) -> dict[str, Any]:
    """Each operation under its path key; a route's plain key first, then its qualified ones."""
    paths: dict[str, Any] = {}
    method_order = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
    keys = sorted(
        operations, key=lambda k: (k.path, placement.path_keys[k], method_order.index(k.method))
    )
    for key in keys:
        paths.setdefault(placement.path_keys[key], {})[key.method] = operations[key].operation
    return paths


def _components(
    schemas: SchemaBuilder, diagnostics: Diagnostics
) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """One schema per final name, and the client resource each was defined in (its home)."""
    by_name: dict[str, list[SchemaCandidate]] = defaultdict(list)
    for candidates in schemas.candidates.values():
        for candidate in candidates:
            by_name[candidate.final_name].append(candidate)
    name_of = current_name(schemas)
    chosen = {
        name: choose(by_name[name], f"type {name}", diagnostics, name_of)
        for name in sorted(by_name)
    }
    homes = {
        name: candidate.owner.context.resource
        for name, candidate in chosen.items()
        if candidate.owner is not None and candidate.owner.context.resource
    }
    return {name: candidate.schema for name, candidate in chosen.items()}, homes


def _record_homes(document: Document, homes: dict[str, tuple[str, ...]]) -> None:
    """Each schema's home resource, as HOME_KEY: the client resource whose Domain Types list
    it, else that of the page section that defines it first (`BetaMessage` in beta.messages,
    `MessageBatch` in messages.batches), which places its type module (docs/naming.md).
    Written last: the rules before read schemas without extensions."""
    for name, schema in document["components"]["schemas"].items():
        if name in homes and isinstance(schema, dict):
            schema[HOME_KEY] = list(homes[name])


def _finalise_refs(document: Document, schemas: SchemaBuilder) -> list[Schema]:
    """Turn every placeholder $ref into the final name of what it points to; returns every
    node of the document that holds a $ref, in the order of a walk of the document."""
    referring: list[Schema] = []
    for node in walk_schemas(document):
        ref = node.get("$ref")
        if isinstance(ref, str):
            referring.append(node)
            target = schemas.target(ref)
            if target is not None:
                node["$ref"] = REF_PREFIX + target.final_name
    return referring


def _define_missing(
    document: Document, referring: list[Schema], provenance: Provenance
) -> dict[str, Location]:
    """A type that is referenced but never defined becomes a placeholder schema, so that the
    document stays valid (an inference rule may still tell what it is; its fields are
    `silent` in the evidence); returns the first reference to each. `referring` are the
    nodes of the document that hold a $ref (from _finalise_refs, just before: the document
    has not changed since, and one walk of it serves both)."""
    defined = document["components"]["schemas"]
    missing: dict[str, Location] = {}
    for schema in referring:
        name = ref_name(schema)
        if name is not None and name not in defined:
            source = provenance.location(schema)
            known = missing.get(name)
            if known is None or (source is not None and (known.file == "?" or source < known)):
                missing[name] = source or Location("?")
    for name in sorted(missing):
        placeholder = {"description": f"{name} is named by the pages but never defined."}
        provenance.note(placeholder, "schema", SILENT)
        defined[name] = placeholder
    document["components"]["schemas"] = dict(sorted(defined.items()))
    return missing


def _break_reference_cycles(
    document: Document, provenance: Provenance, diagnostics: Diagnostics
) -> None:
    """A type defined only as another name that leads back to itself (`Class = Class`, or
    `A = B` with `B = A`) says nothing: it becomes an unconstrained schema, with a warning,
    rather than a reference that no tool can resolve."""
    schemas = document["components"]["schemas"]

    def target(name: str) -> str | None:
        schema = schemas.get(name, {})
        plain = {k for k in schema if k != "description"}
        return ref_name(schema) if plain == {"$ref"} else None

    for name in sorted(schemas):
        seen, current = {name}, target(name)
        while current is not None and current not in seen:
            seen.add(current)
            current = target(current)
        if current == name:
            del schemas[name]["$ref"]
            diagnostics.warn(
                provenance.location(schemas[name]) or Location("?"),
                f"type {name} is defined only as itself; it accepts any value",
            )


def _report_unexpanded(
    document: Document, provenance: Provenance, diagnostics: Diagnostics
) -> None:
    """An object the pages show only by its header (`object { id, name, 3 more }`, never its
    field list) is typed from the examples, or not at all: either way the user is told where,
    since the page leaves it unsaid (and an overlay can say it)."""
    for name, schema in component_schemas(document).items():
        how = provenance.evidence(schema).get("schema")
        location = provenance.location(schema)
        if location is None or "properties" not in schema:
            continue
        if how == EXAMPLE:
            diagnostics.warn(
                location,
                f"type {name} is listed only by its header; its "
                f"{len(schema['properties'])} fields are taken from the examples",
            )
        elif how == SILENT:
            diagnostics.warn(
                location,
                f"type {name} is listed only by its header and no "
                "example shows it: its fields accept any value",
            )


def report_undefined(built: BuiltDocument, document: Document, diagnostics: Diagnostics) -> None:
    """Warn of each type the pages use but never define, unless `document` (the built one,
    corrected by an overlay) defines it now; the warning says how to. Reported after the
    overlay, so that a build whose overlay supplies every such type is quiet."""
    before = component_schemas(built.document)
    after = component_schemas(document)
    for name in sorted(built.undefined):
        if name not in after or after[name] != before.get(name):
            continue  # the overlay defined it (or removed it with its uses)
        outcome = (
            "its uses describe it as a map"
            if after[name].get("type") == "object"
            else "it accepts any value"
        )
        diagnostics.warn(
            built.undefined[name],
            f"type {name} is used but never defined; "
            f"{outcome} (an overlay can define it: docs/overlay.md)",
        )
