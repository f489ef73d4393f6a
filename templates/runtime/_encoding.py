"""Turning call arguments into the parts of an HTTP request: path, query, headers and bodies.

Everywhere, ``NOT_GIVEN`` means "leave it out"; in JSON bodies ``None`` is sent as null.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TypeAlias, TypeGuard
from urllib.parse import quote

import httpx
import pydantic

from ._types import FileInput, NotGiven, is_file_content

__all__ = [
    "cookie_header",
    "encode_cookies",
    "encode_multipart",
    "encode_path",
    "encode_query",
    "merge_headers",
    "to_jsonable",
]

# What httpx's `files=` takes for one file (paths already read).
_Content: TypeAlias = bytes | IO[bytes]
FileUpload: TypeAlias = (
    _Content | tuple[str | None, _Content] | tuple[str | None, _Content, str | None]
)
# One entry of httpx's `files=`: a file, or (None, text) for a plain form field.
MultipartField: TypeAlias = tuple[str, FileUpload | tuple[None, str]]

_PATH_PARAMETER = re.compile(r"\{([^{}]+)\}")
_ANY_ADAPTER: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(Any)


def encode_path(template: str, params: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders, each value percent-encoded as exactly one segment."""

    def segment(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise ValueError(f"Missing path parameter {name!r} for {template!r}")
        return _encode_segment(name, params[name])

    return _PATH_PARAMETER.sub(segment, template)


def _encode_segment(name: str, value: object) -> str:
    text = "" if value is None or isinstance(value, NotGiven) else _scalar_text(to_jsonable(value))
    if not text:
        # An empty segment would silently call a different endpoint (`/files//content`).
        raise ValueError(f"Path parameter {name!r} must be a non-empty value, got {value!r}")
    encoded = quote(text, safe="")
    if text.strip(".") == "":
        # `.` and `..` are left alone by quote() but servers and proxies resolve them
        # as relative segments; encoded, they are plain data.
        encoded = encoded.replace(".", "%2E")
    return encoded


def encode_query(query: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Flatten a query mapping into ordered pairs.

    Booleans become ``true``/``false``, lists repeat the key (``k=a&k=b``), mappings
    nest as ``k[sub]=v``; ``None`` and ``NOT_GIVEN`` are left out.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in query.items():
        pairs.extend(_query_pairs(key, to_jsonable(value)))
    return tuple(pairs)


def _query_pairs(key: str, value: object) -> Iterator[tuple[str, str]]:
    if value is None or isinstance(value, NotGiven):
        return
    if isinstance(value, Mapping):
        for sub_key, item in value.items():
            yield from _query_pairs(f"{key}[{sub_key}]", item)
    elif isinstance(value, list):
        for item in value:
            yield from _query_pairs(key, item)
    else:
        yield key, _scalar_text(value)


def merge_headers(*layers: Mapping[str, object] | None) -> httpx.Headers:
    """Merge header mappings, later ones winning (case-insensitively).

    ``NOT_GIVEN`` leaves the header as it was; ``None`` removes it, which lets a caller
    drop a default header.
    """
    headers = httpx.Headers()
    for layer in layers:
        for name, value in (layer or {}).items():
            if value is None:
                headers.pop(name, None)
            elif not isinstance(value, NotGiven):
                headers[name] = _header_text(to_jsonable(value))
    return headers


def to_jsonable(value: object) -> object:
    """Plain JSON data from call arguments: ``NOT_GIVEN`` dropped at any depth, models
    dumped the way the API expects them (aliases, only the fields that were set)."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
    if isinstance(value, Mapping):
        return {
            str(key): to_jsonable(item)
            for key, item in value.items()
            if not isinstance(item, NotGiven)
        }
    if value is None or isinstance(value, str | int | float | bool | NotGiven):
        return value
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray | io.IOBase):
        # Signatures take any iterable of items (a tuple, a generator), as a JSON array.
        return [to_jsonable(item) for item in value if not isinstance(item, NotGiven)]
    # datetimes, enums, UUIDs...: pydantic knows their JSON form.
    return _ANY_ADAPTER.dump_python(value, mode="json")


def encode_multipart(fields: Mapping[str, object]) -> list[MultipartField]:
    """Fields for a multipart/form-data body, in order.

    Files (bytes, binary file objects, ``(filename, content[, content_type])``) are sent
    as file parts; nested mappings become ``key[sub]`` fields, lists repeat the key.
    Plain fields are sent as file parts without a filename (which is what a form field
    is) so that httpx always builds a multipart body, even when no file is present.
    """
    parts: list[MultipartField] = []
    for key, value in fields.items():
        for name, item in _form_items(key, value):
            if _is_file_input(item):
                parts.append((name, _file_upload(item)))
            else:
                parts.append((name, (None, _scalar_text(to_jsonable(item)))))
    return parts


def _form_items(key: str, value: object) -> Iterator[tuple[str, object]]:
    if value is None or isinstance(value, NotGiven):
        return
    if _is_file_input(value):
        yield key, value
        return
    if isinstance(value, pydantic.BaseModel):
        value = _set_fields(value)
    if isinstance(value, Mapping):
        for sub_key, item in value.items():
            yield from _form_items(f"{key}[{sub_key}]", item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _form_items(key, item)
    else:
        yield key, value


def _set_fields(model: pydantic.BaseModel) -> dict[str, object]:
    """A model's set fields by wire name, values untouched: dumping would mangle files."""
    declared = {
        field.alias or name: getattr(model, name)
        for name, field in type(model).model_fields.items()
        if name in model.model_fields_set
    }
    return {**declared, **(model.model_extra or {})}


def _file_upload(file: FileInput) -> FileUpload:
    """What httpx takes for one file: a path becomes its file name and its bytes (read now,
    so that a retry sends the same content); anything else is passed as it is."""
    if isinstance(file, os.PathLike):
        path = Path(file)
        return (path.name, path.read_bytes())
    if not isinstance(file, tuple):
        return file
    content = _read_if_path(file[1])
    return (file[0], content) if len(file) == 2 else (file[0], content, file[2])


def _read_if_path(content: bytes | IO[bytes] | os.PathLike[str]) -> _Content:
    return Path(content).read_bytes() if isinstance(content, os.PathLike) else content


def _is_file_input(value: object) -> TypeGuard[FileInput]:
    if isinstance(value, tuple):
        return (
            len(value) in (2, 3) and isinstance(value[0], str | None) and is_file_content(value[1])
        )
    return is_file_content(value)


def _header_text(value: object) -> str:
    """A list goes in one header as comma-separated values (RFC 9110 §5.3), as
    `anthropic-beta: a,b` expects."""
    if isinstance(value, list):
        return ",".join(_scalar_text(item) for item in value)
    return _scalar_text(value)


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# RFC 6265 cookie-octet: printable ASCII but space, DQUOTE, comma, semicolon and backslash.
# Everything else (and `%` itself, so that the encoding can be undone) is percent-encoded:
# a value can never end the cookie or start another one.
_COOKIE_SAFE = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in '"%,;\\')
# RFC 9110 token: the only characters a cookie name may hold.
_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def encode_cookies(cookies: Mapping[str, object]) -> dict[str, str]:
    """Cookie parameters as ``name -> value`` ready for a ``Cookie`` header.

    ``None`` and ``NOT_GIVEN`` are left out; booleans are ``true``/``false``, lists are
    comma-separated (OpenAPI's ``form`` style); values are percent-encoded where RFC 6265
    forbids a character. A name that is not an HTTP token raises ``ValueError``.
    """
    encoded: dict[str, str] = {}
    for name, value in cookies.items():
        jsonable = to_jsonable(value)
        if jsonable is None or isinstance(jsonable, NotGiven):
            continue
        if not _TOKEN.fullmatch(name):
            raise ValueError(f"Cookie name {name!r} is not an HTTP token")
        items = jsonable if isinstance(jsonable, list) else [jsonable]
        encoded[name] = ",".join(quote(_scalar_text(item), safe=_COOKIE_SAFE) for item in items)
    return encoded


def cookie_header(*layers: Mapping[str, str] | str | None) -> str | None:
    """One ``Cookie`` header from several sources, merged by cookie name (later wins).

    A layer is a mapping of cookies or the text of a ``Cookie`` header.
    """
    merged: dict[str, str] = {}
    for layer in layers:
        merged.update(_parse_cookie_header(layer) if isinstance(layer, str) else layer or {})
    return "; ".join(f"{name}={value}" for name, value in merged.items()) or None


def _parse_cookie_header(text: str) -> dict[str, str]:
    pairs = (pair.strip().partition("=") for pair in text.split(";"))
    return {name.strip(): value.strip() for name, _, value in pairs if name.strip()}
