"""Overlay targets, timed: `.venv/bin/python bench/overlay_jsonpath.py [--runs N]`.

Times refgen's JSONPath (generator/openapi/jsonpath.py, on jsonpath-rfc9535) on the targets of
spec/overlay.yaml against the bundled example, and on costlier queries against the 2026-08-22
Anthropic tree; beside it, the hand-written subset refgen had before (read from git history,
commit HANDWRITTEN) and python-jsonpath in its strict RFC 9535 mode when it is installed
(`.venv/bin/pip install python-jsonpath`; it is no dependency of refgen). Prints the median of
the runs in ms, and checks that all select the same nodes in the same order. The figures of
docs/overlay.md ("Why this library") come from here.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml

from generator.openapi.jsonpath import find
from generator.pipeline import parse_pages

TREE = ROOT.parent / "shared" / "corpus" / "anthropic" / "2026-08-22"
TREE_QUERIES = (
    "$..properties.id",
    "$.paths.*.*.parameters[?@.name == 'limit']",
    "$.components.schemas[?@.type == 'object'].properties[?@.type == 'number']",
    "$..[?@.nullable == true]",
)
# The last commit with the hand-written generator/openapi/jsonpath.py.
HANDWRITTEN = "6d475ee"
Locations = list[tuple[Any, ...]]


def refgen_find(document: Any, query: str) -> Locations:
    return [node.location for node in find(document, query)]


def handwritten(folder: Path) -> Callable[[Any, str], Locations]:
    source = subprocess.run(
        ["git", "show", f"{HANDWRITTEN}:generator/openapi/jsonpath.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path = folder / "handwritten_jsonpath.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return lambda document, query: [node.location for node in module.find(document, query)]


def implementations(folder: Path) -> dict[str, Callable[[Any, str], Locations]]:
    found = {"hand-written": handwritten(folder), "refgen (jsonpath-rfc9535)": refgen_find}
    try:
        import jsonpath
    except ImportError:
        print("python-jsonpath is not installed: timing refgen's only")
        return found
    strict = jsonpath.JSONPathEnvironment(strict=True)
    found["python-jsonpath (strict)"] = lambda document, query: [
        match.parts for match in strict.finditer(query, document)
    ]
    return found


def median_ms(
    select: Callable[[Any, str], Locations], document: Any, queries: list[str], runs: int
) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for query in queries:
            select(document, query)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    overlay = yaml.safe_load((ROOT / "spec" / "overlay.yaml").read_text(encoding="utf-8"))
    example = parse_pages(sorted((ROOT / "spec").glob("*.md"))).document
    tree = parse_pages([TREE]).document
    cases = [
        ("the targets of spec/overlay.yaml", example, [a["target"] for a in overlay["actions"]])
    ]
    cases += [(query, tree, [query]) for query in TREE_QUERIES]
    chosen = implementations(Path(tempfile.mkdtemp(prefix="refgen-bench-")))
    print(" | ".join(["queries", *chosen]))
    for label, document, queries in cases:
        figures, answers = [], []
        for select in chosen.values():
            answers.append([select(document, query) for query in queries])
            figures.append(median_ms(select, document, queries, args.runs))
        assert all(answer == answers[0] for answer in answers), f"different nodes: {label}"
        print(" | ".join([label, *(f"{figure:,.1f}" for figure in figures)]))


if __name__ == "__main__":
    main()
