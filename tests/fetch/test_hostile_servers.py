"""Hostile and failing servers: every failure is a `url: error: ...` line with exit 1, and the
pages and lock of the last good fetch are left exactly as they were (nothing is written
anywhere else either). Real server on 127.0.0.1, real subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fetch.conftest import (
    MODEL_PAGES,
    TREE,
    files_under,
    llms_txt,
    refgen,
    serve_models,
    write_config,
)
from tests.fetch.site import Responder, Site

LIST = "/docs/models/list.md"  # the page each hostile route takes over


def fetched_once(site: Site, root: Path, fetch: str = "backoff: 0.01") -> dict[str, bytes]:
    """A project whose first fetch of the two model pages succeeded; its files."""
    write_config(root, serve_models(site), fetch)
    first = refgen(root, "fetch")
    assert first.returncode == 0, first.stderr
    return files_under(root)


def fails_untouched(site: Site, root: Path, before: dict[str, bytes]) -> str:
    """Fetch again: exit 1, nothing changed on disk; the error output."""
    result = refgen(root, "fetch")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(root) == before
    return result.stderr


# -- redirects -------------------------------------------------------------------------------


def test_a_redirect_to_another_host_is_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path)
    port = site.url.rsplit(":", 1)[1]
    moved = f"http://localhost:{port}/docs/moved.md"  # the same server, by another host name
    site.routes[LIST] = lambda reply: reply.send(302, Location=moved)
    site.files["/docs/moved.md"] = b"# Moved\n"
    errors = fails_untouched(site, tmp_path, before)
    assert (
        f"{site.url}{LIST}: error: redirected to another host ({moved}); add 'localhost' "
        "to the source's `hosts:` in refgen.yaml to allow it"
    ) in errors
    assert not site.requests_for("/docs/moved.md")  # refused before it was asked for

    config = tmp_path / "spec" / "refgen.yaml"
    config.write_text(
        config.read_text().replace("    into: pages\n", "    into: pages\n    hosts: [localhost]\n")
    )
    allowed = refgen(tmp_path, "fetch")
    assert allowed.returncode == 0, allowed.stderr
    assert (tmp_path / "spec" / "pages" / "models" / "list.md").read_bytes() == b"# Moved\n"
    assert f'"url": "{site.url}{LIST}"' in (tmp_path / "spec" / "refgen.lock").read_text()


def test_redirects_are_followed_on_the_host_and_limited(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path)
    site.routes[LIST] = lambda reply: reply.send(301, Location="/docs/hop")
    site.routes["/docs/hop"] = lambda reply: reply.send(307, Location="/docs/hop")
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}{LIST}: error: more than 5 redirects (max_redirects)" in errors
    assert len(site.requests_for("/docs/hop")) == 5


def test_https_never_redirects_down_to_http() -> None:
    import httpx

    from generator.fetch.download import FetchError, _redirect_target

    response = httpx.Response(302, headers={"Location": "http://docs.example.com/page.md"})
    with pytest.raises(FetchError, match="redirected from https down to http"):
        _redirect_target(
            "https://docs.example.com/a.md",
            "https://docs.example.com/a.md",
            response,
            frozenset({"docs.example.com"}),
        )


# -- sizes -----------------------------------------------------------------------------------


def test_an_endless_body_is_cut_at_the_page_limit(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path, "backoff: 0.01, max_page_size: 1 MiB")
    hung_up: list[bool] = []
    site.routes[LIST] = lambda reply: hung_up.append(reply.send_endless())
    errors = fails_untouched(site, tmp_path, before)
    assert (
        f"{site.url}{LIST}: error: more than max_page_size (1048576 bytes); the download "
        "was stopped there"
    ) in errors
    _wait_for(lambda: bool(hung_up))
    assert hung_up == [True]  # the client hung up; the server did not run out of patience


def test_a_declared_size_over_the_limit_is_refused_before_reading(
    site: Site, tmp_path: Path
) -> None:
    before = fetched_once(site, tmp_path, "backoff: 0.01, max_page_size: 100000")

    def huge(reply: Responder) -> None:
        reply.request.status = 200
        reply.handler.send_response(200)
        reply.handler.send_header("Content-Type", "text/markdown")
        reply.handler.send_header("Content-Length", "5000000000")
        reply.handler.end_headers()
        reply.hang_up()

    site.routes[LIST] = huge
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}{LIST}: error: 5000000000 bytes, more than max_page_size (100000)" in errors


def test_the_run_as_a_whole_has_a_size_limit(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path, "backoff: 0.01, max_total_size: 2 MiB")
    site.routes[LIST] = lambda reply: reply.send_endless()
    errors = fails_untouched(site, tmp_path, before)
    assert "error: the downloads of this run pass max_total_size (2097152 bytes)" in errors


# -- paths -----------------------------------------------------------------------------------

# Links below the base whose file path would leave the folder, or be a name some file system
# refuses or silently changes: each is refused, whatever its encoding.
HOSTILE_LINKS = {
    "docs/%2e%2e/%2e%2e/outside": "path segment '%2e%2e' is empty, '.' or '..'",
    "docs/a/..%2F..%2Foutside": "holds an encoded slash or backslash",
    "docs/%2Fetc%2Fpasswd": "holds an encoded slash or backslash",
    "docs/..%5C..%5Coutside": "holds an encoded slash or backslash",
    "docs/%C0%AE%C0%AE/outside": "is not UTF-8 once decoded",
    "docs/.git/config": "is a hidden name",
    "docs/a%00b": "holds a control character",
    "docs/c:/windows": "holds a control character or one of",
    "docs/folder.%20/page": "ends with a dot or a space",
    "docs/con": "which refgen refuses to write",
    "docs//twice": "path segment '' is empty",
    "docs/page?id=1": "a page URL with a query string has no file name",
}


@pytest.mark.parametrize("link", sorted(HOSTILE_LINKS))
def test_no_url_gives_a_path_outside_the_folder(site: Site, tmp_path: Path, link: str) -> None:
    before = fetched_once(site, tmp_path)
    index = site.files["/llms.txt"].decode()
    site.files["/llms.txt"] = (index + f"- [x]({site.url}/{link})\n").encode()
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}/{link}: error: " in errors and HOSTILE_LINKS[link] in errors
    assert "(line 9 of" in errors  # where the index lists it


def test_dot_segments_are_resolved_before_anything_is_decided(site: Site, tmp_path: Path) -> None:
    """A relative `../../x` (resolved against the index URL, as a browser does) leaves the base
    and is no page; a raw `/docs/../../x` in an absolute link is refused."""
    before = fetched_once(site, tmp_path)
    index = site.files["/llms.txt"].decode()
    site.files["/llms.txt"] = (index + "- [up](../../../etc/passwd)\n").encode()
    assert refgen(tmp_path, "fetch").returncode == 0
    assert files_under(tmp_path) == before
    site.files["/llms.txt"] = (index + f"- [up]({site.url}/docs/../../etc/passwd)\n").encode()
    errors = fails_untouched(site, tmp_path, before)
    assert "path segment '..' is empty, '.' or '..'" in errors


def test_pages_that_are_one_file_on_a_case_insensitive_disk_are_refused(
    site: Site, tmp_path: Path
) -> None:
    before = fetched_once(site, tmp_path)
    site.files["/docs/models/List.md"] = b"# List\n"
    index = site.files["/llms.txt"].decode()
    site.files["/llms.txt"] = (index + f"- [L]({site.url}/docs/models/List.md)\n").encode()
    errors = fails_untouched(site, tmp_path, before)
    assert (
        f"{site.url}/docs/models/list.md: error: its file pages/models/list.md and that of "
        f"{site.url}/docs/models/List.md (pages/models/List.md) are one file"
    ) in errors


# -- content ---------------------------------------------------------------------------------

SAVED_404 = TREE / "beta" / "agents" / "delete#delete.md"  # an HTML page saved as .md
NOT_MARKDOWN: dict[str, tuple[bytes, str, str]] = {
    "html": (
        b"<!DOCTYPE html><p>hi</p>",
        "text/html; charset=utf-8",
        "the server sent text/html, not text/markdown or text/x-markdown or text/plain",
    ),
    "json": (b'{"page": 1}', "application/json", "the server sent application/json"),
    "image": (b"\x89PNG\r\n\x1a\n", "image/png", "the server sent image/png"),
    "html as markdown": (
        SAVED_404.read_bytes(),
        "text/markdown",
        "an HTML page, not markdown (the site's page for a missing address?)",
    ),
    "binary": (b"\x00\x01\x02" * 300, "text/markdown", "binary file (contains NUL bytes)"),
    "not UTF-8": (b"# Page\n\ncaf\xe9\n", "text/plain", ":3:4: error: not valid UTF-8 (byte 0xe9)"),
    "empty": (b"\n\n", "text/markdown", ":1: error: empty page"),
}


@pytest.mark.parametrize("kind", sorted(NOT_MARKDOWN))
def test_what_is_not_markdown_is_refused(site: Site, tmp_path: Path, kind: str) -> None:
    before = fetched_once(site, tmp_path)
    body, content_type, message = NOT_MARKDOWN[kind]
    site.routes[LIST] = lambda reply: reply.send(200, body, content_type)
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}{LIST}" in errors and message in errors


# -- failures that pass ----------------------------------------------------------------------


def flaky(first: Callable[[Responder], None], site: Site) -> Callable[[Responder], None]:
    """A route that fails once (as `first` does), then serves the page."""

    def route(reply: Responder) -> None:
        if len(site.requests_for(reply.request.path)) == 1:
            first(reply)
        else:
            reply.send_file(site.files[reply.request.path], "text/markdown")

    return route


TRANSIENT: dict[str, Callable[[Responder], None]] = {
    "500": lambda reply: reply.send(500, b"oops"),
    "502": lambda reply: reply.send(502),
    "503 with Retry-After": lambda reply: reply.send(503, Retry_After="0"),
    "504": lambda reply: reply.send(504),
    "429": lambda reply: reply.send(429, Retry_After="1"),
    "connection dropped": lambda reply: reply.hang_up(),
}


@pytest.mark.parametrize("failure", sorted(TRANSIENT))
def test_a_transient_failure_then_success_is_a_success(
    site: Site, tmp_path: Path, failure: str
) -> None:
    write_config(tmp_path, serve_models(site))
    site.routes[LIST] = flaky(TRANSIENT[failure], site)
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 0, result.stderr
    assert len(site.requests_for(LIST)) == 2
    page = tmp_path / "spec" / "pages" / "models" / "list.md"
    assert page.read_bytes() == (TREE / MODEL_PAGES[0]).read_bytes()


def test_a_lasting_failure_gives_up_after_the_retries(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path, "backoff: 0.01, retries: 2")
    site.routes[LIST] = lambda reply: reply.send(500)
    errors = fails_untouched(site, tmp_path, before)
    assert (
        f"{site.url}{LIST}: error: HTTP 500 Internal Server Error (gave up after 3 attempts)"
        in errors
    )
    assert len(site.requests_for(LIST)) == 1 + 3  # the first fetch, then three attempts


def test_a_client_error_is_not_retried(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path)
    del site.files[LIST]
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}{LIST}: error: HTTP 404 Not Found" in errors
    assert len(site.requests_for(LIST)) == 2


def test_a_slow_server_times_out(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path, "backoff: 0.01, retries: 1, timeout: 0.3")

    def slow(reply: Responder) -> None:
        time.sleep(1.5)
        reply.send(200, b"# Late\n", "text/markdown")

    site.routes[LIST] = slow
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}{LIST}: error: reading timed out" in errors
    assert "(gave up after 2 attempts)" in errors


def test_every_failure_is_reported_and_nothing_is_written(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path)
    site.routes[LIST] = lambda reply: reply.send(403)
    site.routes["/docs/models/retrieve.md"] = lambda reply: reply.send(410)
    errors = fails_untouched(site, tmp_path, before).splitlines()
    assert errors[-2:] == [
        f"{site.url}{LIST}: error: HTTP 403 Forbidden",
        f"{site.url}/docs/models/retrieve.md: error: HTTP 410 Gone",
    ]


def test_a_broken_index_is_an_error_located_in_it(site: Site, tmp_path: Path) -> None:
    before = fetched_once(site, tmp_path)
    site.files["/llms.txt"] = b"# Docs\n\n- [a](" + b"\xff" * 3 + b")\n"
    errors = fails_untouched(site, tmp_path, before)
    assert f"{site.url}/llms.txt:3: error: not valid UTF-8 (byte 0xff)" in errors
    site.files["/llms.txt"] = llms_txt([f"{site.url}/elsewhere/page"])
    errors = fails_untouched(site, tmp_path, before)
    assert (
        f"{site.url}/llms.txt: error: none of its 1 links is a page below {site.url}/docs/"
    ) in errors


def test_a_fetch_interrupted_by_a_kill_leaves_the_last_good_state(
    site: Site, tmp_path: Path
) -> None:
    """SIGKILL while the pages download (the server holds the last one back): nothing of the
    new run is on disk."""
    before = fetched_once(site, tmp_path)
    site.files[LIST] += b"\nchanged\n"
    started: list[bool] = []

    def held_back(reply: Responder) -> None:
        started.append(True)
        time.sleep(3)
        reply.send(200, b"# Late\n", "text/markdown")

    site.routes["/docs/models/retrieve.md"] = held_back
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "fetch"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(lambda: bool(started))
    process.kill()
    process.wait()
    assert files_under(tmp_path) == before


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


def test_a_site_that_is_down_is_not_retried_page_after_page(site: Site, tmp_path: Path) -> None:
    """Once a page has failed through its retries, the others get one attempt each: twelve
    pages of a site answering 503 take 2 x 4 + 10 requests, not 12 x 4."""
    pages = [f"/docs/page{number:02}.md" for number in range(12)]
    for page in pages:
        site.routes[page] = lambda reply: reply.send(503)
    site.files["/llms.txt"] = llms_txt([site.url + page for page in pages])
    write_config(
        tmp_path,
        f"llms_txt: {site.url}/llms.txt\n    into: pages",
        "backoff: 0.01, retries: 3, concurrency: 2",
    )
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if ": error: HTTP 503" in line]
    assert [line.split(": error:")[0] for line in failures] == [site.url + p for p in pages]
    assert sum(line.endswith("(gave up after 4 attempts)") for line in failures) == 2
    assert (
        sum(
            line.endswith(
                "(gave up after 1 attempt: another download had failed through all its retries)"
            )
            for line in failures
        )
        == 10
    )
    assert len([r for r in site.requests if r.path in pages]) == 2 * 4 + 10
    assert not (tmp_path / "spec" / "pages").exists()
