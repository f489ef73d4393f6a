"""Pure request-building helpers: NOT_GIVEN, path segments, query flattening, bodies."""

from __future__ import annotations

import copy
import datetime
import enum
import io
import pickle
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, ValidationError
from sdk._encoding import encode_multipart, encode_path, encode_query, merge_headers, to_jsonable
from sdk._models import BaseModel
from sdk._types import NOT_GIVEN, FileInput, NotGiven

from .fake_api import Hyperparameters


class Color(enum.Enum):
    RED = "red"


def test_not_given_is_a_falsy_singleton_that_survives_copies() -> None:
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert NotGiven() is NOT_GIVEN
    assert copy.copy(NOT_GIVEN) is NOT_GIVEN
    assert copy.deepcopy({"a": NOT_GIVEN})["a"] is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("ft-abc123", "ft-abc123"),
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a..b", "a..b"),
        ("with space", "with%20space"),
        ("é", "%C3%A9"),
        (42, "42"),
        (True, "true"),
        (Color.RED, "red"),
    ],
)
def test_path_parameters_are_encoded_as_one_segment(value: object, segment: str) -> None:
    assert encode_path("/files/{file_id}/content", {"file_id": value}) == (
        f"/files/{segment}/content"
    )


@settings(deadline=None)  # first examples compile validators: timing varies
@given(st.text(min_size=1))
def test_any_path_parameter_stays_one_segment_and_decodes_back(value: str) -> None:
    path = encode_path("/jobs/{id}/resume", {"id": value})
    empty, jobs, segment, resume = path.split("/")
    assert (empty, jobs, resume) == ("", "jobs", "resume")
    assert segment not in (".", "..")
    assert not set(segment) & set("?#")
    assert unquote(segment) == value


@pytest.mark.parametrize("value", ["", None, NOT_GIVEN])
def test_empty_path_parameters_are_refused(value: object) -> None:
    with pytest.raises(ValueError, match="file_id"):
        encode_path("/files/{file_id}", {"file_id": value})


def test_missing_path_parameter_is_refused() -> None:
    with pytest.raises(ValueError, match="file_id"):
        encode_path("/files/{file_id}", {})


def test_query_flattening() -> None:
    pairs = encode_query(
        {
            "limit": 10,
            "ratio": 0.5,
            "include": ["a", "b"],
            "metadata": {"team": "x", "deep": {"k": True}},
            "stream": False,
            "color": Color.RED,
            "since": datetime.date(2024, 5, 1),
            "skipped": NOT_GIVEN,
            "null": None,
        }
    )
    assert pairs == (
        ("limit", "10"),
        ("ratio", "0.5"),
        ("include", "a"),
        ("include", "b"),
        ("metadata[team]", "x"),
        ("metadata[deep][k]", "true"),
        ("stream", "false"),
        ("color", "red"),
        ("since", "2024-05-01"),
    )


def test_to_jsonable_drops_not_given_at_any_depth_and_keeps_none() -> None:
    body = {"a": {"b": NOT_GIVEN, "c": None}, "list": [1, NOT_GIVEN, (2, 3)], "gone": NOT_GIVEN}
    assert to_jsonable(body) == {"a": {"c": None}, "list": [1, [2, 3]]}


def test_to_jsonable_dumps_models_by_alias_with_only_set_fields() -> None:
    class Settings(BaseModel):
        schema_: str | None = Field(default=None, alias="schema")
        count: int = 0

    body = {"hp": Hyperparameters(n_epochs=3), "settings": Settings(schema_="s")}
    assert to_jsonable(body) == {"hp": {"n_epochs": 3}, "settings": {"schema": "s"}}


def test_to_jsonable_uses_json_forms_of_other_values() -> None:
    moment = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.UTC)
    assert to_jsonable({"at": moment, "color": Color.RED}) == {
        "at": "2024-05-01T12:30:00Z",
        "color": "red",
    }


def test_merge_headers_later_layers_win_and_none_removes() -> None:
    headers = merge_headers(
        {"User-Agent": "sdk", "Accept": "application/json"},
        {"user-agent": "mine", "X-Skip": NOT_GIVEN},
        {"Accept": None, "X-Flag": True},
    )
    assert dict(headers) == {"user-agent": "mine", "x-flag": "true"}


def test_multipart_fields_files_nesting_and_lists() -> None:
    handle = io.BytesIO(b"file-object")
    parts = encode_multipart(
        {
            "file": ("a.txt", b"abc", "text/plain"),
            "raw": b"bytes",
            "handle": handle,
            "purpose": "fine-tune",
            "flag": True,
            "tags": ["x", "y"],
            "meta": {"k": "v", "n": 1},
            "skipped": NOT_GIVEN,
            "null": None,
        }
    )
    assert parts == [
        ("file", ("a.txt", b"abc", "text/plain")),
        ("raw", b"bytes"),
        ("handle", handle),
        ("purpose", (None, "fine-tune")),
        ("flag", (None, "true")),
        ("tags", (None, "x")),
        ("tags", (None, "y")),
        ("meta[k]", (None, "v")),
        ("meta[n]", (None, "1")),
    ]


class UploadParams(BaseModel):
    file: FileInput
    purpose: str
    file_name: str | None = Field(default=None, alias="fileName")


def test_parameter_models_can_hold_files_and_feed_multipart() -> None:
    handle = io.BytesIO(b"contents")
    params = UploadParams(file=("a.txt", handle), purpose="p", fileName="n", note="extra")
    assert params.file == ("a.txt", handle)  # validated without being read
    assert UploadParams(file=b"raw", purpose="p").file == b"raw"
    with pytest.raises(ValidationError):
        UploadParams(file=3, purpose="p")
    assert encode_multipart({"params": params}) == [
        ("params[file]", ("a.txt", handle)),
        ("params[purpose]", (None, "p")),
        ("params[fileName]", (None, "n")),
        ("params[note]", (None, "extra")),
    ]
