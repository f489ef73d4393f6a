"""Whole documentation trees: both dated Anthropic trees (every page of the reference, the
same operation standing in its method page, its resource page and every parent page) give
one valid OpenAPI 3.1 document each, and every other page of the corpus parses too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from generator.diagnostics import Diagnostics
from generator.openapi.document import ApiInfo, build_document
from generator.pipeline import parse_pages, read_pages
from tests.conftest import ANTHROPIC, CORPUS, TREES, parsed_tree

OPERATION_LINE = re.compile(r"^\*\*(get|post|put|patch|delete)\*\* `([^`]+)`\s*$", re.MULTILINE)
LOCATION = r"[\w./#-]+\.md:\d+(?::\d+)?"
SPLIT = re.compile(
    rf"^type (?P<name>\w+) is defined differently here and at (?P<other>{LOCATION}); "
    r"the two are named (?P<here>\w+) and (?P<there>\w+)$"
)


def operation_lines(root: Path) -> list[tuple[str, str]]:
    return [
        found
        for page in sorted(root.rglob("*.md"))
        for found in OPERATION_LINE.findall(page.read_text(encoding="utf-8"))
    ]


def operations(document: dict) -> list[tuple[str, str]]:
    """(method, path) of every operation: the stable and the beta one of a route give two."""
    return [
        (method, path.split("?")[0]) for path, item in document["paths"].items() for method in item
    ]


@pytest.mark.parametrize("tree", TREES)
def test_tree_is_one_valid_openapi_31_document(tree: str) -> None:
    document = parsed_tree(tree).document
    assert document["openapi"] == "3.1.0"
    validate(document)


@pytest.mark.parametrize("tree", TREES)
def test_every_distinct_operation_line_is_one_operation_per_namespace(tree: str) -> None:
    lines = operation_lines(ANTHROPIC / tree)
    found = operations(parsed_tree(tree).document)
    assert set(found) == set(lines)
    # The trees repeat operations: 930 lines for 255 routes, 509 for 137. A route the stable
    # and the beta reference both document is two operations: 23 routes in August (files 5,
    # skills 8, messages create and count_tokens, batches 6, models 2), 10 in May (no files
    # or skills outside beta yet).
    twins = {"2026-08-22": 23, "2026-05-09": 10}[tree]
    assert (len(lines), len(set(lines)), len(found)) == {
        "2026-08-22": (930, 255, 255 + twins),
        "2026-05-09": (509, 137, 137 + twins),
    }[tree]
    keys = [key for key in parsed_tree(tree).document["paths"] if "?" in key]
    assert {key.split("?")[1] for key in keys} == {"beta=true"}


@pytest.mark.parametrize("tree", TREES)
def test_every_reference_is_defined(tree: str) -> None:
    document = parsed_tree(tree).document
    defined = set(document["components"]["schemas"])
    text = repr(document)
    used = set(re.findall(r"'#/components/schemas/([^']+)'", text))
    assert used <= defined
    assert "\\x00" not in text  # no placeholder reference left behind


def test_conflicting_definitions_get_distinct_names_and_one_warning_each() -> None:
    result = parsed_tree("2026-08-22")
    schemas = result.document["components"]["schemas"]
    splits = [(d, m) for d in result.diagnostics if (m := SPLIT.match(d.message))]
    assert {m["name"] for _, m in splits} == {
        "APIActor",
        "MessageListResponse",
        "Organization",
        "RateLimitListResponse",
        "RbacGroup",
        "Text",
        "ToolResult",
        "ToolUse",
        "User",
        "UserActor",
        "WorkspaceCreateResponse",
        "WorkspaceDeleteResponse",
        "WorkspaceListResponse",
    }
    for diagnostic, match in splits:
        assert re.fullmatch(LOCATION, str(diagnostic.location))
        assert str(diagnostic.location) != match["other"]
        assert match["here"] != match["there"]
        assert {match["here"], match["there"]} <= set(schemas)
        assert not re.search(r"\d$", match["here"])  # named by meaning, never numbered
    # The one Domain Types entry keeps the plain name; the local variants are qualified.
    assert schemas["User"]["required"] == ["id", "added_at", "email", "name", "role", "type"]
    assert schemas["AdminSpendLimitsUser"]["required"] == ["type", "user_id"]
    # No Domain Types entry: every variant is named after its resource (client.admin.* for
    # the admin pages, whose urls say so).
    assert "UserActor" not in schemas
    assert set(schemas["ComplianceActivitiesUserActor"]["properties"]) == {
        "email_address",
        "ip_address",
        "user_agent",
        "user_id",
        "type",
    }
    assert set(schemas["AdminUsageReportUserActor"]["properties"]) == {"email_address", "type"}


def test_beta_and_stable_pages_of_one_route_are_two_operations() -> None:
    result = parsed_tree("2026-08-22")
    assert not [d for d in result.diagnostics if d.message.startswith("operation ")]
    paths = result.document["paths"]
    schemas = result.document["components"]["schemas"]
    stable, beta = paths["/v1/messages"]["post"], paths["/v1/messages?beta=true"]["post"]
    assert stable["x-refgen-client"] == {"resource": ["messages"], "method": "create"}
    assert beta["x-refgen-client"] == {"resource": ["beta", "messages"], "method": "create"}
    assert (stable["operationId"], beta["operationId"]) == (
        "messages_create",
        "beta_messages_create",
    )

    def body(operation: dict) -> set[str]:
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return set(schemas[ref.rsplit("/", 1)[1]]["properties"])

    def returns(operation: dict) -> dict:
        return operation["responses"]["200"]["content"]["application/json"]["schema"]

    # Each with its own parameters and types: what only the beta page documents is kept.
    assert body(beta) - body(stable) == {
        "context_management",
        "diagnostics",
        "fallback_credit_token",
        "fallbacks",
        "mcp_servers",
        "output_format",
        "speed",
    }
    assert body(stable) <= body(beta)
    assert [p["name"] for p in beta["parameters"]][:1] == ["anthropic-beta"]
    assert returns(stable) == {"$ref": "#/components/schemas/Message"}
    assert returns(beta) == {"$ref": "#/components/schemas/BetaMessage"}
    assert "diagnostics" in schemas["BetaMessage"]["properties"]
    assert "speed" in schemas["BetaUsage"]["properties"]
    # A list whose two pages lift their own list object: each operation has its own.
    models = paths["/v1/models"]["get"], paths["/v1/models?beta=true"]["get"]
    assert [returns(m)["$ref"].rsplit("/", 1)[1] for m in models] == [
        "ModelsListResponse",
        "BetaModelsListResponse",
    ]
    assert schemas["BetaModelsListResponse"]["properties"]["data"]["items"] == {
        "$ref": "#/components/schemas/BetaModelInfo"
    }


def test_names_do_not_depend_on_the_order_pages_are_read() -> None:
    # The admin pages of May define two different RateLimitListResponse.
    tree = ANTHROPIC / "2026-05-09"
    pages = read_pages([tree / "admin.md", tree / "admin"], Diagnostics())
    forward, backward = Diagnostics(), Diagnostics()
    document = build_document(pages, ApiInfo(), forward).document
    assert build_document(pages[::-1], ApiInfo(), backward).document == document
    assert [d.render() for d in forward.items] == [d.render() for d in backward.items]
    assert any(SPLIT.match(d.message) for d in forward.items)
    assert {
        "OrganizationsRateLimitListResponse",
        "OrganizationsWorkspacesRateLimitListResponse",
    } <= set(document["components"]["schemas"])


OTHER_PAGES = sorted(
    page
    for page in CORPUS.rglob("*.md")
    if page.relative_to(CORPUS).parts[:2] not in {("anthropic", tree) for tree in TREES}
    and page.name != "README.md"
)


@pytest.mark.parametrize("page", OTHER_PAGES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_other_corpus_page_parses(page: Path) -> None:
    result = parse_pages([page])
    validate(result.document)
    lines = set(OPERATION_LINE.findall(page.read_text(encoding="utf-8")))
    assert set(operations(result.document)) == lines


def test_source_map_covers_every_operation_schema_and_property() -> None:
    result = parsed_tree("2026-05-09")

    def pointer(*parts: str) -> str:
        return "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in parts)

    missing = []
    for path, item in result.document["paths"].items():
        for method, operation in item.items():
            expected = [pointer("paths", path, method)] + [
                pointer("paths", path, method, "parameters", str(i))
                for i in range(len(operation.get("parameters", [])))
            ]
            missing += [p for p in expected if p not in result.source_map]
    for name, schema in result.document["components"]["schemas"].items():
        expected = [pointer("components", "schemas", name)] + [
            pointer("components", "schemas", name, "properties", prop)
            for prop in schema.get("properties", {})
        ]
        missing += [p for p in expected if p not in result.source_map]
    assert not missing
    assert all(re.fullmatch(LOCATION, place) for place in result.source_map.values())
