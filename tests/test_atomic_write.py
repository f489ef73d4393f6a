"""Nothing lost: a write killed at any moment leaves the old tree or the new tree, complete."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.output import check_relative_path, read_tree, write_tree
from generator.ownership import MANIFEST, with_manifest

WRITER = """
import sys
from pathlib import Path
from generator.output import write_tree
target, marker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
files = {f"pkg/m{i:04}.py": f"# {marker} {i}\\n" + "x = 1\\n" * 200 for i in range(count)}
files["MARKER"] = marker
write_tree(target, files)
"""


def tree_state(target: Path, count: int) -> str:
    files = read_tree(target)
    markers = {text.split()[1] for path, text in files.items() if path.endswith(".py")}
    assert len(markers) == 1, f"a mix of trees: {sorted(markers)}"
    (marker,) = markers
    assert len(files) == count + 2 and files["MARKER"] == marker, "an incomplete tree"
    assert files[MANIFEST] == with_manifest(files)[MANIFEST], "a manifest of another tree"
    return marker


def test_sigkill_during_writes_never_leaves_a_mix(tmp_path: Path) -> None:
    target = tmp_path / "generated"
    count = 400
    write_tree(
        target,
        {f"pkg/m{i:04}.py": f"# old {i}\n" + "x = 1\n" * 200 for i in range(count)}
        | {"MARKER": "old"},
    )
    rng = random.Random(20261126)
    outcomes = []
    for attempt in range(12):
        marker = f"new{attempt}"
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(target), marker, str(count)],
            cwd=Path(__file__).resolve().parent.parent,
        )
        time.sleep(rng.uniform(0.05, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        outcomes.append("new" if tree_state(target, count) == marker else "old")
    # Leftover staging directories are temporary and hidden; they never replace the target.
    assert all(p.name.startswith(".") for p in tmp_path.iterdir() if p != target)
    print("outcomes after SIGKILL:", outcomes)  # old or new are both fine; a mix never is


@pytest.mark.parametrize(
    "bad",
    [
        "../x",
        "/etc/passwd",
        "a/../../b",
        "C:/x",
        "a\\b",
        "con.py",
        "nul",
        "",
        "a//b",
        "./a",
        "x\x00y",
    ],
)
def test_paths_outside_the_output_directory_are_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(RefgenError):
        check_relative_path(bad)
    with pytest.raises(RefgenError):
        write_tree(tmp_path / "out", {bad: "boom"})
    assert not (tmp_path / "out").exists()


def test_a_rewrite_replaces_the_tree_exactly(tmp_path: Path) -> None:
    target = tmp_path / "out"
    write_tree(target, {"a.py": "1", "sub/b.py": "2"})
    write_tree(target, {"c.py": "3"})
    assert read_tree(target) == with_manifest({"c.py": "3"})
    assert os.listdir(tmp_path) == ["out"]  # no temporary folder left beside it


def test_written_files_have_ordinary_permissions(tmp_path: Path) -> None:
    from generator.output import write_file

    old = os.umask(0o022)
    try:
        write_tree(tmp_path / "tree", {"pkg/a.py": "x"})
        write_file(tmp_path / "spec.yaml", "y")
    finally:
        os.umask(old)
    assert (tmp_path / "tree").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "tree" / "pkg" / "a.py").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "spec.yaml").stat().st_mode & 0o777 == 0o644


STALLED_WRITER = """
import sys, time
from pathlib import Path
import generator.output as output

def stall(*args, **kwargs):  # the tree is staged: be killed here, before the swap
    print("staged", flush=True)
    time.sleep(120)

output._make_durable = stall
output.write_tree(Path(sys.argv[1]), {"pkg/a.py": sys.argv[2]})
"""


def stalled_writer(target: Path, marker: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", STALLED_WRITER, str(target), marker],
        cwd=Path(__file__).resolve().parent.parent,
        text=True,
        stdout=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdout.readline() == "staged\n"
    return process


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def test_a_killed_write_leaves_nothing_git_shows_and_the_next_one_tidies_up(
    tmp_path: Path,
) -> None:
    git("init", "-q", cwd=tmp_path)
    target = tmp_path / "generated"
    write_tree(target, {"pkg/a.py": "old\n"})
    git("add", "-A", cwd=tmp_path)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "generated", cwd=tmp_path)

    writer = stalled_writer(target, "new\n")
    writer.kill()
    writer.wait()
    assert read_tree(target)["pkg/a.py"] == "old\n"
    assert (tmp_path / ".refgen-tmp").is_dir()  # the staged tree, left by the killed writer
    assert git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path) == ""

    legacy = tmp_path / ".generated.new-k3x_9a0b"  # what refgen 0.1 left when killed
    (legacy / "pkg").mkdir(parents=True)
    (legacy / "pkg" / "a.py").write_text("half\n")
    write_tree(target, {"pkg/a.py": "newer\n"})
    assert sorted(os.listdir(tmp_path)) == [".git", "generated"]  # both leftovers removed
    assert git("status", "--porcelain", cwd=tmp_path).splitlines() == [
        " M generated/.refgen-manifest",
        " M generated/pkg/a.py",
    ]


def test_writers_of_one_folder_take_turns(tmp_path: Path) -> None:
    target = tmp_path / "generated"
    first = stalled_writer(target, "first\n")  # holds the turn while it stalls
    second = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), "second", "3"],
        cwd=Path(__file__).resolve().parent.parent,
    )
    time.sleep(1.0)
    assert second.poll() is None, "the second writer did not wait for its turn"
    first.kill()
    first.wait()
    assert second.wait(timeout=60) == 0
    assert tree_state(target, 3) == "second"
    assert sorted(os.listdir(tmp_path)) == ["generated"]  # the first writer's staging removed


def test_an_old_tree_removed_meanwhile_keeps_the_turn_until_it_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside old_trees_removed_meanwhile() write_tree returns once the new tree is in place;
    the replaced tree is removed by a thread that keeps the folder's turn until it is done
    (another writer waits for it), and the block's end waits for the thread."""
    import shutil
    import threading

    from generator import output

    target = tmp_path / "generated"
    write_tree(target, {"pkg/a.py": "old\n", "pkg/deep/b.py": "old\n"})
    release = threading.Event()
    real_rmtree = shutil.rmtree

    def slow_rmtree(path: Path, *args: object, **kwargs: object) -> None:
        release.wait(timeout=30)  # the removal stalls until the test lets it go
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(output.shutil, "rmtree", slow_rmtree)
    with output.old_trees_removed_meanwhile():
        write_tree(target, {"pkg/a.py": "new\n"})
        assert read_tree(target)["pkg/a.py"] == "new\n"  # in place before the removal
        assert len(list((tmp_path / ".refgen-tmp").iterdir())) == 2  # .gitignore, old tree
        second = threading.Thread(target=write_tree, args=(target, {"pkg/a.py": "newer\n"}))
        second.start()
        second.join(timeout=0.5)
        assert second.is_alive(), "the second writer did not wait for the removal's turn"
        release.set()
        second.join(timeout=30)
    assert read_tree(target) == with_manifest({"pkg/a.py": "newer\n"})
    assert sorted(os.listdir(tmp_path)) == ["generated"]  # the work folder removed


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 and syncfs are Linux's")
def test_on_linux_the_swap_exchanges_the_trees_in_one_step(tmp_path: Path) -> None:
    """The C library's renameat2(RENAME_EXCHANGE) and syncfs are found and work: the two
    folders trade places, each keeping its own files (else the swap falls back on two renames)."""
    from generator import output

    libc = output._libc()
    assert libc is not None and hasattr(libc, "renameat2") and hasattr(libc, "syncfs")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a").write_text("from first", encoding="utf-8")
    (second / "b").write_text("from second", encoding="utf-8")
    assert output._exchange(first, second)
    assert (first / "b").read_text(encoding="utf-8") == "from second"
    assert (second / "a").read_text(encoding="utf-8") == "from first"
    assert output._syncfs(tmp_path)
