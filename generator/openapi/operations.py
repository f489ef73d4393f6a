"""One operation block of a page → one OpenAPI operation object (a candidate for merging)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from generator.diagnostics import Diagnostics, Location
from generator.jsonvalues import json_type
from generator.naming import pascal
from generator.openapi.curl import CurlExample, parse_curl
from generator.openapi.media import JSON, returns_media_type
from generator.openapi.provenance import EXAMPLE, SILENT, Provenance
from generator.openapi.schemas import (
    Context,
    Owner,
    Schema,
    SchemaBuilder,
    parse_node,
)
from generator.pages.model import PARAMETER_SECTIONS, OperationBlock, SectionKind

BINARY_SCHEMA: Schema = {"type": "string", "format": "binary"}
# Methods whose requests carry a body when the API wants one: a page that documents none for
# them is silent about it (GET and the like carry none).
BODY_METHODS = frozenset({"post", "put", "patch", "delete"})


@dataclass(frozen=True)
class OperationNames:
    resource: tuple[str, ...]
    method_name: str
    operation_id: str

    @property
    def type_prefix(self) -> str:
        """`fine_tuning_jobs_resume` → `FineTuningJobsResume`, the prefix of lifted names."""
        return pascal(self.operation_id)


@dataclass(frozen=True)
class OperationCandidate:
    method: str
    path: str
    operation: dict[str, Any]
    location: Location
    weight: int
    curl_examples: tuple[CurlExample, ...]
    resource_headings: tuple[str, ...]
    scope: Owner  # what the operation's lifted types belong to (dropped when it loses)


def build_operation(
    block: OperationBlock,
    names: OperationNames,
    schemas: SchemaBuilder,
    index: int = 0,
    diagnostics: Diagnostics | None = None,
) -> OperationCandidate:
    """The operation as one block shows it; `index` tells the blocks of one operation apart."""
    context = Context(tuple(names.resource), f"{block.method} {block.path}", index)
    scope = schemas.begin(names.type_prefix, context, block.location)
    located = [
        (example, code.location)
        for section in block.sections_of(SectionKind.EXAMPLE)
        for code in section.code_blocks
        if (example := parse_curl(code.text)) is not None
    ]
    curls = tuple(example for example, _ in located)
    operation: dict[str, Any] = {"operationId": names.operation_id}
    if block.summary:
        operation["summary"] = block.summary
    if block.description:
        operation["description"] = block.description
    operation["tags"] = [".".join(names.resource)]
    parameters = _parameters(block, names, schemas, diagnostics)
    if parameters:
        operation["parameters"] = parameters
    body = _request_body(block, names, schemas, curls, operation)
    if body is not None:
        operation["requestBody"] = body
        json_media = body["content"].get("application/json")
        request_examples = _request_examples(located, schemas.provenance)
        if json_media is not None and request_examples:
            json_media["examples"] = request_examples
    operation["responses"] = {"200": _success_response(block, names, schemas)}
    operation["x-refgen-client"] = {"resource": list(names.resource), "method": names.method_name}
    schemas.provenance.locate(operation, block.location)
    weight = len(block.sections) + sum(
        schemas.weight(node) for section in block.sections for node in section.declarations
    )
    return OperationCandidate(
        block.method,
        block.path,
        operation,
        block.location,
        weight,
        curls,
        block.resource_headings,
        scope,
    )


def _parameters(
    block: OperationBlock,
    names: OperationNames,
    schemas: SchemaBuilder,
    diagnostics: Diagnostics | None,
) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = []
    declared: set[tuple[str, str]] = set()
    in_template = set(_path_parameter_names(block.path))
    for kind, location_name in PARAMETER_SECTIONS.items():
        for section in block.sections_of(kind):
            for node in section.declarations:
                declaration = parse_node(node)
                if declaration.kind != "field" or declaration.name is None:
                    continue
                if (declaration.name, location_name) in declared:
                    continue
                if location_name == "path" and declaration.name not in in_template:
                    if diagnostics is not None:
                        diagnostics.warn(
                            node.location,
                            f"path parameter {declaration.name} is "
                            f"not in the path {block.path}; it is left out",
                        )
                    continue
                declared.add((declaration.name, location_name))
                schema = schemas.field_schema(node, declaration, (names.type_prefix,))
                description = schema.pop("description", None)
                parameter: dict[str, Any] = {
                    "name": declaration.name,
                    "in": location_name,
                    "required": location_name == "path" or not declaration.optional,
                    "schema": schema,
                }
                if description:
                    parameter["description"] = description
                parameters.append(schemas.provenance.locate(parameter, node.location))
    for name in _path_parameter_names(block.path):
        if (name, "path") not in declared:  # the template names it, the page does not
            parameter = {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            parameters.append(schemas.provenance.locate(parameter, block.location))
    return parameters


def _path_parameter_names(path: str) -> list[str]:
    """The parameters of a path template, each once (`/{id}/x/{id}` names one)."""
    names = [s[1:-1] for s in path.split("/") if s.startswith("{") and s.endswith("}")]
    return list(dict.fromkeys(names))


def _request_body(
    block: OperationBlock,
    names: OperationNames,
    schemas: SchemaBuilder,
    curls: tuple[CurlExample, ...],
    operation: dict[str, Any],
) -> dict[str, Any] | None:
    """The body the Body Parameters list, else the form an upload's `-F` examples send.
    The evidence says which (`body` of the operation: `example` for a form, `silent` when
    the page shows no body for a method that may carry one)."""
    nodes = tuple(node for s in block.sections_of(SectionKind.BODY) for node in s.declarations)
    uploads = [example for example in curls if example.form_fields]
    if not nodes and not uploads:
        if block.method in BODY_METHODS:
            schemas.provenance.note(operation, "body", SILENT)
        return None
    name = names.type_prefix + "Params"
    location = block.sections_of(SectionKind.BODY)[0].location if nodes else block.location
    form: Schema = {}
    if nodes:
        schema = schemas.object_from_fields(nodes, name, location)
    else:
        examples = block.sections_of(SectionKind.EXAMPLE)
        source = examples[0].location if examples else block.location
        form = _form_schema(uploads, source, schemas.provenance)
        schema = schemas.lift(name, form, location, 1)
        schemas.provenance.note(operation, "body", EXAMPLE)
    media_type = "multipart/form-data" if uploads else "application/json"
    required = any(not parse_node(node).optional for node in nodes) or "required" in form
    return {"required": required, "content": {media_type: {"schema": schema}}}


def _form_schema(uploads: list[CurlExample], location: Location, provenance: Provenance) -> Schema:
    """An upload's fields as its `-F` examples show them: `file=@path` is a file,
    `expires_after[anchor]=...` a field of a nested object, a value that is an integer in
    every example an integer.

    An example shows one call, not the contract: from one example (or several that send
    the same fields) no field is required. Examples that differ show which fields a call
    may leave out; then a field that every example sending its parent sends is required.
    The evidence says `required: example` of every field, `type: example` of integers."""
    examples = [_form_tree(example.form_fields) for example in uploads]
    varied = len({_field_paths(example) for example in examples}) > 1
    return _form_node(examples, location, provenance, varied)


def _field_paths(tree: dict[str, Any], prefix: str = "") -> frozenset[str]:
    paths = {prefix + name for name in tree}
    for name, value in tree.items():
        if isinstance(value, dict):
            paths |= _field_paths(value, f"{prefix}{name}.")
    return frozenset(paths)


def _form_tree(fields: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, value in fields:
        parts = [part.rstrip("]") for part in name.split("[")]
        target = tree
        for part in parts[:-1]:
            existing = target.get(part)
            target = existing if isinstance(existing, dict) else target.setdefault(part, {})
        target.setdefault(parts[-1], value.strip().strip("'\""))
    return tree


def _form_node(
    examples: list[dict[str, Any]], source: Location, provenance: Provenance, varied: bool
) -> Schema:
    properties: dict[str, Schema] = {}
    for example in examples:
        for name in example:
            properties.setdefault(name, {})
    for name in properties:
        values = [example[name] for example in examples if name in example]
        nested = [value for value in values if isinstance(value, dict)]
        if nested:
            schema = _form_node(nested, source, provenance, varied)
        elif any(value.startswith("@") for value in values):
            schema = dict(BINARY_SCHEMA)
        elif all(_INTEGER.fullmatch(value) for value in values):
            schema = {"type": "integer"}
            provenance.note(schema, "type", EXAMPLE)
        else:
            schema = {"type": "string"}
        properties[name] = provenance.locate(schema, source)
        provenance.note(schema, "required", EXAMPLE)
    root: Schema = {"type": "object", "properties": properties}
    required = [name for name in properties if all(name in example for example in examples)]
    if varied and required:
        root["required"] = required
    return root


_INTEGER = re.compile(r"-?\d+")


def _success_response(
    block: OperationBlock, names: OperationNames, schemas: SchemaBuilder
) -> dict[str, Any]:
    nodes = tuple(node for s in block.sections_of(SectionKind.RETURNS) for node in s.declarations)
    examples = _response_examples(block, schemas.provenance)
    if not nodes:
        return _undocumented_response(examples, schemas.provenance)
    kinds = {parse_node(node).kind for node in nodes}
    location = block.sections_of(SectionKind.RETURNS)[0].location
    description = "OK"
    media_type = JSON
    # A bare list (of fields, or of types one after another) whose every example is a JSON
    # array lists what one item holds: the examples show the list.
    listed = "field" in kinds or len(nodes) > 1
    name = names.type_prefix + "Response" + ("Item" if listed and _all_arrays(examples) else "")
    if len(nodes) == 1 and "field" not in kinds:
        schema = schemas.declared_schema(nodes[0], (name,))
        description = nodes[0].description.split("\n\n", 1)[0] or "OK"
        media_type = returns_media_type(nodes[0].description)
    elif "field" not in kinds:  # several types one after another: the response is one of them
        schema = schemas.union_of_declarations(nodes, name, location)
    else:
        schema = schemas.object_from_fields(nodes, name, location)
    if name.endswith("ResponseItem"):
        schema = {"type": "array", "items": schema}
    media: dict[str, Any] = {"schema": schema}
    if examples:
        media["examples"] = examples
    return {"description": description, "content": {media_type: media}}


def _undocumented_response(examples: dict[str, Any], provenance: Provenance) -> dict[str, Any]:
    """No Returns: the body is bytes, unless the examples show JSON; then it is JSON of the
    kinds they show (an object, a string...), and nothing more is said of it."""
    if not examples:
        return {
            "description": "The response body, as bytes.",
            "content": {"application/octet-stream": {"schema": dict(BINARY_SCHEMA)}},
        }
    kinds = sorted({json_type(e["value"]) for e in examples.values()})
    members = [{"type": "number" if kind == "integer" else kind} for kind in kinds]
    schema: Schema = members[0] if len(members) == 1 else {"anyOf": members}
    provenance.note(schema, "schema", EXAMPLE)
    return {
        "description": "OK",
        "content": {"application/json": {"schema": schema, "examples": examples}},
    }


def _all_arrays(examples: dict[str, Any]) -> bool:
    return bool(examples) and all(isinstance(e["value"], list) for e in examples.values())


def _request_examples(
    located: list[tuple[CurlExample, Location]], provenance: Provenance
) -> dict[str, Any]:
    """The JSON bodies (`-d '{...}'`) of the curl examples, as request body examples."""
    examples: dict[str, Any] = {}
    for example, location in located:
        if example.data is None:
            continue
        value = parse_example(example.data)
        if value is None:
            continue
        if isinstance(value, dict):
            key = f"example{len(examples) + 1}"
            examples[key] = provenance.locate({"value": value}, location)
    return examples


MAX_EXAMPLE_DEPTH = 64  # deeper JSON is no example a reader wrote; refusing it bounds recursion


def parse_example(text: str) -> Any:
    """The JSON of an example block, or None when it does not parse (trailing commas,
    `....`) or nests deeper than MAX_EXAMPLE_DEPTH."""
    if _deeper_than(text, MAX_EXAMPLE_DEPTH):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def _deeper_than(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than `limit` in the text. A text cannot nest deeper than
    it has opening brackets, and counting them (in C) settles nearly every example: a Python
    loop over each character of the 897 response blocks of the 2026-08-22 tree took 0.02 s,
    the count 0.001 s."""
    if text.count("[") + text.count("{") <= limit:
        return False
    return _nesting(text) > limit


def _nesting(text: str) -> int:
    """How deep brackets nest, counted without parsing (strings may hold brackets: a bound,
    not an exact figure, which is all the limit needs): the highest running sum of the
    brackets alone, an opening one counting 1 and a closing one -1."""
    brackets = _NOT_A_BRACKET.sub("", text)
    return max(0, max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0))


_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _response_examples(block: OperationBlock, provenance: Provenance) -> dict[str, Any]:
    """Every `#### Response` JSON block that parses; the others cannot serve as examples."""
    examples: dict[str, Any] = {}
    for section in block.sections_of(SectionKind.RESPONSE):
        for code in section.code_blocks:
            value = parse_example(code.text)
            if value is None:
                continue
            key = f"example{len(examples) + 1}"
            examples[key] = provenance.locate({"value": value}, code.location)
    return examples
