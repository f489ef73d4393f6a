"""Build a generated package into a directory and import it, for tests of generated code."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files


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
