"""The SDK address of every operation of the 2026-08-22 Anthropic tree, measured against its
pages: every method page's `url:` is the address of its operation, no documented parameter
is lost, and what only the beta pages document is kept on the beta operations.

The expectations are read from the pages (tests/method_pages.py, and the declarations), not
from the code under test; a page's namespace is `beta` when its url path below /api/ begins
with it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.openapi.schemas import parse_node
from generator.pages.model import PARAMETER_SECTIONS, DeclNode, OperationBlock, Page, SectionKind
from generator.spec.refs import ref_name
from tests.conftest import parsed_tree
from tests.method_pages import TREE, method_pages, pages, url_below_api

Route = tuple[str, str]
FieldPath = tuple[str, ...]  # (section, name, name...): ("body", "requests", "params", "speed")


def operations_by_address(document: dict[str, Any]) -> dict[str, tuple[Route, dict[str, Any]]]:
    found = {}
    for path_key, item in document["paths"].items():
        for method, operation in item.items():
            client = operation["x-refgen-client"]
            found[".".join([*client["resource"], client["method"]])] = (
                (method, path_key.split("?")[0]),
                operation,
            )
    return found


def test_every_method_page_url_is_the_address_of_its_operation() -> None:
    addresses = operations_by_address(parsed_tree(TREE).document)
    expected = {address: (block.method, block.path) for address, block in method_pages().items()}
    at_address = {a for a, route in expected.items() if addresses.get(a, (None,))[0] == route}
    # 278 method pages, one per operation: 255 routes, 23 of them documented twice.
    assert (len(expected), len(at_address), len(addresses)) == (278, 278, 278)


def field_paths(nodes: tuple[DeclNode, ...], prefix: FieldPath) -> Iterator[FieldPath]:
    """Every field a declaration tree documents, as the names leading to it."""
    for node in nodes:
        declaration = parse_node(node)
        path = prefix
        if declaration.kind == "field" and declaration.name is not None:
            path = (*prefix, declaration.name)
            yield path
        yield from field_paths(node.children, path)


def documented(block: OperationBlock, depth: int | None = None) -> set[FieldPath]:
    """The parameters (and, to `depth` names, their fields) and response fields a block
    documents."""
    kinds = [*PARAMETER_SECTIONS, SectionKind.BODY, SectionKind.RETURNS]
    found = {
        path
        for kind in kinds
        for section in block.sections_of(kind)
        for path in field_paths(section.declarations, (kind.value,))
    }
    return {path for path in found if depth is None or len(path) <= depth + 1}


def resolves(document: dict[str, Any], operation: dict[str, Any], path: FieldPath) -> bool:
    """Whether the operation has the field: parameters by name, then properties through
    references, array items, map values and union members."""
    kind, *names = path
    if kind == "returns":
        # The body, or one event or line of an event stream or JSON Lines (one media type).
        (media,) = operation["responses"]["200"]["content"].values()
        schema = media["schema"]
        return _reaches(document, schema, names)
    if kind == "body":
        content = operation.get("requestBody", {}).get("content", {})
        return any(_reaches(document, media["schema"], names) for media in content.values())
    for parameter in operation.get("parameters", []):
        if (parameter["in"], parameter["name"]) == (kind, names[0]):
            return _reaches(document, parameter["schema"], names[1:])
    return False


def _reaches(document: dict[str, Any], schema: Any, names: list[str], depth: int = 0) -> bool:
    if not names:
        return True
    if not isinstance(schema, dict) or depth > 40:
        return False
    name = ref_name(schema)
    if name is not None:
        return _reaches(document, document["components"]["schemas"][name], names, depth + 1)
    nested = [*schema.get("anyOf", []), *schema.get("oneOf", [])]
    nested += [schema[key] for key in ("items", "additionalProperties") if key in schema]
    if any(_reaches(document, sub, names, depth + 1) for sub in nested):
        return True
    properties = schema.get("properties", {})
    return names[0] in properties and _reaches(document, properties[names[0]], names[1:], depth + 1)


def _operation_of_copy(
    page: Page, block: OperationBlock, addresses: dict[str, tuple[Route, dict[str, Any]]]
) -> dict[str, Any]:
    """The operation a copy documents: of its route, in its page's namespace (beta or not)."""
    beta = url_below_api(page)[:1] == ("beta",)
    (operation,) = [
        operation
        for address, (route, operation) in addresses.items()
        if route == (block.method, block.path) and address.startswith("beta.") == beta
    ]
    return operation


def test_no_documented_parameter_of_any_page_is_lost() -> None:
    document = parsed_tree(TREE).document
    addresses = operations_by_address(document)
    checked, lost = 0, []
    for page in pages():
        for block in page.operations:
            operation = _operation_of_copy(page, block, addresses)
            for path in documented(block, depth=1):
                if path[0] == "returns":
                    continue
                checked += 1
                if not resolves(document, operation, path):
                    lost.append(f"{block.location}: {'.'.join(path)}")
    # Every path, query, header and body parameter, and its fields, of the 930 copies of
    # the tree's operations (method pages, resource pages and parent pages).
    assert checked == 3808
    assert lost == []


def beta_only_fields() -> dict[str, set[FieldPath]]:
    """Per beta method page whose stable twin documents the same route: the fields (any
    depth) only the beta page documents."""
    by_address = method_pages()
    found = {}
    for address, block in by_address.items():
        stable = by_address.get(address.removeprefix("beta."))
        if (
            address.startswith("beta.")
            and stable is not None
            and (stable.method, stable.path) == (block.method, block.path)
        ):
            found[address] = documented(block) - documented(stable)
    return found


def test_what_only_the_beta_pages_document_is_kept_on_the_beta_operations() -> None:
    document = parsed_tree(TREE).document
    addresses = operations_by_address(document)
    fields = beta_only_fields()
    missing = [
        f"{address}: {'.'.join(path)}"
        for address, paths in fields.items()
        for path in paths
        if not resolves(document, addresses[address][1], path)
    ]
    assert len(fields) == 23
    assert sum(map(len, fields.values())) == 330
    assert missing == []
    # The top-level ones, by hand from the pages: the anthropic-beta header of 21 beta
    # methods (not models), the cursor parameters of files.list, and the body parameters
    # of messages.create and count_tokens.
    top = {
        (address, path)
        for address, paths in fields.items()
        for path in paths
        if len(path) == 2 and path[0] != "returns"
    }
    assert len(top) == 35
    assert {path for address, path in top if address == "beta.messages.create"} == {
        ("body", name)
        for name in (
            "context_management",
            "diagnostics",
            "fallback_credit_token",
            "fallbacks",
            "mcp_servers",
            "output_format",
            "speed",
        )
    } | {("header", "anthropic-beta")}
    stable = addresses["messages.create"][1]
    assert not resolves(document, stable, ("body", "context_management"))
    assert resolves(document, addresses["beta.messages.create"][1], ("returns", "diagnostics"))
    assert resolves(document, addresses["beta.messages.create"][1], ("returns", "usage", "speed"))
    assert not resolves(document, stable, ("returns", "usage", "speed"))
