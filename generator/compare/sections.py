"""What an operation declares that gets compared: parameters, request body, success response."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.compare.operations import Operation
from generator.spec.refs import EMPTY_SCHEMA, Resolver, SchemaView, as_schema

# Preference order when an operation accepts several media types.
BODY_MEDIA_TYPES = ("application/json", "multipart/form-data")
RESPONSE_MEDIA_TYPE = "application/json"
SUCCESS_STATUSES = ("200", "201")


@dataclass(frozen=True)
class Parameter:
    location: str  # path, query, header or cookie
    name: str
    required: bool
    schema: SchemaView


def parameters(operation: Operation, resolver: Resolver) -> dict[tuple[str, str], Parameter]:
    """Parameters by (location, name); operation-level ones override path-item ones."""
    found: dict[tuple[str, str], Parameter] = {}
    for raw in (*operation.shared_parameters, *(operation.declaration.get("parameters") or ())):
        parameter = _parameter(resolver.follow(raw))
        if parameter is not None:
            found[parameter_key(parameter)] = parameter
    return found


def parameter_key(parameter: Parameter) -> tuple[str, str]:
    # Header names are case-insensitive.
    name = parameter.name.lower() if parameter.location == "header" else parameter.name
    return parameter.location, name


def request_bodies(operation: Operation, resolver: Resolver) -> dict[str, SchemaView]:
    """Schemas of the compared request media types, by media type."""
    body = resolver.follow(operation.declaration.get("requestBody"))
    return _schemas_by_media_type(body, BODY_MEDIA_TYPES, resolver)


def success_response(
    operation: Operation, resolver: Resolver
) -> tuple[str, SchemaView | None] | None:
    """(status, JSON schema or None when the response has no JSON body) of the first success."""
    responses = operation.declaration.get("responses")
    if not isinstance(responses, Mapping):
        return None
    by_status = {str(status): response for status, response in responses.items()}
    for status in SUCCESS_STATUSES:
        if status in by_status:
            response = resolver.follow(by_status[status])
            schemas = _schemas_by_media_type(response, (RESPONSE_MEDIA_TYPE,), resolver)
            return status, schemas.get(RESPONSE_MEDIA_TYPE)
    return None


def _parameter(raw: Any) -> Parameter | None:
    if not isinstance(raw, Mapping) or "name" not in raw or "in" not in raw:
        return None
    location = str(raw["in"])
    # Path parameters are always required, whether or not the document says so.
    required = raw.get("required") is True or location == "path"
    return Parameter(location, str(raw["name"]), required, _parameter_schema(raw))


def _parameter_schema(raw: Mapping[str, Any]) -> SchemaView:
    if "schema" in raw:
        return as_schema(raw["schema"])
    content = raw.get("content")
    if isinstance(content, Mapping):
        for media in content.values():
            if isinstance(media, Mapping) and "schema" in media:
                return as_schema(media["schema"])
    return EMPTY_SCHEMA


def _schemas_by_media_type(
    container: Any, media_types: tuple[str, ...], resolver: Resolver
) -> dict[str, SchemaView]:
    if not isinstance(container, Mapping) or not isinstance(container.get("content"), Mapping):
        return {}
    content = {_bare_media_type(key): value for key, value in container["content"].items()}
    found: dict[str, SchemaView] = {}
    for media_type in media_types:
        media = resolver.follow(content.get(media_type))
        if isinstance(media, Mapping):
            found[media_type] = as_schema(media.get("schema", EMPTY_SCHEMA))
    return found


def _bare_media_type(key: object) -> str:
    # `application/json; charset=utf-8` is still JSON.
    return str(key).split(";")[0].strip().lower()
