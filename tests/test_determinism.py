"""Same input, same bytes: two builds in separate processes with different hash seeds, from
different working directories, give identical files with no timestamps or absolute paths."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.output import read_tree
from tests.conftest import ROOT, SHARED

PAGES = [
    "fine_tuning_jobs_resume.md",
    "files.md",
    "organization_projects.md",
    "moderations_create.md",
]


def build_copy(workspace: Path, seed: str) -> dict[str, str]:
    spec = workspace / "project" / "spec"
    spec.mkdir(parents=True)
    for page in PAGES:
        shutil.copy(SHARED / "corpus" / "openai" / page, spec / page)
    (spec / "refgen.yaml").write_text(
        "title: Determinism\npackage: determinism\nsources: ['*.md']\n"
    )
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=spec.parent,
        env=environment,
        check=True,
        capture_output=True,
    )
    files = read_tree(spec.parent / "generated")
    files["spec/openapi.yaml"] = (spec / "openapi.yaml").read_text(encoding="utf-8")
    files["spec/openapi.sourcemap.json"] = (spec / "openapi.sourcemap.json").read_text(
        encoding="utf-8"
    )
    return files


def test_two_processes_with_different_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    first = build_copy(tmp_path / "one", "1")
    second = build_copy(tmp_path / "two" / "deeper", "4242")
    assert sorted(first) == sorted(second)
    for path in first:
        assert first[path] == second[path], f"{path} differs between runs"
    everything = "\n".join(first.values())
    assert str(tmp_path) not in everything and str(ROOT) not in everything  # no absolute paths
    assert not re.search(r"20\d\d-\d\d-\d\d[T ]\d\d:\d\d", everything)  # no timestamps


def test_a_symlinked_docs_folder_gives_the_same_bytes_wherever_it_points(tmp_path: Path) -> None:
    # The pages are named as the config reaches them, not by where a link happens to lead.
    outputs = []
    for place in ("one", "two/deeper"):
        docs = tmp_path / place / "docs"
        docs.mkdir(parents=True)
        shutil.copy(SHARED / "corpus" / "openai" / PAGES[0], docs / PAGES[0])
        project = tmp_path / f"project-{len(outputs)}"
        (project / "spec").mkdir(parents=True)
        (project / "spec" / "docs").symlink_to(docs)
        (project / "spec" / "refgen.yaml").write_text(
            "title: Linked\npackage: linked\nsources: ['docs/*.md']\n"
        )
        subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=project,
            check=True,
            capture_output=True,
        )
        outputs.append((project / "spec" / "openapi.sourcemap.json").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert f'"spec/docs/{PAGES[0]}:' in outputs[0]  # relative to the project
