"""The document build pass by pass: `.venv/bin/python bench/document_passes.py [TREE] [--runs N]`.

Scans TREE (default: the 2026-08-22 Anthropic tree) once, then builds its OpenAPI document
N times in this process with each pass of generator/openapi/document.py wrapped to count its
CPU time, and prints each pass's median. A tool for deciding where a change of the build's
shape could pay (session 9 of issue 16: how much of the build is per-page work that two cores
could share, against the passes over the whole document), not for quoting speed: one
process, the collector paused, the wrappers' own cost included.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_TREE
from generator.diagnostics import Diagnostics
from generator.openapi import document
from generator.openapi.provenance import Provenance
from generator.pipeline import read_pages

# The passes _build_document calls by these names, in the order it calls them.
PASSES = (
    "conventions",
    "place_operations",
    "build_operation",
    "_build_domain_type",
    "settle_operation",
    "resolve_variants",
    "link_listed_types",
    "share_identical_objects",
    "_paths",
    "_components",
    "_finalise_refs",
    "_define_missing",
    "_break_reference_cycles",
    "apply_rules",
    "join_alternatives",
    "_report_unexpanded",
)


def _timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return timed


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("tree", nargs="?", default=str(DEFAULT_TREE))
    options.add_argument("--runs", type=int, default=5)
    args = options.parse_args()
    pages = read_pages([Path(args.tree)], Diagnostics())
    spent: dict[str, float] = defaultdict(float)
    for name in PASSES:
        setattr(document, name, _timed(spent, name, getattr(document, name)))
    Provenance.export = _timed(spent, "provenance.export", Provenance.export)  # type: ignore[method-assign]
    runs: dict[str, list[float]] = defaultdict(list)
    gc.disable()
    for _ in range(args.runs):
        spent.clear()
        start = time.process_time()
        document.build_document(pages, document.ApiInfo(), Diagnostics())
        total = time.process_time() - start
        runs["the whole build"].append(total)
        for name in (*PASSES, "provenance.export"):
            runs[name].append(spent[name])
        runs["the rest"].append(total - sum(spent.values()))
        gc.collect()
    print(f"CPU seconds, medians of {args.runs} builds of {args.tree}'s document in process")
    for name, seconds in runs.items():
        print(f"  {name:28s} {statistics.median(seconds):6.3f} s")


if __name__ == "__main__":
    main()
