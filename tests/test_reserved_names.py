"""Reserved names are computed, not typed: generated names stay off what the runtime, pydantic
and the templates define (finding 5 of issue 11), a member added to the runtime is reserved on
the next run, and what the templates declare (render/declared.py) is what they render.
"""

from __future__ import annotations

import ast
import builtins
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.naming import GENERATED_CODE_IMPORTS, package_name_problem
from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render import declared
from generator.render.context import build_context
from generator.render.files import builtin_reserved_names, load_templates
from generator.render.layout import module_file
from generator.render.loader import BUILTIN_TEMPLATES
from generator.render.python_types import VOCABULARY
from tests.feature_document import feature_document
from tests.generated_package import types_source
from tests.http_server import ScriptedServer

CLASHING_FIELDS = (
    "model_dump",
    "model_validate",
    "model_dump_json",
    "model_validate_json",
    "model_post_init",
    "model_config",
    "json",
    "copy",
    "schema",
    "validate",
)
CLIENT_PATHS = ("close", "request", "api_key", "base_url", "with_raw_response", "with_options")


def clashing_page() -> str:
    """A page whose names are those finding 5 lists: fields named like pydantic's methods,
    types named like the runtime's, operations at paths named like the client's members."""
    fields = "".join(f"  - `{name}: optional string`\n\n" for name in CLASHING_FIELDS)
    operations = "".join(
        f"## Create\n\n**post** `/{name}`\n\n### Returns\n\n- `Thing`\n\n" for name in CLIENT_PATHS
    )
    return (
        f"# Clashes\n\n{operations}"
        "## Domain Types\n\n### Thing\n\n"
        f"- `Thing object {{ {', '.join(CLASHING_FIELDS)} }}`\n\n{fields}"
        "### Number\n\n- `Number object { value }`\n\n  - `value: number`\n\n"
        "### FileInput\n\n- `FileInput object { name }`\n\n  - `name: string`\n"
    )


@pytest.fixture(scope="module")
def clashing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("clashing")
    (directory / "page.md").write_text(clashing_page())
    write_tree(
        directory / "out", render_files(parse_pages([directory / "page.md"]).document, "clash")
    )
    return directory / "out"


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_finding_5_fields_named_like_pydantic_methods_keep_their_wire_names(
    clashing: Path, server: ScriptedServer
) -> None:
    wire = {name: f"value of {name}" for name in CLASHING_FIELDS}
    server.reply_json(wire)
    code = f"""
import clash
client = clash.Client(api_key="k", base_url={server.url!r})
thing = client.close_.create()
assert thing.model_dump_ == "value of model_dump", thing
assert thing.model_validate_json_ == "value of model_validate_json"
assert thing.json_ == "value of json" and thing.schema_ == "value of schema"
assert thing.model_dump(by_alias=True) == {wire!r}
import clash.types
again = clash.types.Thing.model_validate(thing.model_dump(by_alias=True))
assert again == thing and again.model_config_ == "value of model_config"
client.close()
"""
    result = run_python(code, clashing)  # -W error: pydantic would warn of a protected name
    assert result.returncode == 0, result.stderr


def test_finding_5_types_named_like_the_runtimes_are_renamed(clashing: Path) -> None:
    models = (clashing / "clash" / "types" / "__init__.py").read_text()
    assert (
        "class NumberModel(BaseModel):" in models and "class FileInputModel(BaseModel):" in models
    )
    assert "value: Number" in models  # the runtime's Number, not the API's
    result = run_python(
        "import clash.types as m; m.NumberModel(value=1); m.FileInputModel(name='x')", clashing
    )
    assert result.returncode == 0, result.stderr


def test_finding_5_operations_named_like_client_members_are_renamed(
    clashing: Path, server: ScriptedServer
) -> None:
    client = (clashing / "clash" / "_client.py").read_text()
    for name in CLIENT_PATHS:
        assert f"def {name}_(self)" in client, name
    for _ in range(2 * len(CLIENT_PATHS)):
        server.reply_json({})
    code = f"""
import clash
client = clash.Client(api_key="k", base_url={server.url!r})
assert client.api_key == "k" and client.base_url == {server.url!r}
for name in {list(CLIENT_PATHS)!r}:
    getattr(client, name + "_").create()
    getattr(client.with_raw_response, name + "_").create()
client.close()
"""
    result = run_python(code, clashing)
    assert result.returncode == 0, result.stderr
    assert [r.path for r in server.requests][-2:] == ["/with_options", "/with_options"]


def test_fields_do_not_shadow_the_types_of_their_model() -> None:
    document = feature_document()
    document["components"]["schemas"]["Widget"]["properties"]["str"] = {"type": "integer"}
    document["components"]["schemas"]["Widget"]["properties"]["Widget"] = {"type": "string"}
    widget = next(m for m in build_context(document, "w").models if m.name == "Widget")
    names = {f.wire_name: f.name for f in widget.fields}
    assert names["str"] == "str_" and names["wire-name"] == "wire_name"


def test_soft_keywords_are_ordinary_names() -> None:
    """`match` and `type` are soft keywords in some Python versions and not in others: refgen
    keeps them, so the output is the same on every Python."""
    document = feature_document()
    document["components"]["schemas"]["Gear"]["properties"]["match"] = {"type": "string"}
    gear = next(m for m in build_context(document, "w").models if m.name == "Gear")
    assert {f.name for f in gear.fields} >= {"type", "match"}


def test_parameters_do_not_shadow_what_a_method_body_uses() -> None:
    document = feature_document()
    body = document["paths"]["/widgets"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    body["properties"].update(
        {n: {"type": "string"} for n in ("cast", "self", "timeout", "chunk_size")}
    )
    create = next(o for o in build_context(document, "w").operations if o.method_name == "create")
    names = {p.wire_name: p.name for p in create.parameters}
    assert names == {
        "kind": "kind",
        "stream": "stream",
        "labels": "labels",
        "cast": "cast_body",
        "self": "self_body",
        "timeout": "timeout_body",
        "chunk_size": "chunk_size_body",
    }


# -- package names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["a b", "class", "os", "json", "httpx", "pydantic", "Pkg", "1st", "naïve", ""]
)
def test_package_names_that_would_break_are_refused(name: str, tmp_path: Path) -> None:
    assert package_name_problem(name) is not None
    (tmp_path / "refgen.yaml").write_text(yaml.safe_dump({"package": name or " "}))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--config", str(tmp_path / "refgen.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "refgen.yaml" in result.stderr and "error" in result.stderr
    (tmp_path / "api.json").write_text(
        '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}'
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            str(tmp_path / "api.json"),
            "-o",
            str(tmp_path / "out"),
            "--package",
            name,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "--package" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", ["openai_fine_tuning", "api_client", "match", "_private"])
def test_ordinary_package_names_are_accepted(name: str) -> None:
    assert package_name_problem(name) is None


def test_the_modules_generated_code_imports_are_those_of_the_runtime() -> None:
    imported = set()
    for path in (BUILTIN_TEMPLATES / "runtime").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    assert imported - set(sys.stdlib_module_names) == GENERATED_CODE_IMPORTS


# -- a member added to the runtime is reserved without editing any list -------------------------


def test_a_member_added_to_the_runtime_becomes_reserved(tmp_path: Path) -> None:
    runtime = tmp_path / "templates" / "runtime"
    runtime.mkdir(parents=True)
    client = (BUILTIN_TEMPLATES / "runtime" / "_base_client.py").read_text()
    marker = "    def with_options("
    assert marker in client
    (runtime / "_base_client.py").write_text(
        client.replace(
            marker, "    def frobnicate(self) -> None:\n        self.wobble = 1\n\n" + marker, 1
        )
    )
    models = (BUILTIN_TEMPLATES / "runtime" / "_models.py").read_text()
    marker = "    _validation_errors: list[ErrorDetails]"
    assert marker in models
    (runtime / "_models.py").write_text(
        models.replace(marker, "    def to_frob(self) -> None:\n        pass\n\n" + marker, 1)
    )
    document = feature_document()
    document["paths"]["/frobnicate"] = {
        "post": {
            **document["paths"]["/widgets"]["post"],
            "x-refgen-client": {"resource": ["frobnicate"], "method": "create"},
        }
    }
    document["paths"]["/wobble"] = {
        "post": {
            **document["paths"]["/widgets"]["post"],
            "x-refgen-client": {"resource": ["wobble"], "method": "create"},
        }
    }
    document["components"]["schemas"]["Gear"]["properties"]["to_frob"] = {"type": "string"}

    def names(templates: Path | None) -> set[str]:
        context = build_context(document, "w", load_templates(templates).reserved)
        gear = next(m for m in context.models if m.name == "Gear")
        return {r.attribute for r in context.resources} | {f.name for f in gear.fields}

    assert names(None) >= {"frobnicate", "wobble", "to_frob"}
    assert names(tmp_path / "templates") >= {"frobnicate_", "wobble_", "to_frob_"}
    files = render_files(document, "w", tmp_path / "templates")
    assert "def frobnicate_(self)" in files["w/_client.py"]


# -- what the templates declare is what they render ---------------------------------------------


@pytest.fixture(scope="module")
def rendered() -> dict[str, ast.Module]:
    files = render_files(feature_document(), "widgets")
    return {path: ast.parse(text) for path, text in files.items() if path.endswith(".py")}


def types_modules(rendered: dict[str, ast.Module]) -> list[str]:
    return sorted(p for p in rendered if p.startswith("widgets/types/"))


def classes(module: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in module.body if isinstance(n, ast.ClassDef)}


def members(node: ast.ClassDef) -> set[str]:
    return {n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)} | {
        t.id
        for n in node.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }


def test_generated_classes_derive_from_the_declared_runtime_classes(
    rendered: dict[str, ast.Module],
) -> None:
    client = classes(rendered["widgets/_client.py"])
    bases = {name: ast.unparse(client[name].bases[0]) for name in ("Client", "AsyncClient")}
    assert bases == {
        "Client": declared.CLIENT_BASES[0][1],
        "AsyncClient": declared.CLIENT_BASES[1][1],
    }
    defined = [c for path in types_modules(rendered) for c in classes(rendered[path]).values()]
    # Models derive from the runtime's BaseModel; the request types are TypedDicts.
    models = [c for c in defined if not c.name.endswith("Param")]
    assert len(models) >= 7  # the feature document's models
    assert {ast.unparse(c.bases[0]) for c in models} == {declared.MODEL_BASE[1]}
    assert {ast.unparse(c.bases[0]) for c in defined if c not in models} == {"TypedDict"}


def test_generated_classes_have_the_declared_members(rendered: dict[str, ast.Module]) -> None:
    context = build_context(feature_document(), "widgets")
    client = classes(rendered["widgets/_client.py"])["Client"]
    resources = {r.attribute for r in context.resources}
    assert members(client) - resources - {"__init__"} == declared.CLIENT_MEMBERS
    for resource in (r for top in context.resources for r in top.walk()):
        module = rendered[f"widgets/{module_file(resource.module, resource.is_package)}"]
        own = (
            {c.attribute for c in resource.children}
            | {o.method_name for o in resource.operations}
            | {o.streamed_method_name for o in resource.operations if o.streamed_method_name}
        )
        assert (
            members(classes(module)[resource.class_name]) - own - {"__init__"}
            == declared.RESOURCE_MEMBERS
        )


def test_methods_take_the_declared_options(rendered: dict[str, ast.Module]) -> None:
    context = build_context(feature_document(), "widgets")
    modules = {
        "WidgetsResource": rendered["widgets/resources/widgets/__init__.py"],
        "WidgetsPartsResource": rendered["widgets/resources/widgets/parts.py"],
    }
    for operation in (o for r in context.resources[0].walk() for o in r.operations):
        api = {p.name for p in operation.parameters}
        for cls, module in modules.items():
            for method in (n for n in classes(module)[cls].body if isinstance(n, ast.FunctionDef)):
                options = {a.arg for a in method.args.kwonlyargs} - api
                if method.name == operation.method_name:
                    assert options == declared.METHOD_OPTIONS
                if method.name == operation.streamed_method_name:
                    assert options == declared.METHOD_OPTIONS | declared.STREAMED_METHOD_OPTIONS


def test_template_signatures_name_only_the_declared_builtins(
    rendered: dict[str, ast.Module],
) -> None:
    """Builtins the templates write into signatures themselves (the type model's own are
    qualified where a member shadows them)."""
    types = {n.name for n in VOCABULARY if n.module == "builtins"}
    named = set()
    for path, module in rendered.items():
        if "resources/" not in path and not path.endswith("/_client.py"):
            continue
        for function in (n for n in ast.walk(module) if isinstance(n, ast.FunctionDef)):
            annotations = [
                a.annotation
                for a in (*function.args.args, *function.args.kwonlyargs)
                if a.annotation
            ] + ([function.returns] if function.returns else [])
            named |= {n.id for a in annotations for n in ast.walk(a) if isinstance(n, ast.Name)}
            named |= {
                str(n.value)
                for a in annotations
                for n in ast.walk(a)
                if isinstance(n, ast.Constant) and n.value is None
            }
    assert named & set(dir(builtins)) <= types | declared.SIGNATURE_BUILTINS
    assert declared.SIGNATURE_BUILTINS <= named & set(dir(builtins)) | {"None"}


def test_the_declared_imports_are_what_the_modules_import(rendered: dict[str, ast.Module]) -> None:
    """Every name a generated module imports is declared (in declared.py, or by a type it
    uses), so the reserved names cover it."""
    declared_names = {i.name for i in (*declared.TYPES_IMPORTS, *declared.RESOURCE_IMPORTS)}
    type_names = {n.name for n in VOCABULARY}
    context = build_context(feature_document(), "widgets")
    model_names = {m.name for m in context.models} | {a.name for a in context.aliases}
    for path in (*types_modules(rendered), "widgets/resources/widgets/__init__.py"):
        imported = {
            alias.asname or alias.name
            for node in rendered[path].body
            if isinstance(node, ast.ImportFrom) and node.module != "__future__"
            for alias in node.names
        }
        imported |= {
            alias.name
            for node in rendered[path].body
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert imported <= declared_names | type_names | model_names | {"builtins"}, path


def test_runtime_introspection_finds_instance_attributes_and_pydantic_members() -> None:
    reserved = load_templates(None).reserved
    assert {
        "close",
        "request",
        "api_key",
        "base_url",
        "with_options",
        "timeout",
        "auth",
    } <= reserved.client_members
    assert {"model_dump", "model_validate", "model_fields", "copy", "json"} <= reserved.field_names
    assert not {"self", "cls", "fields", "id"} & reserved.field_names  # pydantic allows these


def test_shipped_runtime_is_the_one_introspected(tmp_path: Path) -> None:
    """The runtime files the package ships come from the same loader the names come from."""
    overrides = tmp_path / "templates" / "runtime"
    overrides.mkdir(parents=True)
    shutil.copy(BUILTIN_TEMPLATES / "runtime" / "_types.py", overrides / "_types.py")
    with (overrides / "_types.py").open("a") as file:
        file.write("\n# overridden\n")
    files = render_files(feature_document(), "w", tmp_path / "templates")
    assert files["w/_types.py"].endswith("# overridden\n")


def test_a_discriminator_renamed_in_python_still_picks_the_member(tmp_path: Path) -> None:
    """pydantic looks the discriminator up by attribute name: a wire name such as `class`
    becomes `class_`, and the union must say so."""
    document = feature_document()
    schemas = document["components"]["schemas"]
    for member in ("Gear", "Spring"):
        schemas[member]["properties"]["class"] = schemas[member]["properties"].pop("type")
        schemas[member]["required"] = ["class"]
    schemas["Widget"]["properties"]["part"]["discriminator"] = {"propertyName": "class"}
    write_tree(tmp_path, render_files(document, "w"))
    result = run_python(
        "import w.types as m\n"
        "part = m.Widget.model_validate({'id': '1', 'kind': 'small', "
        "'part': {'class': 'spring'}}).part\n"
        "assert type(part) is m.Spring and part.class_ == 'spring', part",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert 'Field(discriminator="class_")' in types_source(tmp_path, "w")


def test_the_written_down_names_are_pydantics() -> None:
    """render/outside_names.py spares every run the import of pydantic: what it says must be
    what the pinned pydantic answers (after a change of pin this fails: refresh it)."""
    import pydantic
    from pydantic._internal._config import config_defaults

    from generator.render import outside_names

    assert pydantic.VERSION == outside_names.PYDANTIC_VERSION, "refresh render/outside_names.py"
    assert outside_names.pinned_pydantic()
    public = frozenset(n for n in dir(pydantic.BaseModel) if not n.startswith("_"))
    assert outside_names.public_members("pydantic", ("BaseModel",)) == public
    assert tuple(config_defaults["protected_namespaces"]) == outside_names.PROTECTED_NAMESPACES
    assert outside_names.public_members("pydantic", ("RootModel",)) is None
    assert outside_names.public_members("httpx", ("Client",)) is None


def test_another_pydantic_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import outside_names, reserved

    monkeypatch.setattr(outside_names, "PYDANTIC_VERSION", "0.0.0")
    assert outside_names.public_members("pydantic", ("BaseModel",)) is None
    asked = reserved._computed.__wrapped__(tuple(sorted(load_templates(None).runtime.items())))
    assert asked == builtin_reserved_names()
