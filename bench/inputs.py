"""Inputs of the benchmark that are made rather than found: subsets of a documentation tree
(for the linearity check) and the pathological pages of issue 6 (one very wide body, one
very long page)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path


def tree_pages(tree: Path) -> list[Path]:
    return sorted(tree.rglob("*.md"), key=lambda p: p.relative_to(tree).as_posix())


def balanced_subset(tree: Path, parts: int, target: Path) -> Path:
    """One of `parts` size-balanced subsets of `tree`, copied to `target` with its folders.

    Taking every n-th file sorted by path gives subsets of very uneven size (a resource page
    of 2 MB beside its method pages of 10 kB), so the pages are dealt out largest first, each
    to the subset that is smallest so far (ties to the lowest index), and subset 0 is kept.
    Every subset then holds about 1/parts of the bytes and of the pages, and the same mix of
    page kinds (resource pages, method pages, parents that repeat their children)."""
    pages = tree_pages(tree)
    sizes = [0] * parts
    chosen: list[list[Path]] = [[] for _ in range(parts)]
    for page in sorted(pages, key=lambda p: (-p.stat().st_size, p.as_posix())):
        index = min(range(parts), key=lambda i: (sizes[i], i))
        sizes[index] += page.stat().st_size
        chosen[index].append(page)
    if target.exists():
        shutil.rmtree(target)
    for page in chosen[0]:
        destination = target / page.relative_to(tree)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, destination)
    return target


def wide_page(path: Path, fields: int = 100_000) -> Path:
    """One operation whose body has `fields` fields, each with a one-line description."""
    # Written as it goes: the benchmark measures the memory of the processes it starts, and
    # a child forked from a large parent counts the parent's pages too.
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        stream.write("## Wide\n\n**post** `/wide`\n\n### Body Parameters\n")
        for index in range(fields):
            stream.write(f"\n- `field_{index}: optional string`\n\n  Field number {index}.\n")
        stream.write("\n")
    return path


def big_page(tree: Path, path: Path, copies: int = 14) -> Path:
    """The tree's beta.md repeated `copies` times, copy K with its paths under /vK/ (so the
    operations are distinct): one very long page."""
    beta = (tree / "beta.md").read_text(encoding="utf-8")
    with path.open("w", encoding="utf-8", newline="") as stream:
        for copy in range(copies):
            stream.write(beta.replace("`/v1/", f"`/v{copy}x/"))
    return path


def file_bytes(paths: list[Path]) -> int:
    return sum(os.path.getsize(p) for p in paths)


_OPERATION_PATH = re.compile(r"^(\*\*[A-Za-z]+\*\*\s+`)/", re.MULTILINE)


def doubled_tree(tree: Path, target: Path) -> Path:
    """Twice `tree`: the tree itself in `target/a`, and a copy in `target/b` whose operation
    paths are moved under `/copy/` (so that its operations are new ones, while its types are
    those of the first copy: a larger API of the same kind)."""
    if target.exists():
        shutil.rmtree(target)
    for page in tree_pages(tree):
        relative = page.relative_to(tree)
        text = page.read_text(encoding="utf-8")
        for copy, content in (("a", text), ("b", _OPERATION_PATH.sub(r"\1/copy/", text))):
            destination = target / copy / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(content, encoding="utf-8", newline="")
    return target
