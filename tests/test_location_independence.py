"""Names from content only: the same pages give the same bytes (fragment, source map, generated
package) however the command line reaches them: by a relative path, an absolute one, through
a symlink, or from another working directory."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from generator.output import read_tree
from tests.conftest import ROOT

PAGES = ROOT / "tests" / "fixtures" / "vendor"


def outputs(pages: str, cwd: Path, out: Path) -> dict[str, str]:
    """What `refgen parse` then `refgen generate` write, run in `cwd` on `pages` as given."""
    out.mkdir(parents=True)
    for command in (
        ["parse", pages, "-o", str(out / "openapi.yaml"), "--source-map", str(out / "map.json")],
        [
            "generate",
            str(out / "openapi.yaml"),
            "-o",
            str(out / "generated"),
            "--package",
            "vendor_api",
        ],
    ):
        subprocess.run(
            [sys.executable, "-m", "generator", *command], cwd=cwd, check=True, capture_output=True
        )
    files = read_tree(out / "generated")
    files["openapi.yaml"] = (out / "openapi.yaml").read_text(encoding="utf-8")
    files["map.json"] = (out / "map.json").read_text(encoding="utf-8")
    return files


def test_relative_absolute_and_linked_paths_give_the_same_bytes(tmp_path: Path) -> None:
    docs = tmp_path / "machine" / "some folder" / "reference"
    shutil.copytree(PAGES, docs)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "linked").symlink_to(docs)
    spellings = {
        "relative": ("reference", docs.parent),
        "absolute": (str(docs), tmp_path),
        "through a symlink": ("linked", tmp_path / "elsewhere"),
        "roundabout": ("../../some folder/./reference", docs),
    }
    results = {
        name: outputs(pages, cwd, tmp_path / "out" / name.replace(" ", "-"))
        for name, (pages, cwd) in spellings.items()
    }
    first = results["relative"]
    for name, files in results.items():
        assert sorted(files) == sorted(first), name
        for path, text in files.items():
            assert text == first[path], f"{path} differs when the pages are given {name}"
    everything = "\n".join(first.values())
    # (not "docs/": refgen's own docs folder is listed in the tree's manifest)
    for leak in ("machine", "some folder", "SomeFolder", "reference/", str(tmp_path)):
        assert leak not in everything, f"{leak!r}: the pages' whereabouts leak into the output"


def test_one_page_and_its_folder_name_it_alike(tmp_path: Path) -> None:
    page = "embeddings.md"
    alone = outputs(str(PAGES / page), tmp_path, tmp_path / "alone")
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(PAGES / page, copy / page)
    folder = outputs("copy", tmp_path, tmp_path / "folder")
    assert alone == folder
