"""A rewrite writes only what changed: a file of the tree that already holds the new bytes is
carried into the new tree as it is (same inode, same times), inside the same atomic swap."""

from __future__ import annotations

import os
import time
from pathlib import Path

from generator.output import read_tree, write_tree
from generator.ownership import MANIFEST, with_manifest


def identity(path: Path) -> tuple[int, int]:
    found = path.stat()
    return found.st_ino, found.st_mtime_ns


def test_unchanged_files_are_kept_and_changed_ones_written(tmp_path: Path) -> None:
    target = tmp_path / "out"
    first = {"a.py": "a = 1\n", "sub/b.py": "b = 2\n", "sub/c.py": "c = 3\n", "gone.py": "x\n"}
    write_tree(target, first)
    before = {name: identity(target / name) for name in ("a.py", "sub/b.py", "sub/c.py")}
    time.sleep(0.05)  # so that a file written again would have a later time
    second = {
        "a.py": "a = 1\n",  # unchanged
        "sub/b.py": "b = 2 \n",  # one byte more
        "sub/c.py": "c = 4\n",  # the same size, another byte
        "new.py": "n = 0\n",
    }
    write_tree(target, second)
    assert read_tree(target) == with_manifest(second)
    assert identity(target / "a.py") == before["a.py"]
    assert identity(target / "sub/b.py") != before["sub/b.py"]
    assert identity(target / "sub/c.py") != before["sub/c.py"]
    assert (target / "sub/c.py").read_text() == "c = 4\n"
    assert (target / "a.py").stat().st_nlink == 1  # the old tree is gone with its links
    assert not (target / "gone.py").exists()
    assert os.listdir(tmp_path) == ["out"]


def test_a_rewrite_of_the_same_files_writes_none(tmp_path: Path) -> None:
    target = tmp_path / "out"
    files = {"a.py": "1\n", "sub/b.md": "# B\n"}
    write_tree(target, files)
    before = {path: identity(target / path) for path in with_manifest(files)}
    time.sleep(0.05)
    write_tree(target, files)
    assert {path: identity(target / path) for path in with_manifest(files)} == before
    assert MANIFEST in before


def test_a_file_linked_from_elsewhere_is_written_anew(tmp_path: Path) -> None:
    """A hard link someone made to a generated file must not come to share the new tree's
    file (an edit through it would then change the generated code)."""
    target = tmp_path / "out"
    write_tree(target, {"a.py": "a = 1\n"})
    outside = tmp_path / "mine.py"
    os.link(target / "a.py", outside)
    write_tree(target, {"a.py": "a = 1\n"})
    assert not os.path.samefile(target / "a.py", outside)
    outside.write_text("edited = True\n")
    assert (target / "a.py").read_text() == "a = 1\n"


def test_a_file_rewritten_with_its_own_bytes_is_kept(tmp_path: Path) -> None:
    """write_file (the fragment, the source map) keeps a file that already holds the text:
    its inode and times, as write_tree keeps a tree's unchanged files; other text, or a
    file that is not plain, is replaced."""
    from generator.output import write_file

    target = tmp_path / "openapi.yaml"
    write_file(target, "openapi: 3.1.0\n")
    before = identity(target)
    time.sleep(0.05)
    write_file(target, "openapi: 3.1.0\n")
    assert identity(target) == before
    write_file(target, "openapi: 3.1.1\n")  # the same size, another byte
    assert identity(target) != before and target.read_text() == "openapi: 3.1.1\n"
    write_file(target, "openapi: 3.1.1\nx: 1\n")
    assert target.read_text() == "openapi: 3.1.1\nx: 1\n"
