"""Every name the output uses is decided here, from meaning and path, never from encounter order.

Two families of names:
- wire-level names chosen while building the OpenAPI fragment: operation ids, client resource
  paths and method names, names of lifted inline schemas;
- Python names chosen while rendering: class names, attribute names, module names.
"""

from __future__ import annotations

import keyword
import re
import sys
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_VERSION_SEGMENT = re.compile(r"^v\d+(?:(?:alpha|beta)\d*)?$")

# Words that carry no meaning in a method name ("List all events for a job" → list_events).
_FILLER_WORDS = frozenset(
    {"a", "an", "the", "all", "for", "of", "in", "on", "to", "by", "with", "from", "given"}
)
# The modules outside the standard library that generated code imports (httpx_aiohttp behind the
# optional extra): a package of the same
# name would shadow them (tests/test_reserved_names.py checks this against the runtime).
GENERATED_CODE_IMPORTS = frozenset({"httpx", "httpx_aiohttp", "pydantic"})


def words(text: str) -> list[str]:
    """Lower-case words of any identifier or phrase: `FineTuningJob`, `fine_tuning-job`,
    `Fine-tuning job` all give ["fine", "tuning", "job"]."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = _CAMEL_BOUNDARY.sub(" ", text)
    return [w.lower() for w in _WORD_SPLIT.split(parts) if w]


# Pages repeat their names (the Anthropic tree's 10,157 fields have 1,053 names): each is
# split into words once.
@lru_cache(maxsize=16384)
def snake(text: str) -> str:
    return "_".join(words(text))


@lru_cache(maxsize=16384)
def pascal(text: str) -> str:
    return "".join(_capitalize(w) for w in words(text))


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def join_pascal(parts: Iterable[str]) -> str:
    """Join name parts, keeping parts that are already PascalCase as they are (a type name
    such as `FineTuningJob` must not become `FineTuningJob` → `Finetuningjob`)."""
    return "".join(part if _is_pascal(part) else pascal(part) for part in parts if part)


def _is_pascal(part: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z0-9]*", part))


# -- operations ---------------------------------------------------------------------------


def same_word(a: str, b: str) -> bool:
    """Equal up to an English plural: `file`/`files`, `batch`/`batches`, `entry`/`entries`."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_ in (short + "s", short + "es") or (
        short.endswith("y") and long_ == short[:-1] + "ies"
    )


def static_segments(path: str) -> list[str]:
    """Path segments that are not parameters, without a version prefix such as `v1`."""
    segments = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    if segments and _VERSION_SEGMENT.match(segments[0]):
        segments = segments[1:]
    return segments


@dataclass(frozen=True)
class ClientName:
    """Where an operation stands in the client: `client.<resource...>.<method>`."""

    resource: tuple[str, ...]
    method: str
    action: str | None  # the path segment that names what it does, if any (`rate_limits`)


def operation_names(
    method: str, path: str, summary: str, collections: frozenset[str] = frozenset()
) -> ClientName:
    """The client resource path and method name of an operation.

    The resource is the static path without a trailing action segment; the method comes
    from the summary heading ("Retrieve file content" → retrieve_content on `files`), or
    from REST conventions when the summary gives nothing usable (translated pages).
    `collections` holds the path prefixes that other operations follow with a parameter
    (`/projects/{project_id}/users` when `/projects/{project_id}/users/{user_id}` exists):
    such a segment names a resource, never an action."""
    segments = static_segments(path)
    summary_words = [w for w in words(summary) if w not in _FILLER_WORDS]
    action = _action_segment(path, segments, summary_words, collections)
    resource_segments = segments[:-1] if action is not None else segments
    resource_words = {w for segment in resource_segments for w in words(segment)}
    name_words = [w for w in summary_words if not any(same_word(w, r) for r in resource_words)]
    if action is not None and _starts_with(summary_words, words(action)):
        name = snake(action)
    elif name_words:
        name = "_".join(name_words)
    else:
        name = _rest_method_name(method, path, action)
    return ClientName(tuple(snake(s) for s in resource_segments) or ("root",), name, action)


def disambiguate(names: dict[tuple[str, str], ClientName]) -> dict[tuple[str, str], str]:
    """A distinct method name within each resource for every (method, path).

    Operations that would share a name say their action segment when the name does not yet
    (`list` on `/workspaces/{id}/rate_limits` → `list_rate_limits`, while `list` on
    `/workspaces` stays); any that still collide add the HTTP method and the path's end."""
    chosen = {key: name.method for key, name in names.items()}
    for step in (_with_action, _with_method_and_path):
        groups: dict[tuple[tuple[str, ...], str], list[tuple[str, str]]] = {}
        for key in sorted(names):
            groups.setdefault((names[key].resource, chosen[key]), []).append(key)
        for keys in groups.values():
            if len(keys) > 1:
                for key in keys:
                    chosen[key] = step(key, names[key], chosen[key])
    return chosen


def _with_action(key: tuple[str, str], name: ClientName, current: str) -> str:
    if name.action is not None and snake(name.action) not in current:
        return f"{current}_{snake(name.action)}"
    return current


def _with_method_and_path(key: tuple[str, str], name: ClientName, current: str) -> str:
    tail = [snake(s.strip("{}")) for s in key[1].strip("/").split("/")[-2:]]
    return f"{current}_{key[0]}_{'_'.join(tail)}"



def collection_prefixes(paths: Iterable[str]) -> frozenset[str]:
    """Every path prefix that some path continues with a `{parameter}` segment."""
    prefixes: set[str] = set()
    for path in paths:
        parts = path.rstrip("/").split("/")
        for index in range(1, len(parts)):
            if parts[index].startswith("{"):
                prefixes.add("/".join(parts[:index]))
    return frozenset(prefixes)


def _action_segment(
    path: str, segments: list[str], summary_words: list[str], collections: frozenset[str]
) -> str | None:
    """The last static segment when it names what the operation does rather than a resource:
    `/messages/count_tokens` ("Count tokens in a Message"), or any segment after an item's
    parameter that no other path continues with a parameter: `/jobs/{id}/resume`,
    `/files/{id}/content` ("Download File"), `/jobs/{id}/events` ("List events")."""
    parts = path.rstrip("/").split("/")
    if not segments or parts[-1].startswith("{") or path.rstrip("/") in collections:
        return None
    follows_parameter = len(parts) >= 2 and parts[-2].startswith("{")
    if follows_parameter:
        return segments[-1]
    if len(segments) >= 2 and _starts_with(summary_words, words(segments[-1])):
        return segments[-1]
    return None


def _starts_with(summary_words: list[str], segment_words: list[str]) -> bool:
    if not segment_words or len(summary_words) < len(segment_words):
        return False
    return all(same_word(a, b) for a, b in zip(summary_words, segment_words, strict=False))


def _rest_method_name(method: str, path: str, action: str | None) -> str:
    if action is not None:
        return snake(action)
    on_item = path.rstrip("/").endswith("}")
    if method == "get":
        return "retrieve" if on_item else "list"
    if method == "delete":
        return "delete"
    if method == "post" and not on_item:
        return "create"
    return "update"


def operation_id(resource: list[str], method_name: str) -> str:
    return "_".join([*resource, method_name])


# -- Python identifiers -----------------------------------------------------------------


def python_identifier(
    name: str, *, style: str = "snake", reserved: Collection[str] = frozenset()
) -> str:
    """A valid Python identifier carrying the meaning of `name`, neither a keyword nor one of
    `reserved`.

    `class` → `class_`, `1st` → `field_1st`, `a-b` → `a_b`, `x.y` → `x_y`, `__init__` → `init`.
    No name starts with an underscore: Pydantic reserves those for private attributes. A
    keyword or reserved name takes a suffix until it is free: `_` for snake_case names
    (`json` → `json_`), `Model` for PascalCase ones (`Number` → `NumberModel`). Soft keywords
    (`match`, `type`) are ordinary names and stay as they are.
    """
    base = snake(name) if style == "snake" else pascal(name)
    if not base:
        base = "value" if style == "snake" else "Value"
    if base[0].isdigit():
        base = ("field_" if style == "snake" else "Type") + base
    suffix = "_" if style == "snake" else "Model"
    while keyword.iskeyword(base) or base in reserved:
        base += suffix
    return base


def unique_names(
    names: Iterable[str], make: Callable[[str], str], reserved: Collection[str] = frozenset()
) -> dict[str, str]:
    """Map each original name to a sanitised one; names that collide after sanitising (or with
    `reserved`) get a numeric suffix in sorted order of the originals, so the result never
    depends on order."""
    result: dict[str, str] = {}
    taken: set[str] = set(reserved)
    for original in sorted(set(names)):
        candidate = make(original)
        base, counter = candidate, 2
        while candidate in taken:
            candidate = f"{base}{counter}" if not base.endswith("_") else f"{base}{counter}_"
            counter += 1
        taken.add(candidate)
        result[original] = candidate
    return result


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot name a generated package, or None when it can. A package name is a
    lower-case Python identifier (PEP 8), not a keyword, and not the name of a module the
    package would shadow: a standard-library module (`os`, `json`) or one that generated code
    imports (`httpx`, `pydantic`)."""
    if not (name.isascii() and name.isidentifier()) or name != name.lower():
        return "is not a Python package name (lower-case letters, digits and underscores)"
    if keyword.iskeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names:
        return "is the name of a standard-library module, which the package would shadow"
    if name in GENERATED_CODE_IMPORTS:
        return f"is the name of a module the generated code imports ({name}), which it would shadow"
    return None
