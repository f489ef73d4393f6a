"""Which operation each copy of a route becomes (generator/openapi/addresses.py): copies at one
address are one operation, a route documented in two namespaces is two, and conflicts are
resolved the same way whatever order the pages come in, with a warning naming both pages."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from openapi_spec_validator import validate

from generator.diagnostics import Diagnostics
from generator.openapi.addresses import place_operations
from generator.openapi.document import ApiInfo, build_document
from generator.pipeline import ParseResult, parse_pages, read_pages

API = "https://docs.example.com/en/api/"


def page(
    heading: str,
    method: str,
    path: str,
    url: str = "",
    resource: str = "",
    body: str = "name",
    returns: str = "Thing",
) -> str:
    """A page of one operation: a method page, or a resource page when `resource` is set."""
    front = f"---\ntitle: {heading}\nurl: {API}{url}\n---\n\n" if url else ""
    top = f"# {resource}\n\n" if resource else ""
    return (
        front
        + top
        + textwrap.dedent(f"""\
        ## {heading}

        **{method}** `{path}`

        ### Body Parameters

        - `{body}: string`

        ### Returns

        - `{returns} object {{ id }}`

          - `id: string`
        """)
    )


def tree(tmp_path: Path, files: dict[str, str]) -> ParseResult:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return parse_pages([tmp_path])


def addresses(result: ParseResult) -> dict[str, str]:
    """`paths` key and method → dotted address."""
    return {
        f"{method.upper()} {key}": ".".join(
            [*op["x-refgen-client"]["resource"], op["x-refgen-client"]["method"]]
        )
        for key, item in result.document["paths"].items()
        for method, op in item.items()
    }


def warnings(result: ParseResult, text: str) -> list[str]:
    return [d.render() for d in result.diagnostics if text in d.message]


def test_a_method_pages_url_is_its_address_and_its_copies_join_it(tmp_path: Path) -> None:
    result = tree(
        tmp_path,
        {
            "widgets/make.md": page("Make Widget", "post", "/v1/widgets", "widgets/make"),
            "widgets.md": page("Make Widget", "post", "/v1/widgets", "widgets", resource="Widgets"),
            "everything.md": page("Make Widget", "post", "/v1/widgets", resource="Everything"),
        },
    )
    assert addresses(result) == {"POST /v1/widgets": "widgets.make"}
    assert result.document["paths"]["/v1/widgets"]["post"]["operationId"] == "widgets_make"


def test_stable_and_beta_pages_of_a_route_are_two_operations(tmp_path: Path) -> None:
    result = tree(
        tmp_path,
        {
            "messages/create.md": page(
                "Create a Message", "post", "/v1/messages", "messages/create"
            ),
            "beta/messages/create.md": page(
                "Create a Message",
                "post",
                "/v1/messages",
                "beta/messages/create",
                body="betas",
                returns="BetaThing",
            ),
            "beta.md": page(
                "Create a Message",
                "post",
                "/v1/messages",
                "beta",
                resource="Beta",
                body="betas",
                returns="BetaThing",
            ),
            # a beta route with no stable twin is qualified all the same: its key does not
            # depend on whether a twin exists
            "beta/agents/list.md": page(
                "List Agents", "get", "/v1/agents", "beta/agents/list", returns="Agent"
            ),
        },
    )
    assert addresses(result) == {
        "POST /v1/messages": "messages.create",
        "POST /v1/messages?beta=true": "beta.messages.create",
        "GET /v1/agents?beta=true": "beta.agents.list",
    }
    validate(result.document)
    schemas = result.document["components"]["schemas"]
    assert set(schemas["BetaMessagesCreateParams"]["properties"]) == {"betas"}
    assert set(schemas["MessagesCreateParams"]["properties"]) == {"name"}
    # each type's home: the resource of the page section that defines it
    assert schemas["BetaThing"]["x-refgen-resource"] == ["beta", "messages"]
    assert schemas["Thing"]["x-refgen-resource"] == ["messages"]
    assert schemas["Agent"]["x-refgen-resource"] == ["beta", "agents"]
    assert not warnings(result, "defined differently")


def test_a_type_is_at_home_where_the_domain_types_list_it(tmp_path: Path) -> None:
    listing = "\n## Domain Types\n\n### Thing\n\n- `Thing object { id }`\n\n  - `id: string`\n"
    result = tree(
        tmp_path,
        {
            "batches/create.md": page("Create Batch", "post", "/v1/batches", "batches/create"),
            "things.md": page("Create Thing", "post", "/v1/things", "things", "Things") + listing,
            "things/create.md": page("Create Thing", "post", "/v1/things", "things/create"),
        },
    )
    # first defined by the batches page (read first), listed by the things resource
    assert result.document["components"]["schemas"]["Thing"]["x-refgen-resource"] == ["things"]


def test_a_section_of_its_own_routes_is_no_namespace_to_qualify(tmp_path: Path) -> None:
    # admin/ holds /v1/organizations/... routes no other section documents: its url places
    # them under client.admin, and their keys stay plain.
    result = tree(
        tmp_path,
        {
            "admin/workspaces/create.md": page(
                "Create Workspace",
                "post",
                "/v1/organizations/workspaces",
                "admin/workspaces/create",
            ),
            "admin.md": page(
                "Create Workspace",
                "post",
                "/v1/organizations/workspaces",
                "admin",
                resource="Admin",
            ),
        },
    )
    assert addresses(result) == {"POST /v1/organizations/workspaces": "admin.workspaces.create"}


def test_a_copy_without_url_joins_the_one_address_of_its_route(tmp_path: Path) -> None:
    result = tree(
        tmp_path,
        {
            "files/download.md": page(
                "Download File", "get", "/v1/files/{id}/content", "files/download"
            ),
            "files/content.md": page("Content", "get", "/v1/files/{id}/content"),
        },
    )
    assert addresses(result) == {"GET /v1/files/{id}/content": "files.download"}


def test_pages_without_url_are_named_by_convention_and_folders_give_namespaces(
    tmp_path: Path,
) -> None:
    result = tree(
        tmp_path,
        {
            "messages/create.md": page("Create", "post", "/v1/messages"),
            "beta/messages/create.md": page("Create", "post", "/v1/messages", body="betas"),
            "beta.md": page("Create", "post", "/v1/messages", resource="Beta", body="betas"),
            "beta/agents.md": page("List", "get", "/v1/agents", resource="Agents"),
        },
    )
    assert addresses(result) == {
        "POST /v1/messages": "messages.create",
        "POST /v1/messages?beta=true": "beta.messages.create",
        "GET /v1/agents?beta=true": "beta.agents.list",
    }


def test_folders_that_only_group_pages_are_no_namespace(tmp_path: Path) -> None:
    # The English and the translated page of one operation, in folders of their own.
    result = tree(
        tmp_path,
        {
            "en/files_retrieve.md": page("Retrieve file", "get", "/files/{file_id}"),
            "zh/files_retrieve.md": page("检索文件", "get", "/files/{file_id}"),
        },
    )
    assert addresses(result) == {"GET /files/{file_id}": "files.retrieve"}


def test_one_route_at_two_addresses_of_one_namespace_is_one_operation_and_a_warning(
    tmp_path: Path,
) -> None:
    result = tree(
        tmp_path,
        {
            "files/download.md": page(
                "Download File", "get", "/v1/files/{id}/content", "files/download"
            ),
            "files/content.md": page(
                "File content", "get", "/v1/files/{id}/content", "files/content"
            ),
        },
    )
    assert addresses(result) == {"GET /v1/files/{id}/content": "files.content"}
    (warning,) = warnings(result, "is the method")
    assert warning.startswith(f"{tmp_path / 'files' / 'download.md'}:")
    assert (
        "files.download here and files.content at " + str(tmp_path / "files" / "content.md")
        in warning
    )


def test_two_routes_claiming_one_address_keep_it_for_the_first_and_say_so(tmp_path: Path) -> None:
    result = tree(
        tmp_path,
        {
            "widgets/list.md": page("List Widgets", "get", "/v1/widgets", "widgets/list"),
            "widgets/old.md": page("List Widgets", "get", "/v1/old/widgets", "widgets/list"),
        },
    )
    assert addresses(result) == {
        "GET /v1/old/widgets": "widgets.list",
        "GET /v1/widgets": "widgets.list_get_v1_widgets",
    }
    (warning,) = warnings(result, "is taken by")
    assert warning.startswith(f"{tmp_path / 'widgets' / 'list.md'}:")
    assert f"taken by GET /v1/old/widgets at {tmp_path / 'widgets' / 'old.md'}:" in warning


def test_placement_does_not_depend_on_the_order_pages_are_read(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "files/download.md": page(
                "Download File", "get", "/v1/files/{id}/content", "files/download"
            ),
            "files/content.md": page(
                "File content", "get", "/v1/files/{id}/content", "files/content"
            ),
            "beta/files/download.md": page(
                "Download File", "get", "/v1/files/{id}/content", "beta/files/download"
            ),
            "beta.md": page("Download File", "get", "/v1/files/{id}/content", "beta", "Beta"),
            "widgets/list.md": page("List Widgets", "get", "/v1/widgets", "widgets/list"),
            "widgets/old.md": page("List Widgets", "get", "/v1/old/widgets", "widgets/list"),
        },
    )
    pages = read_pages([tmp_path], Diagnostics())
    forward, backward = Diagnostics(), Diagnostics()
    assert place_operations(pages, forward) == place_operations(pages[::-1], backward)
    assert [d.render() for d in forward.items] == [d.render() for d in backward.items]
    document = build_document(pages[::-1], ApiInfo(), Diagnostics()).document
    assert document == build_document(pages, ApiInfo(), Diagnostics()).document


def test_pages_named_absolutely_and_relatively_parse_together(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            "messages/create.md": page("Create", "post", "/v1/messages"),
            "beta/messages/create.md": page("Create", "post", "/v1/messages", body="betas"),
        },
    )
    relative = Path(os.path.relpath(tmp_path / "messages"))
    result = parse_pages([tmp_path / "beta", relative])
    assert addresses(result) == {
        "POST /v1/messages": "messages.create",
        "POST /v1/messages?beta=true": "beta.messages.create",
    }


def test_a_name_taken_on_the_way_is_reported_without_naming_a_holder() -> None:
    # B says its action to leave `list` to C and so takes A's name; then both move on.
    from generator.diagnostics import Location
    from generator.naming import Address, ClientName
    from generator.openapi.addresses import _final_names, _Plan

    plan = _Plan()
    for route, method, action in (
        ("/a", "list_x", None),
        ("/b", "list", "x"),
        ("/c", "list", None),
    ):
        key = (route, "get", Address(("r",), method))
        plan.add(key, ClientName(key[2], action), "", fixed=False)
        plan.chosen[Location(f"{route[1:]}.md", 1)] = key
    diagnostics = Diagnostics()
    final = _final_names(plan, diagnostics)
    assert sorted(str(address) for address in final.values()) == [
        "r.list",
        "r.list_x_get_a",
        "r.list_x_get_b",
    ]
    assert [d.message for d in diagnostics.items] == [
        "method name r.list_x is taken by another operation; this one is called list_x_get_a",
        "method name r.list is taken by GET /c at c.md:1; this one is called list_x_get_b",
    ]
