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
from collections.abc import Callable, Collection, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_VERSION_SEGMENT = re.compile(r"^v\d+(?:(?:alpha|beta)\d*)?$")
_Key = TypeVar("_Key", bound="SupportsRichComparison")  # whatever identifies an operation

# Words that carry no meaning in a method name ("Count tokens in a Message" → count_tokens).
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
    return _PASCAL.fullmatch(part) is not None


# Compiled once: every lifted schema's name is joined from parts (5,800 parts a build of the
# 2026-08-22 tree), and re.fullmatch looks its pattern up in re's cache on each call.
_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")


# -- operations ---------------------------------------------------------------------------
# Where an operation stands in the client (`client.beta.messages.create`): the page's `url:`
# says it when the page is the method's own; otherwise the conventions below decide, from the
# route and the heading's verb. docs/naming.md states every rule.

Route = tuple[str, str]  # (HTTP method, path template) as a page's operation line gives them

# Resource levels an address may have: a url deeper than this is no SDK address.
MAX_ADDRESS_DEPTH = 16

# The verbs headings use for the five REST methods, under the name the SDKs give each.
_VERB_FAMILIES = {
    "retrieve": ("get", "retrieve", "fetch", "read", "show", "describe", "view", "query"),
    "list": ("list",),
    "create": ("create", "add", "new", "make", "insert"),
    "update": ("update", "modify", "edit", "patch", "change", "set", "replace"),
    "delete": ("delete", "remove", "destroy", "erase"),
}
CANONICAL_VERBS = {verb: name for name, verbs in _VERB_FAMILIES.items() for verb in verbs}


def same_word(a: str, b: str) -> bool:
    """Equal up to an English plural: `file`/`files`, `batch`/`batches`, `entry`/`entries`."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_ in (short + "s", short + "es") or (
        short.endswith("y") and long_ == short[:-1] + "ies"
    )


def plural(word: str) -> str:
    """The English plural of a lower-case word, by the regular rules (a word ending in `s`
    is taken to be one already): `beta` → `betas`, `batch` → `batches`, `entry` →
    `entries`."""
    if word.endswith("s"):
        return word
    if word.endswith(("x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def static_segments(path: str) -> list[str]:
    """Path segments that are not parameters, without a version prefix such as `v1`."""
    segments = [s for s in path.strip("/").split("/") if s and not s.startswith("{")]
    if segments and _VERSION_SEGMENT.match(segments[0]):
        segments = segments[1:]
    return segments


def home_segment(path: str) -> str:
    """The first static segment of a route (`messages` for /v1/messages/batches): the section
    of the reference the route belongs to when no namespace such as `beta` stands before it."""
    segments = static_segments(path)
    return snake(segments[0]) if segments else ""


@dataclass(frozen=True, order=True)
class Address:
    """Where an operation stands in the client: `client.<resource...>.<method>`."""

    resource: tuple[str, ...]
    method: str

    def __str__(self) -> str:
        return ".".join((*self.resource, self.method))

    @property
    def operation_id(self) -> str:
        return "_".join((*self.resource, self.method))


@dataclass(frozen=True)
class ClientName:
    """An address with the route segment that names what the operation does, if any (that
    segment disambiguates two methods that would share a name)."""

    address: Address
    action: str | None = None


@dataclass(frozen=True)
class PageUrl:
    """What a page's `url:` says: the address segments below the reference root, and whether
    the url names one method's own page (True), a resource's page (False), or cannot tell
    (None: the page's shape decides)."""

    segments: tuple[str, ...]
    is_method: bool | None


def page_url(url: str) -> PageUrl | None:
    """The address a page's url spells. Two layouts are known: below `/api/`
    (`https://platform.claude.com/docs/en/api/beta/agents/create` → beta, agents, create), and
    Stainless's resource layout (`.../resources/fine_tuning/subresources/jobs/methods/resume`
    → fine_tuning, jobs, resume: a method page). None for any other url, and for one with a
    segment that names nothing or more segments than MAX_ADDRESS_DEPTH allows."""
    found: tuple[list[str], bool | None] | None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    parts = [unquote(part) for part in path.split("/") if part]
    if parts and parts[-1] in ("index", "index.md"):
        parts.pop()
    if parts:
        parts[-1] = parts[-1].removesuffix(".md")
    if "api" in parts:
        below = parts[len(parts) - parts[::-1].index("api") :]
        below = below[1:] if below[:1] == ["reference"] else below
        found = _resource_layout(below[1:]) if below[:1] == ["resources"] else (below, None)
    elif "resources" in parts:
        found = _resource_layout(parts[parts.index("resources") + 1 :])
    else:
        return None
    if found is None:
        return None
    segments = tuple(snake(part) for part in found[0])
    if not segments or not all(segments) or len(segments) > MAX_ADDRESS_DEPTH + 1:
        return None
    return PageUrl(segments, found[1])


def _resource_layout(parts: list[str]) -> tuple[list[str], bool] | None:
    """`a/subresources/b/methods/m` → ([a, b, m], True); `a/subresources/b` → ([a, b], False)."""
    if not parts or parts[0] in ("subresources", "methods"):
        return None
    names, rest = [parts[0]], parts[1:]
    while len(rest) >= 2 and rest[0] == "subresources":
        names.append(rest[1])
        rest = rest[2:]
    if not rest:
        return names, False
    if len(rest) == 2 and rest[0] == "methods":
        return [*names, rest[1]], True
    return None


def conventional_name(
    http_method: str,
    path: str,
    heading: str,
    resources: frozenset[str] = frozenset(),
    namespace: tuple[str, ...] = (),
) -> ClientName:
    """The address the SDK conventions give an operation no url places.

    The resource is the route's static path (less a trailing action segment) below the
    namespace (`beta`); the method is the action segment ("Cancel a batch" → cancel, after a
    REST verb of the heading: "Create Enrollment URL" → create_enrollment_url), else the
    heading's verb when it is none of the REST verbs ("Upload File" → upload), else the REST
    name of the route: list, retrieve, create, update or delete. `resources` holds the path
    prefixes some route continues (resource_prefixes)."""
    segments = static_segments(path)
    heading_words = [w for w in words(heading) if w not in _FILLER_WORDS]
    action = _action_segment(http_method, path, heading_words, resources)
    resource_segments = segments[:-1] if action is not None else segments
    resource = (*namespace, *(snake(s) for s in resource_segments)) or ("root",)
    method = _conventional_method(http_method, path, heading_words, action, resource_segments)
    return ClientName(Address(resource, method), action)


def _conventional_method(
    http_method: str,
    path: str,
    heading: list[str],
    action: str | None,
    resource_segments: list[str],
) -> str:
    verb = heading[0] if heading else ""
    if action is not None:
        if verb in CANONICAL_VERBS and _starts_with(heading[1:], words(action)):
            # a REST verb, then the action: "Create Enrollment URL", "Get Claude Code Usage"
            return f"{CANONICAL_VERBS[verb]}_{snake(action)}"
        return snake(action)
    resource_words = {w for segment in resource_segments for w in words(segment)}
    if (
        verb.isalpha()
        and verb not in CANONICAL_VERBS
        and not any(same_word(verb, r) for r in resource_words)
    ):
        return verb  # a verb of its own: "Upload File", "Search messages"
    return _rest_method_name(http_method, path)


def disambiguate(
    names: Mapping[_Key, ClientName],
    routes: Mapping[_Key, Route],
    fixed: AbstractSet[_Key] = frozenset(),
) -> dict[_Key, str]:
    """A distinct method name for every operation within its resource, and none that is also
    the name of a resource below it (`client.x.events` cannot be a method and a namespace).

    Operations that would share a name say their action segment when the name does not yet
    (`list` on `/workspaces/{id}/rate_limits` → `list_rate_limits`, while `list` on
    `/workspaces` stays); any that still collide add the HTTP method and the path's end. A
    `fixed` name (one a page's url gives) is kept and the others move; of two fixed names,
    the first in sorted order keeps it."""
    chosen = {key: name.address.method for key, name in names.items()}
    namespaces = {
        name.address.resource[:depth]
        for name in names.values()
        for depth in range(1, len(name.address.resource) + 1)
    }
    for step in (_with_action, _with_method_and_path):
        groups: dict[tuple[tuple[str, ...], str], list[_Key]] = {}
        for key in sorted(names):
            groups.setdefault((names[key].address.resource, chosen[key]), []).append(key)
        for (resource, method), keys in groups.items():
            shadows = (*resource, method) in namespaces
            if len(keys) == 1 and not shadows:
                continue
            keeper = None if shadows else next((key for key in keys if key in fixed), None)
            for key in keys:
                if key != keeper:
                    chosen[key] = step(routes[key], names[key], chosen[key])
    return chosen


def _with_action(route: Route, name: ClientName, current: str) -> str:
    if name.action is not None and snake(name.action) not in current:
        return f"{current}_{snake(name.action)}"
    return current


def _with_method_and_path(route: Route, name: ClientName, current: str) -> str:
    tail = [snake(s.strip("{}")) for s in route[1].strip("/").split("/")[-2:]]
    return f"{current}_{route[0]}_{'_'.join(tail)}"


def resource_prefixes(paths: Iterable[str]) -> frozenset[str]:
    """Every path prefix that some path continues (`/jobs/{id}/events` when
    `/jobs/{id}/events/stream` exists): such a segment names a resource, never an action."""
    prefixes: set[str] = set()
    for path in paths:
        parts = path.rstrip("/").split("/")
        prefixes.update("/".join(parts[:index]) for index in range(1, len(parts)))
    return frozenset(prefixes)


def _action_segment(
    http_method: str, path: str, heading: list[str], resources: frozenset[str]
) -> str | None:
    """The last static segment when it names what the operation does rather than a resource:
    any segment after an item's parameter (`/jobs/{id}/resume`, `/files/{id}/content`) but
    one a heading lists (`/agents/{id}/versions`, "List Agent Versions"), or one the heading
    begins with (`/messages/count_tokens`, "Count
    tokens in a Message"), or one a REST verb of the heading is followed by, itself followed
    by the resource (`/usage_report/claude_code`, "Get Claude Code Usage Report"). A segment
    some route continues names a resource (`resources`), never an action."""
    segments = static_segments(path)
    parts = path.rstrip("/").split("/")
    if not segments or parts[-1].startswith("{") or path.rstrip("/") in resources:
        return None
    if len(parts) >= 2 and parts[-2].startswith("{"):
        # "List Agent Versions" on /agents/{id}/versions lists a resource of the item's own
        listed = http_method == "get" and heading[:1] == ["list"]
        return None if listed else segments[-1]
    if len(segments) < 2:
        return None
    action_words = words(segments[-1])
    if _starts_with(heading, action_words):
        return segments[-1]
    rest = heading[1 + len(action_words) :]
    resource_words = {w for segment in segments[:-1] for w in words(segment)}
    names_resource = bool(rest) and all(any(same_word(w, r) for r in resource_words) for w in rest)
    after_verb = bool(heading) and heading[0] in CANONICAL_VERBS
    return (
        segments[-1]
        if after_verb and names_resource and _starts_with(heading[1:], action_words)
        else None
    )


def _starts_with(heading: list[str], segment_words: list[str]) -> bool:
    if not segment_words or len(heading) < len(segment_words):
        return False
    return all(same_word(a, b) for a, b in zip(heading, segment_words, strict=False))


def _rest_method_name(http_method: str, path: str) -> str:
    on_item = path.rstrip("/").endswith("}")
    if http_method == "get":
        return "retrieve" if on_item else "list"
    if http_method == "delete":
        return "delete"
    if http_method == "post" and not on_item:
        return "create"
    return "update"


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
