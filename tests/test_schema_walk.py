"""refs.walk_schemas, the walk every whole-document rule and the template context make: which
dicts it lists, in which order, and that a caller may change the document while it goes
through them."""

from collections import OrderedDict
from typing import Any

from generator.spec.refs import referenced_names, resolve, walk_schemas


def test_every_dict_depth_first_the_last_value_first() -> None:
    a: dict[str, Any] = {"name": "a"}
    b: dict[str, Any] = {"name": "b", "items": {"name": "b.items"}}
    c: dict[str, Any] = {"name": "c"}
    root = {"first": a, "list": [b, "text", 1, 2.5, True, None, [c]], "last": "x"}
    # Written out by hand: the root, then its values from the last ("x", no dict) back: the
    # list from its end ([c] holds c; b, then b's items), then a.
    assert [node.get("name", "root") for node in walk_schemas(root)] == [
        "root",
        "c",
        "b",
        "b.items",
        "a",
    ]


def test_a_node_in_two_places_is_listed_at_both() -> None:
    shared: dict[str, Any] = {"type": "string"}
    listed = walk_schemas({"a": shared, "b": [shared]})
    assert [node is shared for node in listed] == [False, True, True]


def test_scalars_and_empty_values_hold_no_dict() -> None:
    for value in ("text", 3, None, [], [1, "a", [None]]):
        assert walk_schemas(value) == []
    assert walk_schemas({}) == [{}]


def test_dicts_and_lists_of_types_of_their_own_are_walked() -> None:
    class Tagged(list[Any]):
        pass

    inner = {"type": "integer"}
    root = OrderedDict(properties=OrderedDict(count=Tagged([inner])))
    assert [id(n) for n in walk_schemas(root)] == [id(root), id(root["properties"]), id(inner)]


def test_deeper_than_the_recursion_limit() -> None:
    root: dict[str, Any] = {}
    node = root
    for _ in range(5000):
        node["items"] = {}
        node = node["items"]
    assert len(walk_schemas(root)) == 5001


def test_the_document_may_change_while_its_dicts_are_gone_through() -> None:
    # The list is made before the caller looks at it: a dict added while going through is
    # not in it, and a dict emptied is still visited with what it holds now.
    inner: dict[str, Any] = {"type": "string"}
    root: dict[str, Any] = {"properties": {"a": inner}}
    seen = []
    for node in walk_schemas(root):
        seen.append(node)
        if node is root:
            root["added"] = {"type": "integer"}
            root["properties"]["a"] = {"type": "boolean"}
    assert seen == [root, root["properties"], inner]


def test_referenced_names_once_each() -> None:
    value = {
        "anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B~1C"}],
        "items": {"$ref": "#/components/schemas/A"},
        "other": {"$ref": "#/paths/x"},
    }
    assert referenced_names(value) == {"A", "B/C"}


class _Schemas(dict[str, Any]):
    """A mapping of a type of its own, as a loader may make."""


def test_resolve_agrees_with_lookup_on_every_kind_of_reference() -> None:
    plain = {"type": "object"}
    tagged = _Schemas(type="string")
    schemas: dict[str, Any] = {
        "Plain": plain,
        "a/b": {"type": "integer"},
        "c~d": {"type": "boolean"},
        "e f": {"type": "number"},
        "Tagged": tagged,
        "NotASchema": [1, 2],
        "": {"type": "null"},
        "c~1d": {"type": "array"},  # a name with a tilde in it, never what c~1d points to
    }
    document = {"components": {"schemas": schemas}, "paths": {"/x": {"type": "string"}}}
    cases = {
        "#/components/schemas/Plain": plain,
        "#/components/schemas/a~1b": schemas["a/b"],
        "#/components/schemas/c~0d": schemas["c~d"],
        "#/components/schemas/c~01d": schemas["c~1d"],
        "#/components/schemas/e%20f": schemas["e f"],
        "#/components/schemas/Tagged": tagged,
        "#/components/schemas/": schemas[""],
        "#/paths/~1x": document["paths"]["/x"],
    }
    for ref, expected in cases.items():
        assert resolve(document, {"$ref": ref}) is expected, ref
    for dangling in (
        "#/components/schemas/Gone",
        "#/components/schemas/NotASchema",
        "#/components/schemas/c~1d/x",
        "other.yaml#/components/schemas/Plain",
        5,
        None,
    ):
        schema = {"$ref": dangling}
        assert resolve(document, schema) is schema, dangling
    plain_schema = {"type": "string"}
    assert resolve(document, plain_schema) is plain_schema
    assert resolve({}, {"$ref": "#/components/schemas/Plain"}) == {
        "$ref": "#/components/schemas/Plain"
    }
    odd = {"components": _Schemas(schemas=_Schemas(Plain=plain))}
    assert resolve(odd, {"$ref": "#/components/schemas/Plain"}) is plain


# -- data is not structure -------------------------------------------------------------------
# A value an API sends or receives may look like a schema (a tool's input_schema in a request
# example) or hold a $ref; the walk must never list it, or a rule rewrites the example.

_SCHEMA_SHAPED = {"type": "number", "$ref": "#/components/schemas/Shown", "properties": {}}


def _listed(value: Any) -> list[int]:
    return [id(node) for node in walk_schemas(value)]


def test_the_values_of_data_keywords_are_not_walked() -> None:
    for keyword in ("example", "default", "const"):
        for data in (dict(_SCHEMA_SHAPED), [dict(_SCHEMA_SHAPED)], {"a": [dict(_SCHEMA_SHAPED)]}):
            schema = {"type": "object", keyword: data}
            assert _listed(schema) == [id(schema)], (keyword, data)
    enum_schema = {"enum": [dict(_SCHEMA_SHAPED), "b"]}
    assert _listed(enum_schema) == [id(enum_schema)]
    listed_examples = {"type": "object", "examples": [dict(_SCHEMA_SHAPED)]}
    assert _listed(listed_examples) == [id(listed_examples)]


def test_example_objects_are_walked_but_not_their_values() -> None:
    value = dict(_SCHEMA_SHAPED)
    example = {"summary": "a tool", "value": value}
    media = {"schema": {"type": "object"}, "examples": {"tool": example}}
    listed = walk_schemas({"content": {"application/json": media}})
    assert any(node is example for node in listed)
    assert any(node is media["schema"] for node in listed)
    assert not any(node is value for node in listed)
    components = {"components": {"examples": {"tool": {"value": [value]}}}}
    assert not any(node is value for node in walk_schemas(components))
    assert referenced_names({"content": {"application/json": media}}) == set()


def test_names_that_are_keywords_are_still_walked() -> None:
    # A property may be called `default`, `example`, `enum`, `const`, `examples`, `value`,
    # `properties`...; a response may be the `default` one: the keys of a map of names are
    # names, and what they name is structure.
    names = ("default", "example", "examples", "enum", "const", "value", "properties", "x")
    properties = {name: {"type": "string", "title": name} for name in names}
    schema = {"type": "object", "properties": properties}
    listed = walk_schemas(schema)
    assert all(any(node is properties[name] for node in listed) for name in names)
    default_response = {"description": "error", "content": {"application/json": {"schema": {}}}}
    operation = {"responses": {"default": default_response}}
    listed = walk_schemas(operation)
    assert any(node is default_response for node in listed)
    assert any(node is default_response["content"]["application/json"]["schema"] for node in listed)
    defs = {"$defs": {"enum": {"$ref": "#/components/schemas/A"}}}
    assert referenced_names(defs) == {"A"}


def test_callbacks_hold_path_items() -> None:
    schema = {"$ref": "#/components/schemas/Event"}
    callbacks = {
        "onEvent": {
            "{$request.body#/url}": {
                "post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}
            }
        }
    }
    assert referenced_names({"callbacks": callbacks}) == {"Event"}
