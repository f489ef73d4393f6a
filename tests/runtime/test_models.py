"""Response parsing: exact round trips for valid data, lenient objects for drifted data,
errors kept, and strict mode."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, ValidationError
from sdk._exceptions import APIResponseValidationError
from sdk._models import BaseModel, Number, parse_response, validation_errors

from .conftest import ScriptedServer
from .fake_api import Client, FineTuningJob, JobError, ResponseDone, StreamEvent, TextDelta

JOB = {"id": "ft-1", "created_at": 1, "fine_tuned_model": "m", "status": "running"}


class Cat(BaseModel):
    kind: Literal["cat"]
    lives: int


class Dog(BaseModel):
    kind: Literal["dog"]
    good: bool


Pet = Annotated[Cat | Dog, Field(discriminator="kind")]


class Owner(BaseModel):
    name: str
    schema_: str | None = Field(default=None, alias="schema")
    score: Number | None = None
    pets: list[Pet] = Field(default_factory=list)
    by_name: dict[str, Cat] | None = None
    tags: list[Literal["a", "b"]] | None = None
    mode: Literal["auto"] | int | None = None
    best: Cat | Dog | None = None


def test_valid_data_is_validated_normally() -> None:
    job = parse_response(FineTuningJob, {**JOB, "error": {"code": "c", "message": "m"}})
    assert isinstance(job, FineTuningJob)
    assert isinstance(job.error, JobError)
    assert validation_errors(job) == []


def test_null_in_a_non_nullable_field_is_kept_and_reported() -> None:
    job = parse_response(FineTuningJob, {**JOB, "fine_tuned_model": None})
    assert isinstance(job, FineTuningJob)
    assert job.fine_tuned_model is None
    assert job.status == "running"
    [error] = validation_errors(job)
    assert error["loc"] == ("fine_tuned_model",)
    assert error["type"] == "string_type"


def test_unknown_enum_values_and_undocumented_fields() -> None:
    job = parse_response(FineTuningJob, {**JOB, "status": "paused", "new_field": {"x": 1}})
    assert job.status == "paused"
    assert job.new_field == {"x": 1}  # type: ignore[attr-defined]
    assert job.model_extra == {"new_field": {"x": 1}}
    assert [error["loc"] for error in validation_errors(job)] == [("status",)]


def test_undocumented_fields_alone_are_not_errors() -> None:
    job = parse_response(FineTuningJob, {**JOB, "brand_new": True})
    assert job.brand_new is True  # type: ignore[attr-defined]
    assert validation_errors(job) == []


def test_nested_models_are_built_even_when_invalid() -> None:
    job = parse_response(FineTuningJob, {**JOB, "error": {"code": 5, "message": "m"}})
    assert isinstance(job.error, JobError)
    assert job.error.code == 5
    assert job.error.message == "m"
    assert [error["loc"] for error in validation_errors(job.error)] == [("code",)]
    assert [error["loc"] for error in validation_errors(job)] == [("error", "code")]


def test_missing_required_fields_read_as_none_and_are_not_dumped() -> None:
    job = parse_response(FineTuningJob, {"id": "ft-1"})
    assert job.status is None  # type: ignore[comparison-overlap]
    assert job.model_dump(mode="json", exclude_unset=True, warnings=False) == {"id": "ft-1"}


def test_lists_dicts_and_unions_are_handled_item_by_item() -> None:
    owner = parse_response(
        Owner,
        {
            "name": "o",
            "pets": [{"kind": "cat", "lives": 9}, {"kind": "dog", "good": "very"}],
            "by_name": {"tom": {"kind": "cat", "lives": 9}, "odd": {"kind": "cat"}},
            "tags": ["a", "z"],
            "mode": "manual",
        },
    )
    cat, dog = owner.pets
    assert isinstance(cat, Cat)
    assert validation_errors(cat) == []
    assert isinstance(dog, Dog)
    assert dog.good == "very"
    assert owner.by_name is not None
    assert isinstance(owner.by_name["tom"], Cat)
    assert isinstance(owner.by_name["odd"], Cat)
    assert owner.by_name["odd"].lives is None
    assert owner.tags == ["a", "z"]
    assert owner.mode == "manual"


def test_unknown_union_member_becomes_a_plain_model() -> None:
    owner = parse_response(Owner, {"name": "o", "pets": [{"kind": "parrot", "words": 12}]})
    [parrot] = owner.pets
    assert not isinstance(parrot, Cat | Dog)
    assert isinstance(parrot, BaseModel)
    assert parrot.kind == "parrot"  # type: ignore[attr-defined]
    assert parrot.words == 12  # type: ignore[attr-defined]
    assert validation_errors(parrot)


def test_top_level_discriminated_union() -> None:
    event: Any = parse_response(StreamEvent, {"type": "text.delta", "delta": "hi"})
    assert isinstance(event, TextDelta)
    event = parse_response(StreamEvent, {"type": "response.done", "id": 7})
    assert isinstance(event, ResponseDone)
    assert event.id == 7


def test_union_without_discriminator_picks_the_closest_model() -> None:
    owner = parse_response(Owner, {"name": "o", "best": {"kind": "dog?", "good": True}})
    assert isinstance(owner.best, Dog)
    assert owner.best.kind == "dog?"


def test_non_model_results() -> None:
    assert parse_response(list[int], [1, "x", 3]) == [1, "x", 3]
    assert parse_response(dict[str, int], {"a": "b"}) == {"a": "b"}
    assert parse_response(int, "nope") == "nope"
    assert validation_errors([1]) == []


def test_strict_mode_raises() -> None:
    with pytest.raises(ValidationError):
        parse_response(FineTuningJob, {**JOB, "status": "paused"}, strict=True)
    assert parse_response(FineTuningJob, {**JOB, "extra": 1}, strict=True).extra == 1  # type: ignore[attr-defined]


def test_strict_client_raises_response_validation_error(server: ScriptedServer) -> None:
    drifted = {**JOB, "fine_tuned_model": None}
    server.reply_json(drifted)
    server.reply_json(drifted)
    lenient = Client(base_url=server.url, api_key="k")
    assert lenient.jobs.resume("ft-1").fine_tuned_model is None
    strict = lenient.with_options(strict_response_validation=True)
    with pytest.raises(APIResponseValidationError) as caught:
        strict.jobs.resume("ft-1")
    assert caught.value.status_code == 200
    assert caught.value.body == drifted
    assert [error["loc"] for error in caught.value.errors] == [("fine_tuned_model",)]
    assert "fine_tuned_model" in str(caught.value)


def _dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_unset=True, by_alias=True)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
cats = st.fixed_dictionaries({"kind": st.just("cat"), "lives": st.integers()})
dogs = st.fixed_dictionaries({"kind": st.just("dog"), "good": st.booleans()})
valid_owners = st.fixed_dictionaries(
    {"name": st.text()},
    optional={
        "schema": st.none() | st.text(),
        "score": st.none() | st.integers() | st.floats(allow_nan=False, allow_infinity=False),
        "pets": st.lists(cats | dogs, max_size=3),
        "by_name": st.none() | st.dictionaries(st.text(max_size=3), cats, max_size=2),
        "tags": st.none() | st.lists(st.sampled_from(["a", "b"]), max_size=3),
        "mode": st.none() | st.just("auto") | st.integers(),
        "best": st.none() | cats | dogs,
        "undocumented": json_values,
    },
)


@settings(deadline=None)  # first examples compile validators: timing varies
@given(valid_owners)
def test_valid_data_round_trips_exactly(data: dict[str, Any]) -> None:
    owner = Owner.model_validate(data)
    assert _dump(owner) == data
    assert json.dumps(_dump(owner), sort_keys=True) == json.dumps(data, sort_keys=True)
    assert _dump(parse_response(Owner, data)) == data


@settings(deadline=None)  # first examples compile validators: timing varies
@given(st.dictionaries(st.sampled_from(["name", "pets", "score", "best", "x"]), json_values))
def test_lenient_parsing_never_raises_and_keeps_every_key(data: dict[str, Any]) -> None:
    owner = parse_response(Owner, data)
    assert isinstance(owner, Owner)
    dumped = owner.model_dump(mode="json", exclude_unset=True, by_alias=True, warnings=False)
    assert dumped.keys() == data.keys()


def test_number_keeps_ints_as_ints() -> None:
    class Plain(BaseModel):
        value: float

    class Kept(BaseModel):
        value: Number

    assert json.dumps(_dump(Plain.model_validate({"value": 3}))) == '{"value": 3.0}'
    assert json.dumps(_dump(Kept.model_validate({"value": 3}))) == '{"value": 3}'
    assert json.dumps(_dump(Kept.model_validate({"value": 3.5}))) == '{"value": 3.5}'


def test_to_dict_and_to_json_read_like_the_wire() -> None:
    data = {"name": "Ann", "schema": "v2", "pets": [{"kind": "cat", "lives": 9}], "x-extra": 1}
    owner = Owner.model_validate(data)
    assert owner.to_dict() == data  # wire names, only what was sent, undocumented kept
    assert json.loads(owner.to_json()) == data
    assert owner.to_json().startswith('{\n  "name"')  # indented by default
    assert owner.to_json(indent=None) == json.dumps(data, separators=(",", ":"))
    assert owner.to_dict(use_api_names=False)["schema_"] == "v2"
    assert owner.to_dict(exclude_unset=False, exclude_none=True) == data  # defaults are None
    assert owner.to_dict(exclude_unset=False)["score"] is None


def test_to_dict_modes_and_lenient_objects() -> None:
    dated = parse_response(dict[str, Any], {"when": "2026-01-01"})
    assert dated == {"when": "2026-01-01"}
    drifted = parse_response(FineTuningJob, {**JOB, "status": "paused", "created_at": "soon"})
    assert isinstance(drifted, FineTuningJob)
    assert drifted.to_dict(warnings=False) == {**JOB, "status": "paused", "created_at": "soon"}
    assert json.loads(drifted.to_json(warnings=False))["created_at"] == "soon"


def test_request_id_is_set_on_the_returned_model_only(server: ScriptedServer) -> None:
    server.reply_json({**JOB, "error": {"code": "c", "message": "m"}}, **{"request-id": "req_1"})
    job = Client(base_url=server.url, api_key="k").jobs.resume("ft-1")
    assert job._request_id == "req_1"
    assert job.error is not None
    assert job.error._request_id is None  # as in the official SDKs: the top-level object
    assert "_request_id" not in job.to_dict()
    assert "req_1" not in job.to_json()
