"""What the `refgen fetch` tests share: a docs site on 127.0.0.1 (tests/fetch/site.py), a
project folder, and refgen run as users run it (a real subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.ownership import MANIFEST
from tests.conftest import ANTHROPIC, ROOT
from tests.fetch.site import Site, running_site

TREE = ANTHROPIC / "2026-08-22"
# Two small pages of that tree, one operation each (`get /v1/models`, `get /v1/models/{id}`).
MODEL_PAGES = ("models/list.md", "models/retrieve.md")
# SOURCE_DATE_EPOCH of every run (`date -u -d @1787400000`: 2026-08-22T12:00:00Z).
EPOCH, EPOCH_DATE = "1787400000", "2026-08-22T12:00:00Z"


@pytest.fixture
def site() -> Iterator[Site]:
    yield from running_site()


def refgen(root: Path, *args: str, epoch: str = EPOCH) -> subprocess.CompletedProcess[str]:
    """`refgen ARGS` in the project `root`, as a user runs it."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": epoch,
        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def write_config(root: Path, source: str, fetch: str = "backoff: 0.01") -> Path:
    """spec/refgen.yaml with one remote source (YAML mapping lines, indented by 4)."""
    spec = root / "spec"
    spec.mkdir(parents=True, exist_ok=True)
    config = spec / "refgen.yaml"
    config.write_text(
        f"title: T\npackage: demo\nsources:\n  - {source.strip()}\nfetch: {{{fetch}}}\n"
    )
    return config


def llms_txt(links: list[str], title: str = "Docs") -> bytes:
    """An llms.txt (https://llmstxt.org) linking `links`."""
    lines = [f"# {title}", "", "> The reference.", "", "## API", ""]
    lines += [f"- [{link.rsplit('/', 1)[-1]}]({link}): a page" for link in links]
    return ("\n".join(lines) + "\n").encode()


def serve_models(site: Site) -> str:
    """The two model pages at /docs/, listed by /llms.txt; the source lines for them."""
    for page in MODEL_PAGES:
        site.files[f"/docs/{page}"] = (TREE / page).read_bytes()
    site.files["/llms.txt"] = llms_txt(
        [f"{site.url}/docs/{p.removesuffix('.md')}" for p in MODEL_PAGES]
    )
    return f"llms_txt: {site.url}/llms.txt\n    base: {site.url}/docs/\n    into: pages"


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below `root`, by relative path: a snapshot to compare (the ownership
    manifest refgen writes into each tree it owns, docs/security.md, is not a page)."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
