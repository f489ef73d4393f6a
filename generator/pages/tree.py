"""The pages of a tree scanned into page models, on two cores when allowed.

One scan shares what the pages repeat (scan.NodeTable, scan.SectionMemo), so the pages cannot
be scanned one by one anywhere; but a tree falls into parts that repeat little of one another
(a resource page holds its methods' pages, not another resource's), and two parts scanned
with tables of their own, one in a forked worker (forked.py), cost together about what one
scan costs. The parts are then made exactly what one scan would have made (pages/merge.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from operator import itemgetter

from generator.diagnostics import Diagnostic, Diagnostics, RefgenError
from generator.forked import Job, can_fork
from generator.pages.merge import PageMerge
from generator.pages.model import Page
from generator.pages.reader import PAGE_SUFFIXES, PageFile, read_page
from generator.pages.scan import NodeTable, SectionMemo, scan_page

# Pages of fewer bytes than this are scanned in one process: the scan of a half takes about
# as long as a worker's start and the pickle of its pages (a 1 MB tree scans in 0.05 s).
SPLIT_FROM_BYTES = 1_000_000


def scan_tree(files: list[PageFile], diagnostics: Diagnostics, jobs: int = 1) -> list[Page]:
    """The page model of every page, in order. With `jobs` > 1 (and a fork allowed) the pages
    are scanned in two parts (_parts), one by a forked worker, the other here at the same
    time; then the two are made what one scan would have made (pages/merge.py), and what
    they said is given in the order of the pages: the same warnings, and the error of the
    first page that has one, as one scan would have stopped there."""
    parts = _parts(files) if jobs > 1 and can_fork() else [files]
    if len(parts) == 1:
        # Shared by the pages of a tree, which repeat one another: each distinct declaration
        # is one object, and each distinct section is read once.
        table, memo = NodeTable(), SectionMemo()
        return [scan_page(read_page(f.path, f.name), diagnostics, table, memo) for f in files]
    mine, theirs = parts
    merge = PageMerge([file.name for file in files])
    scanning = Job(partial(_scanned, theirs), jobs)
    try:
        scanned = [_scanned(mine)]
        merge.add(scanned[0].pages)  # (while the worker still scans)
        scanned.append(scanning.result())
    finally:
        scanning.cancel()  # (an error or an interrupt came first)
    return _joined(parts, scanned, merge, diagnostics)


# What stops a scan and is reported to the user (cli._reported): a RefgenError travels as its
# diagnostics (it does not rebuild from its own pickle), the others as themselves.
_Stop = list[Diagnostic] | OSError | RecursionError


@dataclass(frozen=True)
class _ScannedPart:
    """What the scan of some pages made: the page models, in order, what the scan of each
    said, and the error that stopped it at the page after the last model, if one did."""

    pages: list[Page]
    said: list[list[Diagnostic]]
    stopped: _Stop | None


def _scanned(files: list[PageFile]) -> _ScannedPart:
    diagnostics = Diagnostics()
    table, memo = NodeTable(), SectionMemo()
    pages: list[Page] = []
    said: list[list[Diagnostic]] = []
    stopped: _Stop | None = None
    try:
        for file in files:
            given = len(diagnostics.items)
            pages.append(scan_page(read_page(file.path, file.name), diagnostics, table, memo))
            said.append(diagnostics.items[given:])
    except RefgenError as error:
        stopped = error.diagnostics
    except (OSError, RecursionError) as error:
        stopped = error
    return _ScannedPart(pages, said, stopped)


def _joined(
    parts: list[list[PageFile]],
    scanned: list[_ScannedPart],
    merge: PageMerge,
    diagnostics: Diagnostics,
) -> list[Page]:
    """The pages of the parts in reading order (`merge` holds the first part's already),
    after what their scan said; the error of the first page in reading order that had one
    is raised."""
    place = merge.place
    stops = [
        (place(part[len(done.pages)].name), done.stopped)
        for part, done in zip(parts, scanned)
        if done.stopped is not None
    ]
    if stops:
        first = min(stops, key=itemgetter(0))[1]
        raise RefgenError(first) if isinstance(first, list) else first
    said = sorted(
        (
            (place(page.path), page_said)
            for done in scanned
            for page, page_said in zip(done.pages, done.said)
        ),
        key=itemgetter(0),
    )
    for _, page_said in said:  # given again: a warning given twice is kept once
        for diagnostic in page_said:
            give = diagnostics.warn if diagnostic.severity == "warning" else diagnostics.error
            give(diagnostic.location, diagnostic.message, diagnostic.quote)
    merge.add(scanned[1].pages)
    return merge.pages()


def _parts(files: list[PageFile]) -> list[list[PageFile]]:
    """The pages in two parts of about equal bytes, each in reading order, the larger first
    (this process scans it while the worker scans and sends the other); or all of them in
    one, when there are too few bytes to be worth a worker.

    A page and the pages of its folder (`beta.md`, `beta/**`, below the folder that holds
    every page) go to one part: a resource page repeats its methods' pages, and a part scans
    what it repeats once (scan.SectionMemo); on the 2026-08-22 tree the two parts so made take
    about as much CPU together as one scan. When one such group holds more than two thirds of
    the bytes, the pages are cut in reading order at half their bytes instead (what repeats
    across the cut is then scanned in both parts)."""
    sizes = [_size(file) for file in files]
    total = sum(sizes)
    if total < SPLIT_FROM_BYTES or len(files) < 2:
        return [files]
    halves = _by_group(files, sizes)
    weights = [sum(sizes[index] for index in half) for half in halves]
    if 3 * min(weights) < total:
        cut = next(i for i, read in enumerate(accumulate(sizes), 1) if 2 * read >= total)
        halves = [
            list(range(min(cut, len(files) - 1))),
            list(range(min(cut, len(files) - 1), len(files))),
        ]
        weights = [sum(sizes[index] for index in half) for half in halves]
    if weights[0] < weights[1]:
        halves.reverse()
    return [[files[index] for index in half] for half in halves]


def _by_group(files: list[PageFile], sizes: list[int]) -> list[list[int]]:
    """The pages' indexes in two halves of whole groups (_group), the heaviest group first
    into the lighter half, each half in reading order."""
    groups: dict[str, list[int]] = {}
    below = _common_folders(files)
    for index, file in enumerate(files):
        groups.setdefault(_group(file.name, below), []).append(index)
    halves: list[list[int]] = [[], []]
    weights = [0, 0]
    for members in sorted(
        groups.values(), key=lambda members: (-sum(sizes[i] for i in members), members[0])
    ):
        lighter = 0 if weights[0] <= weights[1] else 1
        halves[lighter].extend(members)
        weights[lighter] += sum(sizes[index] for index in members)
    return [sorted(half) for half in halves]


def _common_folders(files: list[PageFile]) -> int:
    """How many folders every page's name begins with (`pages/` in a project)."""
    folders = [file.name.split("/")[:-1] for file in files]
    common = 0
    for names in zip(*folders):
        if len(set(names)) > 1:
            break
        common += 1
    return common


def _group(name: str, below: int) -> str:
    """The page's group: its first name below the common folders, a page's suffix left out
    (`admin.md` and `admin/users.md` are both `admin`)."""
    first = name.split("/")[below]
    for suffix in PAGE_SUFFIXES:
        first = first.removesuffix(suffix)
    return first


def _size(file: PageFile) -> int:
    """The page's bytes; 0 when they cannot be known now (its reading reports why, in its
    turn)."""
    try:
        return file.path.stat().st_size
    except OSError:
        return 0
