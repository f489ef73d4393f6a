"""The pages scanned in units on two cores (pages/tree.py, pages/merge.py): whatever `--jobs`
is, the same page models (the same objects shared, placed at the same lines), the same
warnings in the same order, the same error (the first page's that has one, at its own
file:line), and no worker left behind. Real forks in real processes throughout: pytest's
workers run threads, and a process that runs threads does not fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import refgen
from tests.conftest import ANTHROPIC, ROOT
from tests.test_jobs import _CHILDREN_LEFT  # (the no-zombie check, appended to scripts)

# Each page is padded with prose (which the scan reads and ignores) to these bytes: the tree
# passes the size below which it is scanned in one process (tree.SPLIT_FROM_BYTES, 1 MB), and
# the units are [m.md, m/sub.md] (this process's, the heaviest), then [a-first.md] (which the
# worker takes while this process scans the first) and [z-last.md] (either's): units scanned
# apart come both before and after this process's first.
_PADDING = {"a-first.md": 330_000, "m.md": 300_000, "m/sub.md": 280_000, "z-last.md": 220_000}

_STRAY = "- `stray: string`"  # a declaration outside any section: a warning
_THING = "- `Thing object { id, name }`"  # the declaration every page repeats


def _page(name: str, route: str, extra: str = "") -> str:
    prose = "Prose that the scan reads and leaves: it only makes the page heavier.\n"
    padding = prose * (_PADDING[name] // len(prose))
    return (
        f"# {name}\n\n{padding}\n{_STRAY}\n\n## List\n\n**get** `{route}`\n\nLists things.\n\n"
        f"### Returns\n\n{_THING}\n\n  - `id: string`\n\n  - `name: string`\n\n{extra}"
    )


def _tree(root: Path, extra: dict[str, str] | None = None) -> Path:
    """The four pages under `root`, `extra` text appended to the pages it names."""
    routes = {"a-first.md": "/a", "m.md": "/m", "m/sub.md": "/m/sub", "z-last.md": "/z"}
    for name, route in routes.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_page(name, route, (extra or {}).get(name, "")), encoding="utf-8")
    return root


def _line(name: str, text: str) -> int:
    """The line of `text` on the page `name` (counted from 1)."""
    return _page(name, "/").split("\n").index(text) + 1


_SCRIPT = """
import os, sys
from pathlib import Path
from generator.diagnostics import Diagnostics
from generator.pages.model import DeclNode
from generator.pages.reader import page_files
from generator.pages.tree import _units, scan_tree

def shape(pages):
    '''Each page's declarations as the order in which their objects first appear: equal
    lists share objects alike. With every node's place.'''
    seen, places = {}, []
    def visit(node):
        if id(node) not in seen:
            seen[id(node)] = len(seen)
            places.append(str(node.location))
        out.append(seen[id(node)])
        for child in node.children:
            visit(child)
    out = []
    for page in pages:
        for operation in page.operations:
            for section in operation.sections:
                for node in section.declarations:
                    visit(node)
        for domain_type in page.domain_types:
            for node in domain_type.declarations:
                visit(node)
    return out, places

files = page_files([Path(sys.argv[1])])
print("units:", [[file.name for file in unit] for unit in _units(files)])
results = []
for jobs in (1, 2):
    said = Diagnostics()
    pages = scan_tree(files, said, jobs)
    results.append((pages, shape(pages), [d.render() for d in said.items]))
one, two = results
print("same pages:", one[0] == two[0])
print("same sharing and places:", one[1] == two[1])
print("same warnings:", one[2] == two[2])
for warning in two[2]:
    print(warning.splitlines()[0])
for page in two[0][:8]:
    if page.operations and page.operations[0].sections:
        print(page.path, page.operations[0].sections[0].declarations[0].location)
"""


def _run_script(script: str, *args: str) -> list[str]:
    """`script` in a Python process of its own: its output's lines."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_units_scanned_apart_make_the_pages_one_scan_makes(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree")
    lines = _run_script(_SCRIPT, str(tree))
    assert lines[0] == "units: [['m.md', 'm/sub.md'], ['a-first.md'], ['z-last.md']]"
    assert lines[1:4] == [
        "same pages: True",
        "same sharing and places: True",
        "same warnings: True",
    ]
    # The warnings in the order of the pages, the other units' before and after the first's.
    assert lines[4:8] == [
        f"{name}:{_line(name, _STRAY)}:1: warning: declaration outside any parameters, returns or "
        "domain-types section; it is ignored"
        for name in ("a-first.md", "m.md", "m/sub.md", "z-last.md")
    ]
    # The repeated declaration is one object, placed where it was read first: on a-first.md
    # (column 4: the text in the code span), also in the pages of the other units.
    assert lines[8:] == [f"{name} a-first.md:{_line('a-first.md', _THING)}:4" for name in _PADDING]


def test_the_tree_scanned_in_units_is_the_tree_scanned_in_one() -> None:
    lines = _run_script(_SCRIPT, str(ANTHROPIC / "2026-08-22"))
    assert lines[0].startswith("units: [['beta.md', 'beta/")  # the pages split by groups
    assert lines[1:4] == [
        "same pages: True",
        "same sharing and places: True",
        "same warnings: True",
    ]


def _parse(tree: Path, out: Path, jobs: str) -> tuple[int, str, bytes, bytes]:
    result = refgen(
        "parse", tree.name, "-o", str(out / "a.yaml"), "--source-map", str(out / "a.json"),
        "--jobs", jobs, cwd=tree.parent,
    )  # fmt: skip
    written = [out / "a.yaml", out / "a.json"]
    return (
        result.returncode,
        result.stderr,
        *(path.read_bytes() if path.exists() else b"" for path in written),
    )  # type: ignore[return-value]


def test_parse_gives_the_same_bytes_with_one_job_and_with_two(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree", {"z-last.md": "```json\n{}\n"})  # never closed
    runs = [_parse(tree, tmp_path / f"out{jobs}", jobs) for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    status, stderr, fragment, _ = runs[1]
    assert status == 0 and "tree/z-last.md" in stderr and b"/m/sub:" in fragment
    fence = _page("z-last.md", "/").count("\n") + 1
    assert stderr.splitlines()[-1] == f"tree/z-last.md:{fence}: warning: code block is never closed"


@pytest.mark.parametrize(
    ("bad", "reported"),
    [
        (("z-last.md",), "z-last.md"),  # in the last unit alone
        (("m/sub.md",), "m/sub.md"),  # in this process's first unit alone
        (("a-first.md", "m.md"), "a-first.md"),  # the worker's first unit's page comes first
        (("m/sub.md", "z-last.md"), "m/sub.md"),  # this process's first unit's comes first
    ],
)
def test_an_error_is_the_first_pages_at_its_own_line(
    tmp_path: Path, bad: tuple[str, ...], reported: str
) -> None:
    tree = _tree(tmp_path / "tree", {name: "**fetch** `/broken`\n" for name in bad})
    runs = [_parse(tree, tmp_path / f"out{jobs}", jobs) for jobs in ("1", "2")]
    assert runs[0] == runs[1]
    status, stderr, fragment, source_map = runs[1]
    line = _page(reported, "/").count("\n") + 1
    assert status == 1 and not fragment and not source_map
    assert (
        stderr
        == f"tree/{reported}:{line}:1: error: unknown HTTP method 'fetch'\n    **fetch** `/broken`\n"
    )


_INTERRUPTED = (
    """
import os, signal, sys
from pathlib import Path
from generator.diagnostics import Diagnostics
from generator.pages.reader import page_files
from generator.pages.tree import scan_tree

def interrupt(signum, frame):
    raise KeyboardInterrupt

files = page_files([Path(sys.argv[1])])
signal.signal(signal.SIGALRM, interrupt)
signal.setitimer(signal.ITIMER_REAL, 0.1)  # Ctrl-C while both processes scan
try:
    scan_tree(files, Diagnostics(), 2)
except KeyboardInterrupt:
    print("interrupted")
"""
    + _CHILDREN_LEFT
)


def test_an_interrupt_during_the_scan_stops_the_worker() -> None:
    lines = _run_script(_INTERRUPTED, str(ANTHROPIC / "2026-08-22"))
    assert lines == ["interrupted", "children left: none"]


_FAILED = (
    """
import os, sys
from pathlib import Path
from generator.diagnostics import Diagnostics, RefgenError
from generator.pages.reader import page_files
from generator.pages.tree import scan_tree

try:
    scan_tree(page_files([Path(sys.argv[1])]), Diagnostics(), 2)
except RefgenError as error:
    print(error)
"""
    + _CHILDREN_LEFT
)


def test_an_error_in_this_processs_unit_leaves_no_worker(tmp_path: Path) -> None:
    tree = _tree(tmp_path / "tree", {"m.md": "**fetch** `/broken`\n"})
    lines = _run_script(_FAILED, str(tree))
    line = _page("m.md", "/").count("\n") + 1
    assert lines == [
        f"m.md:{line}:1: error: unknown HTTP method 'fetch'",
        "    **fetch** `/broken`",
        "children left: none",
    ]
