"""The fragment built from the page this project started from, checked against the page
(hand-read) and against the official spec it was made from."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import validate

SCHEMAS = "#/components/schemas/"


def schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def test_document_is_valid_openapi_31(resume_document: dict[str, Any]) -> None:
    assert resume_document["openapi"] == "3.1.0"
    validate(resume_document)


def test_operation(resume_document: dict[str, Any]) -> None:
    operation = resume_document["paths"]["/fine_tuning/jobs/{fine_tuning_job_id}/resume"]["post"]
    assert operation["operationId"] == "fine_tuning_jobs_resume"
    assert operation["summary"] == "Resume"
    assert operation["description"] == "Resume a fine-tune job."
    assert operation["tags"] == ["fine_tuning.jobs"]
    assert operation["parameters"] == [
        {"name": "fine_tuning_job_id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert "requestBody" not in operation
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body == {"$ref": SCHEMAS + "FineTuningJob"}


def test_server_and_bearer_auth_from_the_curl_example(resume_document: dict[str, Any]) -> None:
    assert resume_document["servers"] == [{"url": "https://api.openai.com/v1"}]
    assert resume_document["security"] == [{"bearerAuth": []}]
    assert resume_document["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "x-refgen-env": "OPENAI_API_KEY",
    }


def test_fine_tuning_job_fields_and_required(resume_document: dict[str, Any]) -> None:
    job = schema(resume_document, "FineTuningJob")
    # The page lists 19 fields (`object { id, created_at, error, 16 more }`), 15 not optional.
    assert list(job["properties"]) == [
        "id",
        "created_at",
        "error",
        "fine_tuned_model",
        "finished_at",
        "hyperparameters",
        "model",
        "object",
        "organization_id",
        "result_files",
        "seed",
        "status",
        "trained_tokens",
        "training_file",
        "validation_file",
        "estimated_finish",
        "integrations",
        "metadata",
        "method",
    ]
    assert job["required"] == list(job["properties"])[:15]
    assert job["properties"]["object"]["const"] == "fine_tuning.job"
    assert job["properties"]["status"]["enum"] == [
        "validating_files",
        "queued",
        "running",
        "succeeded",
        "failed",
        "cancelled",
    ]
    assert job["properties"]["result_files"]["type"] == "array"
    assert job["properties"]["metadata"]["$ref"] == SCHEMAS + "Metadata"


def test_inline_objects_are_lifted_under_names_from_their_path(
    resume_document: dict[str, Any],
) -> None:
    job = schema(resume_document, "FineTuningJob")
    assert job["properties"]["hyperparameters"]["$ref"] == SCHEMAS + "FineTuningJobHyperparameters"
    assert job["properties"]["error"]["$ref"] == SCHEMAS + "FineTuningJobError"
    assert job["properties"]["method"]["$ref"] == SCHEMAS + "FineTuningJobMethod"
    hyper = schema(resume_document, "FineTuningJobHyperparameters")
    # `number` on the page; `n_*` names a count, so an integer (generator/openapi/infer.py).
    assert hyper["properties"]["n_epochs"]["anyOf"] == [
        {"type": "string", "const": "auto"},
        {"type": "integer"},
    ]
    assert "required" not in hyper  # all three are optional


def test_named_types_are_components_referenced_everywhere(resume_document: dict[str, Any]) -> None:
    names = set(resume_document["components"]["schemas"])
    assert {
        "DpoMethod",
        "DpoHyperparameters",
        "ReinforcementMethod",
        "SupervisedMethod",
        "ReasoningEffort",
        "Metadata",
        "StringCheckGrader",
        "TextSimilarityGrader",
        "PythonGrader",
        "ScoreModelGrader",
        "MultiGrader",
        "LabelModelGrader",
    } <= names
    effort = schema(resume_document, "ReasoningEffort")
    assert effort["enum"] == ["none", "minimal", "low", "medium", "high", "xhigh"]


def test_grader_union_is_discriminated_by_type(resume_document: dict[str, Any]) -> None:
    grader = schema(resume_document, "ReinforcementMethod")["properties"]["grader"]
    assert "anyOf" not in grader
    assert grader["discriminator"]["propertyName"] == "type"
    assert grader["discriminator"]["mapping"] == {
        "string_check": SCHEMAS + "StringCheckGrader",
        "text_similarity": SCHEMAS + "TextSimilarityGrader",
        "python": SCHEMAS + "PythonGrader",
        "score_model": SCHEMAS + "ScoreModelGrader",
        "multi": SCHEMAS + "MultiGrader",
    }


def test_union_without_a_distinct_constant_stays_any_of(resume_document: dict[str, Any]) -> None:
    content = schema(resume_document, "ScoreModelGraderInputItem")["properties"]["content"]
    # TextInput is a string and GraderInputs an array: no discriminator can tell them apart.
    assert [m["$ref"].rsplit("/", 1)[1] for m in content["anyOf"]] == [
        "TextInput",
        "ResponseInputText",
        "OutputText",
        "InputImage",
        "ResponseInputAudio",
        "GraderInputs",
    ]
