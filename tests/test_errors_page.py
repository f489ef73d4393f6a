"""A tree's errors page → `x-refgen-errors` → the client's error classes and catalog
(generator/pages/errors.py, openapi/document.py, render/context.py `ErrorContext`)."""

from __future__ import annotations

from generator.pages.errors import documented_errors
from generator.pages.reader import SourceText
from generator.render.context import build_context
from tests.conftest import ANTHROPIC, parsed_tree

ERRORS_PAGE = ANTHROPIC / "2026-08-22" / "errors.md"


def source(path: str, *lines: str) -> SourceText:
    return SourceText(path, "\n".join(lines), 1, {})


def test_the_anthropic_errors_page_lists_its_statuses_and_types() -> None:
    document = parsed_tree("2026-08-22").document
    listed = {e["status"]: e["type"] for e in document["x-refgen-errors"]}
    assert listed == {
        400: "invalid_request_error",
        401: "authentication_error",
        402: "billing_error",
        403: "permission_error",
        404: "not_found_error",
        409: "conflict_error",
        413: "request_too_large",
        429: "rate_limit_error",
        500: "api_error",
        504: "timeout_error",
        529: "overloaded_error",
    }
    overloaded = document["x-refgen-errors"][-1]
    assert overloaded["description"] == "The API is temporarily overloaded."


def test_only_an_errors_page_with_two_items_is_read() -> None:
    items = ("* 400 - `invalid_request_error`: Bad.", "- 529 – `overloaded_error` Busy")
    found = documented_errors(source("api/errors.md", "## HTTP errors", "", *items))
    assert [(e.status, e.type, e.location.line) for e in found] == [
        (400, "invalid_request_error", 3),
        (529, "overloaded_error", 4),
    ]
    assert documented_errors(source("api/messages.md", *items)) == ()  # not an errors page
    assert documented_errors(source("errors.md", items[0])) == ()  # one stray line
    assert documented_errors(source("errors.md", "* 200 - `ok`: fine", "* 302 - `moved`")) == ()


def test_the_context_names_a_class_per_status_the_runtime_lacks() -> None:
    document = {
        "openapi": "3.1.0",
        "paths": {},
        "x-refgen-errors": [
            {"status": 402, "type": "billing_error", "description": "Pay."},
            {"status": 504, "type": "timeout_error"},
            {"status": 529, "type": "overloaded_error"},
            {"status": 418, "type": 'x"); import os; ("'},  # hostile: only ever a literal
            {"status": 200, "type": "not_an_error"},
            {"status": "500", "type": "api_error"},
        ],
    }
    errors = build_context(document, "pkg").errors
    named = [(e.status, e.class_name, e.base_name, e.defined) for e in errors]
    assert named == [
        (402, "BillingError", "APIStatusError", True),
        (418, "XImportOsError", "APIStatusError", True),
        (504, "GatewayTimeoutError", "InternalServerError", True),
        (529, "OverloadedError", "InternalServerError", False),
    ]


def test_without_an_errors_page_the_standard_catalog() -> None:
    from generator.pipeline import parse_pages, render_files
    from tests.conftest import RESUME_PAGE

    document = parse_pages([RESUME_PAGE]).document
    assert "x-refgen-errors" not in document
    client = render_files(document, "pkg")["pkg/_client.py"]
    assert "ERROR_CATALOG = ErrorCatalog()" in client
