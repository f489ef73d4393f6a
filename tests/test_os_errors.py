"""Issue #11, finding 7: what the system refuses, and what no file system can hold, is an
error line naming the place and the reason (exit status 1, no traceback); names too long for
a file are shortened where they are refgen's own, and refused where they are the API's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.yamlio import MAX_DEPTH
from tests.cli_run import refgen
from tests.generated_package import types_source

PAGE = "## Things\n\n**get** `{path}`\n\n### Returns\n\n- `{name} object {{ id }}`\n\n  - `id: string`\n"


def failed(result: subprocess.CompletedProcess[str], first_line: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == first_line, result.stderr


@pytest.fixture
def api(tmp_path: Path) -> Path:
    (tmp_path / "things.md").write_text(PAGE.format(path="/things", name="Thing"))
    assert refgen("parse", "things.md", "-o", "api.yaml", cwd=tmp_path).returncode == 0
    return tmp_path


# -- the system says no --------------------------------------------------------------------------


def test_a_read_only_output_folder(api: Path) -> None:
    (api / "locked").mkdir(mode=0o555)
    result = refgen("generate", "api.yaml", "-o", "locked/out", cwd=api, unprivileged=True)
    failed(result, "locked/out: error: cannot write: Permission denied (locked/.refgen-tmp)")
    parse = refgen("parse", "things.md", "-o", "locked/api.yaml", cwd=api, unprivileged=True)
    failed(parse, "locked/api.yaml: error: cannot write: Permission denied (locked/.refgen-tmp)")


def test_an_unreadable_page_and_configuration(api: Path) -> None:
    (api / "things.md").chmod(0o000)
    result = refgen("parse", "things.md", "-o", "again.yaml", cwd=api, unprivileged=True)
    failed(result, "things.md: error: Permission denied")
    (api / "refgen.yaml").write_text("title: T\npackage: p\n")
    (api / "refgen.yaml").chmod(0o000)
    build = refgen("build", "--config", "refgen.yaml", cwd=api, unprivileged=True)
    failed(build, "refgen.yaml: error: Permission denied")


def test_parse_into_a_directory(api: Path) -> None:
    (api / "out").mkdir()
    failed(
        refgen("parse", "things.md", "-o", "out", cwd=api),
        "out: error: refusing to write here: a directory, not a file",
    )


def test_an_output_name_too_long_for_the_file_system(api: Path) -> None:
    name = "o" * 300
    failed(
        refgen("generate", "api.yaml", "-o", name, cwd=api), f"{name}: error: File name too long"
    )


RELATIVE = "must be a relative path (relative to the folder of refgen.yaml)"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("/etc/*", f"source pattern '/etc/*' {RELATIVE}"),
        ("", f"source pattern '' {RELATIVE}"),
        (
            "pages/**x/*.md",
            (
                "source pattern 'pages/**x/*.md' is not valid: Invalid pattern: '**' "
                "can only be an entire path component"
            ),
        ),
    ],
)
def test_source_patterns_that_glob_cannot_take(api: Path, pattern: str, message: str) -> None:
    (api / "refgen.yaml").write_text(f"title: T\npackage: p\nsources:\n  - {json.dumps(pattern)}\n")
    failed(refgen("build", "--config", "refgen.yaml", cwd=api), f"refgen.yaml:4: error: {message}")


# -- deep documents ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_document_nested_400_levels_is_refused_naming_the_limit(
    tmp_path: Path, suffix: str
) -> None:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(400):
        schema = {"type": "array", "items": schema}
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": schema}},
    }
    # JSON text is YAML too: one flow collection per line, so that the line is known.
    text = json.dumps(document, indent=1)
    (tmp_path / f"deep{suffix}").write_text(text)
    # The first collection too deep, at depth MAX_DEPTH + 1, is indented MAX_DEPTH spaces.
    line = 1 + text.split("\n").index(" " * MAX_DEPTH + '"items": {')
    failed(
        refgen("generate", f"deep{suffix}", "-o", "out", cwd=tmp_path),
        f"deep{suffix}:{line}: error: nested more than {MAX_DEPTH} levels deep (the limit)",
    )
    assert not (tmp_path / "out").exists()


def test_refgens_own_deepest_fragment_is_within_the_limit(tmp_path: Path) -> None:
    """Pages nest up to 100 levels: what refgen makes of them, it reads back."""
    arrays = "array of " * 99
    (tmp_path / "deep.md").write_text(
        f"## Big\n\n**post** `/big`\n\n### Body Parameters\n\n- `a: {arrays}string`\n"
    )
    assert refgen("parse", "deep.md", "-o", "deep.yaml", cwd=tmp_path).returncode == 0
    result = refgen("generate", "deep.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


# -- long names ----------------------------------------------------------------------------------


def test_a_path_segment_too_long_for_a_module_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "long.md").write_text(PAGE.format(path="/" + "s" * 300, name="Thing"))
    assert refgen("parse", "long.md", "-o", "long.yaml", cwd=tmp_path).returncode == 0
    result = refgen("generate", "long.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"error: cannot write a file named {'s' * 40}… (303 bytes): file systems take names "
        "of 255 bytes at most (the limit)"
    ) in result.stderr
    assert not (tmp_path / "out").exists()


def test_type_names_too_long_for_a_file_name_are_documented(tmp_path: Path) -> None:
    """A type's docs entry is a heading of its module's page: no file is named after it."""
    name = "T" + "x" * 299
    (tmp_path / "long.md").write_text(PAGE.format(path="/things", name=name))
    assert refgen("parse", "long.md", "-o", "long.yaml", cwd=tmp_path).returncode == 0
    result = refgen("generate", "long.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    docs = tmp_path / "out" / "docs"
    assert f"\n## {name}\n" in (docs / "types.md").read_text()
    assert f"[{name}](../types.md#{name.lower()})" in (docs / "api" / "things.md").read_text()
    assert max(len(p.name.encode()) for p in docs.rglob("*")) < 20
    assert f"class {name}(" in types_source(tmp_path / "out", "api_client")


def test_names_lifted_from_99_levels_down_are_generated(tmp_path: Path) -> None:
    lines = [
        f"{'  ' * depth}- `f{depth}: optional object {{ f{depth + 1} }}`" for depth in range(99)
    ]
    (tmp_path / "deep.md").write_text(
        "## Big\n\n**post** `/big`\n\n### Body Parameters\n\n" + "\n".join(lines) + "\n"
    )
    assert refgen("parse", "deep.md", "-o", "deep.yaml", cwd=tmp_path).returncode == 0
    result = refgen("generate", "deep.yaml", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    types_page = (tmp_path / "out" / "docs" / "types.md").read_text()
    assert types_page.count("\n## ") == 200  # each lifted type and its request type
