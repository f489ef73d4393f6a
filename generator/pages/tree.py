"""The pages of a tree scanned into page models, on two cores when allowed.

One scan shares what the pages repeat (scan.NodeTable, scan.SectionMemo), so the pages cannot
be scanned one by one anywhere; but a tree falls into groups that repeat little of one another
(a resource page holds its methods' pages, not another resource's), and the groups scanned
each with tables of their own cost together about what one scan costs (1.03-1.10x on the
2026-08-22 tree). So this process and a forked worker (forked.py) take the groups in turn,
the heaviest first, as each finishes the last it took: a worker that finds no free core takes
little, and this process is left waiting for one group at most. The parts are then made
exactly what one scan would have made (pages/merge.py).
"""

from __future__ import annotations

import os
import struct
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
# Units of pages dealt between the processes, at most: their numbers (4 bytes each) fill the
# pipe before the worker starts, and a pipe takes PIPE_BUF bytes (4096 on Linux) in one write.
MAX_UNITS = 1024
_NUMBER = struct.Struct(">I")


def scan_tree(files: list[PageFile], diagnostics: Diagnostics, jobs: int = 1) -> list[Page]:
    """The page model of every page, in order. With `jobs` > 1 (and a fork allowed) the pages
    are scanned in units (_units) by this process and a forked worker, each unit with tables
    of its own; then they are made what one scan would have made (pages/merge.py), and what
    they said is given in the order of the pages: the same warnings, and the error of the
    first page that has one, as one scan would have stopped there."""
    units = _units(files) if jobs > 1 and can_fork() else [files]
    if len(units) == 1:
        # Shared by the pages of a tree, which repeat one another: each distinct declaration
        # is one object, and each distinct section is read once.
        table, memo = NodeTable(), SectionMemo()
        return [scan_page(read_page(f.path, f.name), diagnostics, table, memo) for f in files]
    merge = PageMerge([file.name for file in files])
    deal = _Deal(range(1, len(units)))  # the heaviest, units[0], is this process's
    try:
        scanning = Job(partial(_taken, units, deal), jobs)
        try:
            scanned = [(0, _scanned(units[0])), *_taken(units, deal)]
            for _, part in scanned:  # (while the worker still scans)
                merge.add(part.pages)
            theirs = scanning.result()
        finally:
            scanning.cancel()  # (an error or an interrupt came first)
    finally:
        deal.close()
    for _, part in theirs:
        merge.add(part.pages)
    return _joined(units, [*scanned, *theirs], merge, diagnostics)


class _Deal:
    """The numbers of the units still to take, shared by this process and its forked worker:
    a pipe filled (and its writing end closed) before the fork, read by both a number at a
    time; a read of a pipe that holds whole numbers takes a whole one, and the end of the
    pipe says that none is left."""

    def __init__(self, numbers: range) -> None:
        reading, writing = os.pipe()
        try:
            os.write(writing, b"".join(_NUMBER.pack(number) for number in numbers))
        finally:
            os.close(writing)
        self._reading = reading

    def take(self) -> int | None:
        data = os.read(self._reading, _NUMBER.size)
        return _NUMBER.unpack(data)[0] if data else None

    def close(self) -> None:
        os.close(self._reading)


def _taken(units: list[list[PageFile]], deal: _Deal) -> list[tuple[int, _ScannedPart]]:
    """Units taken from `deal` until none is left, each scanned: (its number, what it made)."""
    scanned = []
    while (number := deal.take()) is not None:
        scanned.append((number, _scanned(units[number])))
    return scanned


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
    units: list[list[PageFile]],
    scanned: list[tuple[int, _ScannedPart]],
    merge: PageMerge,
    diagnostics: Diagnostics,
) -> list[Page]:
    """The pages of every unit in reading order (`merge` holds them), after what their scan
    said; the error of the first page in reading order that had one is raised."""
    place = merge.place
    stops = [
        (place(units[number][len(part.pages)].name), part.stopped)
        for number, part in scanned
        if part.stopped is not None
    ]
    if stops:
        first = min(stops, key=itemgetter(0))[1]
        raise RefgenError(first) if isinstance(first, list) else first
    said = sorted(
        (
            (place(page.path), page_said)
            for _, part in scanned
            for page, page_said in zip(part.pages, part.said)
        ),
        key=itemgetter(0),
    )
    for _, page_said in said:  # given again: a warning given twice is kept once
        for diagnostic in page_said:
            give = diagnostics.warn if diagnostic.severity == "warning" else diagnostics.error
            give(diagnostic.location, diagnostic.message, diagnostic.quote)
    return merge.pages()


def _units(files: list[PageFile]) -> list[list[PageFile]]:
    """The pages in units to scan apart, each in reading order, the heaviest first; or all of
    them in one, when there are too few bytes to be worth a worker.

    A unit is a page and the pages of its folder (`beta.md`, `beta/**`, below the folder that
    holds every page): a resource page repeats its methods' pages, and a unit scans what it
    repeats once (scan.SectionMemo). When one such group holds more than two thirds of the
    bytes (or there are too many), the pages are cut in reading order at half their bytes
    instead, in two units (what repeats across the cut is then scanned in both)."""
    sizes = [_size(file) for file in files]
    total = sum(sizes)
    if total < SPLIT_FROM_BYTES or len(files) < 2:
        return [files]
    groups: dict[str, list[int]] = {}
    below = _common_folders(files)
    for index, file in enumerate(files):
        groups.setdefault(_group(file.name, below), []).append(index)
    units = sorted(groups.values(), key=lambda unit: (-sum(sizes[i] for i in unit), unit[0]))
    if 3 * sum(sizes[index] for index in units[0]) > 2 * total or len(units) > MAX_UNITS:
        cut = next(i for i, read in enumerate(accumulate(sizes), 1) if 2 * read >= total)
        cut = min(cut, len(files) - 1)
        units = sorted(
            [list(range(cut)), list(range(cut, len(files)))],
            key=lambda unit: -sum(sizes[i] for i in unit),
        )
    return [[files[index] for index in unit] for unit in units]


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
