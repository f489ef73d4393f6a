"""Bad input ends with `file:line[:col]: error: message` (the line quoted), exit status 1 for
bad input and 2 for bad usage, no traceback; warnings are separate and --strict makes them
fatal."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import refgen

PAGE = "## X\n\n**post** `/x`\n\n### Body Parameters\n\n{body}\n"
CASES = {
    "malformed declaration": (
        PAGE.format(body="- `a: string string`"),
        "7:14",
        "unexpected 'string'",
    ),
    "unknown type word": (PAGE.format(body="- `a: strnig`"), "7:7", "unknown type word 'strnig'"),
    "unbalanced brace": (PAGE.format(body="- `a: object { b, c`"), "7:20", "unbalanced '{'"),
    "unbalanced quote": (PAGE.format(body='- `a: "open`'), "7:7", "unbalanced quote"),
    "half-closed code span": (PAGE.format(body="- `a: string"), "7:3", "code span is never closed"),
    "unknown method": ("## X\n\n**fetch** `/x`\n", "3:1", "unknown HTTP method 'fetch'"),
    "malformed path": ("## X\n\n**get** `x/{y`\n", "3:1", "malformed path 'x/{y'"),
    "nesting beyond the limit": (
        PAGE.format(body="- `a: " + "array of " * 150 + "string`"),
        "7:",
        "nested more than 100 levels deep (the limit)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_pages(case: str, tmp_path: Path) -> None:
    text, position, message = CASES[case]
    (tmp_path / "page.md").write_text(text, encoding="utf-8")
    result = refgen("parse", "page.md", "-o", "out.yaml", cwd=tmp_path)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"page.md:{position}") and ": error: " in first and message in first, (
        first
    )
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 2  # the message and the quoted line
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty page"),
        (b"\xff\xfe not utf-8", "not valid UTF-8 (byte 0xff)"),
        (b"\x00\x01\x02" * 100, "binary file"),
    ],
    ids=["empty", "non-utf8", "binary"],
)
def test_unreadable_files(content: bytes, message: str, tmp_path: Path) -> None:
    (tmp_path / "page.md").write_bytes(content)
    result = refgen("parse", "page.md", "-o", "out.yaml", cwd=tmp_path)
    assert (
        result.returncode == 1
        and result.stderr.startswith("page.md:1")
        and message in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    missing = refgen("parse", "nope.md", "-o", "x.yaml", cwd=tmp_path)
    assert (
        missing.returncode == 1
        and missing.stderr.strip() == "nope.md: error: no such file or directory"
    )
    empty = refgen("parse", "empty", "-o", "x.yaml", cwd=tmp_path)
    assert empty.returncode == 1 and "empty: error: directory contains no pages" in empty.stderr


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert refgen("parse", cwd=tmp_path).returncode == 2
    assert refgen("parse", "--bogus", "x", cwd=tmp_path).returncode == 2


def test_warnings_are_separate_and_strict_makes_them_fatal(tmp_path: Path) -> None:
    page = (
        "## A\n\n**get** `/a`\n\n### Returns\n\n- `T object { a }`\n\n  - `a: string`\n\n"
        "## B\n\n**get** `/b`\n\n### Returns\n\n- `T object { a }`\n\n  - `a: number`\n"
    )
    (tmp_path / "page.md").write_text(page, encoding="utf-8")
    lenient = refgen("parse", "page.md", "-o", "out.yaml", cwd=tmp_path)
    assert (
        lenient.returncode == 0
        and "page.md:17:4: warning: type T is defined differently" in lenient.stderr
    )
    assert (tmp_path / "out.yaml").exists()
    strict = refgen("parse", "--strict", "page.md", "-o", "strict.yaml", cwd=tmp_path)
    assert strict.returncode == 1 and strict.stderr.count("page.md:17:4: error: type T") == 1
    assert "warning" not in strict.stderr and not (tmp_path / "strict.yaml").exists()


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(CASES["unknown method"][0], encoding="utf-8")
    result = refgen("--debug", "parse", "page.md", "-o", "out.yaml", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr
