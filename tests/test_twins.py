"""JSON twins of YAML documents (generator/twins.py): a second `refgen generate` of the same
YAML reads it as JSON, and gets exactly the value the YAML gave, or reads the YAML again."""

from __future__ import annotations

import datetime
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import twins
from generator.spec.load import load_spec
from generator.yamlio import load_yaml
from tests.cli_run import refgen
from tests.conftest import RESUME_PAGE


def same(left: Any, right: Any) -> bool:
    """Equal values of the same types all the way down (1, 1.0 and True are equal in Python),
    mapping keys in the same order; NaN is the same as NaN."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return list(left) == list(right) and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and math.isnan(left):
        return math.isnan(right)
    return bool(left == right)


def round_trip(folder: Path, text: str) -> Any:
    value = load_yaml(text, "t.yaml")
    assert twins.keep_twin(folder, text, value)
    back = twins.read_twin(folder, text)
    assert back is not None
    return value, back


YAML_SCALARS = """\
openapi: 3.1.0
info: {title: T, version: '2023-06-01'}
paths: {}
x-values:
  day: 2024-10-01
  moment: 2026-03-15T10:00:00Z
  local: 2001-12-14 21:59:43.10
  offset: 2001-12-14t21:59:43.10-05:00
  data: !!binary aGVsbG8=
  big: .inf
  small: -.inf
  missing: .nan
  octal: 0o17
  old-octal: 017
  sexagesimal: 1:20
  words: [yes, no, on, off, ~, null, 'yes', "1e3", 1e3, 1_000]
  list-of-days: [2024-01-01, '2024-01-02']
"""


def test_a_twin_gives_back_yaml_scalars_json_has_not(tmp_path: Path) -> None:
    value, back = round_trip(tmp_path, YAML_SCALARS)
    assert same(value, back)
    values = back["x-values"]
    assert values["day"] == datetime.date(2024, 10, 1)
    assert type(values["moment"]) is datetime.datetime
    assert values["moment"].utcoffset() == datetime.timedelta(0)
    assert values["data"] == b"hello"
    assert values["big"] == math.inf and math.isnan(values["missing"])
    assert values["words"][:5] == [True, False, True, False, None]
    assert values["list-of-days"] == [datetime.date(2024, 1, 1), "2024-01-02"]
    assert back["info"]["version"] == "2023-06-01"


# Offsets YAML timestamps can write (PyYAML cannot read back one of seconds, as old zones have).
ZONES = [
    None,
    datetime.UTC,
    *(datetime.timezone(datetime.timedelta(minutes=m)) for m in (-300, 330)),
]
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.sampled_from(ZONES))
)
documents = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(documents)
def test_a_twin_gives_back_what_the_yaml_gave(tmp_path_factory: Any, value: Any) -> None:
    text = yaml.safe_dump({"openapi": "3.1.0", "x": value}, allow_unicode=True)
    loaded = load_yaml(text, "t.yaml")
    folder = tmp_path_factory.mktemp("twins")
    assert twins.keep_twin(folder, text, loaded)
    assert same(twins.read_twin(folder, text), loaded)


@pytest.mark.parametrize(
    "text",
    [
        "openapi: 3.1.0\nresponses:\n  200: {description: OK}\n",  # a number as a key
        "openapi: 3.1.0\na: &shared {x: 1}\nb: *shared\n",  # one mapping in two places
        "openapi: 3.1.0\na: &shared [1]\nb: [*shared]\n",
    ],
)
def test_no_twin_for_what_json_cannot_give_back(tmp_path: Path, text: str) -> None:
    assert not twins.keep_twin(tmp_path, text, load_yaml(text, "t.yaml"))
    assert twins.read_twin(tmp_path, text) is None


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{",
        "[]",
        '{"twin": 999, "scalars": [], "value": {}}',
        '{"twin": 1, "scalars": [], "value": []}',
        '{"twin": 1, "scalars": [[["x"], "date", "2024-01-01"]], "value": {"x": 1}}',
        '{"twin": 1, "scalars": [[["y"], "date", "2024-01-01"]], "value": {"x": null}}',
        '{"twin": 1, "scalars": [[["x"], "date", "not a date"]], "value": {"x": null}}',
        '{"twin": 1, "scalars": [[["x"], "pickle", ""]], "value": {"x": null}}',
        '{"twin": 1, "scalars": [[[], "date", "2024-01-01"]], "value": {"x": null}}',
        '{"twin": 1, "scalars": [[["x", 0], "binary", "!!"]], "value": {"x": [null]}}',
    ],
)
def test_a_damaged_twin_is_read_as_missing(tmp_path: Path, content: str) -> None:
    text = "openapi: 3.1.0\nx: 1\n"
    (tmp_path / twins.twin_name(text)).write_text(content)
    assert twins.read_twin(tmp_path, text) is None


def test_the_twin_of_one_text_is_not_that_of_another(tmp_path: Path) -> None:
    first, second = "openapi: 3.1.0\nx: 1\n", "openapi: 3.1.0\nx: 2\n"
    assert twins.keep_twin(tmp_path, first, load_yaml(first, "t.yaml"))
    assert twins.read_twin(tmp_path, second) is None
    assert twins.read_twin(tmp_path, first) == {"openapi": "3.1.0", "x": 1}


def test_only_the_most_recently_used_twins_are_kept(tmp_path: Path) -> None:
    texts = [f"openapi: 3.1.0\nx: {n}\n" for n in range(twins.KEPT_TWINS + 3)]
    for text in texts:
        assert twins.keep_twin(tmp_path, text, load_yaml(text, "t.yaml"))
    kept = sorted(p.name for p in tmp_path.glob("twin-*.json"))
    assert len(kept) == twins.KEPT_TWINS
    assert twins.twin_name(texts[-1]) in kept


def test_a_read_only_cache_folder_only_costs_the_twin(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    text = "openapi: 3.1.0\nx: 1\n"
    assert not twins.keep_twin(tmp_path / "file" / "cache", text, load_yaml(text, "t.yaml"))


def generate(source: Path, output: Path, cache: Path, **env: str) -> dict[str, str]:
    result = refgen(
        "generate",
        str(source),
        "-o",
        str(output),
        "--package",
        "pkg",
        env={"REFGEN_CACHE_DIR": str(cache), **env},
    )
    assert result.returncode == 0, result.stderr
    return {
        p.relative_to(output).as_posix(): p.read_text() for p in output.rglob("*") if p.is_file()
    }


def test_generate_reads_an_unchanged_yaml_through_its_twin(tmp_path: Path) -> None:
    source = tmp_path / "openapi.yaml"
    assert refgen("parse", str(RESUME_PAGE), "-o", str(source)).returncode == 0
    cache = tmp_path / "cache"
    first = generate(source, tmp_path / "first", cache)
    twin = cache / "twins" / twins.twin_name(source.read_text())
    assert twin.is_file()
    kept = json.loads(twin.read_text())
    assert same(kept["value"], load_spec(source).document)
    # The twin is what the second run reads: one changed in a way the YAML never says shows.
    kept["value"]["info"]["title"] = "From the twin"
    twin.write_text(json.dumps(kept))
    second = generate(source, tmp_path / "second", cache)
    assert "From the twin" in "".join(second.values())
    twin.unlink()
    assert generate(source, tmp_path / "third", cache) == first


def test_the_twin_is_found_whatever_the_output_folder(tmp_path: Path) -> None:
    """The twin belongs to the user, not to the output: a run writing into a new folder of
    another project (its own .git), from a read-only input folder, reads it."""
    spec = tmp_path / "vendor"
    spec.mkdir()
    source = spec / "openapi.yaml"
    assert refgen("parse", str(RESUME_PAGE), "-o", str(source)).returncode == 0
    cache = tmp_path / "cache"
    first = generate(source, tmp_path / "one" / "out", cache)
    twin = cache / "twins" / twins.twin_name(source.read_text())
    kept = json.loads(twin.read_text())
    kept["value"]["info"]["title"] = "From the twin"
    twin.write_text(json.dumps(kept))
    other = tmp_path / "other-project"
    (other / ".git").mkdir(parents=True)
    spec.chmod(0o555)
    try:
        second = generate(source, other / "generated", cache)
    finally:
        spec.chmod(0o755)
    assert "From the twin" in "".join(second.values())
    assert "From the twin" not in "".join(first.values())
    # Nothing beside the input, in the output's project, or beside the outputs.
    assert sorted(p.name for p in spec.iterdir()) == ["openapi.yaml"]
    assert sorted(p.name for p in other.iterdir()) == [".git", "generated"]
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["out"]


def test_the_user_cache_is_where_the_platform_keeps_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(twins.sys, "platform", "linux")
    monkeypatch.setenv("REFGEN_CACHE_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert twins.twin_folder() == tmp_path / "mine" / "twins"
    monkeypatch.delenv("REFGEN_CACHE_DIR")
    assert twins.twin_folder() == tmp_path / "xdg" / "refgen" / "twins"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert twins.twin_folder() == tmp_path / "home" / ".cache" / "refgen" / "twins"
    # A relative folder would move with the working folder (and write into the project).
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    assert twins.twin_folder() is None
    monkeypatch.setenv("REFGEN_CACHE_DIR", "relative")
    assert twins.twin_folder() is None


@pytest.mark.parametrize("kind", ["relative", "a file", "read-only"])
def test_a_cache_refgen_cannot_use_never_fails_a_run(tmp_path: Path, kind: str) -> None:
    source = tmp_path / "openapi.yaml"
    assert refgen("parse", str(RESUME_PAGE), "-o", str(source)).returncode == 0
    work = tmp_path / "work"
    work.mkdir()
    cache = {"relative": Path("cache"), "a file": tmp_path / "file", "read-only": work}[kind]
    if kind == "a file":
        cache.write_text("not a folder\n")
    expected = generate(source, tmp_path / "expected", tmp_path / "usable")
    if kind == "read-only":
        work.chmod(0o555)
    try:
        result = refgen(
            "generate",
            str(source),
            "-o",
            str(tmp_path / "out"),
            "--package",
            "pkg",
            cwd=work,
            env={"REFGEN_CACHE_DIR": str(cache)},
            unprivileged=True,
        )
    finally:
        work.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = tmp_path / "out"
    files = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    assert files == expected
    assert list(work.iterdir()) == []  # a relative cache is not made in the working folder
    if kind == "a file":
        assert cache.read_text() == "not a folder\n"


def test_the_cache_is_private_and_tagged(tmp_path: Path) -> None:
    folder = tmp_path / "refgen" / "twins"
    text = "openapi: 3.1.0\nx: 1\n"
    assert twins.keep_twin(folder, text, load_yaml(text, "t.yaml"))
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / twins.twin_name(text)).stat().st_mode & 0o777 == 0o600
    tag = (tmp_path / "refgen" / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    # A folder refgen did not make (REFGEN_CACHE_DIR naming the user's whole cache) gets
    # refgen's twins/ and nothing else.
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    assert twins.keep_twin(theirs / "twins", text, load_yaml(text, "t.yaml"))
    assert sorted(p.name for p in theirs.iterdir()) == ["twins"]


def test_the_cache_is_bounded_in_bytes_the_newest_always_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(twins, "KEPT_BYTES", 1000)
    small = [f"openapi: 3.1.0\nx: {n}\n" for n in range(3)]
    big = "openapi: 3.1.0\nx: " + "a" * 2000 + "\n"
    for text in small:
        assert twins.keep_twin(tmp_path, text, load_yaml(text, "t.yaml"))
    assert len(list(tmp_path.glob("twin-*.json"))) == 3
    assert twins.keep_twin(tmp_path, big, load_yaml(big, "t.yaml"))
    assert [p.name for p in tmp_path.glob("twin-*.json")] == [twins.twin_name(big)]
    assert twins.read_twin(tmp_path, big) == {"openapi": "3.1.0", "x": "a" * 2000}


def test_what_a_killed_run_left_is_removed_once_old(tmp_path: Path) -> None:
    old, recent = tmp_path / ".new-twin-old", tmp_path / ".new-twin-recent"
    old.write_text('{"twin"')
    recent.write_text('{"twin"')
    os.utime(old, (0, 0))
    text = "openapi: 3.1.0\nx: 1\n"
    assert twins.keep_twin(tmp_path, text, load_yaml(text, "t.yaml"))
    assert not old.exists()
    assert recent.exists()  # perhaps a run writing its twin now


def test_a_path_error_is_located_in_the_yaml_with_or_without_a_twin(tmp_path: Path) -> None:
    source = tmp_path / "openapi.yaml"
    source.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /ok: {}\n  /a/../admin:\n    get: {responses: {'200': {description: OK}}}\n"
    )
    for _ in range(2):
        result = refgen("generate", str(source), "-o", str(tmp_path / "out"), "--package", "pkg")
        assert result.returncode == 1
        assert f"{source}:5: error: operation path '/a/../admin'" in result.stderr, result.stderr
