"""An operation that stands in many pages: one operation from all its copies.

A method page, its resource page and every parent page show the same operation (the same
address: the stable and the beta page of a route are two operations, see addresses.py); most
copies agree, and the most complete wins (merge.py). Some copies really differ. Then:

- each copy that differs is reported once, with both locations;
- the winner keeps the examples of every copy: they are all real requests and responses of
  the one operation, and evidence for the inference rules;
- a differing copy documented in another section of the reference than the winner's names
  what it lifts after that section, so the copies never fight over one name, and when an
  example of it does not fit the winner's response type but fits its own, the response is
  `anyOf` both. A differing copy in the winner's own section is reported and left out.

Only the copies that can make a difference are built (DistinctCopies): most copies repeat an
earlier one word for word, and such a repeat can neither win nor be kept nor be reported.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

from generator.diagnostics import Diagnostics
from generator.naming import home_segment, join_pascal, snake, words
from generator.openapi.merge import choose, ranked, structure
from generator.openapi.operations import OperationCandidate
from generator.openapi.schemas import Owner, SchemaBuilder, SchemaCandidate
from generator.pages.model import OperationBlock, Page
from generator.spec.refs import ref_name, walk_schemas

Document = dict[str, Any]
ALTERNATIVES_KEY = "x-refgen-alternatives"  # other copies' response types, until joined


class DistinctCopies:
    """Which copies of an operation need building: the first of each distinct content in each
    section of the reference, in reading order (which is location order).

    A copy that repeats an earlier copy of the same operation, in the same top-level section,
    block for block and declaration for declaration, builds the same operation: the schema
    builder treats a declaration *object* it has built once as built (the NodeTable gives one
    object per distinct declaration, so the same text is the same object), the lifted objects
    have the same names and structures, and the examples the same values. It ranks just after
    the earlier copy (the same section, so equally preferred; the same weight; a later
    location), so it never wins, is never the representative kept for its shape, and is
    never the first location of a shape that is reported; its examples are the earlier copy's.
    The only things a repeat would add are objects its own scope lifts, which settle_operation
    drops, and warnings already given at the same places (Diagnostics gives each once). So it
    is left unbuilt: on the Anthropic tree 930 copies are 281 distinct ones."""

    def __init__(self, root: str) -> None:
        self._root = root
        self._seen: set[tuple[object, ...]] = set()

    def first(self, operation: object, block: OperationBlock) -> bool:
        """Whether `block` is the first copy of `operation` with its content in its section
        (remembered as seen: a second call for the same content says False)."""
        content = (operation, _section(block.location.file, self._root), *_content(block))
        if content in self._seen:
            return False
        self._seen.add(content)
        return True


def _content(block: OperationBlock) -> tuple[object, ...]:
    """Everything of a block that building it reads, but its locations: declarations by
    identity (the schema builder's notion of a repeat; the pages hold them while a document
    is built, so their ids are not reused), code blocks by text."""
    sections = tuple(
        (
            section.kind,
            tuple(map(id, section.declarations)),
            tuple((code.info, code.text) for code in section.code_blocks),
        )
        for section in block.sections
    )
    return block.method, block.path, block.summary, block.description, sections


def current_name(schemas: SchemaBuilder) -> Callable[[str], str]:
    """$ref as built → the name it stands for now."""

    def name_of(ref: str) -> str:
        target = schemas.target(ref)
        return target.final_name if target is not None else ref

    return name_of


def _pool_examples(winner: OperationCandidate, candidates: list[OperationCandidate]) -> None:
    """Every copy of an operation shows real requests and responses of the one operation: the
    winner keeps the examples of all of them (each value once, in reading order), so that
    they are evidence for the inference rules and the docs show them all."""
    for media_of in (_response_media, _request_media):
        target = media_of(winner)
        if target is None:
            continue
        pooled: dict[str, Any] = {}
        seen: list[Any] = []
        for candidate in sorted(candidates, key=lambda c: c.location):
            media = media_of(candidate)
            for example in (media or {}).get("examples", {}).values():
                if example["value"] not in seen:
                    seen.append(example["value"])
                    pooled[f"example{len(pooled) + 1}"] = example
        if pooled:
            target["examples"] = pooled


def settle_operation(
    what: str,
    path: str,
    copies: list[OperationCandidate],
    schemas: SchemaBuilder,
    diagnostics: Diagnostics,
    root: str,
) -> OperationCandidate:
    """One operation from all its copies: the most complete wins; its examples are those of
    every copy. Copies that really differ are reported; one documented in another section of
    the reference than the winner's is kept as an alternative response, the objects it lifts
    named with that section (`ComplianceMessagesListResponse`)."""
    name_of = current_name(schemas)
    home = home_segment(path)
    # Each copy's shape once, and only when there are copies to compare: choosing the winner
    # and grouping the copies both compare them, and nothing renames a type in between. A
    # lone copy (275 of the 278 operations of the 2026-08-22 tree) is its own shape's only
    # holder, whatever the shape.
    shapes: dict[int, Any] = {}

    def shape_of(copy: OperationCandidate) -> Any:
        if len(copies) == 1:
            return None
        shape = shapes.get(id(copy))
        if shape is None:
            shape = shapes[id(copy)] = _shape(copy, name_of)
        return shape

    # Where copies differ, the page filed under the path's own section (`messages/create.md`
    # for /v1/messages) describes the endpoint as called.
    winner = choose(
        copies,
        what,
        diagnostics,
        preferred=lambda copy: _section(copy.location.file, root) == home,
        shape_of=shape_of,
    )
    _pool_examples(winner, copies)
    groups: dict[str, list[OperationCandidate]] = {}
    for copy in copies:
        groups.setdefault(repr(shape_of(copy)), []).append(copy)
    kept: list[OperationCandidate] = [winner] if len(groups) > 1 else []
    winner_section = _section(winner.location.file, root)
    for group in sorted(groups.values(), key=lambda g: min(c.location for c in g)):
        sections = {_section(copy.location.file, root) for copy in group}
        if len(groups) > 1 and winner_section not in sections:
            representative = ranked(group)[0]
            kept.append(representative)
            first = min(group, key=lambda c: c.location)
            _qualify_scope(schemas, representative.scope, _section(first.location.file, root))
    lifted: list[dict[str, str]] = []
    for copy in copies:
        if copy is winner:
            continue
        keep = _response_lifts(copy, schemas) if copy in kept else frozenset()
        lifted += [{"$ref": copy.scope.lifted[name].token} for name in sorted(keep)]
        _discard_scope(schemas, copy.scope, keep)
    if kept:
        _offer_alternatives(winner, kept, lifted)
    return winner


def _shape(copy: OperationCandidate, name_of: Callable[[str], str]) -> Any:
    """What must agree between copies of an operation: the operation and the objects it
    lifted. Two copies can both answer with a `ModelsListResponse` they lift themselves, one
    holding `ModelInfo` items and the other `BetaModelInfo`."""
    lifted = {
        name: structure(candidate.schema, name_of)
        for name, candidate in sorted(copy.scope.lifted.items())
        if candidate.owner is copy.scope
    }
    return structure(copy.operation, name_of), lifted


def tree_root(pages: list[Page]) -> str:
    """The deepest folder that holds every page; absolute (lexically, links not followed), so
    that pages named absolutely and relatively compare."""
    folders = [os.path.dirname(os.path.abspath(page.path)) for page in pages]
    return os.path.commonpath(folders) if folders else ""


def relative_parts(file: str, root: str) -> list[str]:
    """The parts of a page's path below the tree's root: `["beta", "skills.md"]`."""
    relative = os.path.relpath(os.path.abspath(file), root) if root else file
    return relative.replace(os.sep, "/").split("/")


def _section(file: str, root: str) -> str:
    """The top-level section of the reference a page stands in: `beta` for `beta/skills.md`
    and `beta.md`, `skills` for `skills/list.md`."""
    # Asked for every copy of every operation (1,800 times for the 403 pages of the
    # 2026-08-22 tree), and abspath and relpath cost 20 us: one answer per page. A relative
    # page is read from the working directory, which is part of the key.
    return _section_below(file, root, os.getcwd() if not os.path.isabs(file) else "")


@functools.lru_cache(maxsize=4096)
def _section_below(file: str, root: str, working_directory: str) -> str:
    return snake(relative_parts(file, root)[0].removesuffix(".md"))


def _qualify_scope(schemas: SchemaBuilder, scope: Owner, section: str) -> None:
    if not section:
        return
    for candidate in scope.lifted.values():
        if candidate.owner is scope and words(candidate.name)[: len(words(section))] != words(
            section
        ):
            candidate.override = join_pascal([section, candidate.name])


def _response_lifts(copy: OperationCandidate, schemas: SchemaBuilder) -> frozenset[str]:
    """The names a copy lifted for its response, and what those refer to in its scope."""
    media = _response_media(copy)
    if media is None:
        return frozenset()
    found: set[str] = set()
    stack = [media["schema"]]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            target = schemas.target(value["$ref"]) if isinstance(value.get("$ref"), str) else None
            owned = isinstance(target, SchemaCandidate) and target.owner is copy.scope
            if owned and isinstance(target, SchemaCandidate) and target.name not in found:
                found.add(target.name)
                stack.append(target.schema)
            stack.extend(v for k, v in value.items() if k != "$ref")
        elif isinstance(value, list):
            stack.extend(value)
    return frozenset(found)


def _offer_alternatives(
    winner: OperationCandidate, kept: list[OperationCandidate], lifted: list[dict[str, str]]
) -> None:
    """Note what the other kinds of copies answer with (and the objects they lifted for it);
    join_alternatives decides, once the document is whole, which of them the response needs."""
    alternatives = []
    for copy in sorted(kept, key=lambda c: c.location):
        media = _response_media(copy)
        if copy is not winner and media is not None and "$ref" in media["schema"]:
            alternatives.append({"$ref": media["schema"]["$ref"]})
    target = _response_media(winner)
    if alternatives and target is not None and "$ref" in target["schema"]:
        target[ALTERNATIVES_KEY] = {"responses": alternatives, "lifted": lifted}


def join_alternatives(document: Document) -> None:
    """An endpoint whose copies answer with different types (the stable and the beta page of
    `/v1/skills`, which the `anthropic-beta` header chooses between) answers with either: when
    one of its response examples does not fit the winner's type but fits another copy's, the
    response becomes `anyOf` of the two. Types kept only for that and not needed are dropped."""
    kept: set[str] = set()
    for item in document.get("paths", {}).values():
        for operation in item.values():
            media = (
                operation.get("responses", {})
                .get("200", {})
                .get("content", {})
                .get("application/json", {})
            )
            offered = media.pop(ALTERNATIVES_KEY, None) if isinstance(media, dict) else None
            if not offered:
                continue
            alternatives = offered["responses"]
            names = [ref_name(a) for a in alternatives + offered["lifted"]]
            kept.update(n for n in names if n is not None)
            members = [media["schema"]]
            for example in media.get("examples", {}).values():
                if any(fits(document, m, example["value"]) for m in members):
                    continue
                for alternative in alternatives:
                    if alternative not in members and fits(document, alternative, example["value"]):
                        members.append(alternative)
                        break
            if len(members) > 1:
                media["schema"] = {"anyOf": members}
    _drop_unused(document, kept)


def _drop_unused(document: Document, candidates: set[str]) -> None:
    """Remove the candidates nothing refers to, then those only they referred to, and so on.
    References are counted once over the whole document; removing a schema takes its own
    references off the counts (rather than walking the document again for each round)."""
    schemas = document["components"]["schemas"]
    if not any(name in schemas for name in candidates):
        return
    uses: dict[str, int] = {}
    inside: dict[str, list[str]] = {}
    for name, schema in schemas.items():
        inside[name] = _references(schema)
        for target in inside[name]:
            uses[target] = uses.get(target, 0) + 1
    components = document["components"]
    rest = {**document, "components": {k: v for k, v in components.items() if k != "schemas"}}
    for target in _references(rest):  # (the mapping of schemas itself holds no $ref)
        uses[target] = uses.get(target, 0) + 1
    while True:
        unused = {name for name in candidates if name in schemas and not uses.get(name)}
        if not unused:
            return
        for name in unused:
            del schemas[name]
            for target in inside[name]:
                uses[target] -= 1


def _references(value: Any) -> list[str]:
    """The schema names of every $ref in `value`, once per occurrence."""
    return [name for s in walk_schemas(value) if (name := ref_name(s)) is not None]


def fits(document: Document, schema: Any, value: Any, depth: int = 0) -> bool:
    """Whether `value` is an instance of `schema` as far as a generated model checks: types,
    constants, enums, required and known properties, items and map values."""
    if depth > 64 or not isinstance(schema, dict) or not schema:
        return True
    name = ref_name(schema)
    if name is not None:
        return fits(document, document["components"]["schemas"].get(name, {}), value, depth + 1)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return any(fits(document, m, value, depth + 1) for m in schema[key])
    if "const" in schema and value != schema["const"]:
        return False
    if "enum" in schema and value not in schema["enum"]:
        return False
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds or []
    if kinds and not any(_is_json_type(value, kind) for kind in kinds):
        return False
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        if any(key not in value for key in schema.get("required", [])):
            return False
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None and not fits(document, sub, item, depth + 1):
                return False
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return all(fits(document, schema["items"], item, depth + 1) for item in value)
    return True


def _is_json_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind == "array":
        return isinstance(value, list)
    if kind == "object":
        return isinstance(value, dict)
    return True


def _response_media(candidate: OperationCandidate) -> dict[str, Any] | None:
    response = candidate.operation.get("responses", {}).get("200", {})
    media = response.get("content", {}).get("application/json")
    return media if isinstance(media, dict) else None


def _request_media(candidate: OperationCandidate) -> dict[str, Any] | None:
    media = candidate.operation.get("requestBody", {}).get("content", {}).get("application/json")
    return media if isinstance(media, dict) else None


def _discard_scope(
    schemas: SchemaBuilder, scope: Owner, keep: frozenset[str] = frozenset()
) -> None:
    """Forget what a losing operation block lifted under the operation's own names (its
    request body, its Returns object...): the winner's are the ones in the document. Named
    types it defined stay: they are definitions like any other."""
    for name in [n for n, c in scope.lifted.items() if c.owner is scope and n not in keep]:
        remaining = [c for c in schemas.candidates.get(name, []) if c.owner is not scope]
        if remaining:
            schemas.candidates[name] = remaining
        else:
            schemas.candidates.pop(name, None)
