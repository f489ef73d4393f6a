"""The template context keyed by content (render/context.py, python_types.content_key): a
property schema is typed, named and made a field once per distinct content, and the context
and the code it renders are those of a context that knows each schema by its identity only
(every property its own key), however the document repeats itself."""

from __future__ import annotations

import ast
import copy
import itertools
from pathlib import Path
from typing import Any

import pytest

from generator.render import apidocs, request_types
from generator.render import context as context_module
from generator.render.context import PackageContext, build_context
from generator.render.files import load_templates, render_code
from generator.render.python_types import TypeNamer, content_key
from tests.conftest import ROOT
from tests.feature_document import feature_document, json_body, ref, returns

# Values that are equal, or print alike, in some sense and must still be told apart: Python's
# 1 == True == 1.0, a key 1 beside a key "1", the same keys in another order.
LOOKALIKES: list[dict[str, Any]] = [
    {"const": 1},
    {"const": True},
    {"const": 1.0},
    {"const": "1"},
    {"enum": [1, 2]},
    {"enum": [True, 2]},
    {"enum": ["a", "b"]},
    {"enum": ["b", "a"]},
    {"type": "string", "description": "x"},
    {"description": "x", "type": "string"},
    {"type": "object", "properties": {1: {"type": "string"}}},
    {"type": "object", "properties": {"1": {"type": "string"}}},
]

HOSTILE_TEXT = 'Ends with a quote" and three """ and a backslash \\ and a \u202e bidi override'

# Properties that recur across models, some differing only in a description, requiredness or
# the order of their keys, with names Python cannot take as they are.
REPEATED: dict[str, dict[str, Any]] = {
    "class": {"type": "string", "description": HOSTILE_TEXT},
    "model_dump": {"type": "integer"},
    "1st": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "kind": {"const": 1},
    "flag": {"const": True},
    "items": {"type": "array", "items": ref("Part")},
    "part": {
        "oneOf": [ref("TextPart"), ref("ImagePart")],
        "discriminator": {"propertyName": "class"},  # the field `class_`
    },
    'quo"ted': {"type": "string", "description": "\\ end\\"},
}


def repeating_document() -> dict[str, Any]:
    document = feature_document()
    schemas = document["components"]["schemas"]
    schemas["Part"] = {"type": "object", "properties": {"id": {"type": "string"}}}
    for name, tag in (("TextPart", "text"), ("ImagePart", "image")):
        schemas[name] = {
            "type": "object",
            "required": ["class"],
            "properties": {"class": {"const": tag}, "type": {"type": "string"}},
        }
    # The same properties in several models, each a copy (never the same dict twice), in
    # both orders, required or not, one with a description of its own.
    for index, (order, required) in enumerate(itertools.product((1, -1), (True, False))):
        properties = {k: copy.deepcopy(v) for k, v in list(REPEATED.items())[::order]}
        if index == 3:
            properties["class"]["description"] = "Another description."
        schemas[f"Copy{index}"] = {
            "type": "object",
            "required": list(properties) if required else [],
            "properties": properties,
        }
    # A request type in the class syntax, its keys described.
    schemas["Settings"] = {
        "type": "object",
        "required": ["mode"],
        "properties": {
            "mode": {"type": "string", "description": HOSTILE_TEXT},
            "level": {"type": "integer", "description": "How high."},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    document["paths"]["/settings"] = {
        "put": {
            "operationId": "update_settings",
            "requestBody": json_body(ref("Settings")),
            "responses": returns(None),
        }
    }
    # A request body made of the same properties: request types are keyed alike.
    document["paths"]["/copies"] = {
        "post": {
            "operationId": "create_copy",
            "requestBody": json_body(ref("Copy0")),
            "responses": returns(ref("Copy1")),
        }
    }
    return document


def identity_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every schema its own key: the context as it was before keying by content."""

    def by_identity(schema: Any) -> str:
        return f"<schema at {id(schema):#x}>"

    monkeypatch.setattr(context_module, "content_key", by_identity)
    monkeypatch.setattr(request_types, "content_key", by_identity)


def test_content_keys_tell_apart_what_differs_and_join_what_is_equal() -> None:
    keys = [content_key(schema) for schema in LOOKALIKES]
    assert len(set(keys)) == len(LOOKALIKES)
    assert all(content_key(copy.deepcopy(s)) == k for s, k in zip(LOOKALIKES, keys, strict=True))


def test_a_schema_too_deep_for_repr_is_its_own_key() -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(100_000):
        deep = {"type": "array", "items": deep}
    key = content_key(deep)
    assert key.startswith("<schema at ")
    assert key == content_key(deep) != content_key(copy.copy(deep))


def test_keyed_types_are_each_schemas_own_type() -> None:
    """Asked in any order, repeats included, a keyed namer gives each schema what a fresh
    namer's python_type gives it."""
    schemas = {"Part": {"type": "object", "properties": {}}}
    keyed = TypeNamer({"Part": "Part"}, schemas)
    for schema in [*LOOKALIKES, *reversed(LOOKALIKES), *LOOKALIKES]:
        fresh = TypeNamer({"Part": "Part"}, schemas)
        duplicate = copy.deepcopy(schema)
        assert keyed.keyed_type(duplicate, content_key(duplicate)) is fresh.python_type(schema)


@pytest.mark.parametrize("document", [feature_document, repeating_document])
def test_the_keyed_context_and_code_are_the_unkeyed_ones(
    document: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = load_templates(None)
    keyed = build_context(document(), "pkg", used.reserved)
    keyed_code = render_code(keyed, used)
    with monkeypatch.context() as patch:
        identity_keys(patch)
        unkeyed = build_context(document(), "pkg", used.reserved)
        unkeyed_code = render_code(unkeyed, used)
    assert keyed == unkeyed
    assert keyed_code == unkeyed_code
    for model in keyed.models:  # the finished pieces, compared field by field
        unkeyed_model = next(m for m in unkeyed.models if m.name == model.name)
        for field, twin in zip(model.fields, unkeyed_model.fields, strict=True):
            assert (field.default, field.docstring) == (twin.default, twin.docstring)


def test_repeated_properties_are_made_once_and_differences_kept() -> None:
    package = build_context(repeating_document(), "pkg")
    copies = {m.schema_name: {f.wire_name: f for f in m.fields} for m in package.models}
    # Copy0 and Copy2 (both required) hold the same properties in other orders.
    for wire_name in REPEATED:
        assert copies["Copy0"][wire_name] is copies["Copy2"][wire_name]
    assert copies["Copy1"]["kind"] is not copies["Copy0"]["kind"]  # optional there
    assert copies["Copy3"]["class"].description == "Another description."
    assert copies["Copy1"]["class"].description == HOSTILE_TEXT
    assert copies["Copy0"]["kind"].annotation is not copies["Copy0"]["flag"].annotation
    # The namer without field names made this union first, naming the wire name `class`.
    expected = 'Annotated[TextPart | ImagePart, Field(discriminator="class_")]'
    assert copies["Copy0"]["part"].annotation.render() == expected
    # One mapping of attribute names for models with the same wire names and types.
    assert [copies["Copy0"][w].name for w in REPEATED] == [
        "class_",
        "model_dump_",
        "field_1st",
        "kind",
        "flag",
        "items",
        "part",
        "quo_ted",
    ]


def test_hostile_text_in_every_field_piece_comes_out_escaped() -> None:
    """The pieces the context finishes for the template (the whole declaration of a field)
    hold page text only inside literals and docstrings: parsed back, each is the text."""
    package = build_context(repeating_document(), "pkg")
    files = render_code(package, load_templates(None))
    module = ast.parse(files["pkg/types/__init__.py"])
    classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
    body = classes["Copy0"].body
    declared = {
        statement.target.id: statement
        for statement in body
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
    }
    docstrings = {
        body[i - 1].target.id: statement.value.value  # type: ignore[attr-defined]
        for i, statement in enumerate(body)
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    }
    assert docstrings["class_"] == HOSTILE_TEXT
    assert docstrings["quo_ted"] == "\\ end\\"
    aliases = {
        name: ast.literal_eval(keyword.value)
        for name, statement in declared.items()
        if isinstance(statement.value, ast.Call)
        for keyword in statement.value.keywords
        if keyword.arg == "alias"
    }
    settings = classes["SettingsParam"]
    assert [ast.unparse(s) for s in settings.body if isinstance(s, ast.AnnAssign)] == [
        "mode: Required[str]",
        "level: int",
        "tags: SequenceNotStr[str]",
    ]
    assert [ast.literal_eval(s.value) for s in settings.body if isinstance(s, ast.Expr)] == [
        HOSTILE_TEXT,
        "How high.",
    ]
    assert aliases == {
        "class_": "class",
        "model_dump_": "model_dump",
        "field_1st": "1st",
        "quo_ted": 'quo"ted',
    }


def test_the_context_of_a_document_is_that_of_its_copy() -> None:
    """Keys are contents, never identities: a deep copy of the document (every schema a new
    object) gives an equal context."""
    document = repeating_document()
    first: PackageContext = build_context(document, "pkg")
    assert build_context(copy.deepcopy(document), "pkg") == first


def test_a_template_placing_each_piece_renders_what_the_declarations_render(
    tmp_path: Path,
) -> None:
    """The built-in types template places the fields' and keys' finished declarations (the
    `declarations` filter); an override written against the pieces (name, annotation,
    default, docstring, one member at a time, as the template did before, docs/templates.md)
    still renders the same modules."""
    builtin = ROOT / "templates" / "package" / "types.py.jinja"
    pieces = builtin.read_text(encoding="utf-8")
    for declaration, piece_by_piece in (
        (
            "{{ model.fields|declarations }}\n",
            (
                "{% for field in model.fields %}\n{% if not loop.first %}\n\n{% endif %}\n"
                "    {{ field.name }}: {{ field.annotation }}{{ field.default }}\n"
                "{% if field.docstring %}\n    {{ field.docstring }}\n{% endif %}\n"
                "{% endfor %}\n"
            ),
        ),
        (
            "{{ request.keys|declarations }}\n",
            (
                "{% for key in request.keys %}\n{% if not loop.first %}\n\n{% endif %}\n"
                "    {{ key.name }}: {% if key.required %}Required[{{ key.annotation }}]"
                "{% else %}{{ key.annotation }}{% endif %}\n\n"
                "{% set key_doc = key.description|wrapped(4)|docstring(4) %}\n"
                "{% if key_doc %}\n    {{ key_doc }}\n{% endif %}\n"
                "{% endfor %}\n"
            ),
        ),
    ):
        assert pieces.count(declaration) == 1
        pieces = pieces.replace(declaration, piece_by_piece)
    override = tmp_path / "overrides"
    (override / "package").mkdir(parents=True)
    (override / "package" / "types.py.jinja").write_text(pieces, encoding="utf-8")
    for document in (feature_document(), repeating_document()):
        package = build_context(document, "pkg")
        ours = render_code(package, load_templates(None))
        theirs = render_code(package, load_templates(override))
        types_modules = [path for path in ours if "/types/" in path]
        assert types_modules
        assert {p: theirs[p] for p in types_modules} == {p: ours[p] for p in types_modules}
        assert any("Required[" in ours[p] and '"""' in ours[p] for p in types_modules)


def test_a_field_repeated_on_a_docs_page_is_one_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """The docs' row of a field that recurs on a types page is made once, and is the row an
    identity-keyed context gives each place."""
    keyed = apidocs.build_docs(build_context(repeating_document(), "pkg"))
    with monkeypatch.context() as patch:
        identity_keys(patch)
        unkeyed = apidocs.build_docs(build_context(repeating_document(), "pkg"))
    assert keyed == unkeyed
    page = next(p for p in keyed.types if any(m.model.name == "Copy0" for m in p.models))
    rows = {m.model.name: {r.field.wire_name: r for r in m.fields} for m in page.models}
    assert rows["Copy0"]["class"] is rows["Copy2"]["class"]
    assert rows["Copy0"]["class"].description_cell != rows["Copy3"]["class"].description_cell
