"""The public API of a generated Python package, read with `ast` (nothing is imported or run).

What users of a generated client touch: public modules; in them public classes (their fields
with annotations and defaults, their public methods with parameters), functions, and aliases
(`Foo = Bar`, `type Foo = ...`, re-exports named in `__all__`).
"""

import ast
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

PUBLIC_DUNDERS = frozenset({"__init__", "__call__"})
PARAMETER_KINDS = (
    "positional-only",
    "positional-or-keyword",
    "var-positional",
    "keyword-only",
    "var-keyword",
)  # as inspect.Parameter names them


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # one of PARAMETER_KINDS
    has_default: bool
    annotation: str | None


@dataclass(frozen=True)
class Function:
    name: str
    parameters: tuple[Parameter, ...]
    returns: str | None
    line: int
    decorator: str | None = None  # property / classmethod / staticmethod


@dataclass(frozen=True)
class Field:
    name: str
    annotation: str | None
    has_default: bool
    line: int


@dataclass(frozen=True)
class Class:
    name: str
    line: int
    fields: dict[str, Field] = field(default_factory=dict)
    methods: dict[str, Function] = field(default_factory=dict)


@dataclass(frozen=True)
class Alias:
    name: str
    value: str
    line: int


@dataclass(frozen=True)
class Module:
    name: str
    file: str
    classes: dict[str, Class] = field(default_factory=dict)
    functions: dict[str, Function] = field(default_factory=dict)
    aliases: dict[str, Alias] = field(default_factory=dict)


ApiSnapshot = dict[str, Module]


def extract_api(package: Path) -> ApiSnapshot:
    """The public API of a package directory; module names start with the directory's name."""
    files = {
        path.relative_to(package.parent).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(package.rglob("*.py"))
    }
    return extract_api_from_sources(files)


def extract_api_from_sources(files: Mapping[str, str]) -> ApiSnapshot:
    """The public API of in-memory sources ({relative path: text}, as the renderer returns)."""
    snapshot: ApiSnapshot = {}
    for path in sorted(files):
        name = module_name(path)
        if path.endswith(".py") and is_public_module(name):
            snapshot[name] = extract_module(name, path, files[path])
    return snapshot


def module_name(path: str) -> str:
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def is_public_module(name: str) -> bool:
    return bool(name) and not any(part.startswith("_") for part in name.split("."))


def extract_module(name: str, path: str, text: str) -> Module:
    tree = ast.parse(text, filename=path)
    exported = _dunder_all(tree)
    module = Module(name, path)
    for node in tree.body:
        _add_module_member(module, node, exported)
    return module


def _add_module_member(module: Module, node: ast.stmt, exported: set[str] | None) -> None:
    def public(name: str) -> bool:
        return name in exported if exported is not None else not name.startswith("_")

    if isinstance(node, ast.ClassDef) and public(node.name):
        module.classes[node.name] = _class(node)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and public(node.name):
        module.functions[node.name] = _function(node, is_method=False)
    elif isinstance(node, ast.ImportFrom) and exported is not None:
        for alias in node.names:  # re-exports count only when `__all__` names them
            local = alias.asname or alias.name
            if local in exported:
                source = "." * node.level + (node.module or "")
                module.aliases[local] = Alias(local, f"{source}.{alias.name}", node.lineno)
    else:
        for target, value in _assignments(node):
            if public(target) and target != "__all__":
                module.aliases[target] = Alias(target, value, node.lineno)


def _assignments(node: ast.stmt) -> list[tuple[str, str]]:
    if isinstance(node, ast.Assign):
        return [(t.id, _expression(node.value)) for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        return [(node.target.id, _expression(node.value))]
    type_alias = getattr(ast, "TypeAlias", None)  # `type X = ...`, Python 3.12+
    if type_alias is not None and isinstance(node, type_alias):
        name = getattr(node, "name", None)
        if isinstance(name, ast.Name):
            return [(name.id, _expression(node.value))]
    return []


def _dunder_all(tree: ast.Module) -> set[str] | None:
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)
            and isinstance(node.value, ast.List | ast.Tuple)
        ):
            return {
                e.value
                for e in node.value.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
    return None


def _class(node: ast.ClassDef) -> Class:
    api = Class(node.name, node.lineno)
    optional_key = _typed_dict_optional_key(node)
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            if not item.name.startswith("_") or item.name in PUBLIC_DUNDERS:
                api.methods[item.name] = _function(item, is_method=True)
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            name = item.target.id
            if not name.startswith("_"):
                annotation = _expression(item.annotation)
                # A TypedDict key has no default; what callers may leave out is what counts.
                optional = item.value is not None
                if optional_key is not None:
                    optional = optional_key(_qualifier(item.annotation))
                api.fields[name] = Field(name, annotation, optional, item.lineno)
        elif isinstance(item, ast.Assign):  # enum members and class constants
            for target in item.targets:
                if isinstance(target, ast.Name) and not target.id.startswith("_"):
                    api.fields[target.id] = Field(target.id, None, True, item.lineno)
    return api


def _typed_dict_optional_key(node: ast.ClassDef) -> Callable[[str | None], bool] | None:
    """For a TypedDict class, whether a key may be left out, given the qualifier of its
    annotation (`Required`, `NotRequired` or None): with `total=False` unless it is
    `Required[...]`, otherwise only when `NotRequired[...]`."""
    if not any(_qualifier(base, wrapped=False) == "TypedDict" for base in node.bases):
        return None
    total = not any(
        k.arg == "total" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in node.keywords
    )
    if total:
        return lambda qualifier: qualifier == "NotRequired"
    return lambda qualifier: qualifier != "Required"


def _qualifier(node: ast.expr, wrapped: bool = True) -> str | None:
    """The name `X` of an annotation `X[...]` (of `X` itself when not `wrapped`), with or
    without its module (`typing.Required[...]`)."""
    if wrapped:
        if not isinstance(node, ast.Subscript):
            return None
        node = node.value
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _function(node: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> Function:
    decorator = _decorator(node)
    parameters = _parameters(node.args)
    if is_method and decorator != "staticmethod" and parameters:
        parameters = parameters[1:]  # self / cls
    returns = _expression(node.returns) if node.returns else None
    return Function(node.name, tuple(parameters), returns, node.lineno, decorator)


def _decorator(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id in (
            "property",
            "cached_property",
            "classmethod",
            "staticmethod",
        ):
            return decorator.id
    return None


def _parameters(args: ast.arguments) -> list[Parameter]:
    positional = args.posonlyargs + args.args
    # Defaults belong to the last positional parameters.
    first_default = len(positional) - len(args.defaults)
    found = [
        _parameter(
            arg,
            "positional-only" if index < len(args.posonlyargs) else "positional-or-keyword",
            index >= first_default,
        )
        for index, arg in enumerate(positional)
    ]
    if args.vararg:
        found.append(_parameter(args.vararg, "var-positional", True))
    found += [
        _parameter(arg, "keyword-only", default is not None)
        for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg:
        found.append(_parameter(args.kwarg, "var-keyword", True))
    return found


def _parameter(arg: ast.arg, kind: str, has_default: bool) -> Parameter:
    annotation = _expression(arg.annotation) if arg.annotation else None
    return Parameter(arg.arg, kind, has_default, annotation)


def _expression(node: ast.expr) -> str:
    """The canonical text of an expression (ast.unparse). A union of hundreds of types
    (`A | B | ...`, anywhere in an annotation) is a chain of nested BinOps that ast.unparse
    recurses through one level per member, deeper than the default limit: the limit is raised
    by the depth of the expression while it is written (pure-Python recursion, no C stack)."""
    depth = _depth(node)
    limit = sys.getrecursionlimit()
    if depth * 8 < limit // 2:
        return ast.unparse(node)
    sys.setrecursionlimit(limit + depth * 8)
    try:
        return ast.unparse(node)
    finally:
        sys.setrecursionlimit(limit)


def _depth(node: ast.AST) -> int:
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest
