"""Build a generated package into a directory and import it, for tests of generated code."""

from __future__ import annotations

import importlib
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

from ruff.__main__ import find_ruff_bin

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render.loader import BUILTIN_TEMPLATES, RUNTIME_FILES

GOLDEN = Path(__file__).resolve().parent / "golden"


def generate_into(directory: Path, pages: list[Path], package: str) -> dict:
    """Write the package generated from `pages` under `directory`; return the document."""
    document = parse_pages(pages).document
    write_tree(directory, render_files(document, package))
    return document


def import_package(directory: Path, package: str) -> ModuleType:
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    return importlib.import_module(package)


def golden_package(case: str, directory: Path) -> Path:
    """A golden case's generated tree as committed, made whole again: the golden cases keep
    no copy of the runtime (tests/golden_cases.py), so it is added from templates/runtime.
    Returns the folder holding the package and docs."""
    target = directory / case
    shutil.copytree(GOLDEN / case / "generated", target)
    for package in [p.parent for p in target.glob("*/__init__.py")]:
        for name in RUNTIME_FILES:
            shutil.copyfile(BUILTIN_TEMPLATES / "runtime" / name, package / name)
    return target


def all_types(package: ModuleType) -> SimpleNamespace:
    """Every type of a generated package by name, whichever types module defines it (the
    layout spreads them by resource: docs/naming.md, "Package layout")."""
    found: dict[str, object] = {}
    types = importlib.import_module(f"{package.__name__}.types")
    modules = [types] + [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(types.__path__, f"{package.__name__}.types.")
    ]
    for module in modules:
        found.update({name: getattr(module, name) for name in module.__all__})
    return SimpleNamespace(**found)


def types_source(files: dict[str, str] | Path, package: str) -> str:
    """The text of every types module of a generated package (a file map, or the folder
    holding the package), one after the other."""
    if isinstance(files, Path):
        folder = files / package / "types"
        return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py")))
    prefix = f"{package}/types/"
    return "".join(files[p] for p in sorted(files) if p.startswith(prefix) and p.endswith(".py"))


def types_file(directory: Path, package: str, class_name: str) -> Path:
    """The types module (a file under `directory`) that defines `class_name`."""
    for path in sorted((directory / package / "types").rglob("*.py")):
        if f"\nclass {class_name}(" in path.read_text(encoding="utf-8"):
            return path
    raise LookupError(f"no types module of {package} defines {class_name}")


# What a team vendoring the package checks it with: ruff under its default settings (line
# length 88) and under the project's (100), and mypy --strict.
RUFF_SETTINGS = ((), ("--line-length", "100"))
# And the rules whose fixes the pipeline no longer runs: the renderer writes imports and
# `__all__` in their order and only the imports a module uses (render/import_order.py).
RENDERED_ORDER_RULES = ("--extend-select", "I,RUF022")


def ruff_findings(package: Path) -> str:
    """ruff check's findings on `package` under each of RUFF_SETTINGS ("" when none)."""
    findings = []
    for settings in RUFF_SETTINGS:
        result = subprocess.run(
            [
                find_ruff_bin(),
                "check",
                "--isolated",
                *RENDERED_ORDER_RULES,
                *settings,
                str(package),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            findings.append(f"{package} {settings}:\n{result.stdout}")
    return "".join(findings)


def mypy_strict_findings(package: Path, cache: Path, *modules: str) -> str:
    """mypy --strict's findings on `package` and on the `modules` (files beside it, such as
    a usage file), run from its parent folder ("" when none)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(cache),
            package.name,
            *modules,
        ],
        cwd=package.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    return "" if result.returncode == 0 else f"{package}:\n{result.stdout}{result.stderr}"
