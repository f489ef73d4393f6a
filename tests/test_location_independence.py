"""Names from content only: the same pages give the same bytes (fragment, source map, generated
package) however the command line reaches them: by a relative path, an absolute one, through
a symlink, or from another working directory."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.output import read_tree
from generator.pipeline import parse_pages
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


def _page_with_members_named_alike(resource: str, field: str) -> str:
    """An operation whose union labels three different members `Item`, one an object."""
    return (
        f"## Create {resource}\n\n**post** `/{resource}`\n\n### Body Parameters\n\n"
        "- `source: Item or Item or Item`\n\n"
        "  - `Item = array of string`\n\n  - `Item = array of number`\n\n"
        f"  - `Item object {{ {field} }}`\n\n    - `{field}: string`\n\n"
        "### Returns\n\n- `id: string`\n"
    )


def test_members_named_alike_in_several_folders_are_named_by_content(tmp_path: Path) -> None:
    # Item 1 of issue 14 as a class: the same labels in pages of different folders, the folders
    # named like words a name could take; every spelling of the path gives the same bytes and
    # no generated name carries a folder's words.
    tree = tmp_path / "Machine Zeta" / "pages"
    for folder, resource, field in (
        ("alpha folder", "sources", "url"),
        ("beta/deep", "targets", "path"),
    ):
        (tree / folder).mkdir(parents=True)
        (tree / folder / "create.md").write_text(
            _page_with_members_named_alike(resource, field), encoding="utf-8"
        )
    (tmp_path / "link").symlink_to(tree)
    spellings = {
        "relative": ("pages", tree.parent),
        "absolute": (str(tree), tmp_path),
        "through a symlink": ("link", tmp_path),
    }
    results = {
        name: outputs(pages, cwd, tmp_path / "out" / name.replace(" ", "-"))
        for name, (pages, cwd) in spellings.items()
    }
    for name, files in results.items():
        assert files == results["relative"], f"the pages given {name} give other bytes"
    spec = results["relative"]["openapi.yaml"]
    for leak in ("Machine", "Zeta", "Alpha", "Beta", "Deep", "Folder", "Md"):
        assert f"schemas/{leak}" not in spec and leak not in _schema_names(spec), leak
    # The two identical arrays of both folders are one type each; each object is its own.
    assert {"SourcesItem", "SourcesCreateParamsSourceItem", "TargetsItem"} <= _schema_names(spec)
    assert "SourcesCreateParamsSourceItemWithUrl" in _schema_names(spec)


def _schema_names(spec: str) -> set[str]:
    """The component schema names of a fragment, and the words of each."""
    names = set(yaml.safe_load(spec)["components"]["schemas"])
    return names | {part for name in names for part in _pascal_words(name)}


def _pascal_words(name: str) -> list[str]:
    return re.findall(r"[A-Z][a-z0-9]*", name)


ITEMS_NOTHING_TELLS_APART = """## Create item

**post** `/items`

### Body Parameters

- `source: Item or Item or Item`

  - `Item object { a, b }`

    - `a: string`

    - `b: string`

  - `Item object { a }`

    - `a: object { x }`

      - `x: string`

  - `Item object { b }`

    - `b: object { y }`

      - `y: string`

### Returns

- `id: string`
"""


def test_names_of_last_resort_do_not_depend_on_the_pages_read_before(tmp_path: Path) -> None:
    # Three `Item`s that neither resource, path nor a field of their own tells apart: the
    # last is named by a digest of its structure. Another page read first (with objects of
    # its own) must not change it: the digest once covered placeholder references numbered
    # in reading order.
    alone, together = tmp_path / "alone", tmp_path / "together"
    for folder in (alone, together):
        folder.mkdir()
        (folder / "z_items.md").write_text(ITEMS_NOTHING_TELLS_APART, encoding="utf-8")
    (together / "a_other.md").write_text(
        "## Get other\n\n**get** `/other`\n\n### Returns\n\n"
        "- `one: object { p }`\n\n  - `p: string`\n\n- `two: object { q }`\n\n  - `q: string`\n",
        encoding="utf-8",
    )

    def items(folder: Path) -> dict[str, object]:
        schemas = parse_pages([folder]).document["components"]["schemas"]
        return {name: schema for name, schema in schemas.items() if name.startswith("Items")}

    found = items(alone)
    assert found == items(together)
    assert [n for n in found if re.fullmatch(r"ItemsCreateParamsSourceItemObject[0-9a-f]{8}", n)]
