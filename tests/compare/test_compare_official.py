"""Against the official OpenAI specs: extracts, renamed copies, perturbed copies, seed era."""

import copy
from typing import Any

from generator.compare.comparison import DocumentComparison, OperationComparison, compare_documents
from generator.compare.findings import Disagreement, operation_disagreements
from generator.compare.metrics import Figures, figures, total
from tests.compare.conftest import Document

RESUME = "POST /fine_tuning/jobs/{fine_tuning_job_id}/resume"
CHECK_NAMES = ("required", "types", "int_number", "nullability", "enums")


def _operation(comparison: DocumentComparison, label: str) -> OperationComparison:
    (operation,) = [op for op in comparison.operations if op.label == label]
    return operation


def _figures(operation: OperationComparison) -> Figures:
    return total(figures(section.positions) for section in operation.sections)


def _assert_perfect(comparison: DocumentComparison) -> None:
    for operation in comparison.operations:
        result = _figures(operation)
        assert result.only_reconstructed == result.only_authoritative == 0, operation.label
        assert all(
            result.agreement(name).agree == result.agreement(name).total for name in CHECK_NAMES
        )
        assert operation_disagreements(operation) == [], operation.label


def test_fine_tuning_extract_matches_full_spec_perfectly(
    fine_tuning_extract: Document, newest_spec: Document
) -> None:
    comparison = compare_documents(fine_tuning_extract, newest_spec)

    assert len(comparison.operations) == 13
    assert comparison.only_reconstructed == ()
    assert len(comparison.only_authoritative) == 288 - 13
    _assert_perfect(comparison)
    resume = _figures(_operation(comparison, RESUME))
    assert (resume.recall, resume.precision, resume.f1) == (1.0, 1.0, 1.0)
    assert resume.both == 216


def test_full_spec_against_itself_is_perfect(newest_spec: Document) -> None:
    # Every operation, including the large recursive Responses unions, walks and terminates.
    comparison = compare_documents(newest_spec, newest_spec)

    assert len(comparison.operations) == 288
    _assert_perfect(comparison)


def _renamed(document: Document) -> Document:
    """A copy where every component schema has a new, meaningless name."""
    prefix = "#/components/schemas/"
    names = {name: f"Schema{index}" for index, name in enumerate(document["components"]["schemas"])}

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                return {**node, "$ref": prefix + names[node["$ref"].removeprefix(prefix)]}
            return {key: rewrite(value) for key, value in node.items()}
        return [rewrite(item) for item in node] if isinstance(node, list) else node

    renamed = rewrite(document)
    renamed["components"]["schemas"] = {
        names[name]: schema for name, schema in renamed["components"]["schemas"].items()
    }
    return renamed


def test_schema_names_never_matter(fine_tuning_extract: Document, newest_spec: Document) -> None:
    renamed = _renamed(fine_tuning_extract)
    assert "FineTuningJob" not in renamed["components"]["schemas"]

    comparison = compare_documents(renamed, newest_spec)

    assert len(comparison.operations) == 13
    _assert_perfect(comparison)


def _perturbed(extract: Document) -> Document:
    document = copy.deepcopy(extract)
    job = document["components"]["schemas"]["FineTuningJob"]["properties"]
    del job["seed"]
    document["components"]["schemas"]["FineTuningJob"]["required"].remove("model")
    job["hyperparameters"]["properties"]["n_epochs"]["oneOf"][1]["type"] = "number"
    job["status"]["enum"].remove("cancelled")
    job["organization_id"]["type"] = ["string", "null"]
    return document


def test_perturbations_are_reported_at_their_json_paths(
    fine_tuning_extract: Document, newest_spec: Document
) -> None:
    comparison = compare_documents(_perturbed(fine_tuning_extract), newest_spec)
    resume = _operation(comparison, RESUME)

    found = operation_disagreements(resume)
    assert [(item.path, item.kind) for item in found] == [
        ("$.hyperparameters.n_epochs", "int_number"),
        ("$.model", "required"),
        ("$.organization_id", "nullability"),
        ("$.seed", "only_authoritative"),
        ("$.status", "enums"),
    ]
    assert [item.line for item in found] == [
        f"{RESUME} response 200 $.hyperparameters.n_epochs: type number vs integer",
        f"{RESUME} response 200 $.model: required no vs yes",
        f"{RESUME} response 200 $.organization_id: nullable yes vs no",
        f"{RESUME} response 200 $.seed: only in authoritative",
        f'{RESUME} response 200 $.status: enum missing "cancelled"',
    ]
    assert found[4] == Disagreement(
        RESUME,
        "response 200",
        "$.status",
        "enums",
        '"failed", "queued", "running", "succeeded", "validating_files"',
        '"cancelled", "failed", "queued", "running", "succeeded", "validating_files"',
        'enum missing "cancelled"',
    )


def test_perturbation_figures_drop_by_exactly_one(
    fine_tuning_extract: Document, newest_spec: Document
) -> None:
    comparison = compare_documents(_perturbed(fine_tuning_extract), newest_spec)
    result = _figures(_operation(comparison, RESUME))

    assert (result.both, result.only_reconstructed, result.only_authoritative) == (215, 0, 1)
    assert result.recall == 215 / 216
    misses = {
        name: result.agreement(name).total - result.agreement(name).agree for name in CHECK_NAMES
    }
    assert misses == {"required": 1, "types": 0, "int_number": 1, "nullability": 1, "enums": 1}


def test_seed_era_against_newest_resume_operation(
    seed_spec: Document, newest_spec: Document
) -> None:
    comparison = compare_documents(seed_spec, newest_spec)
    resume = _operation(comparison, RESUME)
    result = _figures(resume)

    # The newest spec adds InputTextContent.prompt_cache_breakpoint (and its `mode`) under six
    # grader input paths, and ReasoningEffort "max" under two sampling_params.
    assert (result.both, result.only_reconstructed, result.only_authoritative) == (204, 0, 12)
    assert round(result.recall or 0, 4) == 0.9444
    assert result.precision == 1.0
    agreements = {
        name: (result.agreement(name).agree, result.agreement(name).total) for name in CHECK_NAMES
    }
    assert agreements == {
        "required": (189, 189),
        "types": (204, 204),
        "int_number": (31, 31),
        "nullability": (204, 204),
        "enums": (71, 73),
    }
    found = operation_disagreements(resume)
    assert sum(item.path.endswith(".prompt_cache_breakpoint") for item in found) == 6
    assert [item.message for item in found if item.kind == "enums"] == ['enum missing "max"'] * 2
    assert "$.method.reinforcement.grader.anyOf[3].sampling_params.reasoning_effort" in {
        item.path for item in found
    }
