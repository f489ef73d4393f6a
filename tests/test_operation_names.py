"""The rules that give every operation its SDK address (docs/naming.md): what a page's url
says, the conventions for pages without one, and names made distinct, one rule at a time."""

from __future__ import annotations

import pytest

from generator.naming import (
    MAX_ADDRESS_DEPTH,
    Address,
    ClientName,
    PageUrl,
    conventional_name,
    disambiguate,
    page_url,
    resource_prefixes,
)
from generator.openapi.paths import route_path


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Anthropic: the path below /api/; the page's shape says whether it is a method's.
        (
            "https://platform.claude.com/docs/en/api/beta/agents/create",
            PageUrl(("beta", "agents", "create"), None),
        ),
        ("https://platform.claude.com/docs/en/api/messages", PageUrl(("messages",), None)),
        (
            "https://platform.claude.com/docs/en/api/beta/sessions/resources/list",
            PageUrl(("beta", "sessions", "resources", "list"), None),
        ),  # `resources` is a name here
        (
            "https://platform.claude.com/docs/en/api/compliance/apps/chats/generated-files/download",
            PageUrl(("compliance", "apps", "chats", "generated_files", "download"), None),
        ),
        ("/docs/api/files/list.md?x=1#top", PageUrl(("files", "list"), None)),
        # Stainless's resource layout says it itself.
        (
            "https://docs.letta.com/api/resources/agents/subresources/messages/methods/cancel",
            PageUrl(("agents", "messages", "cancel"), True),
        ),
        (
            "https://developers.openai.com/api/reference/resources/fine_tuning/subresources/jobs",
            PageUrl(("fine_tuning", "jobs"), False),
        ),
        (
            "api/resources/agents/methods/export_file/index.md",
            PageUrl(("agents", "export_file"), True),
        ),
    ],
)
def test_page_url_spells_an_address(url: str, expected: PageUrl) -> None:
    assert page_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://platform.claude.com/docs/en/home",  # neither layout
        "https://platform.claude.com/docs/en/api/",  # nothing below /api/
        "https://x/api/resources/agents/methods",  # a broken resource layout
        "https://x/api/resources/agents/subresources/methods/m/extra",
        "https://x/api/%2F%2F/list",  # a segment that names nothing
        "https://x/api/ファイル/list",
        "http://[::1/api/files/list",  # not a url at all
        "javascript:alert(1)",
        "https://x/api/" + "/".join(["deep"] * (MAX_ADDRESS_DEPTH + 2)),
    ],
)
def test_page_url_refuses_what_is_no_address(url: str) -> None:
    assert page_url(url) is None


ROUTES = [
    "/fine_tuning/jobs",
    "/fine_tuning/jobs/{id}",
    "/fine_tuning/jobs/{id}/events",
    "/fine_tuning/jobs/{id}/cancel",
    "/files/{file_id}/content",
    "/v1/messages",
    "/v1/messages/count_tokens",
    "/v1/organizations/spend_limits",
    "/v1/organizations/spend_limits/{id}",
    "/v1/organizations/spend_limits/effective",
    "/v1/organizations/usage_report/claude_code",
    "/v1/sessions/{id}/events",
    "/v1/sessions/{id}/events/stream",
    "/v1/user_profiles/{id}/enrollment_url",
]


@pytest.mark.parametrize(
    ("method", "path", "heading", "expected"),
    [
        # REST conventions, whatever the heading's verb among the REST ones (or no English at all)
        ("get", "/fine_tuning/jobs", "List fine-tuning jobs", "fine_tuning.jobs.list"),
        ("get", "/fine_tuning/jobs", "Get jobs", "fine_tuning.jobs.list"),
        ("get", "/fine_tuning/jobs/{id}", "Get a job", "fine_tuning.jobs.retrieve"),
        ("get", "/files/{file_id}", "检索文件", "files.retrieve"),
        ("post", "/fine_tuning/jobs", "Create job", "fine_tuning.jobs.create"),
        (
            "post",
            "/v1/organizations/spend_limits",
            "Set Spend Limit",
            "organizations.spend_limits.create",
        ),
        ("post", "/fine_tuning/jobs/{id}", "Modify job", "fine_tuning.jobs.update"),
        ("patch", "/tools/{id}", "Update Tool", "tools.update"),
        ("put", "/feeds/{id}", "Update indicator feed metadata", "feeds.update"),
        ("delete", "/fine_tuning/jobs/{id}", "Remove a job", "fine_tuning.jobs.delete"),
        ("get", "/{id}", "Get it", "root.retrieve"),
        # a trailing action segment names the method
        ("post", "/fine_tuning/jobs/{id}/cancel", "Cancel fine-tuning", "fine_tuning.jobs.cancel"),
        ("get", "/files/{file_id}/content", "Retrieve file content", "files.content"),
        ("post", "/v1/messages/count_tokens", "Count tokens in a Message", "messages.count_tokens"),
        (
            "post",
            "/v1/user_profiles/{id}/enrollment_url",
            "Create Enrollment URL",
            "user_profiles.create_enrollment_url",
        ),
        (
            "get",
            "/v1/organizations/usage_report/claude_code",
            "Get Claude Code Usage Report",
            "organizations.usage_report.retrieve_claude_code",
        ),
        (
            "get",
            "/v1/organizations/spend_limits/effective",
            "List Effective Spend Limits",
            "organizations.spend_limits.list_effective",
        ),
        # ... but not a segment a heading lists, nor one some route continues
        ("get", "/fine_tuning/jobs/{id}/events", "List events", "fine_tuning.jobs.events.list"),
        ("get", "/v1/sessions/{id}/events", "List Events", "sessions.events.list"),
        ("post", "/v1/sessions/{id}/events", "Send Events", "sessions.events.send"),
        (
            "get",
            "/devices/deployment-groups",
            "List deployment groups",
            "devices.deployment_groups.list",
        ),
        # a verb of the heading's own
        ("post", "/v1/files", "Upload File", "files.upload"),
        ("post", "/v1/messages", "Messages", "messages.create"),  # a noun of the route: REST
    ],
)
def test_conventional_names(method: str, path: str, heading: str, expected: str) -> None:
    name = conventional_name(method, path, heading, resource_prefixes(ROUTES))
    assert str(name.address) == expected


def test_a_namespace_stands_before_the_route() -> None:
    name = conventional_name("post", "/v1/messages", "Create a Message", namespace=("beta",))
    assert name.address == Address(("beta", "messages"), "create")
    assert name.address.operation_id == "beta_messages_create"


def _name(dotted: str, action: str | None = None) -> ClientName:
    *resource, method = dotted.split(".")
    return ClientName(Address(tuple(resource), method), action)


def test_colliding_names_say_their_action_then_their_method_and_path() -> None:
    names = {
        1: _name("workspaces.list"),
        2: _name("workspaces.list", action="rate_limits"),
        3: _name("jobs.retrieve"),
        4: _name("jobs.retrieve"),
    }
    routes = {
        1: ("get", "/workspaces"),
        2: ("get", "/workspaces/{id}/rate_limits"),
        3: ("get", "/jobs/{id}"),
        4: ("get", "/old/jobs/{job}"),
    }
    assert disambiguate(names, routes) == {
        1: "list",
        2: "list_rate_limits",
        3: "retrieve_get_jobs_id",
        4: "retrieve_get_jobs_job",
    }


def test_a_name_a_url_gives_is_kept_and_the_other_moves() -> None:
    names = {1: _name("files.download", action="content"), 2: _name("files.download")}
    routes = {1: ("get", "/files/{id}/content"), 2: ("get", "/files/{id}/download")}
    assert disambiguate(names, routes, fixed={2}) == {1: "download_content", 2: "download"}
    # of two fixed names, the first in sorted order
    assert disambiguate(names, routes, fixed={1, 2})[1] == "download"


def test_a_method_never_shadows_a_resource_below_it() -> None:
    names = {1: _name("sessions.events", action="events"), 2: _name("sessions.events.stream")}
    routes = {1: ("get", "/sessions/{id}/events"), 2: ("get", "/sessions/{id}/events/stream")}
    # client.sessions.events stays the resource; the method says its HTTP method and path
    assert disambiguate(names, routes) == {1: "events_get_id_events", 2: "stream"}


def test_the_route_a_client_sends_has_no_qualifier() -> None:
    assert route_path("/v1/messages?beta=true") == "/v1/messages"
    assert route_path("/v1/files/{file_id}/content?beta=true") == "/v1/files/{file_id}/content"
    assert route_path("/v1/models") == "/v1/models"
