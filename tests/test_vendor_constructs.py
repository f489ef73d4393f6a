"""Constructs of Stainless-style pages from vendors refgen had not seen (issue 14): one small
fixture page per construct under tests/fixtures/vendor/, and what refgen must make of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.pipeline import ParseResult, parse_pages
from tests.conftest import ROOT
from tests.generated_package import all_types, generate_into, import_package

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
    return all_types(import_package(tmp_path / package, package))


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


def test_a_chinese_page_without_examples_is_typed_by_names_and_its_wording(
    tmp_path: Path,
) -> None:
    # Item 6 with no example and no English: an undescribed `created_at` is a Unix time by
    # its name; `total` is a count because its Chinese description says so ("数量"), and
    # without that description nothing says so; a score stays a number.
    def types(total_description: str) -> dict[str, Any]:
        page = tmp_path / "jobs.md"
        page.write_text(
            "## 创建任务\n\n**post** `/jobs`\n\n### 返回\n\n- `id: string`\n\n"
            "- `created_at: number`\n\n"
            f"- `total: number`\n\n{total_description}"
            "- `score: number`\n\n  任务的评分。\n",
            encoding="utf-8",
        )
        response = schemas(parse_pages([page]))["JobsCreateResponse"]["properties"]
        return {name: response[name]["type"] for name in ("created_at", "total", "score")}

    described = types("  结果的数量。\n\n")
    assert described == {"created_at": "integer", "total": "integer", "score": "number"}
    assert types("") == {"created_at": "integer", "total": "number", "score": "number"}


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


def test_the_field_list_wins_over_an_abridged_example(tmp_path: Path) -> None:
    # Item 7: four fields the page lists as required stay required though a second example
    # leaves them out; a required field that can be null and is left out is optional (APIs
    # leave out nulls), and the evidence says which rule decided it.
    page = tmp_path / "sessions.md"
    page.write_text(
        "## Get session\n\n**get** `/sessions/{id}`\n\n### Returns\n\n"
        "- `Session object { id, user, model, status, 2 more }`\n\n"
        + "".join(f"  - `{name}: string`\n\n" for name in ("id", "user", "model", "status"))
        + "  - `created: number`\n\n  - `ended_at: string or null`\n\n"
        '#### Response\n\n```json\n{"id": "s", "user": "u", "model": "m", "status": "done", '
        '"created": 1712345678, "ended_at": "2026-01-01"}\n```\n\n'
        '#### Response\n\n```json\n{"id": "s2", "created": 1712345679}\n```\n',
        encoding="utf-8",
    )
    result = parse_pages([page])
    session = result.document["components"]["schemas"]["Session"]
    assert session["required"] == ["id", "user", "model", "status", "created"]
    assert result.sources.evidence["/components/schemas/Session/properties/ended_at"] == {
        "required": "inferred:optional_from_examples"
    }


def test_an_upload_known_from_one_curl_example_is_optional(tmp_path: Path) -> None:
    # Item 10: no Body Parameters, one `-F files=@...` example: the form is what that call
    # sent, not the contract.
    page = tmp_path / "skills.md"
    page.write_text(
        "## Create skill\n\n**post** `/v1/skills`\n\n### Returns\n\n- `id: string`\n\n"
        "### Example\n\n```http\ncurl https://api.example.com/v1/skills \\\n"
        '    -H "x-api-key: $EXAMPLE_API_KEY" \\\n    -F display_name=Greeter \\\n'
        "    -F 'files=@/path/to/SKILL.md'\n```\n",
        encoding="utf-8",
    )
    result = parse_pages([page])
    operation = result.document["paths"]["/v1/skills"]["post"]
    assert operation["requestBody"]["required"] is False
    form = result.document["components"]["schemas"]["SkillsCreateParams"]
    assert "required" not in form
    assert form["properties"]["files"] == {"type": "string", "format": "binary"}
    assert result.sources.evidence["/paths/~1v1~1skills/post"] == {"body": "example"}
    assert result.sources.evidence["/components/schemas/SkillsCreateParams/properties/files"] == {
        "required": "example"
    }


def test_has_more_with_a_next_page_token_pages(tmp_path: Path) -> None:
    # Item 8: `has_more` + `next_page` and a `page` query parameter page by token, stopping
    # when has_more is false (docs/inference.md, "Pagination").
    page = tmp_path / "reports.md"
    page.write_text(
        "## List reports\n\n**get** `/v1/reports`\n\n### Query Parameters\n\n"
        "- `limit: optional number`\n\n- `page: optional string`\n\n### Returns\n\n"
        "- `data: array of object { id }`\n\n  - `id: string`\n\n"
        "- `has_more: boolean`\n\n- `next_page: string or null`\n",
        encoding="utf-8",
    )
    operation = parse_pages([page]).document["paths"]["/v1/reports"]["get"]
    assert operation["x-refgen-pagination"] == {
        "kind": "token",
        "items_field": "data",
        "param": "page",
        "cursor_field": "next_page",
        "has_more_field": "has_more",
        "limit_param": "limit",
    }


def test_the_bundled_example_builds_without_a_warning(tmp_path: Path) -> None:
    # Item 9: the page names `Metadata` and never defines it; spec/overlay.yaml defines it, so
    # the build is quiet. Without the overlay the warning says how to fix it.
    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    build = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--force"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "warning" not in build.stdout + build.stderr
    result = parse_pages([ROOT / "spec" / "fine_tuning_jobs_resume.md"])
    (warning,) = [d for d in result.diagnostics if "never defined" in d.message]
    assert warning.message == (
        "type Metadata is used but never defined; its uses describe it "
        "as a map (an overlay can define it: docs/overlay.md)"
    )


def test_an_object_spelled_out_in_place_is_the_domain_type_it_equals() -> None:
    # Item 11: each operation spells its `result` out in place, and `## Domain Types` lists
    # the same object three times, as JobListResponse, JobCreateResponse and JobGetResponse.
    # The operations refer to them (each to the one named like it), and no anonymous copy
    # is emitted; the lead-in "One of the following:" goes with the list it introduced.
    result = parsed("jobs_resource.md")
    names = set(schemas(result))
    assert {"JobListResponse", "JobCreateResponse", "JobGetResponse"} <= names
    assert not [name for name in names if name.endswith(("Result", "ResultItem"))]
    responses = {
        name: schemas(result)[name]["properties"]["result"]
        for name in (
            "AccountsJobsListResponse",
            "AccountsJobsCreateResponse",
            "AccountsJobsRetrieveResponse",
        )
    }
    assert responses == {
        "AccountsJobsListResponse": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/JobListResponse"},
        },
        "AccountsJobsCreateResponse": {"$ref": "#/components/schemas/JobCreateResponse"},
        "AccountsJobsRetrieveResponse": {"$ref": "#/components/schemas/JobGetResponse"},
    }
    source = schemas(result)["AccountsJobsCreateParams"]["properties"]["source"]
    assert source["description"] == "Where the job reads from."


def test_cookie_parameters_reach_the_fragment(tmp_path: Path) -> None:
    # Item 5, the pages' side (the runtime sends them): `### Cookie Parameters`, in English
    # or Chinese, are `in: cookie` parameters of the operation.
    for heading in ("Cookie Parameters", "Cookie 参数"):
        page = tmp_path / "session.md"
        page.write_text(
            f"## Get session\n\n**get** `/session`\n\n### {heading}\n\n"
            '- `session_id: string`\n\n  The session.\n\n- `theme: optional "dark" or "light"`\n\n'
            '  - `"dark"`\n\n  - `"light"`\n\n### Returns\n\n- `id: string`\n',
            encoding="utf-8",
        )
        parameters = parse_pages([page]).document["paths"]["/session"]["get"]["parameters"]
        assert [(p["name"], p["in"], p["required"]) for p in parameters] == [
            ("session_id", "cookie", True),
            ("theme", "cookie", False),
        ]
        assert parameters[1]["schema"] == {"type": "string", "enum": ["dark", "light"]}


def test_identical_objects_spelled_out_in_place_are_one_type(tmp_path: Path) -> None:
    # Item 11: the same anonymous object under the same field (`where`, the items of `data`)
    # in several operations of a resource is one schema named after the resource and the
    # field, with the objects inside it named after it; an object under another field, or on
    # the side the client sends, stays its own.
    point = "  - `x: string`\n\n  - `y: optional object { z }`\n\n    - `z: number`\n\n"
    page = tmp_path / "things.md"
    page.write_text(
        "## Create thing\n\n**post** `/things`\n\n### Body Parameters\n\n"
        f"- `where: object {{ x, y }}`\n\n{point}"
        f"### Returns\n\n- `where: object {{ x, y }}`\n\n{point}"
        f"- `data: array of object {{ x, y }}`\n\n{point}"
        "## Get thing\n\n**get** `/things/{id}`\n\n### Returns\n\n"
        f"- `where: object {{ x, y }}`\n\n{point}"
        f"- `data: array of object {{ x, y }}`\n\n{point}"
        f"- `other: object {{ x, y }}`\n\n{point}",
        encoding="utf-8",
    )
    found = schemas(parse_pages([page]))
    # (`y` is the same object under the same field everywhere it is received: `ThingsY`.)
    assert sorted(found) == [
        "ThingsCreateParams",
        "ThingsCreateParamsWhere",
        "ThingsCreateParamsWhereY",
        "ThingsCreateResponse",
        "ThingsDataItem",
        "ThingsRetrieveResponse",
        "ThingsRetrieveResponseOther",
        "ThingsWhere",
        "ThingsY",
    ]
    for response in ("ThingsCreateResponse", "ThingsRetrieveResponse"):
        properties = found[response]["properties"]
        assert properties["where"] == {"$ref": "#/components/schemas/ThingsWhere"}
        assert properties["data"]["items"] == {"$ref": "#/components/schemas/ThingsDataItem"}
    for shared in ("ThingsWhere", "ThingsDataItem", "ThingsRetrieveResponseOther"):
        assert found[shared]["properties"]["y"] == {"$ref": "#/components/schemas/ThingsY"}
    assert found["ThingsY"]["properties"] == {"z": {"type": "number"}}
    assert found["ThingsCreateParamsWhere"]["properties"]["y"] == {
        "$ref": "#/components/schemas/ThingsCreateParamsWhereY"
    }


def test_an_object_in_place_equal_to_one_inside_a_named_type_is_that_one(tmp_path: Path) -> None:
    # Item 11, Cloudflare's envelope: `errors[].source` spelled out in an operation is the
    # `source` of the `ResponseInfo` the Domain Types list.
    page = tmp_path / "feeds.md"
    info = "  - `code: number`\n\n  - `source: optional object { pointer }`\n\n"
    info += "    - `pointer: optional string`\n\n"
    page.write_text(
        "## Update feed\n\n**put** `/feeds/{id}`\n\n### Returns\n\n"
        "- `errors: array of object { code, source }`\n\n"
        f"{info}- `success: boolean`\n\n"
        "## Domain Types\n\n### Response Info\n\n"
        f"- `ResponseInfo object {{ code, source }}`\n\n{info}",
        encoding="utf-8",
    )
    found = schemas(parse_pages([page]))
    item = found["FeedsUpdateResponse"]["properties"]["errors"]["items"]
    assert found[item["$ref"].rsplit("/", 1)[1]]["properties"]["source"] == {
        "$ref": "#/components/schemas/ResponseInfoSource"
    }
    assert [name for name in found if name.endswith("Source")] == ["ResponseInfoSource"]
