"""Inference rules: what the pages leave implicit, recovered by small named rules.

Each rule is a function over the assembled document and its provenance (the side table of
where each node was read and which of its facts the pages did not state); its docstring
names the evidence it uses, and it records in the side table each fact it decides, as
`inferred:<rule name>`. Rules run in the order of RULES, after merging and before the
overlay; docs/inference.md describes them for users. Where two kinds of evidence disagree,
examples beat names: the example rules run first and record what they decided, and the name
rules leave those schemas alone.

Two readings of the document serve several rules: the schemas that names stand for
(`named_schemas`) and the observation of the examples (`_observations`). While the rules run
(`apply_rules`), each is made once and kept until a rule changes what it reads (`_Readings`):
so each place here that changes a schema's parts, its description or its type other than
number into integer calls `_READINGS.reshaped()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from generator.naming import join_pascal
from generator.openapi.pagination import pagination
from generator.openapi.provenance import EXAMPLE, SILENT, Provenance, inferred
from generator.openapi.schemas import Schema, json_types, nullable
from generator.spec.operations import list_operations
from generator.spec.refs import component_schemas, ref_name, resolve, walk_schemas

Document = dict[str, Any]
Rule = Callable[[Document, Provenance], None]


_NUMERIC = frozenset({"number", "integer"})
# Whole values that say nothing about integer-ness: doc generators fill every number with 0,
# and 0 and 1 are what people write for a float too ("temperature": 1).
_PLACEHOLDERS = (0, 1)


# -- walking the document ------------------------------------------------------------------


def _constant(schema: Schema) -> object:
    return schema.get("const") if isinstance(schema, dict) else None


def named_schemas(document: Document) -> list[tuple[str, Schema, str]]:
    """Every schema that a name stands for: (name, schema, description). Object properties
    and parameters, and the items of the arrays they hold (a name and its description speak
    for those too: `bytes: array of number`, "A list of integers...")."""
    found: list[tuple[str, Schema, str]] = []
    seen: set[int] = set()
    for holder in walk_schemas(document):
        properties = holder.get("properties")
        if isinstance(properties, dict):
            for name, schema in properties.items():
                if isinstance(schema, dict) and id(schema) not in seen:
                    seen.add(id(schema))
                    _with_parts(name, schema, str(schema.get("description", "")), found)
        if "in" in holder and "name" in holder and isinstance(holder.get("schema"), dict):
            schema = holder["schema"]
            if id(schema) not in seen:
                seen.add(id(schema))
                description = str(holder.get("description", schema.get("description", "")))
                _with_parts(str(holder["name"]), schema, description, found)
    return found


def _with_parts(
    name: str, schema: Schema, description: str, found: list[tuple[str, Schema, str]]
) -> None:
    """Add the schema, the members of its union, and the items of its arrays, each with the
    description nearest to it (a union member's own: "The array of integers ...")."""
    # A list filled in place rather than nested generators: 11,577 named schemas in the
    # 2026-08-22 document, listed twice per build, nine in ten without parts (three key
    # tests, in C, before anything is made for the parts).
    found.append((name, schema, description))
    if "anyOf" not in schema and "oneOf" not in schema and "items" not in schema:
        return
    description = str(schema.get("description", description))
    for key in ("anyOf", "oneOf"):
        for member in schema.get(key, []) or []:
            if isinstance(member, dict) and "$ref" not in member:
                _with_parts(name, member, description, found)
    items = schema.get("items")
    if isinstance(items, dict) and "$ref" not in items:
        _with_parts(name, items, description, found)


# -- evidence from examples ----------------------------------------------------------------


class _Members(NamedTuple):
    """A union's members (anyOf, then oneOf): whether it lists any, and each member that is
    a schema with the schema it resolves to."""

    listed: bool
    resolved: list[tuple[Schema, Schema]]


@dataclass
class _Observations:
    """What example values were seen at each schema (by identity: components are shared)."""

    schemas: dict[int, Schema] = field(default_factory=dict)
    integral: dict[int, int] = field(default_factory=dict)
    fractional: dict[int, int] = field(default_factory=dict)
    # Properties seen holding null: (id of the object schema, property name) → that schema.
    null_properties: dict[tuple[int, str], Schema] = field(default_factory=dict)
    # Object schemas seen in response examples, with the keys of each object found there.
    responses: dict[int, tuple[Schema, list[frozenset[str]]]] = field(default_factory=dict)
    # Object schemas with the example objects seen at them, requests and responses alike.
    objects: dict[int, tuple[Schema, list[dict[str, Any]]]] = field(default_factory=dict)
    # String schemas seen holding a string that is not an RFC 3339 date-time (placeholders
    # such as "created_at" included: the schema must accept the pages' own examples).
    not_moments: dict[int, int] = field(default_factory=dict)
    # Each union's members with what they resolve to, by the union's identity: examples meet
    # the same unions again and again (10,000 resolutions a pass on the 2026-08-22 tree, for
    # 600 unions), and nothing changes the document while it is observed.
    members: dict[int, _Members] = field(default_factory=dict)

    def note(self, schema: Schema, table: dict[int, int]) -> None:
        self.schemas[id(schema)] = schema
        table[id(schema)] = table.get(id(schema), 0) + 1


def _examples(document: Document) -> Iterator[tuple[Schema, Any, bool]]:
    """(schema, example value, is a response) for every response and request body example,
    and for every parameter example."""
    for entry in list_operations(document):
        operation = entry.node
        bodies = [(operation.get("requestBody", {}), False)]
        bodies += [
            (r, True) for r in operation.get("responses", {}).values() if isinstance(r, dict)
        ]
        for body, is_response in bodies:
            for media in body.get("content", {}).values():
                schema = media.get("schema") if isinstance(media, dict) else None
                if not isinstance(schema, dict):
                    continue
                for example in (media.get("examples") or {}).values():
                    if isinstance(example, dict) and "value" in example:
                        yield schema, example["value"], is_response
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema")
            if isinstance(schema, dict):
                for example in (parameter.get("examples") or {}).values():
                    if isinstance(example, dict) and "value" in example:
                        yield schema, example["value"], False


def _observe(
    document: Document,
    schema: Schema,
    value: Any,
    seen: _Observations,
    response: bool,
    depth: int = 0,
) -> None:
    # About 6,000 calls per observation of the 2026-08-22 document, and five observations
    # per build: the cheap tests first.
    if value is None or depth > 64 or not isinstance(schema, dict):
        return
    if "$ref" in schema:
        schema = resolve(document, schema)
    if "anyOf" in schema or "oneOf" in schema:
        members = seen.members.get(id(schema))
        if members is None:
            members = seen.members[id(schema)] = _union_members(document, schema)
        if members.listed:
            for member in _matching_members(schema, members.resolved, value):
                _observe(document, member, value, seen, response, depth + 1)
            return
    kinds = json_types(schema)
    if isinstance(value, bool):
        return
    if isinstance(value, int | float) and kinds & _NUMERIC:
        if isinstance(value, float):
            seen.note(schema, seen.fractional)
        elif value not in _PLACEHOLDERS:
            seen.note(schema, seen.integral)
    elif isinstance(value, str) and "string" in kinds:
        if not _RFC_3339_DATE_TIME.fullmatch(value):
            seen.note(schema, seen.not_moments)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _observe(document, schema["items"], item, seen, response, depth + 1)
    elif isinstance(value, dict):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        if response and properties:
            seen.responses.setdefault(id(schema), (schema, []))[1].append(frozenset(value))
        seen.objects.setdefault(id(schema), (schema, []))[1].append(value)
        for key, item in value.items():
            if key in properties:
                if item is None:
                    seen.null_properties[(id(schema), key)] = schema
                _observe(document, properties[key], item, seen, response, depth + 1)
            elif isinstance(extra, dict):
                _observe(document, extra, item, seen, response, depth + 1)


def _union_members(document: Document, schema: Schema) -> _Members:
    listed = [m for key in ("anyOf", "oneOf") for m in schema.get(key, []) or []]
    resolved = [(m, resolve(document, m)) for m in listed if isinstance(m, dict)]
    return _Members(bool(listed), resolved)


def _matching_members(
    schema: Schema, resolved: list[tuple[Schema, Schema]], value: Any
) -> list[Schema]:
    """The union members an example value can be an instance of (`resolved`: the members
    with what each resolves to). For an object value the discriminator decides when there is
    one, else the members whose properties hold every key of the value; for other values,
    the members of the value's JSON type."""
    if isinstance(value, dict):
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict):
            tag = value.get(discriminator.get("propertyName"))
            target = (discriminator.get("mapping") or {}).get(tag)
            if target is not None:
                return [m for m, _ in resolved if m.get("$ref") == target]
        objects = [(m, r) for m, r in resolved if "object" in json_types(r) or "properties" in r]
        tagged = [(m, r) for m, r in objects if _constants_agree(r, value)]
        fitting = [m for m, r in tagged if set(value) <= set(r.get("properties") or {})]
        return fitting if len(fitting) == 1 else []
    wanted = _value_types(value)
    fitting = [m for m, r in resolved if json_types(r) & wanted or ("anyOf" in r or "oneOf" in r)]
    return fitting


def _constants_agree(schema: Schema, value: dict[str, Any]) -> bool:
    """Every constant property of the schema (`type: "text"`) that the value has agrees."""
    for name, prop in (schema.get("properties") or {}).items():
        if (
            isinstance(prop, dict)
            and "const" in prop
            and name in value
            and value[name] != prop["const"]
        ):
            return False
    return True


def _value_types(value: Any) -> set[str]:
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int | float):
        return set(_NUMERIC)
    if isinstance(value, str):
        return {"string"}
    if isinstance(value, list):
        return {"array"}
    return {"object"}


def _observations(document: Document) -> _Observations:
    seen = _Observations()
    for schema, value, is_response in _examples(document):
        _observe(document, schema, value, seen, is_response)
    return seen


class _Readings:
    """The named schemas and the observation of the examples of the document the rules are
    run on, each made at its first use and kept until `reshaped()`: on the 2026-08-22 tree
    four rules observe the examples and two list the named schemas, and none of the rules
    between them changes what these read (0.06 s a listing, 0.02 s an observation).

    What keeps a reading exact: `named_schemas` reads the dicts of the document (their
    places), properties, parameters' `in`, `name`, `schema` and `description`, schemas'
    `description`, `anyOf`, `oneOf`, `items` and `$ref`; `_observe` reads the examples,
    `$ref`, unions, discriminators, properties, additional properties, constants and the
    JSON types, where it only asks whether a type is numeric (`number` and `integer` alike),
    a string, an array or an object, and never sees null (a value of null ends its walk).
    So a number made an integer, a `format` or a `required` list keeps both readings; every
    other change calls `reshaped()`. Kept only while `apply_rules` runs (`during`), where a
    rule of another module counts as a change: called on its own, a rule reads afresh."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.named: list[tuple[str, Schema, str]] | None = None
        self.observed: _Observations | None = None

    def during(self, document: Document | None) -> None:
        """Keep readings of `document` from now on (None: keep none)."""
        self.document = document
        self.reshaped()

    def reshaped(self) -> None:
        self.named = self.observed = None

    def named_schemas(self, document: Document) -> list[tuple[str, Schema, str]]:
        if document is not self.document:
            return named_schemas(document)
        if self.named is None:
            self.named = named_schemas(document)
        return self.named

    def observations(self, document: Document) -> _Observations:
        if document is not self.document:
            return _observations(document)
        if self.observed is None:
            self.observed = _observations(document)
        return self.observed


_READINGS = _Readings()


def _set_numeric(schema: Schema, kind: str) -> None:
    current = schema.get("type")
    if isinstance(current, str) and current in _NUMERIC:
        schema["type"] = kind
    elif isinstance(current, list):
        schema["type"] = [kind if k in _NUMERIC else k for k in current]


# -- rules ------------------------------------------------------------------------------------


def objects_from_examples(document: Document, provenance: Provenance) -> None:
    """An object the pages show only by its header (`Response object { id, created_at, error,
    32 more }`, no field list anywhere) takes its fields from the examples: each key an
    example object holds there becomes a field typed by the values the examples give it
    (strings, booleans, numbers, arrays; objects become types of their own, named after the
    field), nullable when an example gives null, and optional, since examples show calls
    and answers, not the contract. Evidence: the response and request examples; the
    source map records `schema: example` for the object and `required: example` for each
    field (`nullable: example` when null was seen)."""
    components = component_schemas(document)
    if not any(
        isinstance(schema, dict) and _shown_by_header(schema, provenance)
        for schema in components.values()
    ):
        return  # nothing to fill in (every tree of the corpus): no need to read the examples
    names = {id(schema): name for name, schema in components.items()}
    seen = _READINGS.observations(document)
    for key, (schema, values) in sorted(seen.objects.items(), key=lambda i: names.get(i[0], "")):
        name = names.get(key)
        if name is None or not _shown_by_header(schema, provenance):
            continue
        built = _object_from_values(values, name, components, provenance)
        listed = schema["properties"]  # the header's names first, in its order
        schema["properties"] = {
            **{k: built["properties"].get(k, v) for k, v in listed.items()},
            **built["properties"],
        }
        provenance.note(schema, "schema", EXAMPLE)
        _READINGS.reshaped()
    if len(components) > len(names):  # types of their own for the objects inside
        document["components"]["schemas"] = dict(sorted(components.items()))


def _shown_by_header(schema: Schema, provenance: Provenance) -> bool:
    """An object the pages name fields of (in `object { a, b, 3 more }`) but never type."""
    properties = schema.get("properties")
    return (
        provenance.evidence(schema).get("schema") == SILENT
        and isinstance(properties, dict)
        and all(prop == {} for prop in properties.values())
    )


def _object_from_values(
    values: list[dict[str, Any]], name: str, components: dict[str, Any], provenance: Provenance
) -> Schema:
    properties: dict[str, Schema] = {}
    for key in dict.fromkeys(k for value in values for k in value):
        found = [value[key] for value in values if key in value]
        properties[key] = _schema_from_values(found, (name, key), components, provenance)
        provenance.note(properties[key], "required", EXAMPLE)
    return {"type": "object", "properties": properties}


def _schema_from_values(
    values: list[Any], path: tuple[str, ...], components: dict[str, Any], provenance: Provenance
) -> Schema:
    """The schema the example values of one place show: one member per JSON type seen."""
    present = [v for v in values if v is not None]
    kinds = list(dict.fromkeys(_json_kind(v) for v in present))
    members = [_schema_of_kind(kind, present, path, components, provenance) for kind in kinds]
    schema: Schema = members[0] if len(members) == 1 else {"anyOf": members} if members else {}
    if len(present) < len(values) and schema:
        wider = nullable(schema)
        provenance.note(wider, "nullable", EXAMPLE)
        return wider
    return schema


def _schema_of_kind(
    kind: str,
    values: list[Any],
    path: tuple[str, ...],
    components: dict[str, Any],
    provenance: Provenance,
) -> Schema:
    of_kind = [v for v in values if _json_kind(v) == kind]
    if kind == "array":
        items = [item for value in of_kind for item in value]
        return {
            "type": "array",
            "items": _schema_from_values(items, (*path, "Item"), components, provenance),
        }
    if kind == "object":
        name = join_pascal(path)
        if name in components:  # taken by a type of the pages: theirs stands
            return {"type": "object"}
        components[name] = _object_from_values(of_kind, name, components, provenance)
        provenance.note(components[name], "schema", EXAMPLE)
        return {"$ref": f"#/components/schemas/{name}"}
    return {"type": kind}


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"  # integer_from_examples decides, as for any number
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def integer_from_examples(document: Document, provenance: Provenance) -> None:
    """A `number` is an `integer` when the examples show it with whole values (`1710000000`,
    `1024`) and never with a fraction (`0.5`, `1.0`). 0 and 1 do not count: generated examples
    put 0 in every number, and people write 1 for floats too. Evidence: the `#### Response`
    JSON blocks and the JSON bodies of the curl examples (`-d '{...}'`). One fractional value
    settles it the other way: the schema stays `number`, and no name rule may change that."""
    seen = _READINGS.observations(document)
    decided = inferred("integer_from_examples")
    for key, schema in seen.schemas.items():
        if not json_types(schema) & _NUMERIC:
            continue
        if seen.fractional.get(key):
            provenance.note(schema, "type", decided)
        elif seen.integral.get(key):
            provenance.note(schema, "type", decided)
            _set_numeric(schema, "integer")


# Wording, in the languages of the corpus (English and Chinese): a weak sign, read only in
# descriptions, never deciding against an example.
_TIMESTAMP = re.compile(r"\bunix\b|\bepoch\b|时间戳", re.IGNORECASE)
_INTEGER_WORD = re.compile(r"\bintegers?\b|整数", re.IGNORECASE)
_COUNT_DESCRIPTION = re.compile(
    r"^\s*(?:the\s+)?(?:total\s+)?(?:number|count)\s+of\s+"
    r"(?!(?:seconds|minutes|hours|days|milliseconds|ms)\b)"
    r"|数量|个数|数目|次数|总数|维数|条数|序号|索引",  # "the number of", in Chinese
    re.IGNORECASE,
)
_ORDINAL_DESCRIPTION = re.compile(
    r"^\s*(?:the|a|an)\s+(?:[a-z]+\s+)?[a-z]+\s+number\b"
    r"(?!\s+of\s+(?:seconds|minutes|hours|days|milliseconds)\b)",
    re.IGNORECASE,
)  # "The line number ...", "A sequence number for ..."
# Field names: the same in every language of the docs. Each family is a named group, so that
# a family the tree's own examples contradict (a `created_at` shown as 1712345678.5: this API
# writes fractional timestamps) decides nothing more in that tree.
_INTEGER_NAME = re.compile(
    r"""(?:^|_)(?:
          (?P<tokens>tokens?)                # token counts: input_tokens, max_tokens
        | (?P<count>count | limit)           # item_count, limit, rate_limit
        | (?P<position>index | idx)          # positions: index, start_index
        | (?P<size>bytes | size)             # sizes: bytes, file_size, batch_size
        | (?P<milliseconds>ms)               # milliseconds: timeout_ms
        | (?P<ordinal>number)                # ordinals: sequence_number, page_number
        | (?P<code>code)                     # status_code, exit_code
        | (?P<seed>seed)                     # random seeds
        | (?P<moment>at | created | updated | timestamp)  # Unix time: created_at
        )$
      | ^(?P<amount>n|num|number_of|max|min)_  # n_epochs, num_results, max_num_results, min_length
    """,
    re.VERBOSE,
)


def _name_family(name: str) -> str | None:
    match = _INTEGER_NAME.search(name.lower())
    return match.lastgroup if match is not None else None


def integer_from_names(document: Document, provenance: Provenance) -> None:
    """A `number` the examples say nothing about is an `integer` when its name or description
    clearly says so: a Unix timestamp or epoch time (or a numeric `*_at`, `created`), a count
    ("The number of ...", `*_count`, `n_*`, `num_*`), tokens (`*_tokens`), a limit (`limit`,
    `max_*`, `min_*`), a size in bytes (`bytes`, `*_size`), an index, milliseconds (`*_ms`),
    an ordinal (`*_number`, "The line number ..."), a code (`status_code`) or a seed, or the
    description calls it an integer. Each of these held for at least 98% of the 1,095
    numeric fields of the OpenAI spec (docs/inference.md); weaker signs (`*_seconds`, `x`,
    `y`, percentages) are left alone.

    Names come first: they are the API's own and read the same in every language of the
    docs. Descriptions are read in English and Chinese, the languages of the corpus. A name
    family the tree's examples contradict (a field of that family shown with a fraction)
    decides nothing in that tree."""
    named = [
        (name, schema, description)
        for name, schema, description in _READINGS.named_schemas(document)
        if json_types(schema) & _NUMERIC
    ]
    contradicted = {
        _name_family(name)
        for name, schema, _ in named
        if "integer" not in json_types(schema) and "type" in provenance.evidence(schema)
    }
    for name, schema, description in named:
        if "integer" in json_types(schema) or "type" in provenance.evidence(schema):
            continue  # the page or the examples have spoken
        own = str(schema.get("description", description))
        family = _name_family(name)
        if (
            _TIMESTAMP.search(own)
            or _INTEGER_WORD.search(own)
            or _COUNT_DESCRIPTION.search(own)
            or _ORDINAL_DESCRIPTION.search(own)
            or (family is not None and family not in contradicted)
        ):
            _set_numeric(schema, "integer")
            provenance.note(schema, "type", inferred("integer_from_names"))


_NULL_MENTION = re.compile(
    r"`null`|\bnull\b(?=\s+(?:if|when|unless|for|until|otherwise|on|in|while|before|after|"
    r"because|as|by)\b)|\b(?:is|be|are|or|returns?|will be|set to|of)\s+null\b",
    re.IGNORECASE,
)
_NOT_NULL = re.compile(r"\b(?:not|never|cannot|can't|non-?)\s*(?:be\s+)?`?null\b", re.IGNORECASE)


def nullable_from_examples(document: Document, provenance: Provenance) -> None:
    """A property is nullable when an example shows it as `null`. Evidence: the response
    and request body examples."""
    seen = _READINGS.observations(document)
    for (_, name), holder in seen.null_properties.items():
        _allow_null(holder["properties"][name], provenance, "nullable_from_examples")


def optional_from_examples(document: Document, provenance: Provenance) -> None:
    """A property the page marks required but that can be null is optional when a response
    example leaves it out: many APIs leave out a field rather than send null, and a client
    must accept what the API sends. A required property that cannot be null stays required
    whatever the examples show: the field list is the page's statement, and examples are
    often abridged. Evidence: the `#### Response` JSON blocks of every copy of the
    operation. Request examples say nothing here: they leave out what they may."""
    seen = _READINGS.observations(document)
    for schema, objects in seen.responses.values():
        required = schema.get("required")
        if not isinstance(required, list):
            continue
        properties = schema.get("properties") or {}
        kept = [
            name
            for name in required
            if all(name in keys for keys in objects)
            or not (isinstance(properties.get(name), dict) and _admits_null(properties[name]))
        ]
        for name in required:
            if name not in kept:
                provenance.note(properties[name], "required", inferred("optional_from_examples"))
        if len(kept) != len(required):
            if kept:
                schema["required"] = kept
            else:
                del schema["required"]


def _allow_null(schema: Schema, provenance: Provenance, rule: str) -> None:
    """Make `schema` admit null, in place: the object keeps its place in the side table
    (where it was read, what else was inferred of it)."""
    if _admits_null(schema):
        return
    wider = nullable(schema)
    schema.clear()
    schema.update(wider)
    _READINGS.reshaped()
    provenance.note(schema, "nullable", inferred(rule))


def _admits_null(schema: Schema) -> bool:
    if not schema or (
        not json_types(schema)
        and not any(k in schema for k in ("$ref", "anyOf", "oneOf", "const", "enum"))
    ):
        return True
    if "null" in json_types(schema):
        return True
    return any(
        isinstance(m, dict) and "null" in json_types(m)
        for key in ("anyOf", "oneOf")
        for m in schema.get(key, []) or []
    )


def nullable_from_descriptions(document: Document, provenance: Provenance) -> None:
    """A property is nullable when its own description says it can be null ("`null` if the
    job is still running", "Can be null", "or null"), and does not say it is never null.
    Evidence: descriptions, on trees of the older style that never write `or null` (where
    the pages can say `or null`, a field they show without it is not null, whatever its
    description says of the fields inside it)."""
    if provenance.can_state("nullable"):
        return
    for holder in walk_schemas(document):
        properties = holder.get("properties")
        if not isinstance(properties, dict):
            continue
        for name, schema in list(properties.items()):
            if not isinstance(schema, dict):
                continue
            description = str(schema.get("description", ""))
            if _NULL_MENTION.search(description) and not _NOT_NULL.search(description):
                _allow_null(schema, provenance, "nullable_from_descriptions")


_RFC_3339_DATE_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})"
)
_DATE_TIME_NOTATION = re.compile(r"\bRFC\s?3339\b|\bISO[\s-]?8601\b", re.IGNORECASE)
# A date alone written in the same standards: RFC 3339's full-date, ISO 8601's YYYY-MM-DD.
_DATE_ONLY = re.compile(r"YYYY-MM-DD(?!T)|\bfull-date\b|\bdate only\b", re.IGNORECASE)


def date_times_from_descriptions(document: Document, provenance: Provenance) -> None:
    """A string is a moment (`format: date-time`) when its own description says it is
    written in RFC 3339 or ISO 8601 ("A timestamp in RFC 3339 format", "ISO 8601 timestamp
    of when the skill was created"), unless it speaks of a date alone (`YYYY-MM-DD`,
    "full-date"). Evidence: descriptions; the pages never write a format, and a string with
    values listed (an enum or a constant) is left alone. The client then takes a `datetime`
    where a request holds such a string. Examples beat descriptions: a string an example
    shows holding anything else (a date, a placeholder such as `"created_at"`) is left a
    string, so the schema accepts the pages' own examples."""
    said = [
        schema
        for _name, schema, description in _READINGS.named_schemas(document)
        if _said_to_be_a_moment(schema, description)
    ]
    if not said:
        return  # no example to look at (the OpenAI and Cloudflare trees: none)
    contradicted = _READINGS.observations(document).not_moments
    for schema in said:
        if id(schema) in contradicted or "format" in schema:
            continue  # an example says otherwise, or the schema was listed twice
        schema["format"] = "date-time"
        provenance.note(schema, "format", inferred("date_times_from_descriptions"))


def _said_to_be_a_moment(schema: Schema, description: str) -> bool:
    """A string with no values listed, whose own description names a date-time notation."""
    # The text first: asked of the 11,600 named schemas of the 2026-08-22 tree, of which a
    # few hundred hold "3339" or "8601" at all.
    own = str(schema.get("description", description))
    if not _names_a_date_time_notation(own) or _DATE_ONLY.search(own):
        return False
    return json_types(schema) - {"null"} == {"string"} and not _has_values_or_format(schema)


def _names_a_date_time_notation(text: str) -> bool:
    # Either notation holds its number in ASCII digits, which ignoring case leaves as they
    # are: a text without one cannot match, and most of the 5,800 string descriptions of the
    # 2026-08-22 tree hold neither (the pattern, tried at every position, cost 0.03 s).
    return ("3339" in text or "8601" in text) and _DATE_TIME_NOTATION.search(text) is not None


def _has_values_or_format(schema: Schema) -> bool:
    return any(key in schema for key in ("enum", "const", "format"))


_KEY_VALUE = re.compile(
    r"\bkey[- ]value pairs?\b|\b(?:map|dictionary) (?:of|from)\b", re.IGNORECASE
)
_STRING_VALUES = re.compile(r"\bvalues? (?:are|is|must be) (?:a )?strings?\b", re.IGNORECASE)


def maps_from_descriptions(document: Document, provenance: Provenance) -> None:
    """A type the pages name but never define is a map when the fields that use it describe
    it as one ("Set of 16 key-value pairs...", "A map of ..."); its values are strings when
    the description says "Values are strings". Evidence: the descriptions of the fields
    that refer to the type. Anything else stays unconstrained."""
    components = component_schemas(document)
    undefined = {name for name, schema in components.items() if _placeholder(schema, provenance)}
    if not undefined:
        return
    said: dict[str, list[str]] = {}
    for holder in walk_schemas(document):
        for schema in _with_members(holder):
            name = ref_name(schema)
            if name in undefined:
                said.setdefault(name, []).append(str(holder.get("description", "")))
    for name, descriptions in said.items():
        if (
            descriptions
            and all(_KEY_VALUE.search(d) for d in descriptions if d)
            and any(descriptions)
        ):
            values: Schema = (
                {"type": "string"} if any(_STRING_VALUES.search(d) for d in descriptions) else {}
            )
            component = components[name]
            component.update({"type": "object", "additionalProperties": values})
            component["description"] = next(d for d in descriptions if d)
            provenance.note(component, "schema", inferred("maps_from_descriptions"))
            _READINGS.reshaped()


def _placeholder(schema: Schema, provenance: Provenance) -> bool:
    """The stand-in for a type the pages name but never define (document.py): nothing is
    known of it."""
    return provenance.evidence(schema).get("schema") == SILENT and not (
        schema.keys() - {"description"}
    )


def _with_members(schema: Schema) -> Iterator[Schema]:
    """The schema itself and the members of its union (`Metadata or null`)."""
    yield schema
    for key in ("anyOf", "oneOf"):
        for member in schema.get(key, []) or []:
            if isinstance(member, dict):
                yield member


def nullable_page_ids(document: Document, provenance: Provenance) -> None:
    """In a cursor page (an object with `has_more` and an array of items), `first_id` and
    `last_id` are nullable: an empty page has no first or last item. Evidence: the shape of
    the response; the newer pages say `first_id: string or null` in so many words, and on
    trees that write `or null` the pages are left to say it."""
    if provenance.can_state("nullable"):
        return
    for schema in list(component_schemas(document).values()) + [
        s for s in walk_schemas(document.get("paths", {})) if "properties" in s
    ]:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or "has_more" not in properties:
            continue
        if not any(
            isinstance(p, dict) and "array" in json_types(resolve(document, p))
            for p in properties.values()
        ):
            continue
        for name in ("first_id", "last_id"):
            prop = properties.get(name)
            if isinstance(prop, dict) and "string" in json_types(prop):
                _allow_null(prop, provenance, "nullable_page_ids")


def discriminated_unions(document: Document, provenance: Provenance) -> None:
    """A union whose members are all objects with a required constant property (`type`
    first, then any other) holding a distinct string in each member becomes oneOf with a
    discriminator. Evidence: the members' own declarations; nothing is guessed."""
    for schema in walk_schemas(document):
        members = schema.get("anyOf")
        if not isinstance(members, list) or len(members) < 2:
            continue
        if not all(ref_name(m) is not None and set(m) == {"$ref"} for m in members):
            continue
        resolved = [resolve(document, m) for m in members]
        property_name = _discriminating_property(resolved)
        if property_name is None:
            continue
        mapping = {
            str(_constant(r["properties"][property_name])): m["$ref"]
            for m, r in zip(members, resolved, strict=True)
        }
        del schema["anyOf"]
        schema["oneOf"] = members
        schema["discriminator"] = {"propertyName": property_name, "mapping": mapping}
        _READINGS.reshaped()


def _discriminating_property(members: list[Schema]) -> str | None:
    first = members[0].get("properties", {})
    candidates = sorted(
        (name for name in first if isinstance(_constant(first[name]), str)),
        key=lambda name: (name != "type", name),
    )
    for name in candidates:
        values = []
        for member in members:
            prop = member.get("properties", {}).get(name)
            if prop is None or name not in member.get("required", []):
                break
            value = _constant(prop)
            if not isinstance(value, str):
                break
            values.append(value)
        else:
            if len(set(values)) == len(values):
                return name
    return None


RULES: tuple[Rule, ...] = (
    discriminated_unions,  # first: it tells the example rules which member a value is
    objects_from_examples,  # before the rules that read examples along the fields it adds
    integer_from_examples,
    integer_from_names,
    nullable_from_examples,
    optional_from_examples,
    nullable_from_descriptions,
    nullable_page_ids,
    maps_from_descriptions,
    date_times_from_descriptions,
    pagination,
)


def apply_rules(
    document: Document, provenance: Provenance, rules: tuple[Rule, ...] = RULES
) -> None:
    _READINGS.during(document)
    try:
        for rule in rules:
            rule(document, provenance)
            if rule.__module__ != __name__:
                _READINGS.reshaped()  # a rule of another module reports no change
    finally:
        _READINGS.during(None)
