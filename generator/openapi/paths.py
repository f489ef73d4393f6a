"""What an operation path may be: a path below the API's base URL, and nothing else.

The generated client joins each operation's path to the base URL it is given. A path that
can leave that base (`/a/../../admin`), name another host (`//evil.example/x`) or carry a
scheme, a query or a fragment would send requests somewhere the API's user never chose, so
every path, from pages, an overlay or a document given to `refgen generate`, is checked
here, and a bad one is an error at the line that wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from generator.diagnostics import Diagnostic, Location

# A segment that is `.` or `..` once percent-decoded (servers decode before resolving).
_DOT_SEGMENT = re.compile(r"^(?:\.|%2e){1,2}$", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\?#]")
# The qualifier that tells two SDK operations of one route apart (`/v1/messages?beta=true`,
# docs/naming.md): the fragment's, never sent by the client (route_path drops it).
_QUALIFIER = re.compile(r"\?[a-z][a-z0-9_]*=true$")


def route_path(path_key: str) -> str:
    """The path a client sends for an operation: its `paths` key without the qualifier that
    tells two operations of one route apart (`/v1/messages?beta=true` → `/v1/messages`). The
    pages document the route alone; the qualifier is the fragment's, never the API's."""
    return path_key.split("?", 1)[0]


def path_problem(path: str) -> str | None:
    """Why `path` cannot be an operation path, or None when it can."""
    path = _QUALIFIER.sub("", path, count=1)
    if _SCHEME.match(path):
        return f"operation path {path!r} has a scheme: paths are relative to the base URL"
    if not path.startswith("/"):
        return f"operation path {path!r} does not start with '/'"
    if path.startswith("//"):
        return f"operation path {path!r} starts with '//', which names a host"
    if (found := _FORBIDDEN.search(path)) is not None:
        return f"operation path {path!r} contains {found.group()!r} (a space, control character, '\\', '?' or '#')"
    segments = path[1:].split("/")
    if any(_DOT_SEGMENT.match(segment) for segment in segments):
        return (
            f"operation path {path!r} has a '.' or '..' segment, which would leave the API's "
            "base path"
        )
    if "" in segments[:-1]:  # a trailing slash is a path of its own; `//` inside is not
        return f"operation path {path!r} has an empty segment ('//')"
    return None


def path_errors(document: dict[str, Any], where: Callable[[str], Location]) -> list[Diagnostic]:
    """An error for every bad path of `document`, located by `where` (JSON pointer → place)."""
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return []
    errors = []
    for path in paths:
        problem = path_problem(path) if isinstance(path, str) else "an operation path must be text"
        if problem is not None:
            pointer = "/paths/" + str(path).replace("~", "~0").replace("/", "~1")
            errors.append(Diagnostic("error", problem, where(pointer)))
    return errors
