"""`refgen build` (`make generate`) reads the locked pages, never the network, and refuses a
locked page that is missing or changed, a page the lock does not know in a fetched folder,
and a lock made for other sources; the build cache's key covers the lock."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cache import input_key
from generator.config import load_config
from tests.fetch.conftest import files_under, refgen, serve_models, write_config
from tests.fetch.site import Site

UP_TO_DATE = "are up to date (nothing changed since the last build)"


@pytest.fixture
def project(site: Site, tmp_path: Path) -> Path:
    """The two model pages fetched into spec/pages/, and built once."""
    write_config(tmp_path, serve_models(site))
    for command in ("fetch", "build"):
        result = refgen(tmp_path, command)
        assert result.returncode == 0, result.stderr
    return tmp_path


def test_the_build_reads_the_locked_pages_and_never_the_network(site: Site, project: Path) -> None:
    document = (project / "spec" / "openapi.yaml").read_text()
    assert "  /v1/models:\n" in document and "  /v1/models/{model_id}:\n" in document
    sources = json.loads((project / "spec" / "openapi.sourcemap.json").read_text())
    assert any(
        str(place).startswith("spec/pages/models/list.md:")
        for place in (sources.get("locations", sources)).values()
    )
    asked = len(site.requests)
    site.stop()  # whatever the build does, it cannot reach the site now
    forced = refgen(project, "build", "--force")
    assert forced.returncode == 0, forced.stderr
    assert refgen(project, "check").returncode == 0
    assert len(site.requests) == asked


LOCKED = "spec/pages/models/list.md"


def _broken_build(project: Path) -> str:
    before = files_under(project / "generated") | files_under(project / "spec")
    result = refgen(project, "build")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    after = files_under(project / "generated") | files_under(project / "spec")
    assert {k: v for k, v in after.items() if not k.startswith("pages/")} == {
        k: v for k, v in before.items() if not k.startswith("pages/")
    }
    return result.stderr


def test_a_missing_locked_page_fails_the_build_and_names_it(project: Path, site: Site) -> None:
    (project / LOCKED).unlink()
    assert (
        f"{LOCKED}: error: missing: spec/refgen.lock locks this page; run `refgen fetch` "
        "to download it again"
    ) in _broken_build(project)
    _fetch_repairs(project, site)


def test_a_changed_locked_page_fails_the_build_and_names_it(project: Path, site: Site) -> None:
    page = project / LOCKED
    page.write_bytes(page.read_bytes().replace(b"List Models", b"List Some Models"))
    errors = _broken_build(project)
    assert f"{LOCKED}: error: not the page spec/refgen.lock locks (sha256 " in errors
    assert "it was changed after `refgen fetch` wrote it" in errors
    assert refgen(project, "check").returncode == 1
    _fetch_repairs(project, site)


def _fetch_repairs(project: Path, site: Site) -> None:
    """What the errors advise works: `refgen fetch` downloads the page again (no conditional
    request for it: its locked bytes are not at hand), the lock stays as it was, and the build
    passes."""
    lock = (project / "spec" / "refgen.lock").read_bytes()
    fetched = refgen(project, "fetch")
    assert fetched.returncode == 0, fetched.stderr
    assert f"] fetched 7.5 kB {site.url}/docs/models/list.md\n" in fetched.stderr
    assert f"] unchanged {site.url}/docs/models/retrieve.md\n" in fetched.stderr
    assert (project / "spec" / "refgen.lock").read_bytes() == lock
    assert refgen(project, "build").returncode == 0


def test_a_page_the_lock_does_not_know_in_a_fetched_folder_fails_the_build(
    project: Path,
) -> None:
    (project / "spec" / "pages" / "extra.md").write_text("## Extra\n\n**get** `/extra`\n")
    assert (
        "spec/pages/extra.md: error: a page in the fetched folder spec/pages that "
        "spec/refgen.lock does not lock"
    ) in _broken_build(project)


def test_a_build_without_the_lock_says_to_fetch(project: Path, site: Site) -> None:
    (project / "spec" / "refgen.lock").unlink()
    assert (
        f"spec/refgen.yaml: error: the pages of {site.url}/llms.txt have not been fetched "
        "(spec/refgen.lock does not exist); run `refgen fetch`"
    ) in _broken_build(project)


def test_a_lock_made_for_other_sources_says_to_fetch(project: Path) -> None:
    config = project / "spec" / "refgen.yaml"
    config.write_text(
        config.read_text().replace("    into: pages\n", "    into: pages\n    exclude: ['x/**']\n")
    )
    assert (
        "spec/refgen.lock: error: made for other remote sources than spec/refgen.yaml "
        "names; run `refgen fetch`"
    ) in _broken_build(project)


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"path": "../../outside.md"}, "a path outside the folder of refgen.yaml"),
        ({"sha256": "not a digest"}, "sha256"),
        ({"size": -1}, "size"),
        ({"url": None}, "path, url, sha256 and fetched must be text"),
    ],
)
def test_a_hostile_lock_is_an_error_located_in_it(
    project: Path, entry: dict[str, object], problem: str
) -> None:
    lock_file = project / "spec" / "refgen.lock"
    lock = json.loads(lock_file.read_text())
    lock["pages"][0].update(entry)
    lock_file.write_text(json.dumps(lock))
    errors = _broken_build(project)
    assert f"spec/refgen.lock: error: malformed lock entry ({problem})" in errors


def test_not_a_lock_at_all(project: Path) -> None:
    (project / "spec" / "refgen.lock").write_text('{"pages": [\n')
    assert "spec/refgen.lock:2: error: not a refgen lock (invalid JSON" in _broken_build(project)


def test_the_build_cache_key_covers_the_lock(site: Site, project: Path) -> None:
    """A fetch that changes a page changes the key (the page and the lock); a lock edited
    alone changes it too; the build after a fetch is a real one."""
    config = load_config(project / "spec" / "refgen.yaml")
    assert UP_TO_DATE in refgen(project, "build").stdout
    key = input_key(config)
    lock_file = project / "spec" / "refgen.lock"
    lock_text = lock_file.read_text()
    lock_file.write_text(lock_text.replace('"fetched": "', '"fetched": "1'))
    assert input_key(config) != key
    lock_file.write_text(lock_text)
    assert input_key(config) == key

    site.files["/docs/models/list.md"] = site.files["/docs/models/list.md"].replace(
        b"List Models", b"List All Models"
    )
    assert refgen(project, "fetch").returncode == 0
    assert input_key(config) != key
    rebuilt = refgen(project, "build")
    assert rebuilt.returncode == 0 and rebuilt.stdout.startswith("wrote ")
    assert "List All Models" in (project / "spec" / "openapi.yaml").read_text()


def test_a_folder_refgen_yaml_no_longer_names_is_left_and_said(site: Site, tmp_path: Path) -> None:
    write_config(tmp_path, serve_models(site))
    assert refgen(tmp_path, "fetch").returncode == 0
    config = tmp_path / "spec" / "refgen.yaml"
    config.write_text(config.read_text().replace("into: pages", "into: models"))
    moved = refgen(tmp_path, "fetch")
    assert moved.returncode == 0, moved.stderr
    assert (
        "spec/pages: warning: no remote source's folder any more (refgen.yaml changed); its "
        "pages are no longer read: delete it"
    ) in moved.stderr
    assert (tmp_path / "spec" / "pages" / "models" / "list.md").is_file()
    assert (tmp_path / "spec" / "models" / "models" / "list.md").is_file()


@pytest.mark.parametrize("occupant", ["my-notes.md", "sub/page.md"])
def test_a_first_fetch_never_replaces_a_folder_holding_files(
    site: Site, tmp_path: Path, occupant: str
) -> None:
    """`into` naming a folder of the user's own (nothing of it in a lock): refused, untouched."""
    write_config(tmp_path, serve_models(site))
    mine = tmp_path / "spec" / "pages" / occupant
    mine.parent.mkdir(parents=True)
    mine.write_text("# Mine\n")
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 1
    assert (
        "spec/pages: error: refusing to fetch into this folder: it holds files that `refgen "
        "fetch` did not write (no page of spec/refgen.lock is in it)"
    ) in result.stderr
    assert mine.read_text() == "# Mine\n" and not (tmp_path / "spec" / "refgen.lock").exists()
    shutil.rmtree(tmp_path / "spec" / "pages")
    (tmp_path / "spec" / "pages").mkdir()  # an empty folder is free to take
    assert refgen(tmp_path, "fetch").returncode == 0


def test_the_lock_is_an_input_no_output_may_replace(project: Path) -> None:
    """A lock inside the generated tree (`lock: ../generated/refgen.lock`) would be swapped away
    with the tree the build writes: the build refuses, naming it as what it reads."""
    (project / "spec" / "refgen.lock").rename(project / "generated" / "refgen.lock")
    config = project / "spec" / "refgen.yaml"
    config.write_text(config.read_text() + "lock: ../generated/refgen.lock\n")
    result = refgen(project, "build", "--force")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(
        "generated: error: refusing to replace this directory: it holds "
        "generated/refgen.lock, which this run reads"
    ), result.stderr
    assert (project / "generated" / "refgen.lock").is_file()
