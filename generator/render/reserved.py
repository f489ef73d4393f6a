"""Names generated code must not reuse, computed from what it stands beside, never typed.

- Members of the runtime classes that generated classes derive from (declared.MODEL_BASE,
  CLIENT_BASES): the runtime's source, as the templates folder in use holds it, is read with
  `ast` (never run): methods, properties, class attributes and every `self.name = ...` of its
  methods, following its bases; a base from outside the runtime (pydantic.BaseModel) is
  imported and asked with dir(). A member added to the runtime is reserved on the next run.
- Names each generated module imports (declared.py) and every name the type model can write
  (python_types.VOCABULARY), members the templates give their classes, method keyword arguments.
- Keywords: naming.python_identifier never returns one.
"""

from __future__ import annotations

import ast
import builtins
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from generator.render import declared, outside_names
from generator.render.python_types import VOCABULARY


@dataclass(frozen=True)
class ReservedNames:
    """What each kind of generated name must avoid."""

    type_names: frozenset[str]  # module level of models.py and of the resource modules
    field_names: frozenset[str]  # members of the model base class
    field_prefixes: tuple[str, ...]  # pydantic's protected namespaces, as the model base has them
    client_members: frozenset[str]  # members of Client and AsyncClient
    resource_members: frozenset[str]  # members every resource class has besides the API's
    parameter_names: frozenset[str]  # method options and the module names method bodies use

    def protected(self, field_name: str) -> bool:
        """Whether pydantic would warn about a field of this name (a protected namespace)."""
        return any(field_name.startswith(prefix) for prefix in self.field_prefixes)


def reserved_names(runtime: Mapping[str, str]) -> ReservedNames:
    """From the runtime's files ({file name: source}) as the package will ship them."""
    return _computed(tuple(sorted(runtime.items())))


@lru_cache(maxsize=8)
def _computed(files: tuple[tuple[str, str], ...]) -> ReservedNames:
    runtime = _Runtime(dict(files))
    model_module, model_class = declared.MODEL_BASE
    vocabulary = frozenset(named.name for named in VOCABULARY)
    module_names = frozenset(
        i.name for i in (*declared.TYPES_IMPORTS, *declared.RESOURCE_IMPORTS) if i.name is not None
    )
    signature_names = declared.SIGNATURE_BUILTINS | {"builtins"}
    return ReservedNames(
        type_names=vocabulary | module_names,
        field_names=runtime.members(model_module, model_class),
        field_prefixes=runtime.protected_namespaces(model_module, model_class),
        client_members=frozenset().union(*(runtime.members(m, c) for m, c in declared.CLIENT_BASES))
        | declared.CLIENT_MEMBERS
        | vocabulary & _BUILTIN_NAMES
        | signature_names,
        resource_members=declared.RESOURCE_MEMBERS | signature_names,
        parameter_names=declared.METHOD_OPTIONS
        | declared.STREAMED_METHOD_OPTIONS
        | module_names
        | {"self"},
    )


_BUILTIN_NAMES = frozenset(dir(builtins))


class _Runtime:
    """The runtime's modules as syntax trees, each parsed when first reached (only the
    modules the base classes live in are)."""

    def __init__(self, files: Mapping[str, str]) -> None:
        self.sources = {
            PurePosixPath(name).stem: (name, source)
            for name, source in files.items()
            if name.endswith(".py")
        }
        self.parsed: dict[str, ast.Module] = {}

    def tree(self, module: str) -> ast.Module | None:
        if module not in self.parsed and module in self.sources:
            name, source = self.sources[module]
            self.parsed[module] = ast.parse(source, name)
        return self.parsed.get(module)

    def members(self, module: str, class_name: str) -> frozenset[str]:
        """Public names an instance of the class has: its own and its bases'."""
        node = self._class(module, class_name)
        names = set(_own_members(node))
        for base in node.bases:
            names |= self._base_members(
                module, base.value if isinstance(base, ast.Subscript) else base
            )
        return frozenset(name for name in names if not name.startswith("_"))

    def protected_namespaces(self, module: str, class_name: str) -> tuple[str, ...]:
        """`protected_namespaces` of the class's `model_config = ConfigDict(...)`, else
        pydantic's default."""
        for statement in self._class(module, class_name).body:
            value = statement.value if isinstance(statement, ast.Assign | ast.AnnAssign) else None
            if isinstance(value, ast.Call):
                for keyword in value.keywords:
                    if keyword.arg == "protected_namespaces":
                        return tuple(str(p) for p in ast.literal_eval(keyword.value))
        return _pydantic_protected_namespaces()

    def _class(self, module: str, class_name: str) -> ast.ClassDef:
        tree = self.tree(module)
        found = (
            [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name]
            if tree
            else []
        )
        if not found:
            raise LookupError(f"the runtime defines no class {class_name} in {module}.py")
        return found[0]

    def _body(self, module: str) -> list[ast.stmt]:
        tree = self.tree(module)
        return tree.body if tree is not None else []

    def _base_members(self, module: str, base: ast.expr) -> set[str]:
        dotted = _dotted(base)
        if dotted is None:
            return set()
        head, _, rest = dotted.partition(".")
        if not rest and any(
            isinstance(n, ast.ClassDef) and n.name == head for n in self._body(module)
        ):
            return set(self.members(module, head))
        origin = self._imported(module, head)
        if origin is None:
            return set()
        source_module, name, relative = origin
        path = [p for p in (name, *rest.split(".")) if p]
        if relative:
            return set(self.members(source_module, path[0])) if len(path) == 1 else set()
        known = outside_names.public_members(source_module, tuple(path))
        if known is not None:  # members() keeps the public names only
            return set(known)
        found: object = importlib.import_module(source_module)
        for part in path:
            found = getattr(found, part)
        return set(dir(found))

    def _imported(self, module: str, name: str) -> tuple[str, str | None, bool] | None:
        """Where a module-level name of a runtime module comes from: (module, name in it or
        None for the module itself, whether the module is part of the runtime)."""
        for statement in self._body(module):
            if isinstance(statement, ast.Import):
                for alias in statement.names:
                    if (alias.asname or alias.name.split(".")[0]) == name:
                        return (alias.name if alias.asname else name), None, False
            if isinstance(statement, ast.ImportFrom):
                for alias in statement.names:
                    if (alias.asname or alias.name) == name:
                        return str(statement.module), alias.name, statement.level > 0
        return None


def _own_members(node: ast.ClassDef) -> Iterator[str]:
    for statement in node.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield statement.name
            if not isinstance(statement, ast.ClassDef):
                yield from _instance_attributes(statement)
        elif isinstance(statement, ast.Assign):
            yield from (t.id for t in statement.targets if isinstance(t, ast.Name))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            yield statement.target.id


def _instance_attributes(method: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[str]:
    """Every `self.name = ...` (or `self.name: T = ...`) in a method."""
    if not method.args.args:
        return
    this = method.args.args[0].arg
    for node in ast.walk(method):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign | ast.AugAssign)
            else []
        )
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == this
            ):
                yield target.attr


def _dotted(expression: ast.expr) -> str | None:
    if isinstance(expression, ast.Name):
        return expression.id
    if isinstance(expression, ast.Attribute):
        head = _dotted(expression.value)
        return f"{head}.{expression.attr}" if head else None
    return None


def _pydantic_protected_namespaces() -> tuple[str, ...]:
    """pydantic's default protected namespaces. pydantic exposes them only through its
    internal config defaults; should that move, every name starting with `model_` (its
    historical default, a superset) is treated as protected."""
    if outside_names.pinned_pydantic():
        return outside_names.PROTECTED_NAMESPACES
    try:
        from pydantic._internal._config import config_defaults

        return tuple(str(p) for p in config_defaults["protected_namespaces"])
    except (ImportError, KeyError, TypeError):  # pragma: no cover - depends on pydantic
        return ("model_",)
