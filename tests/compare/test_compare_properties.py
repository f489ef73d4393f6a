"""Properties over generated schemas: self-comparison and the 3.0-style rewrite are perfect."""

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.compare.comparison import DocumentComparison, compare_documents
from generator.compare.findings import operation_disagreements
from generator.compare.metrics import figures, total

Schema = dict[str, Any]

_NAMES = st.sampled_from(["id", "kind", "size", "items", "meta"])
_TYPES = st.sampled_from(["string", "integer", "number", "boolean"])

# Plain OpenAPI 3.1 spelling, as the reconstruction writes it.
_LEAVES: st.SearchStrategy[Schema] = st.one_of(
    _TYPES.map(lambda name: {"type": name}),
    _TYPES.map(lambda name: {"type": [name, "null"]}),
    st.sampled_from(["a", "b"]).map(lambda value: {"const": value}),
    st.lists(st.sampled_from(["x", "y", "z"]), min_size=2, max_size=3, unique=True).map(
        lambda values: {"type": "string", "enum": values}
    ),
    st.just({}),
)


def _object(properties: dict[str, Schema], required: set[str]) -> Schema:
    return {
        "type": "object",
        "properties": properties,
        "required": sorted(required & properties.keys()),
    }


def _containers(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    return st.one_of(
        st.builds(
            _object, st.dictionaries(_NAMES, children, min_size=1, max_size=3), st.sets(_NAMES)
        ),
        children.map(lambda child: {"type": "array", "items": child}),
        children.map(lambda child: {"type": "object", "additionalProperties": child}),
        st.lists(children, min_size=2, max_size=3).map(lambda members: {"anyOf": members}),
        children.map(lambda child: {"anyOf": [child, {"type": "null"}]}),
    )


SCHEMAS = st.recursive(_LEAVES, _containers, max_leaves=12)


def openai_style(schema: Schema) -> Schema:
    """The same JSON in the official spec's idioms: 3.0 nullable, enum + x-stainless-const,
    oneOf, allOf wrappers with descriptions, schemas moved behind $refs."""
    if isinstance(schema.get("type"), list):
        (name,) = [item for item in schema["type"] if item != "null"]
        return {"type": name, "nullable": True}
    if "const" in schema:
        return {"type": "string", "enum": [schema["const"]], "x-stainless-const": True}
    if "anyOf" in schema:
        return {"oneOf": [openai_style(member) for member in schema["anyOf"]], "x-oaiMeta": {}}
    converted = dict(schema)
    if "properties" in schema:
        converted["properties"] = {
            name: {"allOf": [openai_style(child)], "description": f"The {name}."}
            for name, child in schema["properties"].items()
        }
    for keyword in ("items", "additionalProperties"):
        if keyword in schema:
            converted[keyword] = openai_style(schema[keyword])
    return converted


def _document(schema: Schema, behind_ref: bool = False) -> dict[str, Any]:
    body = {"$ref": "#/components/schemas/Body"} if behind_ref else schema
    return {
        "paths": {
            "/things": {
                "post": {"responses": {"200": {"content": {"application/json": {"schema": body}}}}}
            }
        },
        "components": {"schemas": {"Body": schema}},
    }


def _assert_perfect(comparison: DocumentComparison) -> None:
    (operation,) = comparison.operations
    result = total(figures(section.positions) for section in operation.sections)
    assert result.only_reconstructed == result.only_authoritative == 0
    assert operation_disagreements(operation) == []
    assert result.both > 0


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(SCHEMAS)
def test_any_schema_matches_itself(schema: Schema) -> None:
    _assert_perfect(compare_documents(_document(schema), _document(schema)))


@_SETTINGS
@given(SCHEMAS)
def test_openai_idioms_describe_the_same_json(schema: Schema) -> None:
    _assert_perfect(
        compare_documents(_document(schema), _document(openai_style(schema), behind_ref=True))
    )
