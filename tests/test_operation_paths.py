"""Issue #11, finding 10: an operation path stays below the base URL (no `.` or `..`
segment, no host, no scheme), wherever it comes from (a page, an overlay, a document given to
`refgen generate`), and the error points at the line that wrote it; a set of pages with no
operation and no type is a warning, an error under --strict."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.openapi.paths import path_problem
from tests.cli_run import refgen

PAGE = "## Things\n\nSome text.\n\n**get** `{path}`\n\n### Returns\n\n- `ok: boolean`\n"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/a/../../etc/passwd", "has a '.' or '..' segment, which would leave the API's base path"),
        ("/a/./b", "has a '.' or '..' segment"),
        ("/..", "has a '.' or '..' segment"),
        ("/a/%2e%2E/b", "has a '.' or '..' segment"),
        ("/a/.%2e", "has a '.' or '..' segment"),
        ("//evil.example/x", "starts with '//', which names a host"),
        ("/a//b", "has an empty segment ('//')"),
        ("https://evil.example/x", "has a scheme: paths are relative to the base URL"),
        ("evil.example/x", "does not start with '/'"),
        ("/a\\..\\b", "contains '\\\\'"),
        ("/a?b=1", "contains '?'"),
        ("/a#b", "contains '#'"),
        ("/a b", "contains ' '"),
        ("/a\nb", "contains '\\n'"),
    ],
)
def test_paths_that_leave_the_base_url(path: str, problem: str) -> None:
    found = path_problem(path)
    assert found is not None and found.startswith(f"operation path {path!r} ")
    assert problem in found


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/a",
        "/a/",
        "/a/{id}/b.json",
        "/v1/models/{model}:generate",
        "/a/..b/c.",
        "/~user/%20x",
        "/a/.well-known/x",
    ],
)
def test_paths_below_the_base_url(path: str) -> None:
    assert path_problem(path) is None


def failed(result: subprocess.CompletedProcess[str], first_line: str) -> None:
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == first_line, result.stderr


def test_a_page_path_with_dot_dot_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE.format(path="/a/../../etc/passwd"))
    failed(
        refgen("parse", "page.md", "-o", "out.yaml", cwd=tmp_path),
        "page.md:5:1: error: operation path '/a/../../etc/passwd' has a '.' or '..' segment, "
        "which would leave the API's base path",
    )
    assert not (tmp_path / "out.yaml").exists()


def test_a_page_path_naming_a_host_is_an_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE.format(path="//evil.example/steal"))
    failed(
        refgen("parse", "page.md", "-o", "out.yaml", cwd=tmp_path),
        "page.md:5:1: error: operation path '//evil.example/steal' starts with '//', which "
        "names a host",
    )


def test_a_path_added_by_an_overlay_is_an_error_at_its_action(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(PAGE.format(path="/things"))
    (tmp_path / "overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "  - target: $.paths\n    update: {'/a/%2e%2e/admin': {get: {responses: {'200': "
        "{description: ok}}}}}\n"
    )
    failed(
        refgen("parse", "page.md", "--overlay", "overlay.yaml", "-o", "out.yaml", cwd=tmp_path),
        "overlay.yaml:4: error: operation path '/a/%2e%2e/admin' has a '.' or '..' segment, "
        "which would leave the API's base path",
    )


@pytest.mark.parametrize("path", ["/a/../admin", "https://evil.example/x"])
def test_a_document_path_is_an_error_at_its_line(tmp_path: Path, path: str) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /fine: {}\n"
        f"  '{path}':\n    get:\n      responses: {{'200': {{description: ok}}}}\n"
    )
    result = refgen("generate", "api.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"api.yaml:5: error: operation path {path!r} "), result.stderr
    assert not (tmp_path / "out").exists()


def test_pages_with_no_operation_and_no_type_are_a_warning_or_under_strict_an_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "guide.md").write_text("# Getting started\n\nInstall the SDK, then call it.\n")
    lenient = refgen("parse", "guide.md", "-o", "out.yaml", cwd=tmp_path)
    assert lenient.returncode == 0
    assert lenient.stderr == (
        "guide.md: warning: no operation and no type in the 1 page(s) "
        "read: the client would be empty (is this the API reference?)\n"
    )
    strict = refgen("parse", "--strict", "guide.md", "-o", "strict.yaml", cwd=tmp_path)
    failed(
        strict,
        "guide.md: error: no operation and no type in the 1 page(s) read: the client "
        "would be empty (is this the API reference?)",
    )
    assert not (tmp_path / "strict.yaml").exists()
