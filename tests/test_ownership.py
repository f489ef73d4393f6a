"""Issue #11, finding 2: refgen replaces only what it can show it wrote. Each case was a
deletion on refgen 0.1 (exit 0); each is now refused, exit 1, with nothing touched. Real
subprocesses, real files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.ownership import (
    MANIFEST,
    MANIFEST_HEADER,
    check_tree_place,
    manifest_paths,
    with_manifest,
)
from tests.cli_run import refgen

PAGE = """\
## Things

**get** `/things/{id}`

Get a thing.

### Path Parameters

- `id: string`

### Returns

- `Thing object { id, name }`

  - `id: string`

  - `name: string`
"""


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file and link under `root`, with its bytes (or where it points)."""
    found: dict[str, bytes | str] = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            found[key] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return found


@pytest.fixture
def api(tmp_path: Path) -> Path:
    """A folder with a page, its document (api.yaml), and a stand-in for a repository."""
    (tmp_path / "things.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    result = refgen("parse", "things.md", "-o", "api.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return tmp_path


def refused(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


# -- places never written ------------------------------------------------------------------------


def test_generate_into_the_current_directory_is_refused(api: Path) -> None:
    before = snapshot(api)
    result = refgen("generate", "api.yaml", "-o", ".", cwd=api)
    refused(
        result,
        f".: error: refusing to replace this directory: it is the current "
        f"directory ({api.resolve()})",
    )
    assert snapshot(api) == before


def project(root: Path, generated: str, more: str = "") -> Path:
    spec = root / "spec"
    spec.mkdir(parents=True)
    (spec / "things.md").write_text(PAGE, encoding="utf-8")
    (spec / "refgen.yaml").write_text(f"title: T\npackage: demo\ngenerated: {generated}\n{more}")
    (root / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    return spec / "refgen.yaml"


def test_generated_dot_is_refused_pages_and_config_kept(tmp_path: Path) -> None:
    config = project(tmp_path, ".")
    before = snapshot(tmp_path)
    result = refgen("build", "--config", "spec/refgen.yaml", cwd=tmp_path)
    refused(
        result,
        "spec/refgen.yaml:3: error: setting 'openapi' (spec/openapi.yaml) is inside "
        "'generated' (spec)",
    )
    config.write_text(config.read_text() + "openapi: ../api.yaml\nsource_map: ../map.json\n")
    before = snapshot(tmp_path)
    result = refgen("build", "--config", "spec/refgen.yaml", cwd=tmp_path)
    refused(
        result,
        "spec: error: refusing to replace this directory: it holds spec/refgen.yaml,"
        " which this run reads",
    )
    assert snapshot(tmp_path) == before


def test_generated_dot_dot_is_refused_from_anywhere(tmp_path: Path) -> None:
    project(tmp_path / "checkout", "..", "openapi: ../../api.yaml\nsource_map: ../../map.json\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    before = snapshot(tmp_path)
    config = str(tmp_path / "checkout" / "spec" / "refgen.yaml")
    result = refgen("build", "--config", config, cwd=elsewhere)
    refused(result, "error: refusing to replace this directory: it holds ")
    assert snapshot(tmp_path) == before


def test_a_project_root_is_refused(tmp_path: Path) -> None:
    project(tmp_path / "checkout", "../generated")
    (tmp_path / "checkout" / "spec" / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n"
    )
    other = tmp_path / "other"
    other.mkdir()
    result = refgen("generate", "../checkout/spec/api.yaml", "-o", "../checkout", cwd=other)
    refused(result, "refusing to replace this directory: it holds ../checkout/spec/api.yaml")


def test_the_home_directory_is_refused(api: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    (home / ".bashrc").write_text("export A=1\n")
    result = refgen(
        "generate", str(api / "api.yaml"), "-o", str(home), cwd=api, env={"HOME": str(home)}
    )
    refused(result, f"refusing to replace this directory: it is the home directory ({home})")
    assert (home / ".bashrc").read_text() == "export A=1\n"


def test_the_file_system_root_is_refused_without_writing() -> None:
    with pytest.raises(RefgenError, match="refusing to replace this directory: it holds"):
        check_tree_place(Path("/"))  # only the check: this test must never write


def test_an_absolute_path_to_a_foreign_directory_is_refused(api: Path, tmp_path: Path) -> None:
    victim = tmp_path.parent / f"{tmp_path.name}-victim"
    victim.mkdir()
    (victim / "thesis.tex").write_text("years of work\n")
    config = api / "refgen.yaml"
    config.write_text(f"title: T\npackage: demo\nsources: [things.md]\ngenerated: {victim}\n")
    result = refgen("build", "--config", "refgen.yaml", cwd=api)
    refused(result, f"{victim}/thesis.tex: error: not written by refgen")
    assert (
        f"{victim}: error: refusing to replace this directory: it holds 1 file(s)" in result.stderr
    )
    assert (victim / "thesis.tex").read_text() == "years of work\n"


def test_a_committed_symlink_in_place_of_generated_is_refused(api: Path, tmp_path: Path) -> None:
    victim = tmp_path.parent / f"{tmp_path.name}-linked"
    victim.mkdir()
    (victim / "photo.jpg").write_bytes(b"\xff\xd8")
    (api / "generated").symlink_to(victim)
    result = refgen("generate", "api.yaml", "-o", "generated", cwd=api)
    refused(result, f"generated: error: refusing to write here: a symbolic link (to {victim})")
    assert (victim / "photo.jpg").read_bytes() == b"\xff\xd8" and (api / "generated").is_symlink()


def test_a_file_in_place_of_the_tree_is_refused(api: Path) -> None:
    result = refgen("generate", "api.yaml", "-o", "notes.txt", cwd=api)
    refused(result, "notes.txt: error: refusing to write here: not a directory")
    assert (api / "notes.txt").read_text() == "mine\n"


# -- owned trees ---------------------------------------------------------------------------------


def test_a_tree_carries_a_manifest_that_sha256sum_verifies(api: Path) -> None:
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    manifest = (api / "out" / MANIFEST).read_text()
    assert manifest.splitlines()[0] == MANIFEST_HEADER
    files = {p: t.decode() for p, t in snapshot(api / "out").items() if p != MANIFEST}
    assert manifest == with_manifest(files)[MANIFEST]
    assert manifest_paths(api / "out") == set(files)
    check = subprocess.run(
        ["sha256sum", "--check", "--strict", MANIFEST],
        cwd=api / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0 and check.stdout.count(": OK") == len(files)


def test_files_added_to_an_owned_tree_are_kept_and_the_run_refused(api: Path) -> None:
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    (api / "out" / "docs" / "notes.md").write_text("my notes\n")
    (api / "out" / "extra").mkdir()
    (api / "out" / "extra" / "conftest.py").write_text("x = 1\n")
    before = snapshot(api / "out")
    result = refgen("generate", "api.yaml", "-o", "out", cwd=api)
    refused(
        result,
        "out/docs/notes.md: error: not written by refgen (not listed in "
        "out/.refgen-manifest, and refgen does not write it)",
    )
    assert "out/extra/conftest.py: error: not written by refgen" in result.stderr
    assert "out: error: refusing to replace this directory: it holds 2 file(s)" in result.stderr
    assert snapshot(api / "out") == before
    (api / "out" / "docs" / "notes.md").unlink()
    (api / "out" / "extra" / "conftest.py").unlink()
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    assert not (api / "out" / "extra").exists()  # an empty folder holds nothing to lose


def test_refgens_own_files_and_caches_are_replaced(api: Path) -> None:
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    written = snapshot(api / "out")
    types = api / "out" / "api_client" / "types" / "__init__.py"
    types.write_text("# edited by hand\n")  # refgen's path in refgen's tree: regenerated
    (api / "out" / "api_client" / "__pycache__").mkdir()
    (api / "out" / "api_client" / "__pycache__" / "_client.cpython-311.pyc").write_bytes(b"\0")
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    assert snapshot(api / "out") == written


def test_a_merged_manifest_still_lists_both_sides(api: Path) -> None:
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    manifest = api / "out" / MANIFEST
    lines = manifest.read_text().splitlines()
    other = "0" * 64 + "  api_client/_removed_by_the_other_side.py"
    manifest.write_text(
        "\n".join([lines[0], "<<<<<<< HEAD", *lines[1:], "=======", other, ">>>>>>> other"]) + "\n"
    )
    (api / "out" / "api_client" / "_removed_by_the_other_side.py").write_text("x = 1\n")
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    assert not (api / "out" / "api_client" / "_removed_by_the_other_side.py").exists()


def test_a_tree_without_manifest_is_adopted_only_when_identical(api: Path) -> None:
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    (api / "out" / MANIFEST).unlink()  # a tree written before manifests
    assert refgen("generate", "api.yaml", "-o", "out", cwd=api).returncode == 0
    assert (api / "out" / MANIFEST).is_file()

    (api / "out" / MANIFEST).unlink()
    index = api / "out" / "docs" / "index.md"
    index.write_text("# My own index\n")
    result = refgen("generate", "api.yaml", "-o", "out", cwd=api)
    refused(
        result,
        "out/docs/index.md: error: not written by refgen (refgen would not write "
        "these bytes there)",
    )
    assert "it has no .refgen-manifest, so it is not a tree refgen wrote" in result.stderr
    assert index.read_text() == "# My own index\n"


def test_an_empty_directory_is_written(api: Path) -> None:
    (api / "empty").mkdir()
    assert refgen("generate", "api.yaml", "-o", "empty", cwd=api).returncode == 0
    assert (api / "empty" / MANIFEST).is_file()


# -- output files --------------------------------------------------------------------------------


def test_parse_never_writes_over_its_input(api: Path) -> None:
    result = refgen("parse", "things.md", "-o", "things.md", cwd=api)
    refused(result, "things.md: error: refusing to write over an input of this run")
    assert (api / "things.md").read_text() == PAGE


def test_parse_replaces_only_a_document(api: Path) -> None:
    assert refgen("parse", "things.md", "-o", "api.yaml", cwd=api).returncode == 0  # again
    result = refgen("parse", "things.md", "-o", "notes.txt", cwd=api)
    refused(
        result, "notes.txt: error: refusing to replace this file: it is not an OpenAPI document"
    )
    assert (api / "notes.txt").read_text() == "mine\n"
    sources = refgen("parse", "things.md", "-o", "b.yaml", "--source-map", "api.yaml", cwd=api)
    refused(sources, "api.yaml: error: refusing to replace this file: it is not a source map")
    assert not (api / "b.yaml").exists()  # every output is checked before any is written


def test_parse_does_not_replace_a_symlink(api: Path) -> None:
    (api / "link.yaml").symlink_to(api / "notes.txt")
    result = refgen("parse", "things.md", "-o", "link.yaml", cwd=api)
    refused(result, "link.yaml: error: refusing to replace a symbolic link")
    assert (api / "link.yaml").is_symlink() and (api / "notes.txt").read_text() == "mine\n"


def test_config_outputs_inside_the_generated_tree_are_refused(tmp_path: Path) -> None:
    config = project(tmp_path, "../generated")
    config.write_text(config.read_text() + "openapi: ../generated/openapi.yaml\n")
    result = refgen("build", "--config", "spec/refgen.yaml", cwd=tmp_path)
    refused(
        result,
        "spec/refgen.yaml:4: error: setting 'openapi' (generated/openapi.yaml) is "
        "inside 'generated' (generated), which refgen replaces as a whole",
    )


def test_check_never_prints_what_a_link_among_the_outputs_points_to(tmp_path: Path) -> None:
    project(tmp_path, "../generated")
    assert refgen("build", "--config", "spec/refgen.yaml", cwd=tmp_path).returncode == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET\n")
    (tmp_path / "generated" / "docs" / "leak.md").symlink_to(secret)
    (tmp_path / "spec" / "openapi.yaml").unlink()
    (tmp_path / "spec" / "openapi.yaml").symlink_to(secret)
    result = refgen("check", "--config", "spec/refgen.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert result.stdout.count(f"(a symbolic link to {secret}, not a file)") == 2


def test_links_where_refgen_keeps_its_own_files_are_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    config = project(tmp_path / "checkout", "../generated")
    (tmp_path / "checkout" / ".refgen-tmp").symlink_to(victim)  # committed by someone
    result = refgen("build", "--config", str(config), cwd=tmp_path / "checkout")
    refused(
        result,
        ".refgen-tmp: error: refusing to keep temporary files here: refgen did not "
        "make it (not a directory, or a link)",
    )
    (tmp_path / "checkout" / ".refgen-tmp").unlink()
    (tmp_path / "checkout" / ".refgen-cache").symlink_to(victim)
    result = refgen("build", "--config", str(config), cwd=tmp_path / "checkout")
    assert result.returncode == 0, result.stderr  # built, but its record not kept there
    assert list(victim.iterdir()) == []


def test_inputs_are_resolved_as_path_resolve_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The protected places resolve each folder once (ownership._resolved): for every kind of
    path, the real path and folder-ness that Path.resolve() gives, page by page."""
    from generator.ownership import _resolved

    real, elsewhere = tmp_path / "real", tmp_path / "elsewhere"
    (real / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    (real / "page.md").write_text("x")
    (elsewhere / "target.md").write_text("x")
    (tmp_path / "linked").symlink_to(real)  # a folder reached through a link
    (real / "link.md").symlink_to(elsewhere / "target.md")  # a page that is a link
    (real / "dangling.md").symlink_to(tmp_path / "gone.md")
    (real / "to-folder").symlink_to(elsewhere)  # a link to a folder
    monkeypatch.chdir(tmp_path)
    paths = [
        Path("real/page.md"),
        Path("linked/page.md"),
        Path("linked/link.md"),
        Path("linked/sub/../page.md"),
        Path("real/to-folder/../page.md"),  # `..` after a link: resolved, not cut
        Path("linked/.."),
        Path("real/dangling.md"),
        Path("real/missing.md"),
        Path("real/to-folder"),
        Path("linked/sub"),
        Path("page-here.md"),
        tmp_path / "linked" / "page.md",
        Path(".."),
    ]
    expected = [(p, str(p.resolve()), p.resolve().is_dir()) for p in paths]
    assert list(_resolved(paths)) == expected


def test_project_roots_are_found_as_project_root_finds_them(tmp_path: Path) -> None:
    from generator.ownership import _project_roots, project_root

    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "a" / "x").mkdir()
    (tmp_path / "a" / "pyproject.toml").write_text("")
    (tmp_path / "a" / "b" / ".git").mkdir()
    (tmp_path / "free").mkdir()
    folders = [tmp_path / "a" / "b" / "c", tmp_path / "a" / "x", tmp_path / "a", tmp_path / "free"]
    expected = {str(r) for f in folders if (r := project_root(f)) is not None}
    assert _project_roots(str(f) for f in folders) == expected
    assert expected >= {str(tmp_path / "a"), str(tmp_path / "a" / "b")}
