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
    return [(method, path) for path, item in document["paths"].items() for method in item]


@pytest.mark.parametrize("tree", TREES)
def test_tree_is_one_valid_openapi_31_document(tree: str) -> None:
    document = parsed_tree(tree).document
    assert document["openapi"] == "3.1.0"
    validate(document)


@pytest.mark.parametrize("tree", TREES)
def test_every_distinct_operation_line_is_exactly_one_operation(tree: str) -> None:
    lines = operation_lines(ANTHROPIC / tree)
    found = operations(parsed_tree(tree).document)
    assert len(found) == len(set(found))
    assert set(found) == set(lines)
    # The trees repeat operations: 930 lines for 255 operations, 509 for 137.
    assert (len(lines), len(set(lines))) == {"2026-08-22": (930, 255),
                                             "2026-05-09": (509, 137)}[tree]


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
        "APIActor", "MessageListResponse", "Organization", "RateLimitListResponse",
        "RbacGroup", "Text", "ToolResult", "ToolUse", "User", "UserActor",
        "WorkspaceCreateResponse", "WorkspaceDeleteResponse", "WorkspaceListResponse",
    }
    for diagnostic, match in splits:
        assert re.fullmatch(LOCATION, str(diagnostic.location))
        assert str(diagnostic.location) != match["other"]
        assert match["here"] != match["there"]
        assert {match["here"], match["there"]} <= set(schemas)
        assert not re.search(r"\d$", match["here"])  # named by meaning, never numbered
    # The one Domain Types entry keeps the plain name; the local variants are qualified.
    assert schemas["User"]["required"] == ["id", "added_at", "email", "name", "role", "type"]
    assert schemas["OrganizationsSpendLimitsUser"]["required"] == ["type", "user_id"]
    # No Domain Types entry: every variant is named after its resource.
    assert "UserActor" not in schemas
    assert set(schemas["ComplianceActivitiesUserActor"]["properties"]) == {
        "email_address", "ip_address", "user_agent", "user_id", "type"}
    assert set(schemas["OrganizationsUsageReportClaudeCodeUserActor"]["properties"]) == {
        "email_address", "type"}


def test_beta_and_stable_pages_of_one_operation_are_one_operation_and_a_warning() -> None:
    result = parsed_tree("2026-08-22")
    conflicts = [d for d in result.diagnostics if d.message.startswith("operation ")]
    assert len(conflicts) == 23  # files, messages, batches, models, skills: beta and stable
    # GET /v1/models differs only in the list object each copy lifts (ModelInfo items or
    # BetaModelInfo items): reported all the same.
    assert any(d.message.startswith("operation GET /v1/models is") for d in conflicts)
    for diagnostic in conflicts:
        # Reported at the beta copy; the copy filed under the path's own section is used.
        assert "/beta" in diagnostic.location.file or "beta.md" in diagnostic.location.file
        assert "that one is used" in diagnostic.message and "beta" not in diagnostic.message.split(" at ")[-1]
    create = result.document["paths"]["/v1/messages"]["post"]
    body = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body.endswith("/MessagesCreateParams")  # the stable page (messages/) won
    response = create["responses"]["200"]["content"]["application/json"]["schema"]
    assert response == {"$ref": "#/components/schemas/Message"}


def test_names_do_not_depend_on_the_order_pages_are_read() -> None:
    # The admin pages of May define two different RateLimitListResponse.
    tree = ANTHROPIC / "2026-05-09"
    pages = read_pages([tree / "admin.md", tree / "admin"], Diagnostics())
    forward, backward = Diagnostics(), Diagnostics()
    document = build_document(pages, ApiInfo(), forward).document
    assert build_document(pages[::-1], ApiInfo(), backward).document == document
    assert [d.render() for d in forward.items] == [d.render() for d in backward.items]
    assert any(SPLIT.match(d.message) for d in forward.items)
    assert {"OrganizationsRateLimitListResponse",
            "OrganizationsWorkspacesRateLimitListResponse"} <= set(document["components"]["schemas"])


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
