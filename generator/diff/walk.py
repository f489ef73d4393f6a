"""The structural walk over two documents: operations, parameters, bodies, responses, components.

It produces neutral `Change` records per operation and per component schema pair, plus the
links (operation → schema pair, schema pair → schema pair) from which `usage` works out which
operations a schema change reaches. It makes no judgement: that is `rules`.
"""

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from generator.diff.records import Change, Direction, OperationKey, SchemaPair
from generator.diff.schema_walk import SchemaWalker, Sink
from generator.diff.spellings import Node
from generator.diff.unions import structure_fingerprint
from generator.spec import pointer
from generator.spec.operations import list_operations, path_shape, path_variables
from generator.spec.refs import Located, Resolver

JSON_MEDIA_TYPE = "application/json"
_SHAPE_KEYWORDS = frozenset({"properties", "enum", "anyOf", "oneOf", "allOf"})

MatchKey = tuple[bool, str, str]  # (webhook, path with variables blanked, method)


@dataclass
class WalkResult:
    operation_changes: dict[OperationKey, list[Change]] = field(default_factory=dict)
    operation_links: dict[OperationKey, set[tuple[Direction, SchemaPair]]] = field(
        default_factory=dict
    )
    schema_changes: dict[SchemaPair, list[Change]] = field(default_factory=dict)
    schema_links: dict[SchemaPair, set[SchemaPair]] = field(default_factory=dict)
    # allOf pieces that some composite compared merged (its findings cover their content)
    composed: set[SchemaPair] = field(default_factory=set)


@dataclass(frozen=True)
class Operation:
    key: OperationKey
    node: Node
    pointer: str
    parameters: tuple[Located, ...]


def walk(base_document: dict[str, Any], revision_document: dict[str, Any]) -> WalkResult:
    base, revision = Resolver(base_document), Resolver(revision_document)
    walker = SchemaWalker(base, revision)
    result = WalkResult()
    _walk_operations(base, revision, walker, result)
    _walk_schemas(base, revision, walker, result)
    return result


# --- operations -------------------------------------------------------------------------------


def operations(resolver: Resolver) -> dict[MatchKey, Operation]:
    """Every operation of a document (paths and webhooks), keyed by the one pairing rule of
    the diff: the same method on the same path shape (`/files/{id}` → `/files/{file_id}` is
    still the same endpoint)."""
    found: dict[MatchKey, Operation] = {}
    for entry in list_operations(resolver.document, webhooks=True, follow=_follower(resolver)):
        key = OperationKey(entry.path, entry.method, entry.webhook)
        params = _effective_parameters(
            resolver,
            dict(entry.path_item),
            entry.path_item_pointer,
            dict(entry.node),
            entry.pointer,
        )
        match = (entry.webhook, path_shape(entry.path), entry.method)
        found[match] = Operation(key, dict(entry.node), entry.pointer, params)
    return found


def _follower(resolver: Resolver) -> Any:
    def follow(item: Any) -> Any:
        if not isinstance(item, dict):
            return item
        return resolver.follow_located(Located(item, "")).node

    return follow


def _effective_parameters(
    resolver: Resolver, item: Node, item_at: str, node: Node, at: str
) -> tuple[Located, ...]:
    """Path-item parameters, overridden by the operation's own (same name and location)."""
    by_key: dict[tuple[str, str], Located] = {}
    for owner, owner_at in ((item, item_at), (node, at)):
        for index, raw in enumerate(owner.get("parameters") or []):
            if isinstance(raw, dict):
                param = resolver.follow_located(
                    Located(raw, pointer.join(owner_at, "parameters", index))
                )
                by_key[(str(param.node.get("in")), str(param.node.get("name")))] = param
    return tuple(by_key.values())


def _walk_operations(
    base: Resolver, revision: Resolver, walker: SchemaWalker, result: WalkResult
) -> None:
    ops_a, ops_b = operations(base), operations(revision)
    for match in sorted(ops_a.keys() | ops_b.keys()):
        a, b = ops_a.get(match), ops_b.get(match)
        if a is None and b is not None:
            _record(result, b.key, [Change("operation-added", None, b.pointer)], set())
        elif b is None and a is not None:
            _record(result, a.key, [Change("operation-removed", a.pointer, None)], set())
        elif a is not None and b is not None:
            OperationWalk(base, revision, walker, a, b).run(result)


def _record(
    result: WalkResult,
    key: OperationKey,
    changes: list[Change],
    links: set[tuple[Direction, SchemaPair]],
) -> None:
    result.operation_changes.setdefault(key, []).extend(changes)
    result.operation_links.setdefault(key, set()).update(links)


class OperationWalk:
    """Compares one operation as found in both documents."""

    def __init__(
        self, base: Resolver, revision: Resolver, walker: SchemaWalker, a: Operation, b: Operation
    ) -> None:
        self.base, self.revision, self.walker = base, revision, walker
        self.a, self.b = a, b
        # A webhook's request is sent by the API and read by the user's code: roles swap.
        sent, received = ("response", "request") if b.key.webhook else ("request", "response")
        self.request = Sink(direction=sent)  # type: ignore[arg-type]
        self.response = Sink(direction=received)  # type: ignore[arg-type]

    def run(self, result: WalkResult) -> None:
        self._compare_header()
        self._compare_parameters()
        self._compare_request_body()
        self._compare_responses()
        links = {
            (sink.direction, pair)
            for sink in (self.request, self.response)
            for pair in sink.links
            if sink.direction is not None
        }
        _record(result, self.b.key, self.request.changes + self.response.changes, links)
        result.composed |= self.request.composed | self.response.composed

    def _compare_header(self) -> None:
        a, b = self.a, self.b
        id_a, id_b = a.node.get("operationId"), b.node.get("operationId")
        if id_a != id_b:
            self.request.add("operation-id-changed", a.pointer, b.pointer, "", id_a, id_b)
        for keyword in ("summary", "description"):
            _compare_text(a.node, b.node, keyword, a.pointer, b.pointer, "", self.request)
        if bool(a.node.get("deprecated")) != bool(b.node.get("deprecated")):
            self.request.add(
                "deprecated-changed",
                a.pointer,
                b.pointer,
                "",
                bool(a.node.get("deprecated")),
                bool(b.node.get("deprecated")),
            )

    # parameters

    def _compare_parameters(self) -> None:
        params_a = _parameters_by_key(self.a)
        params_b = _parameters_by_key(self.b)
        removed = {k: params_a[k] for k in params_a.keys() - params_b.keys()}
        added = {k: params_b[k] for k in params_b.keys() - params_a.keys()}
        self._report_moves(removed, added)
        for key in sorted(removed):
            param = removed[key]
            self.request.add(
                "parameter-removed",
                param.pointer,
                self.b.pointer,
                _parameter_field(param.node),
                _parameter_facts(param.node),
                None,
            )
        for key in sorted(added):
            param = added[key]
            self.request.add(
                "parameter-added",
                self.a.pointer,
                param.pointer,
                _parameter_field(param.node),
                None,
                _parameter_facts(param.node),
            )
        for key in sorted(params_a.keys() & params_b.keys()):
            self._compare_parameter(params_a[key], params_b[key])

    def _report_moves(
        self, removed: dict[tuple[str, str], Located], added: dict[tuple[str, str], Located]
    ) -> None:
        """A parameter of the same name that left one location and appeared in another."""
        for key_a, param_a in sorted(removed.items()):
            for key_b, param_b in sorted(added.items()):
                if key_a[1] == key_b[1] and key_a[0] != key_b[0]:
                    self.request.add(
                        "parameter-moved",
                        param_a.pointer,
                        param_b.pointer,
                        _parameter_field(param_b.node),
                        key_a[0],
                        key_b[0],
                    )
                    del removed[key_a], added[key_b]
                    break

    def _compare_parameter(self, a: Located, b: Located) -> None:
        at = _parameter_field(b.node)
        name_a, name_b = a.node.get("name"), b.node.get("name")
        if name_a != name_b:  # only path variables match by position rather than by name
            self.request.add("parameter-renamed", a.pointer, b.pointer, at, name_a, name_b)
        required_a, required_b = _is_required(a.node), _is_required(b.node)
        if required_a != required_b:
            self.request.add(
                "parameter-required-changed", a.pointer, b.pointer, at, required_a, required_b
            )
        _compare_text(a.node, b.node, "description", a.pointer, b.pointer, at, self.request)
        if bool(a.node.get("deprecated")) != bool(b.node.get("deprecated")):
            self.request.add(
                "deprecated-changed",
                a.pointer,
                b.pointer,
                at,
                bool(a.node.get("deprecated")),
                bool(b.node.get("deprecated")),
            )
        schema_a, schema_b = _parameter_schema(a), _parameter_schema(b)
        if schema_a is not None and schema_b is not None:
            self.walker.compare(schema_a, schema_b, at, self.request)

    # request body

    def _compare_request_body(self) -> None:
        body_a = self._body(self.base, self.a)
        body_b = self._body(self.revision, self.b)
        if body_a is None and body_b is None:
            return
        if body_a is None or body_b is None:
            kind = "request-body-added" if body_a is None else "request-body-removed"
            present = body_b if body_a is None else body_a
            assert present is not None
            facts = {"required": _is_required(present.node)}
            before, after = (None, facts) if body_a is None else (facts, None)
            self.request.add(
                kind, _pointer(body_a, self.a), _pointer(body_b, self.b), "body", before, after
            )
            return
        required_a, required_b = _is_required(body_a.node), _is_required(body_b.node)
        if required_a != required_b:
            self.request.add(
                "request-body-required-changed",
                body_a.pointer,
                body_b.pointer,
                "body",
                required_a,
                required_b,
            )
        _compare_text(
            body_a.node,
            body_b.node,
            "description",
            body_a.pointer,
            body_b.pointer,
            "body",
            self.request,
        )
        self._compare_content(body_a, body_b, "body", self.request)

    @staticmethod
    def _body(resolver: Resolver, operation: Operation) -> Located | None:
        body = operation.node.get("requestBody")
        if not isinstance(body, dict):
            return None
        return resolver.follow_located(
            Located(body, pointer.join(operation.pointer, "requestBody"))
        )

    # responses

    def _compare_responses(self) -> None:
        responses_a = self._responses(self.base, self.a)
        responses_b = self._responses(self.revision, self.b)
        # A status written as a `$ref` is reported where it is written, not at the shared target.
        for status in sorted(responses_a.keys() - responses_b.keys()):
            self.response.add(
                "response-status-removed",
                _response_at(self.a, status),
                self.b.pointer,
                status,
                status,
                None,
            )
        for status in sorted(responses_b.keys() - responses_a.keys()):
            self.response.add(
                "response-status-added",
                self.a.pointer,
                _response_at(self.b, status),
                status,
                None,
                status,
            )
        for status in sorted(responses_a.keys() & responses_b.keys()):
            a, b = responses_a[status], responses_b[status]
            at = f"response {status}"
            _compare_text(a.node, b.node, "description", a.pointer, b.pointer, at, self.response)
            self._compare_content(a, b, at, self.response)

    @staticmethod
    def _responses(resolver: Resolver, operation: Operation) -> dict[str, Located]:
        responses = operation.node.get("responses")
        if not isinstance(responses, dict):
            return {}
        at = pointer.join(operation.pointer, "responses")
        return {
            str(status): resolver.follow_located(Located(response, pointer.join(at, str(status))))
            for status, response in responses.items()
            if isinstance(response, dict)
        }

    # media types, shared by bodies and responses

    def _compare_content(self, a: Located, b: Located, at: str, sink: Sink) -> None:
        content_a, content_b = _content(a), _content(b)
        for media in sorted(content_a.keys() - content_b.keys()):
            sink.add("media-type-removed", content_a[media].pointer, b.pointer, at, media, None)
        for media in sorted(content_b.keys() - content_a.keys()):
            sink.add("media-type-added", a.pointer, content_b[media].pointer, at, None, media)
        for media in sorted(content_a.keys() & content_b.keys()):
            schema_a = _media_schema(content_a[media])
            schema_b = _media_schema(content_b[media])
            if schema_a is not None and schema_b is not None:
                media_at = at if media == JSON_MEDIA_TYPE else f"{at} ({media})"
                self.walker.compare(schema_a, schema_b, media_at, sink)


def _response_at(operation: Operation, status: str) -> str:
    return pointer.join(operation.pointer, "responses", status)


def _parameters_by_key(operation: Operation) -> dict[tuple[str, str], Located]:
    """Parameters keyed by (location, name). Path variables are keyed by their position in the
    path instead, since renaming one does not change the URL; header names ignore case."""
    variables = path_variables(operation.key.path)
    keyed: dict[tuple[str, str], Located] = {}
    for param in operation.parameters:
        where, name = str(param.node.get("in")), str(param.node.get("name"))
        if where == "path" and name in variables:
            name = f"#{variables.index(name)}"
        elif where == "header":
            name = name.lower()
        keyed[(where, name)] = param
    return keyed


def _parameter_field(node: Node) -> str:
    return f"{node.get('in')}.{node.get('name')}"


def _parameter_facts(node: Node) -> dict[str, Any]:
    return {"in": node.get("in"), "name": node.get("name"), "required": _is_required(node)}


def _parameter_schema(param: Located) -> Located | None:
    schema = param.node.get("schema")
    if isinstance(schema, dict):
        return Located(schema, pointer.join(param.pointer, "schema"))
    content = _content(param)
    for media in sorted(content):
        return _media_schema(content[media])
    return None


def _is_required(node: Node) -> bool:
    return node.get("in") == "path" or node.get("required") is True


def _content(located: Located) -> dict[str, Located]:
    content = located.node.get("content")
    if not isinstance(content, dict):
        return {}
    at = pointer.join(located.pointer, "content")
    return {
        str(media): Located(value, pointer.join(at, str(media)))
        for media, value in content.items()
        if isinstance(value, dict)
    }


def _media_schema(media: Located) -> Located | None:
    schema = media.node.get("schema")
    if not isinstance(schema, dict):
        return None
    return Located(schema, pointer.join(media.pointer, "schema"))


def _pointer(located: Located | None, operation: Operation) -> str:
    return located.pointer if located is not None else operation.pointer


def _compare_text(
    a: Node, b: Node, keyword: str, a_at: str, b_at: str, at: str, sink: Sink
) -> None:
    before, after = a.get(keyword), b.get(keyword)
    if " ".join(str(before or "").split()) != " ".join(str(after or "").split()):
        sink.add(
            "description-changed",
            pointer.join(a_at, keyword),
            pointer.join(b_at, keyword),
            at,
            before,
            after,
        )


# --- component schemas ------------------------------------------------------------------------


def _walk_schemas(
    base: Resolver, revision: Resolver, walker: SchemaWalker, result: WalkResult
) -> None:
    """Compare every schema pair reached: same-named components, then whatever they link to."""
    names_a, names_b = set(base.schema_names()), set(revision.schema_names())
    pending = deque(SchemaPair(name, name) for name in sorted(names_a & names_b))
    for links in result.operation_links.values():
        pending.extend(pair for _, pair in sorted(links))
    while pending:
        pair = pending.popleft()
        if (
            pair in result.schema_changes
            or pair.base not in names_a
            or (pair.revision not in names_b)
        ):
            continue
        sink = Sink()
        assert pair.base is not None and pair.revision is not None
        walker.compare(
            base.component(pair.base), revision.component(pair.revision), pair.revision, sink
        )
        result.schema_changes[pair] = sink.changes
        result.schema_links[pair] = sink.links
        result.composed |= sink.composed
        pending.extend(sorted(sink.links - result.schema_links.keys()))
    _report_added_removed_renamed(base, revision, names_a - names_b, names_b - names_a, result)


def _report_added_removed_renamed(
    base: Resolver, revision: Resolver, removed: set[str], added: set[str], result: WalkResult
) -> None:
    renames = _renames(base, revision, removed, added, result)
    _drop_rename_references(result, renames)
    for old, new in sorted(renames.items()):
        pair = SchemaPair(old, new)
        change = Change("schema-renamed", _schema_at(old), _schema_at(new), pair.label, old, new)
        result.schema_changes.setdefault(pair, []).insert(0, change)
    for name in sorted(removed - renames.keys()):
        change = Change("schema-removed", _schema_at(name), None, name, name, None)
        result.schema_changes[SchemaPair(name, None)] = [change]
    for name in sorted(added - set(renames.values())):
        change = Change("schema-added", None, _schema_at(name), name, None, name)
        result.schema_changes[SchemaPair(None, name)] = [change]


def _drop_rename_references(result: WalkResult, renames: dict[str, str]) -> None:
    """A reference that follows a renamed schema is part of the rename, not a change of its own."""

    def kept(changes: list[Change]) -> list[Change]:
        return [
            c for c in changes if not (c.kind == "ref-changed" and renames.get(c.before) == c.after)
        ]

    for key, changes in result.operation_changes.items():
        result.operation_changes[key] = kept(changes)
    for pair, changes in result.schema_changes.items():
        result.schema_changes[pair] = kept(changes)


def _renames(
    base: Resolver, revision: Resolver, removed: set[str], added: set[str], result: WalkResult
) -> dict[str, str]:
    """A removed and an added schema are one renamed schema when a reference site pairs them,
    or, failing that, when their structure is the same."""
    renames: dict[str, str] = {}
    for pair in sorted(result.schema_changes):
        if (
            pair.base in removed
            and pair.revision in added
            and pair.base not in renames
            and (pair.revision not in renames.values())
        ):
            renames[pair.base] = pair.revision
    left = [base.component(name) for name in sorted(removed - renames.keys())]
    right = [revision.component(name) for name in sorted(added - set(renames.values()))]
    right_by_print = _unique_fingerprints(right)
    for print_, schema in _unique_fingerprints(left).items():
        partner = right_by_print.get(print_)
        if partner is not None:
            renames[pointer.split(schema.pointer)[-1]] = pointer.split(partner.pointer)[-1]
    return renames


def _unique_fingerprints(schemas: list[Located]) -> dict[str, Located]:
    """Fingerprints of schemas with enough shape to be recognised (not a bare `string`), kept
    only where one schema has it: two look-alikes are no evidence of a rename."""
    found: dict[str, list[Located]] = {}
    for schema in schemas:
        if _SHAPE_KEYWORDS & schema.node.keys():
            found.setdefault(structure_fingerprint(schema.node), []).append(schema)
    return {print_: group[0] for print_, group in found.items() if len(group) == 1}


def _schema_at(name: str) -> str:
    return pointer.join("/components/schemas", name)
