"""The scan of a tree in units, in CPU seconds: `.venv/bin/python bench/scan_parts.py [--runs N]
[TREE]`.

In this one process, alternating, medians of N runs: one scan of every page; each unit
`refgen` deals between this process and its worker (pages/tree.py: a page with its folder's
pages) scanned with tables of its own; a plain cut of the pages at half their bytes, the same
way; the cost of sending the worker's units (pickle) and of merging (pages/merge.py: this
process's units numbered while the worker scans, the worker's after they arrive, then the
shared pages). From these, the scan's critical path on two idle cores: the units dealt as
scan_tree deals them (this process the heaviest, then each process the next as it finishes),
the worker's pickle, the load and the rest of the merge. CPU time, so that another process's
load touches the figures least; the wall time of two processes needs two idle cores, which
`bench/ab.py` measures.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_TREE
from generator.pages import tree
from generator.pages.merge import PageMerge
from generator.pages.reader import PageFile, page_files


def _cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    value = work()
    return time.process_time() - start, value


def _cut(files: list[PageFile]) -> list[list[PageFile]]:
    """The pages cut in reading order at half their bytes."""
    sizes = [file.path.stat().st_size for file in files]
    read = 0
    for index, size in enumerate(sizes):
        read += size
        if 2 * read >= sum(sizes):
            return [files[: index + 1], files[index + 1 :]]
    return [files, []]


def _groups(files: list[PageFile]) -> list[list[PageFile]]:
    below = tree._common_folders(files)
    groups: dict[str, list[PageFile]] = {}
    for file in files:
        groups.setdefault(tree._group(file.name, below), []).append(file)
    return list(groups.values())


def _add(merge: PageMerge, parts: list[Any]) -> None:
    for part in parts:
        merge.add(part.pages)


def _dealt(seconds: list[float]) -> tuple[list[int], list[int]]:
    """The units each process scans when unit i takes seconds[i]: this process the first,
    then whichever is free first takes the next (the worker, on a tie)."""
    mine, theirs = [0], []
    busy = [seconds[0], 0.0]
    for unit in range(1, len(seconds)):
        taker = 1 if busy[1] <= busy[0] else 0
        (theirs if taker else mine).append(unit)
        busy[taker] += seconds[unit]
    return mine, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, nargs="?", default=DEFAULT_TREE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = page_files([args.tree])
    names = [file.name for file in files]
    units, cut = tree._units(files), _cut(files)
    if len(units) == 1:
        sys.exit(f"{args.tree}: too small to be scanned in units")
    figures: dict[str, list[float]] = {}

    def measure(label: str, work: Callable[..., Any], *args: Any) -> Any:
        seconds, value = _cpu(lambda: work(*args))
        figures.setdefault(label, []).append(seconds)
        return value

    gc.disable()  # (as parse_pages runs)
    for _ in range(args.runs):
        measure("one scan", tree._scanned, files)
        scanned = [measure(f"unit {i}", tree._scanned, unit) for i, unit in enumerate(units)]
        mine, theirs = _dealt([figures[f"unit {i}"][-1] for i in range(len(units))])
        data = measure("pickle.dumps (worker)", pickle.dumps, [scanned[i] for i in theirs], 5)
        back = measure("pickle.loads", pickle.loads, data)
        merge = PageMerge(names)
        measure("merge: number this process's", _add, merge, [scanned[i] for i in mine])
        measure("merge: number the worker's", _add, merge, back)
        measure("merge: the shared pages", merge.pages)
        for index, part in enumerate(cut):
            measure(f"cut at half the bytes, part {index + 1}", tree._scanned, part)
        gc.collect()
    median = {label: statistics.median(seconds) for label, seconds in figures.items()}
    mine, theirs = _dealt([median[f"unit {i}"] for i in range(len(units))])
    print(f"# {args.tree}: {len(units)} units; this process's {mine}, the worker's {theirs}")
    for label, value in median.items():
        print(f"{label:40} {value:.3f}")
    each = sum(median[f"unit {i}"] for i in range(len(units)))
    print(f"{'every unit alone':40} {each:.3f} = {each / median['one scan']:.2f} of one scan")
    path = max(
        sum(median[f"unit {i}"] for i in mine) + median["merge: number this process's"],
        sum(median[f"unit {i}"] for i in theirs) + median["pickle.dumps (worker)"],
    ) + sum(
        median[k] for k in ("pickle.loads", "merge: number the worker's", "merge: the shared pages")
    )
    print(
        f"{'the scan on two idle cores (path)':40} {path:.3f} = {path / median['one scan']:.2f} of one scan"
    )


if __name__ == "__main__":
    main()
