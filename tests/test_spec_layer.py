"""One OpenAPI access layer (generator/spec): `generate`, `compare` and `diff` load documents
with the one loader and follow `$ref`s with the one resolver; nothing else defines either."""

import ast
from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.spec.refs import Located, Resolver, lookup, ref_name, resolve

GENERATOR = Path(__file__).parents[1] / "generator"
MODULES = {
    path.relative_to(GENERATOR).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
    for path in sorted(GENERATOR.rglob("*.py"))
}
# The module of each command that reads documents, and of each stage that follows `$ref`s.
LOADING = ("cli.py", "compare/cli.py", "diff/load.py")
RESOLVING = ("compare/comparison.py", "diff/walk.py", "render/context.py", "openapi/infer.py")


def imports_from(tree: ast.Module, module: str) -> set[str]:
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == module
        for alias in node.names
    }


def definitions(tree: ast.Module) -> set[str]:
    """Module-level functions and classes (methods such as a YAML dumper's `resolve` of tags
    are not `$ref` resolvers)."""
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def test_every_command_loads_documents_with_the_one_loader() -> None:
    for path in LOADING:
        assert imports_from(MODULES[path], "generator.spec.load") & {"load_spec", "parse_spec"}, (
            path
        )


def test_every_stage_follows_refs_with_the_one_resolver() -> None:
    for path in RESOLVING:
        assert imports_from(MODULES[path], "generator.spec.refs") & {"Resolver", "resolve"}, path


def test_no_other_module_defines_a_loader_or_a_resolver() -> None:
    owners: dict[str, list[str]] = {}
    for path, tree in MODULES.items():
        for name in definitions(tree) & {
            "Resolver",
            "resolve",
            "lookup",
            "load_document",
            "load_spec",
            "InputError",
        }:
            owners.setdefault(name, []).append(path)
    assert owners == {
        "Resolver": ["spec/refs.py"],
        "resolve": ["spec/refs.py"],
        "lookup": ["spec/refs.py"],
        "load_spec": ["spec/load.py"],
    }


def test_the_resolver_follows_json_pointers_as_uri_fragments() -> None:
    document = {
        "components": {
            "schemas": {
                "a/b": {"type": "string"},
                "c~d": {"type": "integer"},
                "e f": {"type": "boolean"},
            }
        }
    }
    assert lookup(document, "#/components/schemas/a~1b") == {"type": "string"}
    assert lookup(document, "#/components/schemas/c~0d") == {"type": "integer"}
    assert lookup(document, "#/components/schemas/e%20f") == {"type": "boolean"}
    assert lookup(document, "other.yaml#/x") is None and lookup(document, "#/nope") is None
    assert ref_name({"$ref": "#/components/schemas/a~1b"}) == "a/b"
    assert ref_name({"$ref": "#/components/schemas/a/properties/b"}) is None  # not a component
    assert resolve(document, {"$ref": "#/components/schemas/c~0d"}) == {"type": "integer"}
    assert resolve(document, {"$ref": "#/gone"}) == {"$ref": "#/gone"}


def test_strict_and_lenient_following() -> None:
    document = {
        "a": {"$ref": "#/b"},
        "b": {"$ref": "#/a"},
        "c": {"$ref": "#/missing"},
        "d": {"$ref": "#/e", "description": "beside"},
        "e": {"type": "string"},
    }
    resolver = Resolver(document, "spec.yaml")
    with pytest.raises(RefgenError, match=r"spec.yaml: error: \$ref cycle through '#/b'"):
        resolver.follow(document["a"])
    with pytest.raises(RefgenError, match="unresolvable"):
        resolver.follow(document["c"])
    assert resolver.follow_located(Located(document["c"], "/c")) == Located(document["c"], "/c")
    assert resolver.follow_located(Located(document["a"], "/a")).pointer in ("/a", "/b")
    assert resolver.follow_located(Located(document["d"], "/d")) == Located(
        {"type": "string", "description": "beside"}, "/e"
    )
