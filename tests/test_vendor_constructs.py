"""Constructs of Stainless-style pages from vendors refgen had not seen (issue 14): one small
fixture page per construct under tests/fixtures/vendor/, and what refgen must make of it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.pipeline import ParseResult, parse_pages
from tests.conftest import ROOT
from tests.generated_package import generate_into, import_package

FIXTURES = ROOT / "tests" / "fixtures" / "vendor"


def parsed(page: str) -> ParseResult:
    return parse_pages([FIXTURES / page])


def schemas(result: ParseResult) -> dict[str, Any]:
    components: dict[str, Any] = result.document["components"]["schemas"]
    return components


def test_union_members_labelled_alike_are_members_not_types() -> None:
    # Item 1: `Array = array of string`, `Array = array of number`, ... label the members of
    # a union; they are no type of the API, and the third must not be named after the file.
    result = parsed("embeddings.md")
    assert not {"Array", "String"} & set(schemas(result))
    assert all("Md" not in name and "At" not in name for name in schemas(result))
    members = schemas(result)["EmbeddingsCreateParams"]["properties"]["input"]["anyOf"]
    assert [m["type"] for m in members] == ["string", "array", "array", "array"]
    assert members[1]["items"] == {"type": "string"}
    assert not [d for d in result.diagnostics if "defined differently" in d.message]


def test_variants_nothing_else_tells_apart_are_named_by_their_content(tmp_path: Path) -> None:
    # Three different definitions of `Item` in one union of one operation: neither the
    # resource nor the enclosing path tells them apart, so their content does.
    page = tmp_path / "sources.md"
    page.write_text(
        "## Create source\n\n**post** `/sources`\n\n### Body Parameters\n\n"
        "- `source: Item or Item or Item`\n\n"
        "  - `Item = array of string`\n\n  - `Item = array of number`\n\n"
        "  - `Item object { url }`\n\n    - `url: string`\n\n"
        "### Returns\n\n- `id: string`\n",
        encoding="utf-8",
    )
    names = set(parse_pages([page]).document["components"]["schemas"])
    assert {
        "SourcesItem",
        "SourcesCreateParamsSourceItem",
        "SourcesCreateParamsSourceItemWithUrl",
    } <= names


def generated_models(tmp_path: Path, page: str, package: str) -> Any:
    """The models module of the package generated from one fixture page."""
    generate_into(tmp_path / package, [FIXTURES / page], package)
    return import_package(tmp_path / package, package).models


def test_an_abridged_listing_refers_to_the_full_one(tmp_path: Path) -> None:
    # Item 2: `Stage` is listed in full under `current_stage` and again under `stages` with
    # its enum cut to `... or 2 more` and no values below it: one type, all five values.
    result = parsed("deployments.md")
    assert not [d for d in result.diagnostics if "defined differently" in d.message]
    stage = schemas(result)["Stage"]
    assert stage["properties"]["name"]["enum"] == [
        "queued",
        "initialize",
        "clone_repo",
        "build",
        "deploy",
    ]
    assert not [name for name in schemas(result) if name.endswith("Stage") and name != "Stage"]
    # An object shown by its header only (`source: optional object { pointer }`, the second
    # time) is the same `ResponseInfo` as the listing that expands it.
    assert schemas(result)["ResponseInfoSource"]["properties"] == {"pointer": {"type": "string"}}
    assert not [
        name
        for name in schemas(result)
        if "ResponseInfo" in name and name not in ("ResponseInfo", "ResponseInfoSource")
    ]
    # And the page's own example, which the split used to reject, validates.
    models = generated_models(tmp_path, "deployments.md", "deployments_api")
    example = result.document["paths"]["/v1/deployments/{deployment_id}"]["get"]["responses"][
        "200"
    ]["content"]["application/json"]["examples"]["example1"]["value"]
    assert models.Deployment.model_validate(example).stages[1].name == "build"


def test_a_list_given_only_in_part_accepts_what_it_does_not_name(tmp_path: Path) -> None:
    # `"queued" or "running" or "succeeded" or 2 more` with no list anywhere: the two values
    # the page does not name must not be refused.
    document = parse_pages([ROOT / "tests" / "fixtures" / "evidence" / "older"]).document
    status = document["components"]["schemas"]["Job"]["properties"]["status"]
    assert status["anyOf"] == [
        {"type": "string", "enum": ["queued", "running", "succeeded"]},
        {"type": "string"},
    ]


def test_a_listing_without_its_children_is_abridged(tmp_path: Path) -> None:
    # The second listing of `Result` writes its members inline only; `"ok" or "failed"` and
    # `array of Part or string` without the children that resolve them are no second
    # definition (the grammar alone reads `array of (Part or string)`).
    page = tmp_path / "results.md"
    full = (
        "- `result: Result`\n\n  - `Result object { status, value }`\n\n"
        '    - `status: "ok" or "failed"`\n\n      - `"ok"`\n\n      - `"failed"`\n\n'
        "    - `value: array of Part or string`\n\n      - `array of Part`\n\n"
        "        - `Part object { text }`\n\n          - `text: string`\n\n"
        "      - `string`\n"
    )
    abridged = (
        "- `results: array of Result`\n\n  - `Result object { status, value }`\n\n"
        '    - `status: "ok" or "failed"`\n\n'
        "    - `value: array of Part or string`\n"
    )
    page.write_text(
        f"## One\n\n**get** `/one`\n\n### Returns\n\n{full}\n"
        f"## All\n\n**get** `/all`\n\n### Returns\n\n{abridged}",
        encoding="utf-8",
    )
    result = parse_pages([page])
    assert not [d for d in result.diagnostics if "defined differently" in d.message]
    value = result.document["components"]["schemas"]["Result"]["properties"]["value"]
    assert value["anyOf"] == [
        {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
        {"type": "string"},
    ]


def test_an_unexpanded_object_takes_its_fields_from_the_example(tmp_path: Path) -> None:
    # Item 3: `Response object { id, created_at, error, 4 more }` and no field list: the
    # example shows every field; a warning names the line; the evidence says `example`.
    result = parsed("runs.md")
    response = schemas(result)["Response"]
    assert list(response["properties"]) == [
        "id",
        "created_at",
        "error",
        "status",
        "progress",
        "usage",
        "steps",
    ]
    assert "required" not in response  # known from an example only
    assert response["properties"]["created_at"] == {"type": "integer"}
    assert response["properties"]["progress"] == {"type": "number"}  # 0.75
    assert response["properties"]["error"] == {}  # null is all the example says
    assert schemas(result)["ResponseUsage"]["properties"]["input_tokens"] == {"type": "integer"}
    steps = schemas(result)["ResponseStepsItem"]["properties"]
    assert steps == {
        "name": {"type": "string"},
        "ok": {"type": "boolean"},
        "detail": {"type": "string"},
    }
    sources = result.sources
    assert sources.evidence["/components/schemas/Response"] == {"schema": "example"}
    assert sources.evidence["/components/schemas/Response/properties/status"] == {
        "required": "example"
    }
    assert sources.evidence["/components/schemas/CancelResult"] == {"schema": "silent"}
    warnings = {(d.location.line, d.message) for d in result.diagnostics}
    taken = "type Response is listed only by its header; its 7 fields are taken from the examples"
    untyped = (
        "type CancelResult is listed only by its header and no example shows it: its "
        "fields accept any value"
    )
    assert {(13, taken), (48, untyped)} <= warnings
    models = generated_models(tmp_path, "runs.md", "runs_api")
    example = result.document["paths"]["/v1/runs/{run_id}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["examples"]["example1"]["value"]
    run = models.Response.model_validate(example)
    assert run.steps[1].detail == "timeout" and run.usage.output_tokens == 48
    assert not run.model_extra  # every field of the example is declared


def numeric_types(document: dict[str, Any]) -> dict[str, Any]:
    """{JSON pointer: type} of every numeric schema of the document."""
    found: dict[str, Any] = {}

    def visit(value: Any, pointer: str) -> None:
        if isinstance(value, dict):
            kinds = value.get("type")
            if {"number", "integer"} & set(kinds if isinstance(kinds, list) else [kinds]):
                found[pointer] = kinds
            for key, item in value.items():
                visit(item, f"{pointer}/{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, f"{pointer}/{index}")

    visit(document["components"], "")
    return found


def test_inference_reads_the_same_in_english_and_chinese() -> None:
    # Item 6: the same page translated gives the same types: `dimensions` ("the number of
    # dimensions", "维数"), token arrays ("integers", "整数"), `index` by its name.
    english = numeric_types(parsed("embeddings.md").document)
    chinese = numeric_types(parsed("embeddings_zh.md").document)
    assert english == chinese
    params = "/schemas/EmbeddingsCreateParams/properties"
    assert english[f"{params}/dimensions"] == "integer"
    assert english[f"{params}/input/anyOf/2/items"] == "integer"  # array of tokens
    assert english[f"{params}/input/anyOf/3/items/items"] == "integer"  # array of token arrays
    assert english["/schemas/Embedding/properties/embedding/items"] == "number"  # floats


def test_a_name_family_the_examples_contradict_decides_nothing(tmp_path: Path) -> None:
    # An undescribed `scheduled_at: number` is a Unix time by its name, unless this API's own
    # examples write its timestamps with fractions.
    def scheduled_at(created_at: str) -> Any:
        page = tmp_path / "jobs.md"
        page.write_text(
            "## Get job\n\n**get** `/jobs/{id}`\n\n### Returns\n\n"
            "- `Job object { id, created_at, scheduled_at }`\n\n  - `id: string`\n\n"
            "  - `created_at: number`\n\n  - `scheduled_at: optional number`\n\n"
            f'#### Response\n\n```json\n{{"id": "j", "created_at": {created_at}}}\n```\n',
            encoding="utf-8",
        )
        job = parse_pages([page]).document["components"]["schemas"]["Job"]["properties"]
        return job["created_at"]["type"], job["scheduled_at"]["type"]

    assert scheduled_at("1712345678") == ("integer", "integer")
    assert scheduled_at("1712345678.25") == ("number", "number")
