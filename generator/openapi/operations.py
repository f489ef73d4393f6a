"""One operation block of a page → one OpenAPI operation object (a candidate for merging)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Location
from generator.naming import pascal
from generator.openapi.curl import CurlExample, parse_curl
from generator.openapi.schemas import (
    SOURCE_KEY,
    Schema,
    SchemaBuilder,
    node_weight,
    parse_node,
)
from generator.pages.model import PARAMETER_SECTIONS, OperationBlock, SectionKind

BINARY_SCHEMA: Schema = {"type": "string", "format": "binary"}


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


def build_operation(
    block: OperationBlock, names: OperationNames, schemas: SchemaBuilder
) -> OperationCandidate:
    curls = tuple(
        example
        for section in block.sections_of(SectionKind.EXAMPLE)
        for code in section.code_blocks
        if (example := parse_curl(code.text)) is not None
    )
    operation: dict[str, Any] = {"operationId": names.operation_id}
    if block.summary:
        operation["summary"] = block.summary
    if block.description:
        operation["description"] = block.description
    operation["tags"] = [".".join(names.resource)]
    parameters = _parameters(block, names, schemas)
    if parameters:
        operation["parameters"] = parameters
    body = _request_body(block, names, schemas, curls)
    if body is not None:
        operation["requestBody"] = body
    operation["responses"] = {"200": _success_response(block, names, schemas)}
    operation["x-refgen-client"] = {"resource": list(names.resource), "method": names.method_name}
    operation[SOURCE_KEY] = str(block.location)
    weight = len(block.sections) + sum(
        node_weight(node) for section in block.sections for node in section.declarations
    )
    return OperationCandidate(
        block.method,
        block.path,
        operation,
        block.location,
        weight,
        curls,
        block.resource_headings,
    )


def _parameters(
    block: OperationBlock, names: OperationNames, schemas: SchemaBuilder
) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = []
    declared: set[tuple[str, str]] = set()
    for kind, location_name in PARAMETER_SECTIONS.items():
        for section in block.sections_of(kind):
            for node in section.declarations:
                declaration = parse_node(node)
                if declaration.kind != "field" or declaration.name is None:
                    continue
                if (declaration.name, location_name) in declared:
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
                parameter[SOURCE_KEY] = str(node.location)
                parameters.append(parameter)
    for name in _path_parameter_names(block.path):
        if (name, "path") not in declared:  # the template names it, the page does not
            parameters.append({"name": name, "in": "path", "required": True,
                               "schema": {"type": "string"}, SOURCE_KEY: str(block.location)})
    return parameters


def _path_parameter_names(path: str) -> list[str]:
    return [s[1:-1] for s in path.split("/") if s.startswith("{") and s.endswith("}")]


def _request_body(
    block: OperationBlock,
    names: OperationNames,
    schemas: SchemaBuilder,
    curls: tuple[CurlExample, ...],
) -> dict[str, Any] | None:
    nodes = tuple(node for s in block.sections_of(SectionKind.BODY) for node in s.declarations)
    uploads = [example for example in curls if example.form_fields]
    if not nodes and not uploads:
        return None
    name = names.type_prefix + "Params"
    location = block.sections_of(SectionKind.BODY)[0].location if nodes else block.location
    if nodes:
        schema = schemas.object_from_fields(nodes, name, location)
    else:
        schema = schemas.lift(name, _form_schema(uploads), location, 1)
    media_type = "multipart/form-data" if uploads else "application/json"
    required = any(not parse_node(node).optional for node in nodes) or bool(uploads)
    return {"required": required, "content": {media_type: {"schema": schema}}}


def _form_schema(uploads: list[CurlExample]) -> Schema:
    """An upload's fields as its `-F` examples show them: `file=@path` is a file,
    `expires_after[anchor]=...` a nested field; fields present in every example are required."""
    root: Schema = {"type": "object", "properties": {}}
    seen_in: dict[str, int] = {}
    for example in uploads:
        for top in {name.split("[", 1)[0] for name, _ in example.form_fields}:
            seen_in[top] = seen_in.get(top, 0) + 1
        for name, value in example.form_fields:
            _add_form_field(root, name, value)
    required = [name for name in root["properties"] if seen_in.get(name) == len(uploads)]
    if required:
        root["required"] = required
    return root


def _add_form_field(root: Schema, name: str, value: str) -> None:
    parts = [part.rstrip("]") for part in name.split("[")]
    target = root
    for part in parts[:-1]:
        target = target["properties"].setdefault(part, {"type": "object", "properties": {}})
    is_file = value.strip("'\"").startswith("@")
    target["properties"].setdefault(parts[-1], dict(BINARY_SCHEMA) if is_file else {"type": "string"})


def _success_response(
    block: OperationBlock, names: OperationNames, schemas: SchemaBuilder
) -> dict[str, Any]:
    nodes = tuple(node for s in block.sections_of(SectionKind.RETURNS) for node in s.declarations)
    if not nodes:
        return {"description": "The response body, as bytes.",
                "content": {"application/octet-stream": {"schema": dict(BINARY_SCHEMA)}}}
    first = parse_node(nodes[0])
    if len(nodes) == 1 and first.kind != "field":
        schema = schemas.declared_schema(nodes[0], (names.type_prefix + "Response",))
        description = nodes[0].description.split("\n\n", 1)[0] or "OK"
    else:
        location = block.sections_of(SectionKind.RETURNS)[0].location
        schema = schemas.object_from_fields(nodes, names.type_prefix + "Response", location)
        description = "OK"
    media: dict[str, Any] = {"schema": schema}
    examples = _response_examples(block)
    if examples:
        media["examples"] = examples
    return {"description": description, "content": {"application/json": media}}


def _response_examples(block: OperationBlock) -> dict[str, Any]:
    """Every `#### Response` JSON block that parses; the others cannot serve as examples."""
    examples: dict[str, Any] = {}
    for section in block.sections_of(SectionKind.RESPONSE):
        for code in section.code_blocks:
            try:
                value = json.loads(code.text)
            except ValueError:
                continue
            key = f"example{len(examples) + 1}"
            examples[key] = {"value": value, SOURCE_KEY: str(code.location)}
    return examples


