"""The type model: schemas become PyType trees once, and nothing reads annotation text back.

The last tests enforce that: they search generator/ and templates/ for any regex or substring
test on annotation text (the rules are in `annotation_text_tests`), and show on the code this
replaced that the search finds what it forbids.
"""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

import jinja2
import pytest

from generator.render import context
from generator.render.escape import SafeCode
from generator.render.python_types import (
    ANY,
    NONE,
    NUMBER,
    Import,
    LiteralType,
    Named,
    PyType,
    TypeNamer,
    Union,
    builtin,
    generic,
    import_block,
    type_value,
    union,
)
from tests.conftest import ROOT

SCHEMAS = {
    "Job": {"type": "object", "properties": {"id": {"type": "string"}}},
    "Event": {"anyOf": [{"$ref": "#/components/schemas/Job"}, {"type": "string"}]},
    "Name": {"type": "string"},
}
NAMER = TypeNamer({"Job": "Job", "Event": "Event", "Name": "Name"}, SCHEMAS)


def python_type(schema: dict) -> PyType:
    return NAMER.python_type(schema)


@pytest.mark.parametrize(
    ("schema", "text"),
    [
        ({"type": "string"}, "str"),
        ({"type": "integer"}, "int"),
        ({"type": "number"}, "Number"),
        ({"type": ["string", "null"]}, "str | None"),
        ({"type": "array", "items": {"$ref": "#/components/schemas/Job"}}, "list[Job]"),
        ({"type": "object", "additionalProperties": {"type": "boolean"}}, "dict[str, bool]"),
        ({"type": "object"}, "dict[str, Any]"),
        ({"type": "string", "format": "binary"}, "FileInput"),
        ({"enum": ["a", "b", None]}, 'Literal["a", "b"] | None'),
        ({"enum": [1, True, "x\ny"]}, 'Literal[1, True, "x\\ny"]'),
        ({"enum": [0.5, "a"]}, 'Literal["a"] | Number'),  # PEP 586 allows no float in Literal
        ({"const": {"a": 1}}, "dict[str, Any]"),
        (
            {"anyOf": [{"type": "null"}, {"$ref": "#/components/schemas/Job"}, {"type": "string"}]},
            "Job | str | None",
        ),
        ({"anyOf": [{"type": "string"}, {}]}, "Any"),
        (
            {
                "oneOf": [
                    {"$ref": "#/components/schemas/Job"},
                    {"$ref": "#/components/schemas/Event"},
                    {"type": "null"},
                ],
                "discriminator": {"propertyName": "type"},
            },
            'Annotated[Job | Event, Field(discriminator="type")] | None',
        ),
        ({"$ref": "#/components/schemas/Missing"}, "Any"),
        ({}, "Any"),
    ],
)
def test_schemas_become_types(schema: dict, text: str) -> None:
    assert python_type(schema).render() == text


def test_a_type_knows_its_imports_and_names() -> None:
    discriminated = python_type(
        {
            "oneOf": [{"$ref": "#/components/schemas/Job"}, {"type": "number"}],
            "discriminator": {"propertyName": "t"},
        }
    )
    assert discriminated.imports() == {
        Import("typing", "Annotated"),
        Import("pydantic", "Field"),
        Import(".types", "Job"),
        Import("._models", "Number"),
    }
    assert discriminated.names() == {"Annotated", "Field", "Job", "Number"}
    listed = generic(builtin("list"), LiteralType(("a",)))
    assert listed.imports() == {Import("typing", "Literal")}
    assert listed.names() == {"list", "Literal"}


def test_nullable_and_or_none() -> None:
    assert not python_type({"type": "string"}).nullable
    assert python_type({"type": ["string", "null"]}).nullable
    assert NONE.nullable and union([ANY, NONE]) == ANY
    job = python_type({"$ref": "#/components/schemas/Job"})
    assert job.or_none() == Union((job, NONE)) and job.or_none().or_none() == job.or_none()
    # A list of optional items may hold None; the list itself may not be None.
    assert not generic(builtin("list"), builtin("str").or_none()).nullable


def test_unions_are_flat_distinct_and_end_with_none() -> None:
    str_ = builtin("str")
    nested = union([NONE, union([str_, NUMBER]), str_])
    assert nested == Union((str_, NUMBER, NONE))
    assert union([str_]) == str_ and union([]) == ANY


def test_shadowed_builtins_are_spelled_with_their_module() -> None:
    annotation = generic(builtin("list"), union([builtin("dict"), python_type({"type": "string"})]))
    qualified = annotation.qualified(frozenset({"list"}))
    assert qualified.render() == "builtins.list[dict | str]"
    assert qualified.imports() == {Import("builtins", None)}
    assert "list" not in qualified.names() and "builtins" in qualified.names()
    assert Named("list", ".models").qualified(frozenset({"list"})).render() == "list"  # a model


def test_type_values_cast_only_what_is_not_a_class() -> None:
    assert type_value(python_type({"$ref": "#/components/schemas/Job"})) == "Job"
    assert type_value(python_type({"type": "array", "items": {"type": "string"}})) == "list[str]"
    # An alias of a union is no class: `type[Event]` would not type-check. The cast spells
    # `builtins.type`: a method parameter named `type` would shadow the builtin.
    assert (
        type_value(python_type({"$ref": "#/components/schemas/Event"}))
        == 'cast("builtins.type[Event]", Event)'
    )
    assert type_value(python_type({"$ref": "#/components/schemas/Name"})) == "Name"
    assert (
        type_value(python_type({"enum": ["a"]}))
        == 'cast("builtins.type[Literal[\\"a\\"]]", Literal["a"])'
    )


def test_a_type_has_no_text_but_its_rendering() -> None:
    with pytest.raises(TypeError):
        str(builtin("str"))
    assert isinstance(builtin("str").render(), SafeCode)


def test_import_blocks_are_relative_to_the_module() -> None:
    imports = [
        Import(".types", "Job"),
        Import("._types", "NotGiven"),
        Import("typing", "Any"),
        Import("typing", "Literal"),
        Import("builtins", None),
    ]
    # In isort's sections (the standard library, then the package's own), `import` first.
    assert import_block(imports, "resources.files").splitlines() == [
        "import builtins",
        "from typing import Any, Literal",
        "",
        "from .._types import NotGiven",
        "from ..types import Job",
    ]
    # An `__init__.py` is one level deeper than its dotted name says.
    assert import_block(imports, "resources.beta", is_package=True).splitlines()[3:5] == [
        "from ..._types import NotGiven",
        "from ...types import Job",
    ]
    assert "Job" not in import_block(imports, "types", is_package=True)  # not itself


# -- no code or template reads annotation text ------------------------------------------------

# Every context field or property that holds a type or an expression made of types.
TYPED = ("annotation", "cast_expression")
STRING_METHODS = frozenset(
    {
        "endswith",
        "startswith",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "split",
        "rsplit",
        "partition",
        "rpartition",
        "replace",
        "strip",
        "lstrip",
        "rstrip",
        "removeprefix",
        "removesuffix",
        "splitlines",
        "lower",
        "upper",
    }
)


def _mentions_a_type(node: ast.AST) -> bool:
    """Whether a value in `node` is named like a type (a function so named is not a value)."""
    called = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    return any(
        (isinstance(n, ast.Name) and any(t in n.id.lower() for t in TYPED))
        or (isinstance(n, ast.Attribute) and any(t in n.attr.lower() for t in TYPED))
        for n in ast.walk(node)
        if id(n) not in called
    )


def annotation_text_tests(source: str) -> list[str]:
    """What a Python module does to annotation text, as `line: what`. Forbidden (beside any
    regex in the renderer but its text filters, test_only_the_text_filters_...):
    1. any use of the `re` module on an expression that mentions a type (a name containing
       "annotation" or "cast_expression"), or a string built from such expressions;
    2. `in`, `not in`, `==` or `!=` between such an expression and a string constant, or an
       f-string that embeds one (a type's text is made only by render());
    3. a string method (`endswith`, `split`, `replace`, ...) called on such an expression;
    4. the `.render()` of a type taken apart: any of the above applied to `x.render()`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = node.func.value
            if (
                isinstance(receiver, ast.Name)
                and receiver.id == "re"
                and any(_mentions_a_type(a) or _rendered(a) for a in node.args)
            ):
                found.append(f"{line}: re.{node.func.attr} on annotation text")
            if node.func.attr in STRING_METHODS and (
                _mentions_a_type(receiver) or _rendered(receiver)
            ):
                found.append(f"{line}: .{node.func.attr}() on annotation text")
            if node.func.attr == "join" and any(_mentions_a_type(a) for a in node.args):
                found.append(f"{line}: annotation text joined into a string")
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.In | ast.NotIn | ast.Eq | ast.NotEq) for op in node.ops
        ):
            sides = [node.left, *node.comparators]
            texts = [s for s in sides if isinstance(s, ast.Constant) and isinstance(s.value, str)]
            if texts and any(_mentions_a_type(s) or _rendered(s) for s in sides):
                found.append(f"{line}: annotation compared with a string")
        if isinstance(node, ast.JoinedStr) and any(
            isinstance(v, ast.FormattedValue) and _mentions_a_type(v.value) for v in node.values
        ):
            found.append(f"{line}: annotation text formatted into a string")
    return found


def _rendered(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "render"
        and _mentions_a_type(n.func.value)
        for n in ast.walk(node)
    )


def template_annotation_tests(source: str) -> list[str]:
    """What a template does to annotation text. Forbidden: comparing a type-valued expression
    (a name or attribute containing "annotation" or "cast_expression") with anything (`in`,
    `==`, ...), calling a method on it, or passing it to a filter other than the Markdown
    filters that place it (md_code, md_code_cell)."""
    found = []
    placing = {"md_code", "md_code_cell"}

    def typed(node: jinja2.nodes.Node) -> bool:
        return any(
            (isinstance(n, jinja2.nodes.Name) and any(t in n.name for t in TYPED))
            or (isinstance(n, jinja2.nodes.Getattr) and any(t in n.attr for t in TYPED))
            for n in [node, *node.find_all((jinja2.nodes.Name, jinja2.nodes.Getattr))]
        )

    for node in (
        jinja2.Environment()
        .parse(source)
        .find_all((jinja2.nodes.Compare, jinja2.nodes.Filter, jinja2.nodes.Call))
    ):
        line = node.lineno
        if isinstance(node, jinja2.nodes.Compare) and (
            typed(node.expr) or any(typed(o.expr) for o in node.ops)
        ):
            found.append(f"{line}: annotation compared")
        if (
            isinstance(node, jinja2.nodes.Filter)
            and node.name not in placing
            and node.node is not None
            and typed(node.node)
        ):
            found.append(f"{line}: annotation through the {node.name} filter")
        if (
            isinstance(node, jinja2.nodes.Call)
            and isinstance(node.node, jinja2.nodes.Getattr)
            and typed(node.node.node)
        ):
            found.append(f"{line}: method called on an annotation")
    return found


def test_no_code_reads_annotation_text() -> None:
    found = {
        str(path.relative_to(ROOT)): problems
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if (problems := annotation_text_tests(path.read_text(encoding="utf-8")))
    }
    assert found == {}


# The modules of generator/render/ that filter text from input; no other may use regexes (the
# old renderer found names and imports with regexes over annotations joined into text).
TEXT_FILTERS = frozenset({"escape.py", "markdown.py"})


def regex_users(source: str) -> list[str]:
    """Imports of `re` in a module: `line: import`."""
    return [
        f"{node.lineno}: imports re"
        for node in ast.walk(ast.parse(source))
        if (isinstance(node, ast.Import) and any(a.name == "re" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and node.module == "re")
    ]


def test_only_the_text_filters_of_the_renderer_use_regexes() -> None:
    found = {
        path.name: problems
        for path in sorted((ROOT / "generator" / "render").glob("*.py"))
        if path.name not in TEXT_FILTERS
        and (problems := regex_users(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_no_template_reads_annotation_text() -> None:
    found = {
        str(path.relative_to(ROOT)): problems
        for path in sorted((ROOT / "templates").rglob("*.jinja"))
        if (problems := template_annotation_tests(path.read_text(encoding="utf-8")))
    }
    assert found == {}


# What the type model replaced (from generator/render/ and templates/ before it), each of which
# the searches above must find.
REPLACED_CODE = [
    'def f(annotation):\n    return annotation.endswith("| None")\n',
    'def f(annotation):\n    return " | " in annotation\n',
    'def f(p):\n    return p.annotation == "bool"\n',
    'def f(annotations):\n    return re.findall(r"[A-Za-z_]\\w*", " ".join(annotations.values()))\n',
    'def f(operation):\n    return re.sub("x", "y", operation.return_annotation)\n',
    'def f(op):\n    return f"cast({op.cast_expression})"\n',
    'def f(field):\n    return field.annotation.render().split(" | ")\n',
]
REPLACED_TEMPLATES = [
    '{% if "NotGiven" in stream_annotation %}x{% endif %}',
    '{{ field.annotation|replace("None", "") }}',
    '{% if field.annotation.endswith("None") %}x{% endif %}',
    '{% if operation.return_annotation == "bytes" %}x{% endif %}',
]


@pytest.mark.parametrize("source", REPLACED_CODE)
def test_the_search_finds_annotation_text_in_code(source: str) -> None:
    assert annotation_text_tests(source)


def test_the_search_finds_the_regexes_over_annotations() -> None:
    """The old render/files.py found the models a module uses with a regex over its
    annotations joined into text, through names that do not say `annotation`."""
    old_files = "import re\n_IDENTIFIER = re.compile(r'[A-Za-z_]\\w*')\n"
    assert regex_users(old_files)


@pytest.mark.parametrize("source", REPLACED_TEMPLATES)
def test_the_search_finds_annotation_text_in_templates(source: str) -> None:
    assert template_annotation_tests(source)


def test_every_type_in_the_context_is_a_type_object() -> None:
    """The searches go by name: every context field whose name says it holds a type holds a
    PyType (so a string test on it would fail at once), and each PyType field says so."""
    classes = [
        c
        for c in vars(context).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == context.__name__
    ]
    for cls in classes:
        hints = typing.get_type_hints(cls)
        for field in dataclasses.fields(cls):
            holds_type = "PyType" in str(hints[field.name])
            assert holds_type == ("annotation" in field.name), f"{cls.__name__}.{field.name}"


def test_searches_cover_the_context_modules() -> None:
    assert (ROOT / "generator" / "render" / "context.py").is_file()
    assert list(Path(ROOT / "templates").rglob("*.py.jinja"))
