"""The base class of every generated model, and lenient parsing of responses.

APIs add enum values, return null for fields documented as non-nullable and add
fields before their reference pages catch up. A client that raised on each of
those would break on every such drift, so by default a response that fails
validation is still turned into objects (like ``model_construct``, recursively):
the parts that validate are validated, the parts that do not keep the data as
received, and the errors stay reachable through :func:`validation_errors`.
"""

from __future__ import annotations

import collections.abc
import types
from collections.abc import Mapping, Sequence
from typing import (
    Annotated,
    Any,
    Literal,
    TypeAlias,
    TypeGuard,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
)

import pydantic
from pydantic import ConfigDict, PrivateAttr, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

__all__ = [
    "BaseModel",
    "ErrorDetails",
    "Number",
    "construct",
    "parse_response",
    "validation_errors",
]

_T = TypeVar("_T")

# One pydantic error: {"type", "loc", "msg", "input", ...}.
ErrorDetails: TypeAlias = Mapping[str, object]

# JSON "number": a bare `float` field turns 3 into 3.0, while `int | float` keeps
# each value as it came, so responses round-trip exactly.
Number: TypeAlias = int | float

_UNION_ORIGINS = (Union, types.UnionType)
_LIST_ORIGINS = (list, collections.abc.Sequence)
_MAP_ORIGINS = (dict, collections.abc.Mapping)


class BaseModel(pydantic.BaseModel):
    """Base of every generated model: undocumented fields are kept, aliases or names accepted."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    # Errors found while building this object leniently; empty when it validated.
    # A private attribute rather than a method so no API field name can clash with it.
    _validation_errors: list[ErrorDetails] = PrivateAttr(default_factory=list)

    # The request-id header of the response this object was returned from; set on the
    # object a call returns (not on the objects inside it), as the official SDKs do.
    _request_id: str | None = PrivateAttr(default=None)

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> dict[str, object]:
        """This object as a dictionary, by default keyed by wire names and holding only the
        fields the server sent (so it reads like the JSON), nested models included.

        ``mode="json"`` gives JSON-compatible values (datetimes as strings...).
        """
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """This object as JSON text, by default indented, keyed by wire names and holding
        only the fields the server sent."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )


def validation_errors(obj: object) -> list[ErrorDetails]:
    """The validation errors of a leniently built model (empty when it was valid)."""
    return list(obj._validation_errors) if isinstance(obj, BaseModel) else []


def parse_response(type_: type[_T], data: object, *, strict: bool = False) -> _T:
    """Turn decoded JSON into ``type_``.

    With ``strict`` a mismatch raises ``pydantic.ValidationError``; otherwise the
    result is built leniently by :func:`construct`.
    """
    if strict:
        return cast(_T, _adapter(type_).validate_python(data))
    return cast(_T, construct(type_, data))


def construct(annotation: object, value: object) -> object:
    """The best value of type ``annotation`` that can be made from ``value``, never raising.

    Valid parts are validated as usual; an invalid part is rebuilt from its own
    parts (models field by field, lists item by item, unions by picking a member),
    and a scalar that does not fit is kept as received.
    """
    inner, discriminator = _unwrap_annotated(annotation)
    if _is_model_class(inner):
        return _construct_model(inner, value) if isinstance(value, Mapping) else value
    try:
        return _adapter(annotation).validate_python(value)
    except ValidationError as exc:
        errors: list[ErrorDetails] = list(exc.errors(include_url=False))
    origin, args = get_origin(inner), get_args(inner)
    if value is None or not args:
        return value
    if origin in _UNION_ORIGINS:
        return _construct_union(args, value, discriminator, errors)
    if origin in _LIST_ORIGINS and isinstance(value, list):
        return [construct(args[0], item) for item in value]
    if origin in _MAP_ORIGINS and isinstance(value, Mapping):
        return {key: construct(args[-1], item) for key, item in value.items()}
    return value


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def _adapter(type_: Any) -> TypeAdapter[Any]:
    """A cached TypeAdapter: building one compiles a validator, which is slow."""
    try:
        return _ADAPTERS[type_]
    except KeyError:
        adapter = _ADAPTERS[type_] = TypeAdapter(type_)
        return adapter
    except TypeError:  # an unhashable annotation cannot be a cache key
        return TypeAdapter(type_)


def _is_model_class(annotation: object) -> TypeGuard[type[pydantic.BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def _unwrap_annotated(annotation: object) -> tuple[object, str | None]:
    """Split ``Annotated[X, Field(discriminator="type")]`` into X and its discriminator."""
    if get_origin(annotation) is not Annotated:
        return annotation, None
    inner, *metadata = get_args(annotation)
    for item in metadata:
        found = item.discriminator if isinstance(item, FieldInfo | pydantic.Discriminator) else None
        if isinstance(found, pydantic.Discriminator):
            found = found.discriminator
        if isinstance(found, str):
            return inner, found
    return inner, None


def _construct_model(cls: type[pydantic.BaseModel], data: Mapping[str, object]) -> object:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        errors: list[ErrorDetails] = list(exc.errors(include_url=False))
    values: dict[str, object] = {}
    fields_set: set[str] = set()
    used_keys: set[str] = set()
    for name, field in cls.model_fields.items():
        key = _input_key(name, field, data)
        if key is None:
            if field.is_required():
                values[name] = None  # missing: reading it gives None rather than AttributeError
            continue
        values[name] = construct(_field_annotation(field), data[key])
        fields_set.add(name)
        used_keys.add(key)
    extras = {key: value for key, value in data.items() if key not in used_keys}
    model = cls.model_construct(_fields_set=fields_set, **values, **extras)
    if isinstance(model, BaseModel):
        model._validation_errors = errors
    return model


def _input_key(name: str, field: FieldInfo, data: Mapping[str, object]) -> str | None:
    """The key under which ``data`` carries this field: its alias first, then its name."""
    alias = field.validation_alias if isinstance(field.validation_alias, str) else field.alias
    for key in (alias, name):
        if key is not None and key in data:
            return key
    return None


def _field_annotation(field: FieldInfo) -> object:
    # pydantic moves a field's discriminator out of its annotation; put it back.
    if field.discriminator is None:
        return field.annotation
    return Annotated[field.annotation, field]


def _construct_union(
    members: Sequence[object],
    value: object,
    discriminator: str | None,
    errors: list[ErrorDetails],
) -> object:
    if discriminator is not None and isinstance(value, Mapping):
        member = _member_with_tag(members, discriminator, value.get(discriminator))
    else:
        member = _member_of_shape(members, value)
    if member is not None:
        return construct(member, value)
    if isinstance(value, Mapping) and any(_is_model_class(member) for member in members):
        # An unknown variant (typically a new event type) still becomes an object whose
        # attributes can be read, without pretending to be one of the known classes.
        unknown = BaseModel.model_validate(value)
        unknown._validation_errors = errors
        return unknown
    return value


def _member_of_shape(members: Sequence[object], value: object) -> object | None:
    """The member that ``value`` was most likely meant to be: the only non-null one, the
    model sharing most keys with a mapping, else any mapping or list type that fits."""
    candidates = [member for member in members if member is not type(None)]
    if len(candidates) == 1:
        return candidates[0]
    if isinstance(value, Mapping):
        return _closest_model(candidates, value) or _first_of_origin(candidates, _MAP_ORIGINS)
    if isinstance(value, list):
        return _first_of_origin(candidates, _LIST_ORIGINS)
    return None


def _first_of_origin(members: Sequence[object], origins: tuple[object, ...]) -> object | None:
    return next((member for member in members if get_origin(member) in origins), None)


def _member_with_tag(members: Sequence[object], discriminator: str, tag: object) -> object | None:
    for member in members:
        if _is_model_class(member) and tag in _literal_values(member, discriminator):
            return member
    return None


def _literal_values(model: type[pydantic.BaseModel], key: str) -> tuple[object, ...]:
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return get_args(field.annotation)
    return ()


def _closest_model(members: Sequence[object], data: Mapping[str, object]) -> object | None:
    """The model member sharing the most keys with ``data`` (the first one on ties)."""
    best, best_score = None, 0
    for member in members:
        if not _is_model_class(member):
            continue
        known_keys = {field.alias or name for name, field in member.model_fields.items()}
        score = len(known_keys & data.keys())
        if score > best_score:
            best, best_score = member, score
    return best
