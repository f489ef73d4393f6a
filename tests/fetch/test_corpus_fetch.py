"""Issue 18, done when: the whole 2026-08-22 Anthropic reference, served from 127.0.0.1 with an
llms.txt, is fetched byte for byte and locked; a second fetch is a no-op through revalidation;
an upstream change makes `--check` fail and name the pages. Real server, real subprocesses."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from urllib.parse import quote

import pytest

from generator.ownership import MANIFEST
from tests.fetch.conftest import EPOCH_DATE, TREE, files_under, llms_txt, refgen, write_config
from tests.fetch.site import LAST_MODIFIED, Site, etag_of

LATER, LATER_DATE = "1790000000", "2026-09-21T14:13:20Z"  # `date -u -d @1790000000`
PREFIX = "/docs/en/api/"


def is_saved_404(relative: str) -> bool:
    """The mirror the corpus comes from saved the site's HTML "not found" page under seven
    names (`admin/service_accounts#admin.service_accounts.md`, ...): no markdown twin exists
    there, and refgen refuses such a page (test_hostile_servers.py serves one)."""
    return (TREE / relative).read_bytes().startswith(b"<!DOCTYPE html>")


@pytest.fixture
def docs(site: Site, tmp_path: Path) -> tuple[Site, dict[str, bytes], Path]:
    """The tree at /docs/en/api/, an llms.txt that links each page (half of them by the page's
    address, half by its markdown twin, among links that are not pages), and a project."""
    served = site.add_folder(TREE, PREFIX, skip=is_saved_404)
    expected = {path: (TREE / path).read_bytes() for path in _files(TREE) if not is_saved_404(path)}
    assert len(expected) == 403 - 7 and served == sorted(PREFIX + quote(p) for p in expected)
    links = [
        site.url + (path if number % 2 else path.removesuffix(".md"))
        for number, path in enumerate(served)
    ]
    elsewhere = [
        f"{site.url}/docs/en/home",
        "https://example.com/docs/en/api/messages.md",
        f"{site.url}/llms-full.txt",
        "mailto:docs@example.com",
    ]
    site.files["/llms.txt"] = llms_txt(links[:100] + elsewhere + links[100:])
    write_config(
        tmp_path,
        f"llms_txt: {site.url}/llms.txt\n    base: {site.url}{PREFIX}\n    into: anthropic",
    )
    return site, expected, tmp_path


def _files(root: Path) -> list[str]:
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST
    )


def test_a_fresh_fetch_gives_the_corpus_bytes_and_a_lock_and_a_second_is_a_no_op(
    docs: tuple[Site, dict[str, bytes], Path],
) -> None:
    site, expected, root = docs
    first = refgen(root, "fetch")
    assert first.returncode == 0, first.stderr
    folder = root / "spec" / "anthropic"
    assert files_under(folder) == expected  # every page, byte for byte, and nothing else
    lock_bytes = (root / "spec" / "refgen.lock").read_bytes()
    lock = json.loads(lock_bytes)
    assert lock["format"] == "refgen-lock/1"
    assert [page["path"] for page in lock["pages"]] == sorted(f"anthropic/{p}" for p in expected)
    for page in lock["pages"]:
        data = expected[page["path"].removeprefix("anthropic/")]
        assert page == {
            "path": page["path"],
            "url": site.url + PREFIX + quote(page["path"].removeprefix("anthropic/")),
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "fetched": EPOCH_DATE,
            "etag": etag_of(data),
            "last_modified": LAST_MODIFIED,
        }
    # Not a terminal: one plain line per page, never a bar's carriage returns.
    assert first.stderr.count(" fetched ") == 396 and "\r" not in first.stderr
    assert "[396/396] fetched" in first.stderr

    inode, asked = os.stat(folder).st_ino, len(site.requests)
    second = refgen(root, "fetch", epoch=LATER)
    assert second.returncode == 0, second.stderr
    assert "spec/refgen.lock is up to date: nothing written" in second.stdout
    again = site.requests[asked:]
    pages = [request for request in again if request.path != "/llms.txt"]
    assert len(pages) == 396
    assert all(
        request.headers.get("if-none-match") == etag_of(site.files[request.path])
        and request.status == 304
        for request in pages
    )
    # The 304s keep their connections: at most `concurrency` (8) of them, not one per page.
    assert len({request.client_port for request in again}) <= 8
    assert (root / "spec" / "refgen.lock").read_bytes() == lock_bytes  # dates kept
    assert os.stat(folder).st_ino == inode and files_under(folder) == expected


def test_check_names_what_changed_upstream_and_fetch_takes_it(
    docs: tuple[Site, dict[str, bytes], Path],
) -> None:
    site, _, root = docs
    assert refgen(root, "fetch").returncode == 0
    changed, removed, added = (
        f"{site.url}{PREFIX}models/list.md",
        f"{site.url}{PREFIX}models/retrieve",
        f"{site.url}{PREFIX}new/page",
    )
    site.files[PREFIX + "models/list.md"] += b"\nA paragraph added upstream.\n"
    site.files[PREFIX + "new/page.md"] = b"---\ntitle: New\n---\n\n# New\n"
    index = site.files["/llms.txt"].decode()
    for form in (f"({removed})", f"({removed}.md)"):  # linked by address or by twin
        index = index.replace(form, f"({added})")
    assert f"({added})" in index
    site.files["/llms.txt"] = index.encode()
    before = files_under(root)

    check = refgen(root, "fetch", "--check")
    assert check.returncode == 1, check.stderr
    assert check.stdout.splitlines() == [
        f"changed  spec/anthropic/models/list.md  {changed}",
        f"removed  spec/anthropic/models/retrieve.md  {removed}.md",
        f"added    spec/anthropic/new/page.md  {added}.md",
    ]
    assert (
        "refgen fetch --check: upstream differs from spec/refgen.lock (1 changed, 1 added, "
        "1 removed); run `refgen fetch`"
    ) in check.stderr
    assert files_under(root) == before  # --check writes nothing

    fetched = refgen(root, "fetch", epoch=LATER)
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.splitlines()[:3] == check.stdout.splitlines()
    folder = root / "spec" / "anthropic"
    assert (folder / "models" / "list.md").read_bytes() == site.files[PREFIX + "models/list.md"]
    assert not (folder / "models" / "retrieve.md").exists()
    assert (folder / "new" / "page.md").read_bytes() == b"---\ntitle: New\n---\n\n# New\n"
    dates = {
        page["path"]: page["fetched"]
        for page in json.loads((root / "spec" / "refgen.lock").read_text())["pages"]
    }
    assert "anthropic/models/retrieve.md" not in dates
    assert dates.pop("anthropic/models/list.md") == dates.pop("anthropic/new/page.md") == LATER_DATE
    assert set(dates.values()) == {EPOCH_DATE}  # the unchanged pages keep their date
    assert refgen(root, "fetch", "--check").returncode == 0
