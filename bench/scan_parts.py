"""The scan of a tree in parts, in CPU seconds: `.venv/bin/python bench/scan_parts.py [--runs N]
[TREE]`.

In this one process, alternating, medians of N runs: one scan of every page; the two parts
`refgen` scans on two cores (pages/tree.py: a page with its folder's pages in one part), each
with tables of its own; a plain cut of the pages at half their bytes, the same way; every
group with tables of its own; the cost of sending the worker's part (pickle, 1.4 MB on the
2026-08-22 tree) and of merging the parts (pages/merge.py: the part scanned here numbered
while the worker scans, the other after it arrives, then the shared pages). From these, the
scan's critical path on two idle cores: the longer of this process's part (and its numbering)
and the worker's (and its pickle), then the load, the rest of the merge. CPU time, so that
another process's load touches the figures least; the wall time of two processes needs two
idle cores, which `bench/ab.py` measures.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, nargs="?", default=DEFAULT_TREE)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    files = page_files([args.tree])
    names = [file.name for file in files]
    parts, cut, groups = tree._parts(files), _cut(files), _groups(files)
    if len(parts) != 2:
        sys.exit(f"{args.tree}: too small to be scanned in two parts")
    figures: dict[str, list[float]] = {}

    def measure(label: str, work: Callable[..., Any], *args: Any) -> Any:
        seconds, value = _cpu(lambda: work(*args))
        figures.setdefault(label, []).append(seconds)
        return value

    gc.disable()  # (as parse_pages runs)
    for _ in range(args.runs):
        measure("one scan", tree._scanned, files)
        mine = measure("this process's part", tree._scanned, parts[0])
        theirs = measure("the worker's part", tree._scanned, parts[1])
        data = measure("pickle.dumps (worker)", pickle.dumps, theirs, 5)
        back = measure("pickle.loads", pickle.loads, data)
        merge = PageMerge(names)
        measure("merge: number this part", merge.add, mine.pages)
        measure("merge: number the worker's", merge.add, back.pages)
        measure("merge: the shared pages", merge.pages)
        for index, part in enumerate(cut):
            measure(f"cut at half the bytes, part {index + 1}", tree._scanned, part)
        measure(f"each of {len(groups)} groups alone", lambda: [tree._scanned(g) for g in groups])
        gc.collect()
    median = {label: statistics.median(seconds) for label, seconds in figures.items()}
    print(f"# {args.tree}: parts of {len(parts[0])} + {len(parts[1])} pages; CPU s, medians")
    for label, value in median.items():
        print(f"{label:40} {value:.3f}")
    path = max(
        median["this process's part"] + median["merge: number this part"],
        median["the worker's part"] + median["pickle.dumps (worker)"],
    ) + sum(
        median[k] for k in ("pickle.loads", "merge: number the worker's", "merge: the shared pages")
    )
    print(
        f"{'the scan on two idle cores (path)':40} {path:.3f} = {path / median['one scan']:.2f} of one scan"
    )


if __name__ == "__main__":
    main()
