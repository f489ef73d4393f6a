"""Each normalisation of docs/fidelity.md, one schema at a time."""

from typing import Any

import pytest

from generator.compare.normalise import Normaliser
from generator.compare.shape import Shape
from generator.diagnostics import RefgenError
from generator.spec.refs import Resolver

COMPONENTS: dict[str, Any] = {
    "Method": {"type": "object", "properties": {"kind": {"type": "string"}}},
    "Base": {"type": "object", "required": ["base"], "properties": {"base": {"type": "boolean"}}},
    "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}], "properties": {"x": {}}},
    "NullableMap": {
        "anyOf": [
            {"type": "object", "additionalProperties": {"type": "string"}},
            {"type": "null"},
        ]
    },
}


def shape(schema: dict[str, Any]) -> Shape:
    document = {"paths": {}, "components": {"schemas": COMPONENTS}}
    return Normaliser(Resolver(document, "test.yaml")).shape((schema,))


def facts(schema: dict[str, Any]) -> tuple[frozenset[str], bool, frozenset[str] | None]:
    result = shape(schema)
    return result.types, result.nullable, result.enum


STRING = frozenset({"string"})


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "nullable": True},  # OpenAPI 3.0
        {"type": ["string", "null"]},  # 3.1
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"oneOf": [{"type": "null"}, {"type": "string", "description": "x"}]},
        {"anyOf": [{"anyOf": [{"type": "string"}, {"type": "null"}]}]},  # nested
    ],
)
def test_every_spelling_of_nullable_string_is_the_same(schema: dict[str, Any]) -> None:
    assert facts(schema) == (STRING, True, None)


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "enum": ["a", "b"]},
        {"enum": ["b", "a"]},  # type inferred from the values
        {"oneOf": [{"const": "a"}, {"const": "b"}]},  # oneOf of consts acts as an enum
        {"oneOf": [{"type": "string", "enum": ["a"], "x-stainless-const": True}, {"const": "b"}]},
    ],
)
def test_every_spelling_of_a_string_enum_is_the_same(schema: dict[str, Any]) -> None:
    assert facts(schema) == (STRING, False, frozenset({'"a"', '"b"'}))


def test_null_in_enum_and_const_null_mean_nullable() -> None:
    assert facts({"type": "string", "enum": ["a", None]}) == (STRING, True, frozenset({'"a"'}))
    assert shape({"const": None}).is_null_only


def test_literals_compare_as_json() -> None:
    assert shape({"enum": [1.0, True]}).enum == frozenset({"1", "true"})
    assert shape({"enum": [1.0, True]}).types == frozenset({"integer", "boolean"})


def test_auto_or_integer_union_keeps_literal_and_both_types() -> None:
    schema = {"oneOf": [{"type": "string", "enum": ["auto"]}, {"type": "integer"}]}
    assert facts(schema) == (frozenset({"string", "integer"}), False, frozenset({'"auto"'}))


def test_single_ref_allof_wrapper_is_the_ref() -> None:
    wrapped = shape({"allOf": [{"$ref": "#/components/schemas/Method"}], "description": "d"})
    assert wrapped == shape({"$ref": "#/components/schemas/Method"})
    assert list(wrapped.properties) == ["kind"]


def test_allof_wrapper_with_nullable_is_a_nullable_ref() -> None:
    result = shape({"allOf": [{"$ref": "#/components/schemas/Method"}], "nullable": True})
    assert result.nullable and result.types == frozenset({"object"})


def test_allof_of_objects_merges_properties_and_required() -> None:
    result = shape(
        {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "required": ["extra"], "properties": {"extra": {}}},
            ]
        }
    )
    assert list(result.properties) == ["base", "extra"]
    assert result.required == frozenset({"base", "extra"})


def test_allof_intersects_number_with_integer() -> None:
    assert shape({"allOf": [{"type": "number"}, {"type": "integer"}]}).types == {"integer"}


def test_ref_siblings_are_conjoined() -> None:
    result = shape({"$ref": "#/components/schemas/Method", "required": ["kind"]})
    assert result.required == frozenset({"kind"})


def test_extensions_discriminator_and_annotations_are_ignored() -> None:
    plain = shape({"type": "object", "properties": {"a": {"type": "string"}}})
    decorated = shape(
        {
            "type": "object",
            "title": "T",
            "description": "D",
            "x-oaiTypeLabel": "map",
            "discriminator": {"propertyName": "a"},
            "properties": {"a": {"type": "string"}},
        }
    )
    assert facts_of(plain) == facts_of(decorated)


def facts_of(result: Shape) -> tuple[object, ...]:
    return result.types, result.nullable, result.enum, result.required, tuple(result.properties)


def test_constraint_only_union_members_are_dropped() -> None:
    result = shape(
        {
            "type": "object",
            "properties": {"a": {}, "b": {}},
            "anyOf": [{"required": ["a"]}, {"required": ["b"]}],
        }
    )
    assert result.members == () and result.types == frozenset({"object"})


def test_union_of_objects_keeps_alternatives_and_flattens_nesting() -> None:
    one = {"type": "object", "properties": {"a": {}}}
    two = {"type": "object", "properties": {"b": {}}}
    three = {"type": "array", "items": {}}
    result = shape({"anyOf": [{"oneOf": [one, two]}, three, {"type": "string"}]})
    assert len(result.members) == 3
    assert result.types == frozenset({"object", "array", "string"})


def test_nullable_map_behind_ref() -> None:
    result = shape({"$ref": "#/components/schemas/NullableMap"})
    assert result.nullable and result.additional is not None and result.members == ()


def test_additional_properties_true_and_false() -> None:
    assert shape({"type": "object", "additionalProperties": False}).additional is None
    assert shape({"additionalProperties": True}).types == frozenset({"object"})


def test_type_inference_and_empty_schema() -> None:
    assert shape({"properties": {"a": {}}}).types == frozenset({"object"})
    assert shape({"items": {}}).types == frozenset({"array"})
    assert shape({}).is_unconstrained
    assert shape({"description": "only words"}).is_unconstrained


def test_self_referencing_allof_terminates() -> None:
    assert list(shape({"$ref": "#/components/schemas/Loop"}).properties) == ["x"]


def test_unresolvable_ref_is_an_input_error() -> None:
    with pytest.raises(RefgenError, match=r"test.yaml: error: unresolvable \$ref"):
        shape({"$ref": "#/components/schemas/Nope"})


def test_external_ref_is_an_input_error() -> None:
    with pytest.raises(RefgenError, match="only local"):
        shape({"$ref": "other.yaml#/components/schemas/X"})
