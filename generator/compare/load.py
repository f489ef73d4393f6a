"""Reading an OpenAPI document from a YAML or JSON file."""

import json
from pathlib import Path
from typing import Any

import yaml

from generator.compare.errors import InputError

# The libyaml loader parses the 3 MB official spec several times faster than the pure-Python one.
_YamlLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Document = dict[str, Any]


def load_document(path: str) -> Document:
    """Parse `path` (JSON when it ends in .json, YAML otherwise) into an OpenAPI document."""
    text = _read_text(path)
    try:
        parsed = json.loads(text) if path.endswith(".json") else yaml.load(text, _YamlLoader)
    except (yaml.YAMLError, json.JSONDecodeError) as error:
        raise InputError(path, f"cannot parse: {_first_line(error)}") from None
    return check_document(parsed, path)


def check_document(parsed: object, source: str) -> Document:
    """Reject parsed content that cannot be an OpenAPI document (e.g. one of the extract files)."""
    if not isinstance(parsed, dict):
        raise InputError(source, "not an OpenAPI document: the top level is not a mapping")
    if not isinstance(parsed.get("paths"), dict):
        raise InputError(source, "not an OpenAPI document: no 'paths' mapping")
    return parsed


def _read_text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(path, error.strerror or str(error)) from None


def _first_line(error: Exception) -> str:
    # YAML errors span several lines (context, marker, problem); one line keeps stderr readable.
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines) if len(lines) <= 4 else " ".join(lines[:4]) + " ..."
