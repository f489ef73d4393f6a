"""One OpenAPI document that makes the templates use every branch they have: models with
aliases, descriptions, enums, discriminated unions, maps and arrays; aliases; nested
resources; path, query and header parameters; JSON and multipart bodies; model, paginated,
binary and streamed responses; an API-key header with its environment variable; default
headers. Tests that must reach all of the generated code (the payload test, the checks of
what the templates declare) start from it; `feature_document()` returns a fresh copy.
"""

from __future__ import annotations

import copy
from typing import Any


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def returns(schema: dict[str, Any] | None) -> dict[str, Any]:
    if schema is None:
        return {
            "200": {
                "description": "The file's bytes",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    return {"200": {"description": "OK", "content": {"application/json": {"schema": schema}}}}


_SCHEMAS: dict[str, Any] = {
    "Widget": {
        "type": "object",
        "description": "A widget.\n\nIt has paragraphs, `code` and a [link](https://example.com).",
        "properties": {
            "id": {"type": "string", "description": "The identifier."},
            "kind": {"type": "string", "enum": ["small", "large"], "description": "Its size."},
            "count": {"type": "integer"},
            "ratio": {"type": ["number", "null"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "part": {
                "oneOf": [ref("Gear"), ref("Spring")],
                "discriminator": {"propertyName": "type"},
            },
            "parent": {"anyOf": [ref("Widget"), {"type": "null"}]},
            "wire-name": {"type": "boolean", "description": "A name that is no identifier."},
        },
        "required": ["id", "kind"],
    },
    "Gear": {
        "type": "object",
        "properties": {"type": {"const": "gear"}, "teeth": {"type": "integer"}},
        "required": ["type"],
    },
    "Spring": {"type": "object", "properties": {"type": {"const": "spring"}}, "required": ["type"]},
    "WidgetList": {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": ref("Widget")},
            "has_more": {"type": "boolean"},
            "last_id": {"type": ["string", "null"]},
        },
        "required": ["data", "has_more"],
    },
    "Size": {"type": "string", "enum": ["small", "large"], "description": "A size."},
    "WidgetStreamEvent": {
        "oneOf": [ref("WidgetStarted"), ref("WidgetDone")],
        "discriminator": {"propertyName": "type"},
        "description": "A stream event.",
    },
    "WidgetStarted": {
        "type": "object",
        "properties": {"type": {"const": "started"}},
        "required": ["type"],
    },
    "WidgetDone": {
        "type": "object",
        "properties": {"type": {"const": "done"}},
        "required": ["type"],
    },
    "Upload": {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary"},
            "purpose": {"type": "string"},
        },
        "required": ["file"],
    },
}

_PATHS: dict[str, Any] = {
    "/widgets": {
        "get": {
            "operationId": "widgets_list",
            "summary": "List widgets",
            "description": "Every widget, a page at a time.",
            "parameters": [
                {
                    "name": "after",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Cursor.",
                },
                {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                {"name": "x-trace", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": returns(ref("WidgetList")),
            "x-refgen-client": {"resource": ["widgets"], "method": "list"},
            "x-refgen-pagination": {
                "kind": "cursor",
                "items_field": "data",
                "param": "after",
                "cursor_field": "last_id",
                "has_more_field": "has_more",
            },
        },
        "post": {
            "operationId": "widgets_create",
            "summary": "Create a widget",
            "description": "Makes one.\n\nSet `stream` for events.",
            "requestBody": json_body(
                {
                    "type": "object",
                    "properties": {
                        "kind": ref("Size"),
                        "stream": {"type": "boolean"},
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                    "required": ["kind"],
                }
            ),
            "responses": returns(ref("Widget")),
            "x-refgen-client": {"resource": ["widgets"], "method": "create"},
        },
    },
    "/widgets/{widget_id}": {
        "get": {
            "operationId": "widgets_retrieve",
            "summary": "Retrieve a widget",
            "parameters": [
                {
                    "name": "widget_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                    "description": "Which one.",
                }
            ],
            "responses": returns({"anyOf": [ref("Widget"), ref("Gear")]}),
            "x-refgen-client": {"resource": ["widgets"], "method": "retrieve"},
        },
    },
    "/widgets/{widget_id}/content": {
        "get": {
            "operationId": "widgets_content",
            "summary": "Download a widget",
            "parameters": [
                {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": returns(None),
            "x-refgen-client": {"resource": ["widgets"], "method": "content"},
        },
    },
    "/widgets/{widget_id}/parts/upload": {
        "post": {
            "operationId": "widgets_parts_upload",
            "summary": "Upload a part",
            "parameters": [
                {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "requestBody": {"content": {"multipart/form-data": {"schema": ref("Upload")}}},
            "responses": returns(ref("Gear")),
            "x-refgen-client": {"resource": ["widgets", "parts"], "method": "upload"},
        },
    },
}


_DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Widget API", "version": "2026-01-01"},
    "servers": [{"url": "https://api.example.com/v1"}],
    "security": [{"apiKeyAuth": []}],
    "tags": [
        {"name": "widgets", "x-displayName": "Widgets"},
        {"name": "widgets.parts", "x-displayName": "Widget parts"},
    ],
    "paths": _PATHS,
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {
            "apiKeyAuth": {
                "type": "apiKey",
                "in": "header",
                "name": "x-api-key",
                "x-refgen-env": "WIDGET_API_KEY",
            }
        },
    },
    "x-refgen-default-headers": {"widget-version": "2026-01-01"},
}


def feature_document() -> dict[str, Any]:
    return copy.deepcopy(_DOCUMENT)
