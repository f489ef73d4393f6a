"""Build a generated package into a directory and import it, for tests of generated code."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType

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
