"""The rule registry: what each structural change means for the people who use the client.

Each rule is a small pure function over one neutral `Change`, registered with an id, a level,
the change kind it reads and the directions it applies to. It returns the message to show, or
None when the change is not its case. Direction: `request` (the client sends it), `response`
(the client reads it), None (a component schema that no operation uses).

Each rule has a fixture pair in tests/diff/fixtures/<rule-id>/; the table in docs/diff.md is
generated from this registry (`python -m generator.diff --rules`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from generator.diff.describe import value_text
from generator.diff.records import Change, Direction, Level

Check = Callable[[Change], str | None]

REQUEST: frozenset[Direction | None] = frozenset({"request"})
RESPONSE: frozenset[Direction | None] = frozenset({"response"})
UNUSED: frozenset[Direction | None] = frozenset({None})
ANYWHERE: frozenset[Direction | None] = frozenset({"request", "response", None})


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    kinds: frozenset[str]
    directions: frozenset[Direction | None]
    meaning: str
    check: Check

    def applies_to(self, change: Change) -> bool:
        return change.kind in self.kinds and change.direction in self.directions


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str,
    level: Level,
    kinds: str | Iterable[str],
    meaning: str,
    directions: frozenset[Direction | None] = ANYWHERE,
) -> Callable[[Check], Check]:
    """Register a rule function under an id."""
    kind_set = frozenset([kinds] if isinstance(kinds, str) else kinds)

    def register(check: Check) -> Check:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = Rule(rule_id, level, kind_set, directions, meaning, check)
        return check

    return register


def rules_for(change: Change) -> list[Rule]:
    return [r for r in REGISTRY.values() if r.applies_to(change)]


def rules_table() -> str:
    """The rule table of docs/diff.md (`refgen diff --rules`)."""
    lines = ["| rule | level | meaning |", "| --- | --- | --- |"]
    for rule in REGISTRY.values():
        lines.append(f"| `{rule.id}` | {rule.level.value} | {rule.meaning} |")
    return "\n".join(lines) + "\n"


# --- message helpers --------------------------------------------------------------------------


def _at(change: Change) -> str:
    return f"`{change.field}`" if change.field else "the operation"


_MAX_VALUES = 8


def _values(value: Any, joiner: str = " | ") -> str:
    """Literal values for a message; long lists are cut (the JSON output has them all)."""
    if not isinstance(value, list):
        return value_text(value)
    shown = [value_text(item) for item in value[:_MAX_VALUES]]
    more = len(value) - len(shown)
    return (joiner.join(shown) or "nothing") + (f" (+{more} more)" if more > 0 else "")


def _value_list(value: Any) -> str:
    count = len(value) if isinstance(value, list) else 1
    return f"value{'s' if count > 1 else ''} {_values(value, ', ')}"


def _types(types: list[str]) -> str:
    return " | ".join(types)


def _widens(before: list[str], after: list[str]) -> bool:
    """Every type allowed before is still allowed (an integer is also a number)."""
    allowed = set(after) | ({"integer"} if "number" in after else set())
    return set(before) <= allowed


def _required(facts: Any) -> bool:
    return isinstance(facts, dict) and facts.get("required") is True


def _type_of(facts: Any) -> str:
    return str(facts.get("type")) if isinstance(facts, dict) else "?"


# --- operations -------------------------------------------------------------------------------


@rule("operation-added", Level.INFO, "operation-added", "A new operation.")
def operation_added(change: Change) -> str | None:
    return "operation added"


@rule(
    "operation-removed",
    Level.BREAKING,
    "operation-removed",
    "An operation was removed: calls to it fail and its client method disappears.",
)
def operation_removed(change: Change) -> str | None:
    return "operation removed: calls to it fail and its client method disappears"


@rule(
    "operation-id-changed",
    Level.WARNING,
    "operation-id-changed",
    "The operationId changed: generated method names derived from it change too.",
)
def operation_id_changed(change: Change) -> str | None:
    return (
        f"operationId changed from {value_text(change.before)} to {value_text(change.after)}:"
        " generated method names derived from it change"
    )


@rule(
    "deprecation-changed",
    Level.INFO,
    "deprecated-changed",
    "Something was marked deprecated, or is no longer deprecated.",
)
def deprecation_changed(change: Change) -> str | None:
    return f"{_at(change)} is {'now' if change.after else 'no longer'} deprecated"


# --- parameters -------------------------------------------------------------------------------


@rule(
    "parameter-added-required",
    Level.BREAKING,
    "parameter-added",
    "A new required parameter: existing calls do not send it.",
)
def parameter_added_required(change: Change) -> str | None:
    if not _required(change.after):
        return None
    return f"required parameter {_at(change)} added: existing calls do not send it"


@rule("parameter-added-optional", Level.INFO, "parameter-added", "A new optional parameter.")
def parameter_added_optional(change: Change) -> str | None:
    return None if _required(change.after) else f"optional parameter {_at(change)} added"


@rule(
    "parameter-removed",
    Level.BREAKING,
    "parameter-removed",
    "A parameter was removed: the generated method loses the argument (calls passing it "
    "fail), and the server may ignore or reject it.",
)
def parameter_removed(change: Change) -> str | None:
    return (
        f"parameter {_at(change)} removed: the generated method loses the argument, so "
        "calls passing it fail"
    )


@rule(
    "parameter-moved",
    Level.BREAKING,
    "parameter-moved",
    "A parameter moved to another location (query, header, path, cookie).",
)
def parameter_moved(change: Change) -> str | None:
    return f"parameter {_at(change)} moved from {change.before} to {change.after}"


@rule(
    "parameter-renamed",
    Level.INFO,
    "parameter-renamed",
    "A path variable was renamed: the URL is the same, a generated argument name may not be.",
)
def parameter_renamed(change: Change) -> str | None:
    return (
        f"path variable renamed from `{change.before}` to `{change.after}`: the URL is "
        "unchanged, but a generated keyword argument named after it changes"
    )


@rule(
    "parameter-became-required",
    Level.BREAKING,
    "parameter-required-changed",
    "An optional parameter became required.",
)
def parameter_became_required(change: Change) -> str | None:
    return f"parameter {_at(change)} became required" if change.after else None


@rule(
    "parameter-became-optional",
    Level.INFO,
    "parameter-required-changed",
    "A required parameter became optional.",
)
def parameter_became_optional(change: Change) -> str | None:
    return None if change.after else f"parameter {_at(change)} became optional"


# --- request bodies and media types -----------------------------------------------------------


@rule(
    "request-body-added-required",
    Level.BREAKING,
    "request-body-added",
    "A required request body was added to an operation that had none.",
)
def request_body_added_required(change: Change) -> str | None:
    return "a required request body was added" if _required(change.after) else None


@rule(
    "request-body-added-optional",
    Level.INFO,
    "request-body-added",
    "An optional request body was added.",
)
def request_body_added_optional(change: Change) -> str | None:
    return None if _required(change.after) else "an optional request body was added"


@rule(
    "request-body-removed",
    Level.BREAKING,
    "request-body-removed",
    "The request body was removed: the generated method loses its body arguments (calls "
    "passing them fail), and the server may ignore or reject a body.",
)
def request_body_removed(change: Change) -> str | None:
    return (
        "the request body was removed: the generated method loses its body arguments, so "
        "calls passing them fail"
    )


@rule(
    "request-body-became-required",
    Level.BREAKING,
    "request-body-required-changed",
    "The request body became required.",
)
def request_body_became_required(change: Change) -> str | None:
    return "the request body became required" if change.after else None


@rule(
    "request-body-became-optional",
    Level.INFO,
    "request-body-required-changed",
    "The request body became optional.",
)
def request_body_became_optional(change: Change) -> str | None:
    return None if change.after else "the request body became optional"


@rule(
    "request-media-type-added",
    Level.INFO,
    "media-type-added",
    "The request body accepts another media type.",
    REQUEST,
)
def request_media_type_added(change: Change) -> str | None:
    return f"request media type `{change.after}` added"


@rule(
    "request-media-type-removed",
    Level.BREAKING,
    "media-type-removed",
    "The request body no longer accepts a media type.",
    REQUEST,
)
def request_media_type_removed(change: Change) -> str | None:
    return f"request media type `{change.before}` removed: clients sending it are rejected"


@rule(
    "response-media-type-added",
    Level.INFO,
    "media-type-added",
    "A response may come in another media type.",
    RESPONSE,
)
def response_media_type_added(change: Change) -> str | None:
    return f"{change.field}: media type `{change.after}` added"


@rule(
    "response-media-type-removed",
    Level.BREAKING,
    "media-type-removed",
    "A response no longer comes in a media type clients may ask for or parse.",
    RESPONSE,
)
def response_media_type_removed(change: Change) -> str | None:
    return f"{change.field}: media type `{change.before}` removed"


# --- response statuses ------------------------------------------------------------------------


def _is_success(status: Any) -> bool:
    return str(status).startswith("2")


@rule(
    "response-status-added",
    Level.INFO,
    "response-status-added",
    "A response status was documented.",
)
def response_status_added(change: Change) -> str | None:
    return f"response status {change.after} added"


@rule(
    "response-success-status-removed",
    Level.BREAKING,
    "response-status-removed",
    "A success (2xx) response was removed: clients expecting it get something else.",
)
def response_success_status_removed(change: Change) -> str | None:
    return f"success response {change.before} removed" if _is_success(change.before) else None


@rule(
    "response-error-status-removed",
    Level.INFO,
    "response-status-removed",
    "A non-success response is no longer documented.",
)
def response_error_status_removed(change: Change) -> str | None:
    return None if _is_success(change.before) else f"response status {change.before} removed"


# --- request schemas: what the client sends ---------------------------------------------------


@rule(
    "request-property-added-required",
    Level.BREAKING,
    "property-added",
    "A new required request property: existing calls do not send it.",
    REQUEST,
)
def request_property_added_required(change: Change) -> str | None:
    if not _required(change.after):
        return None
    return f"required request property {_at(change)} added: existing calls do not send it"


@rule(
    "request-property-added-optional",
    Level.INFO,
    "property-added",
    "A new optional request property.",
    REQUEST,
)
def request_property_added_optional(change: Change) -> str | None:
    if _required(change.after):
        return None
    return f"optional request property {_at(change)} added ({_type_of(change.after)})"


@rule(
    "request-property-removed",
    Level.BREAKING,
    "property-removed",
    "A request property was removed: its generated argument or model field disappears "
    "(calls passing it fail), and the server may ignore or reject it.",
    REQUEST,
)
def request_property_removed(change: Change) -> str | None:
    return (
        f"request property {_at(change)} removed: its generated argument or field "
        "disappears, so calls passing it fail"
    )


@rule(
    "request-property-became-required",
    Level.BREAKING,
    "required-changed",
    "An optional request property became required.",
    REQUEST,
)
def request_property_became_required(change: Change) -> str | None:
    return f"request property {_at(change)} became required" if change.after else None


@rule(
    "request-property-became-optional",
    Level.INFO,
    "required-changed",
    "A required request property became optional.",
    REQUEST,
)
def request_property_became_optional(change: Change) -> str | None:
    return None if change.after else f"request property {_at(change)} became optional"


@rule(
    "request-type-changed",
    Level.BREAKING,
    "type-changed",
    "A request value's type changed so that values clients send may be rejected.",
    REQUEST,
)
def request_type_changed(change: Change) -> str | None:
    if _widens(change.before, change.after):
        return None
    return f"type of {_at(change)} changed from {_types(change.before)} to {_types(change.after)}"


@rule(
    "request-type-widened",
    Level.INFO,
    "type-changed",
    "A request value accepts more types than before.",
    REQUEST,
)
def request_type_widened(change: Change) -> str | None:
    if not _widens(change.before, change.after):
        return None
    return f"type of {_at(change)} widened from {_types(change.before)} to {_types(change.after)}"


@rule(
    "request-enum-value-removed",
    Level.BREAKING,
    "enum-value-removed",
    "A value clients may send is no longer allowed.",
    REQUEST,
)
def request_enum_value_removed(change: Change) -> str | None:
    return f"{_value_list(change.before)} of {_at(change)} no longer allowed"


@rule(
    "request-enum-value-added",
    Level.INFO,
    "enum-value-added",
    "A request value allows one more literal.",
    REQUEST,
)
def request_enum_value_added(change: Change) -> str | None:
    return f"{_value_list(change.after)} of {_at(change)} added"


@rule(
    "request-values-restricted",
    Level.BREAKING,
    "values-restricted",
    "A request value that was free is now limited to listed literals.",
    REQUEST,
)
def request_values_restricted(change: Change) -> str | None:
    return f"{_at(change)} is now limited to {_values(change.after)}"


@rule(
    "request-values-unrestricted",
    Level.INFO,
    "values-unrestricted",
    "A request value is no longer limited to listed literals.",
    REQUEST,
)
def request_values_unrestricted(change: Change) -> str | None:
    return f"{_at(change)} is no longer limited to {_values(change.before)}"


@rule(
    "request-became-non-nullable",
    Level.BREAKING,
    "nullable-changed",
    "A request value no longer accepts null.",
    REQUEST,
)
def request_became_non_nullable(change: Change) -> str | None:
    return None if change.after else f"{_at(change)} no longer accepts null"


@rule(
    "request-became-nullable",
    Level.INFO,
    "nullable-changed",
    "A request value now accepts null.",
    REQUEST,
)
def request_became_nullable(change: Change) -> str | None:
    return f"{_at(change)} now accepts null" if change.after else None


@rule(
    "request-union-member-removed",
    Level.BREAKING,
    "union-member-removed",
    "A variant of a request union was removed: clients sending it are rejected.",
    REQUEST,
)
def request_union_member_removed(change: Change) -> str | None:
    return f"variant {change.before} of {_at(change)} removed"


@rule(
    "request-union-member-added",
    Level.INFO,
    "union-member-added",
    "A request union accepts another variant.",
    REQUEST,
)
def request_union_member_added(change: Change) -> str | None:
    return f"variant {change.after} of {_at(change)} added"


@rule(
    "union-split-by-tag",
    Level.INFO,
    "union-split",
    "A value became variants told apart by a tag property, one per value it listed: every "
    "value allowed before still is (each variant's own differences are listed apart).",
)
def union_split_by_tag(change: Change) -> str | None:
    split = change.after if isinstance(change.after, dict) else {}
    variants = [str(name) for name in split.get("variants", [])]
    shown = ", ".join(f"`{name}`" for name in variants[:_MAX_VALUES])
    more = f" (+{len(variants) - _MAX_VALUES} more)" if len(variants) > _MAX_VALUES else ""
    return (
        f"{_at(change)} was split by `{split.get('tag')}` into {len(variants)} variants "
        f"({shown}{more}): every value allowed before still is"
    )


@rule(
    "known-value-added",
    Level.INFO,
    "known-value-added",
    "An open enum (free value or listed literals) lists one more known value.",
)
def known_value_added(change: Change) -> str | None:
    return (
        f"known {_value_list(change.after)} of {_at(change)} added (other values were "
        "already allowed)"
    )


@rule(
    "known-value-removed",
    Level.INFO,
    "known-value-removed",
    "An open enum no longer lists a known value (any value of its type is still allowed).",
)
def known_value_removed(change: Change) -> str | None:
    return (
        f"known {_value_list(change.before)} of {_at(change)} no longer listed (any "
        "value of its type is still allowed)"
    )


# --- response schemas: what the client reads -------------------------------------------------


@rule("response-property-added", Level.INFO, "property-added", "A new response property.", RESPONSE)
def response_property_added(change: Change) -> str | None:
    presence = "required" if _required(change.after) else "optional"
    return f"{presence} response property {_at(change)} added ({_type_of(change.after)})"


@rule(
    "response-property-removed",
    Level.BREAKING,
    "property-removed",
    "A response property was removed: code that reads it breaks.",
    RESPONSE,
)
def response_property_removed(change: Change) -> str | None:
    presence = "required" if _required(change.before) else "optional"
    return f"{presence} response property {_at(change)} removed: code that reads it breaks"


@rule(
    "response-property-became-optional",
    Level.BREAKING,
    "required-changed",
    "A response property may now be missing.",
    RESPONSE,
)
def response_property_became_optional(change: Change) -> str | None:
    if change.after:
        return None
    return f"response property {_at(change)} became optional: it may now be missing"


@rule(
    "response-property-became-required",
    Level.INFO,
    "required-changed",
    "A response property is now always present.",
    RESPONSE,
)
def response_property_became_required(change: Change) -> str | None:
    return f"response property {_at(change)} is now always present" if change.after else None


@rule(
    "response-type-changed",
    Level.BREAKING,
    "type-changed",
    "A response value may come with a type clients do not expect.",
    RESPONSE,
)
def response_type_changed(change: Change) -> str | None:
    if _widens(change.after, change.before):
        return None
    return f"type of {_at(change)} changed from {_types(change.before)} to {_types(change.after)}"


@rule(
    "response-type-narrowed",
    Level.INFO,
    "type-changed",
    "A response value comes in fewer types than before.",
    RESPONSE,
)
def response_type_narrowed(change: Change) -> str | None:
    if not _widens(change.after, change.before):
        return None
    return f"type of {_at(change)} narrowed from {_types(change.before)} to {_types(change.after)}"


@rule(
    "response-enum-value-added",
    Level.WARNING,
    "enum-value-added",
    "A response value may be a new literal: exhaustive matches on it break.",
    RESPONSE,
)
def response_enum_value_added(change: Change) -> str | None:
    return (
        f"{_at(change)} may now be {_values(change.after, ', ')}: code that matches every "
        "value must handle it"
    )


@rule(
    "response-enum-value-removed",
    Level.INFO,
    "enum-value-removed",
    "A response value is no longer returned.",
    RESPONSE,
)
def response_enum_value_removed(change: Change) -> str | None:
    return f"{_at(change)} is no longer {_values(change.before, ', ')}"


@rule(
    "response-values-unrestricted",
    Level.WARNING,
    "values-unrestricted",
    "A response value is no longer limited to listed literals.",
    RESPONSE,
)
def response_values_unrestricted(change: Change) -> str | None:
    return (
        f"{_at(change)} is no longer limited to {_values(change.before)}: code that "
        "matches every value must handle others"
    )


@rule(
    "response-values-restricted",
    Level.INFO,
    "values-restricted",
    "A response value is now limited to listed literals.",
    RESPONSE,
)
def response_values_restricted(change: Change) -> str | None:
    return f"{_at(change)} is now limited to {_values(change.after)}"


@rule(
    "response-became-nullable",
    Level.BREAKING,
    "nullable-changed",
    "A response value may now be null: code that uses it without a check breaks.",
    RESPONSE,
)
def response_became_nullable(change: Change) -> str | None:
    return f"{_at(change)} may now be null" if change.after else None


@rule(
    "response-became-non-nullable",
    Level.INFO,
    "nullable-changed",
    "A response value is never null any more.",
    RESPONSE,
)
def response_became_non_nullable(change: Change) -> str | None:
    return None if change.after else f"{_at(change)} is never null any more"


@rule(
    "response-union-member-added",
    Level.WARNING,
    "union-member-added",
    "A response union has another variant: exhaustive matches on it break.",
    RESPONSE,
)
def response_union_member_added(change: Change) -> str | None:
    return (
        f"{_at(change)} may now be {change.after}: code that matches every variant must handle it"
    )


@rule(
    "response-union-member-removed",
    Level.INFO,
    "union-member-removed",
    "A response union lost a variant.",
    RESPONSE,
)
def response_union_member_removed(change: Change) -> str | None:
    return f"variant {change.before} of {_at(change)} is no longer returned"


# --- component schemas ------------------------------------------------------------------------


@rule("schema-added", Level.INFO, "schema-added", "A new component schema.")
def schema_added(change: Change) -> str | None:
    return f"schema `{change.after}` added"


@rule(
    "schema-removed",
    Level.WARNING,
    "schema-removed",
    "A component schema was removed: its generated model class disappears.",
)
def schema_removed(change: Change) -> str | None:
    return f"schema `{change.before}` removed: code importing its generated model breaks"


@rule(
    "schema-renamed",
    Level.INFO,
    "schema-renamed",
    "A component schema was renamed (same place of use or same structure).",
)
def schema_renamed(change: Change) -> str | None:
    return (
        f"schema `{change.before}` renamed to `{change.after}`: the wire format is "
        "unchanged; code naming the old model must follow"
    )


@rule(
    "schema-reference-changed",
    Level.INFO,
    "ref-changed",
    "A value now refers to another component schema (their differences are listed there).",
)
def schema_reference_changed(change: Change) -> str | None:
    return f"{_at(change)} now refers to `{change.after}` instead of `{change.before}`"


_STRUCTURAL_KINDS = frozenset(
    {
        "property-added",
        "property-removed",
        "required-changed",
        "type-changed",
        "enum-value-added",
        "enum-value-removed",
        "values-restricted",
        "values-unrestricted",
        "nullable-changed",
        "union-member-added",
        "union-member-removed",
    }
)


@rule(
    "unused-schema-changed",
    Level.INFO,
    _STRUCTURAL_KINDS,
    "A change in a component schema that no operation uses.",
    UNUSED,
)
def unused_schema_changed(change: Change) -> str | None:
    return f"{_at(change)}: {_neutral_text(change)} (schema used by no operation)"


def _neutral_text(change: Change) -> str:
    texts = {
        "property-added": lambda: f"property added ({_type_of(change.after)})",
        "property-removed": lambda: "property removed",
        "required-changed": lambda: "became required" if change.after else "became optional",
        "type-changed": lambda: f"type {_types(change.before)} → {_types(change.after)}",
        "enum-value-added": lambda: f"{_value_list(change.after)} added",
        "enum-value-removed": lambda: f"{_value_list(change.before)} removed",
        "values-restricted": lambda: f"now limited to {_values(change.after)}",
        "values-unrestricted": lambda: f"no longer limited to {_values(change.before)}",
        "nullable-changed": lambda: "became nullable" if change.after else "no longer nullable",
        "union-member-added": lambda: f"variant {change.after} added",
        "union-member-removed": lambda: f"variant {change.before} removed",
    }
    return texts[change.kind]()


# --- documentation and constraints ------------------------------------------------------------


@rule(
    "description-changed",
    Level.INFO,
    "description-changed",
    "Only documentation changed (description or summary).",
)
def description_changed(change: Change) -> str | None:
    keyword = "summary" if (change.revision_pointer or "").endswith("/summary") else "description"
    verb = "added" if not change.before else "removed" if not change.after else "changed"
    return f"{keyword} of {_at(change)} {verb}"


@rule(
    "keyword-changed",
    Level.INFO,
    "keyword-changed",
    "A constraint or annotation changed (format, pattern, bounds, default, title...).",
)
def keyword_changed(change: Change) -> str | None:
    keyword = (change.revision_pointer or change.base_pointer or "").rsplit("/", 1)[-1]
    return (
        f"`{keyword}` of {_at(change)} changed from {value_text(change.before)} to "
        f"{value_text(change.after)}"
    )


# --- the generated Python package (`--python`) ------------------------------------------------


def _py(change: Change) -> str:
    return f"`{change.field}`"


@rule(
    "python-module-removed",
    Level.BREAKING,
    "py-module-removed",
    "A public module of the generated package disappeared: imports of it fail.",
)
def python_module_removed(change: Change) -> str | None:
    return f"module {_py(change)} removed: imports of it fail"


@rule("python-module-added", Level.INFO, "py-module-added", "A new public module.")
def python_module_added(change: Change) -> str | None:
    return f"module {_py(change)} added"


@rule(
    "python-name-removed",
    Level.BREAKING,
    "py-name-removed",
    "A public class, function or alias disappeared: imports of it fail.",
)
def python_name_removed(change: Change) -> str | None:
    return f"{change.before} {_py(change)} removed: imports of it fail"


@rule("python-name-added", Level.INFO, "py-name-added", "A new public class, function or alias.")
def python_name_added(change: Change) -> str | None:
    return f"{change.after} {_py(change)} added"


@rule(
    "python-name-renamed",
    Level.BREAKING,
    "py-name-renamed",
    "A public class was renamed (same fields and methods): code naming the old one breaks.",
)
def python_name_renamed(change: Change) -> str | None:
    return f"class `{change.before}` renamed to `{change.after}`: code naming the old one breaks"


@rule(
    "python-name-kind-changed",
    Level.WARNING,
    "py-name-kind-changed",
    "A public name is now another kind of thing (class, function, alias).",
)
def python_name_kind_changed(change: Change) -> str | None:
    return f"{_py(change)} changed from {_a(change.before)} to {_a(change.after)}"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


@rule(
    "python-alias-changed",
    Level.INFO,
    "py-alias-changed",
    "A module-level alias now stands for something else.",
)
def python_alias_changed(change: Change) -> str | None:
    return f"alias {_py(change)} changed from `{change.before}` to `{change.after}`"


@rule(
    "python-field-removed",
    Level.BREAKING,
    "py-field-removed",
    "A model field (or enum member) disappeared: code reading it breaks.",
)
def python_field_removed(change: Change) -> str | None:
    return f"field {_py(change)} removed: code reading it breaks"


@rule("python-field-added", Level.INFO, "py-field-added", "A new optional field.")
def python_field_added(change: Change) -> str | None:
    return None if _required(change.after) else f"field {_py(change)} added"


@rule(
    "python-required-field-added",
    Level.WARNING,
    "py-field-added",
    "A new required field: code that constructs the model must pass it.",
)
def python_required_field_added(change: Change) -> str | None:
    if not _required(change.after):
        return None
    return f"required field {_py(change)} added: code constructing the model must pass it"


@rule(
    "python-field-became-required",
    Level.WARNING,
    "py-field-required-changed",
    "A field lost its default: code that constructs the model must pass it.",
)
def python_field_became_required(change: Change) -> str | None:
    return f"field {_py(change)} became required" if change.after else None


@rule(
    "python-field-became-optional",
    Level.INFO,
    "py-field-required-changed",
    "A field gained a default.",
)
def python_field_became_optional(change: Change) -> str | None:
    return None if change.after else f"field {_py(change)} became optional"


@rule(
    "python-method-removed",
    Level.BREAKING,
    "py-method-removed",
    "A public method disappeared: calls to it fail.",
)
def python_method_removed(change: Change) -> str | None:
    return f"method {_py(change)} removed: calls to it fail"


@rule(
    "python-method-kind-changed",
    Level.BREAKING,
    "py-method-kind-changed",
    "A method became a property, a classmethod or a staticmethod, or the other way round: "
    "code using it the old way breaks.",
)
def python_method_kind_changed(change: Change) -> str | None:
    return (
        f"{_py(change)} changed from {_a(str(change.before))} to {_a(str(change.after))}: "
        "code using it the old way breaks"
    )


@rule("python-method-added", Level.INFO, "py-method-added", "A new public method.")
def python_method_added(change: Change) -> str | None:
    return f"method {_py(change)} added"


@rule(
    "python-parameter-removed",
    Level.BREAKING,
    "py-parameter-removed",
    "A parameter disappeared: calls passing it fail.",
)
def python_parameter_removed(change: Change) -> str | None:
    return f"parameter {_py(change)} removed: calls passing it fail"


@rule(
    "python-parameter-added-required",
    Level.BREAKING,
    "py-parameter-added",
    "A new parameter without default: existing calls fail.",
)
def python_parameter_added_required(change: Change) -> str | None:
    if not _required(change.after):
        return None
    return f"required parameter {_py(change)} added: existing calls fail"


@rule(
    "python-parameter-added-optional",
    Level.INFO,
    "py-parameter-added",
    "A new parameter with a default.",
)
def python_parameter_added_optional(change: Change) -> str | None:
    return None if _required(change.after) else f"optional parameter {_py(change)} added"


@rule(
    "python-parameter-renamed",
    Level.BREAKING,
    "py-parameter-renamed",
    "A parameter was renamed at the same position: keyword calls fail.",
)
def python_parameter_renamed(change: Change) -> str | None:
    return (
        f"parameter `{change.before}` renamed to `{change.after}` in {_py(change)}: "
        "calls passing it by keyword fail"
    )


@rule(
    "python-parameter-kind-changed",
    Level.BREAKING,
    "py-parameter-kind-changed",
    "A parameter changed kind (positional, keyword-only, ...): some calls fail.",
)
def python_parameter_kind_changed(change: Change) -> str | None:
    return f"parameter {_py(change)} changed from {change.before} to {change.after}"


@rule(
    "python-parameter-became-required",
    Level.BREAKING,
    "py-parameter-required-changed",
    "A parameter lost its default: calls that leave it out fail.",
)
def python_parameter_became_required(change: Change) -> str | None:
    return f"parameter {_py(change)} became required" if change.after else None


@rule(
    "python-parameter-became-optional",
    Level.INFO,
    "py-parameter-required-changed",
    "A parameter gained a default.",
)
def python_parameter_became_optional(change: Change) -> str | None:
    return None if change.after else f"parameter {_py(change)} became optional"


@rule(
    "python-annotation-changed",
    Level.WARNING,
    "py-annotation-changed",
    "A type annotation changed: type checkers (and code relying on the old type) may object.",
)
def python_annotation_changed(change: Change) -> str | None:
    return f"type of {_py(change)} changed from `{_clip(change.before)}` to `{_clip(change.after)}`"


def _clip(text: Any, limit: int = 60) -> str:
    """Long annotations (a Literal of 20 model names) are cut; the JSON output has them whole."""
    shown = str(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
