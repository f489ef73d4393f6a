"""One escaping discipline: text from input reaches Python only through the filters, each
exact for any text (hypothesis), and a template that places anything else fails to render.

Findings 1 and 4 of issue 11 (text becomes code; a description ending in `\"\"\"` crashes
`generate`, enum values lose their escapes) are tested here as a user meets them: real files,
real `refgen` subprocesses, the generated package imported in a subprocess of its own.
"""

from __future__ import annotations

import ast
import io
import json
import subprocess
import sys
import tokenize
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruff.__main__ import find_ruff_bin

from generator.diagnostics import RefgenError
from generator.pipeline import parse_pages, render_files
from generator.render.escape import (
    Identifier,
    SafeCode,
    comment,
    declaration,
    declarations,
    docstring,
    identifier,
    literal,
)
from tests.conftest import RESUME_PAGE, ROOT

# Any text: every code point but lone surrogates (a page or YAML file cannot hold them; the
# JSON cases below add them).
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)
HOSTILE = st.sampled_from(
    [
        '"""',
        "'''",
        '"',
        "\\",
        '\\"""',
        "\n",
        "\r",
        "\x00",
        "\u2028",
        "\u202e",
        "\x1b[31m",
        "{{ x }}",
        "{% if %}",
        "#",
        "\t",
        " ",
    ]
)
NASTY_TEXT = st.lists(st.one_of(TEXT, HOSTILE), max_size=8).map("".join)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    NASTY_TEXT,
    st.text(st.characters(), max_size=20),
    st.floats(allow_nan=False, allow_infinity=False),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def refgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )


# -- the filters, for any text ----------------------------------------------------------------


@PROPERTY
@given(JSON_VALUES)
def test_a_literal_evaluates_to_the_value(value: object) -> None:
    code = literal(value)
    assert isinstance(code, SafeCode)
    assert ast.literal_eval(code) == (list(value) if isinstance(value, tuple) else value)


@PROPERTY
@given(st.from_regex(r"[A-Za-z_][A-Za-z0-9_]*", fullmatch=True))
def test_a_name_literal_is_what_json_writes(name: str) -> None:
    """Names take a shortcut past json.dumps (issue 16): the same text."""
    assert literal(name) == json.dumps(name)


@PROPERTY
@given(NASTY_TEXT, st.sampled_from([0, 4, 8]))
def test_a_docstring_holds_the_text_exactly(text: str, indent: int) -> None:
    code = docstring(text, indent)
    if not text.strip():
        assert code == ""
        return
    pad = " " * indent
    module = ast.parse(f"def f():\n{pad}{code}\n{pad}pass\n" if indent else f"{code}\n")
    value = ast.get_docstring(module.body[0] if indent else module, clean=False)
    assert value is not None
    lines = value.split("\n")
    # Indenting adds `indent` spaces to the lines after the first; nothing else changes.
    unindented = "\n".join([lines[0], *(line.removeprefix(" " * indent) for line in lines[1:])])
    ends_line = text.rstrip(" \t").endswith("\n")
    assert unindented == text.strip() + ("\n" if ends_line else "")


# Characters that change how source reads without being seen: controls (but line feed and tab),
# format characters (bidirectional overrides), line and paragraph separators, surrogates.
INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def invisible(character: str) -> bool:
    return unicodedata.category(character) in INVISIBLE and character not in "\n\t"


@PROPERTY
@given(NASTY_TEXT)
def test_a_docstring_hides_every_invisible_character(text: str) -> None:
    code = docstring(text)
    assert not [c for c in code if invisible(c)]
    assert "\r" not in code and "\u2028" not in code and "\u202e" not in code


def test_docstrings_survive_ruff_format(tmp_path: Path) -> None:
    """ruff reindents docstrings and strips their trailing spaces: it must never fail on one
    nor end one early. Many texts, one ruff run."""
    texts = [f"x{ending}" for ending in ('"', '"""', '""""', "\\", '\\"""', '"\\', " \\ ", "\\\n")]
    texts += ['"""; import os; os.system("touch PWNED"); """', "a\r\nb\u2028c", "\\" * 5]
    body = "".join(f"def f{i}() -> None:\n    {docstring(t, 4)}\n\n\n" for i, t in enumerate(texts))
    (tmp_path / "m.py").write_text(body, encoding="utf-8")
    result = subprocess.run(
        [find_ruff_bin(), "format", "--isolated", str(tmp_path / "m.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    formatted = ast.parse((tmp_path / "m.py").read_text(encoding="utf-8"))
    assert all(isinstance(f, ast.FunctionDef) for f in formatted.body)
    values = [ast.get_docstring(f, clean=False) or "" for f in formatted.body]
    assert [" ".join(v.split()) for v in values] == [" ".join(t.split()) for t in texts]


@PROPERTY
@given(NASTY_TEXT)
def test_a_comment_is_one_comment(text: str) -> None:
    code = comment(text)
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(f"x = 1  {code}\n").readline)
        if t.type == tokenize.COMMENT
    ]
    assert [t.string for t in tokens] == [code]
    assert code == "# " + " ".join("".join(" " if invisible(c) else c for c in text).split())


@PROPERTY
@given(NASTY_TEXT)
def test_identifier_makes_an_identifier_of_any_text(text: str) -> None:
    name = identifier(text)
    assert isinstance(name, Identifier) and name.isidentifier() and name.isascii()
    with pytest.raises(ValueError):
        Identifier("class")
    with pytest.raises(ValueError):
        Identifier("a b")


# -- finding 1: text never becomes code ------------------------------------------------------

PAYLOAD = 'X"""; import os; os.system("touch PWNED"); """'


def assert_inert(directory: Path, package: str, expected_doc_part: str) -> None:
    """Import the package in a subprocess: nothing runs, and its docstring holds the text."""
    result = run_python(
        f"import {package}, {package}.types, {package}._client as c\n"
        f"print(repr({package}.__doc__)); print(repr(c.Client.__doc__))",
        directory,
    )
    assert result.returncode == 0, result.stderr
    assert not (directory / "PWNED").exists()
    assert repr(expected_doc_part)[1:-1] in result.stdout


def test_finding_1_a_title_in_refgen_yaml_stays_text(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "resume.md").write_bytes(RESUME_PAGE.read_bytes())
    (spec / "refgen.yaml").write_text(yaml.safe_dump({"title": PAYLOAD, "package": "demo"}))
    result = refgen("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_inert(tmp_path / "generated", "demo", PAYLOAD)


def test_finding_1_the_title_of_a_document_given_to_generate_stays_text(tmp_path: Path) -> None:
    document = parse_pages([RESUME_PAGE]).document
    document["info"]["title"] = PAYLOAD
    (tmp_path / "api.json").write_text(json.dumps(document))
    result = refgen("generate", "api.json", "-o", "out", "--package", "demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_inert(tmp_path / "out", "demo", PAYLOAD)


def test_finding_1_an_environment_variable_from_an_overlay_stays_text(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "resume.md").write_bytes(RESUME_PAGE.read_bytes())
    (spec / "overlay.yaml").write_text(
        yaml.safe_dump(
            {
                "overlay": "1.0.0",
                "info": {"title": "t", "version": "1"},
                "actions": [
                    {
                        "target": "$.components.securitySchemes.*",
                        "update": {"x-refgen-env": PAYLOAD},
                    }
                ],
            }
        )
    )
    (spec / "refgen.yaml").write_text("package: demo\noverlay: overlay.yaml\n")
    result = refgen("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_inert(tmp_path / "generated", "demo", PAYLOAD)
    client = run_python(
        "import demo, os; os.environ[" + repr(PAYLOAD) + "] = 'k'; print(demo.Client().api_key)",
        tmp_path / "generated",
    )
    assert client.stdout.strip() == "k", client.stderr  # the name is used as it is, as a key


# -- finding 4: descriptions and enum values, exactly -----------------------------------------


@pytest.mark.parametrize("ending", ['"""', '"', '""""', "\\", '\\"""', '"\\'])
def test_finding_4_a_description_may_end_in_quotes_or_a_backslash(
    tmp_path: Path, ending: str
) -> None:
    document = parse_pages([RESUME_PAGE]).document
    description = f"The job{ending}"
    document["components"]["schemas"]["FineTuningJob"]["description"] = description
    document["paths"][next(iter(document["paths"]))]["post"]["description"] = description
    (tmp_path / "api.json").write_text(json.dumps(document))
    result = refgen("generate", "api.json", "-o", "out", "--package", "demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    doc = run_python(
        "import demo.types.fine_tuning as m; print(repr(m.FineTuningJob.__doc__))", tmp_path / "out"
    )
    assert doc.stdout.strip() == repr(description), doc.stderr


def page_with_enum(values: list[str]) -> str:
    """A page whose body parameter takes one of `values`, each written as a string literal of
    the format (JSON escapes; a backtick as \\u0060, since the declaration is a code span)."""
    literals = [json.dumps(v).replace("`", "\\u0060") for v in values]
    members = "".join(f"  - `{text}`\n\n" for text in literals)
    return (
        "# Things\n\n## Create\n\n**post** `/things`\n\n### Body Parameters\n\n"
        f"- `mode: {' or '.join(literals)}`\n\n{members}"
        "### Returns\n\n- `Thing object { id }`\n\n  - `id: string`\n"
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=12),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_finding_4_enum_values_round_trip_from_the_page_to_the_client(values: list[str]) -> None:
    """Whatever characters an enum value holds (`\\n`, `\\t`, quotes, backslashes, any code
    point), the document and the generated Literal hold exactly it."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "page.md"
        page.write_text(page_with_enum(values), encoding="utf-8")
        try:
            document = parse_pages([page]).document
        except RefgenError as error:  # some values are not meaningful enum members (`null`)
            pytest.skip(str(error))
        schema = document["components"]["schemas"]["ThingsCreateParams"]["properties"]["mode"]
        assert schema.get("enum", [schema.get("const")]) == values
        files = render_files(document, "things")
    module = ast.parse(files["things/resources/things.py"])
    literals = [
        node
        for node in ast.walk(module)
        if isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Literal"
    ]
    found = (
        [ast.literal_eval(e) for e in literals[0].slice.elts]
        if isinstance(literals[0].slice, ast.Tuple)
        else [ast.literal_eval(literals[0].slice)]
    )
    assert found == values


def test_finding_4_enum_escapes_from_the_page(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(page_with_enum(["a\nb", "c\td", "e\\f", 'q"r']), encoding="utf-8")
    enum = parse_pages([page]).document["components"]["schemas"]["ThingsCreateParams"][
        "properties"
    ]["mode"]["enum"]
    assert enum == ["a\nb", "c\td", "e\\f", 'q"r']  # not "anb", "ctd"


# -- the renderer refuses what no filter made safe --------------------------------------------


def override_project(tmp_path: Path, template: str, text: str) -> Path:
    spec = tmp_path / "spec"
    (spec / "templates" / Path(template).parent).mkdir(parents=True)
    (spec / "resume.md").write_bytes(RESUME_PAGE.read_bytes())
    (spec / "templates" / template).write_text(text)
    (spec / "refgen.yaml").write_text("package: demo\ntemplates: templates\n")
    return tmp_path


@pytest.mark.parametrize(
    ("template", "text", "line"),
    [
        # A field's description placed raw in a docstring: the mistake finding 1 was.
        (
            "package/types.py.jinja",
            (
                "{% for m in types.models %}\nclass {{ m.name }}:\n"
                '    """{{ m.description }}"""\n{% endfor %}\n'
            ),
            3,
        ),
        ("package/_client.py.jinja", 'TITLE = "{{ package.title }}"\n', 1),
        ("package/_client.py.jinja", '\n\nX = {{ "constant" }}\n', 3),
        ("package/_client.py.jinja", "X = {{ package.models[0].fields[0].wire_name }}\n", 1),
        (
            "package/_client.py.jinja",
            "{% macro m(x) %}{{ x }}{% endmacro %}\nX = {{ m(package.title) }}\n",
            1,
        ),
        ("docs/index.md.jinja", "# {{ package.title }}\n", 1),
        (
            "docs/types.md.jinja",
            "\n{% for m in page.models %}{{ m.model.description|first_sentence }}{% endfor %}\n",
            2,
        ),
        (  # a type in Markdown
            "docs/types.md.jinja",
            "{% for m in page.models %}{{ m.fields[0].field.annotation }}{% endfor %}\n",
            1,
        ),
        (
            "docs/resource.md.jinja",
            (
                "{% for s in page.sections %}{% for m in s.methods %}{{ m.signature }}"
                "{% endfor %}{% endfor %}\n"
            ),
            1,
        ),
    ],
)
def test_a_template_that_forgets_a_filter_fails_naming_its_line(
    tmp_path: Path, template: str, text: str, line: int
) -> None:
    root = override_project(tmp_path, template, text)
    result = refgen("build", cwd=root)
    assert result.returncode == 1
    assert (
        f"spec/templates/{template}:{line}: error: {{{{ }}}} in {template} places " in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (root / "generated").exists()


@pytest.mark.parametrize(
    "members", ["types.models", "['x: int']", "[types.models[0].fields[0].name]", "42"]
)
def test_declarations_of_what_is_not_a_field_fail_naming_the_line(
    tmp_path: Path, members: str
) -> None:
    """The `declarations` filter places finished code only: given models, strings, names or
    a number, the render stops at the template's line, as for a value no filter marked."""
    template = "package/types.py.jinja"
    text = f"# types\n{{% if types.models %}}\n{{{{ {members}|declarations }}}}\n{{% endif %}}\n"
    root = override_project(tmp_path, template, text)
    result = refgen("build", cwd=root)
    assert result.returncode == 1
    assert f"spec/templates/{template}:3: error: " in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "generated").exists()


def test_what_a_template_makes_of_its_own_text_is_trusted(tmp_path: Path) -> None:
    root = override_project(
        tmp_path,
        "package/_client.py.jinja",
        (
            "{% macro quoted(text) %}{{ text|literal }}{% endmacro %}\n"
            "{% set prefix %}{% if true %}Async{% endif %}{% endset %}\n"
            "class {{ prefix }}Client:\n"
            "    {{ ('About ' ~ package.title)|docstring(4) }}\n"
            "    X = {{ quoted(package.title) }}\n"
            "    TITLE = {{ package.title|literal }}  {{ package.title|comment }}\n"
            "    COUNT = {{ package.models|length }}\n"
        ),
    )
    result = refgen("build", cwd=root)
    assert result.returncode == 0, result.stderr
    client = (root / "generated" / "demo" / "_client.py").read_text()
    assert 'class AsyncClient:\n    """About API"""' in client
    assert 'X = "API"' in client and 'TITLE = "API"  # API' in client and "COUNT = 26" in client


def test_a_template_syntax_error_is_a_located_error(tmp_path: Path) -> None:
    root = override_project(tmp_path, "docs/index.md.jinja", "# ok\n\n{% if %}\n")
    result = refgen("build", cwd=root)
    assert result.returncode == 1
    assert "spec/templates/docs/index.md.jinja:3: error: template syntax:" in result.stderr
    assert "Traceback" not in result.stderr


def test_only_the_filters_and_the_type_model_make_safe_code() -> None:
    """SafeCode is made in escape.py (the filters) and python_types.py (types, imports) only;
    every other module reaches code through them (or Identifier, which checks its text)."""
    makers = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "SafeCode"
            ):
                makers.add(path.name)
    assert makers == {"escape.py", "python_types.py"}


def test_a_declaration_is_made_of_code_only() -> None:
    """escape.declaration joins pieces made already (the context's finished field and key
    declarations) and refuses text that no filter made safe, in any place."""
    described = docstring('Says """hi"""', 4)
    assert declaration(
        Identifier("name"), SafeCode("str | None"), described, SafeCode(" = None")
    ) == ('name: str | None = None\n    """Says \\"\\"\\"hi\\"\\"\\""""')
    assert declaration(Identifier("n"), SafeCode("int"), SafeCode("")) == "n: int"
    page_text = 'x"""\nimport os'
    for annotation, doc, default in (
        (page_text, SafeCode(""), SafeCode("")),
        (SafeCode("int"), page_text, SafeCode("")),
        (SafeCode("int"), SafeCode(""), page_text),
    ):
        with pytest.raises(TypeError, match="made of code"):
            declaration(Identifier("n"), annotation, doc, default)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a Python identifier"):
        declaration("no such name", SafeCode("int"), SafeCode(""))  # type: ignore[arg-type]


def test_declarations_join_finished_declarations_only() -> None:
    """escape.declarations lays out a class body's members, 4 columns in, a blank line
    between two (each docstring's lines indented already), and refuses a member whose
    declaration is text rather than code, or what is not a list of members."""
    first = SimpleNamespace(
        declaration=declaration(Identifier("a"), SafeCode("int"), docstring("About\na.", 4))
    )
    second = SimpleNamespace(
        declaration=declaration(Identifier("b"), SafeCode("str"), SafeCode(""))
    )
    assert declarations([first, second]) == '    a: int\n    """About\n    a."""\n\n    b: str'
    assert declarations(()) == ""
    for members in ([SimpleNamespace(declaration='x"""\nimport os')], ["b: str"], 3):
        with pytest.raises(TypeError, match="declarations takes fields or keys"):
            declarations(members)
