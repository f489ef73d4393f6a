"""JSON twins of YAML documents (generator/twins.py): a second `refgen generate` of the same
YAML reads it as JSON, and gets exactly the value the YAML gave, or reads the YAML again."""

from __future__ import annotations

import datetime
import json
import math
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


def generate(source: Path, output: Path) -> dict[str, str]:
    result = refgen("generate", str(source), "-o", str(output), "--package", "pkg")
    assert result.returncode == 0, result.stderr
    return {
        p.relative_to(output).as_posix(): p.read_text() for p in output.rglob("*") if p.is_file()
    }


def test_generate_reads_an_unchanged_yaml_through_its_twin(tmp_path: Path) -> None:
    source = tmp_path / "openapi.yaml"
    assert refgen("parse", str(RESUME_PAGE), "-o", str(source)).returncode == 0
    first = generate(source, tmp_path / "first")
    twin = tmp_path / ".refgen-cache" / twins.twin_name(source.read_text())
    assert twin.is_file()
    kept = json.loads(twin.read_text())
    assert same(kept["value"], load_spec(source).document)
    # The twin is what the second run reads: one changed in a way the YAML never says shows.
    kept["value"]["info"]["title"] = "From the twin"
    twin.write_text(json.dumps(kept))
    second = generate(source, tmp_path / "second")
    assert "From the twin" in "".join(second.values())
    twin.unlink()
    assert generate(source, tmp_path / "third") == first


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
