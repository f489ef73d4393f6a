"""Which links are pages, the URL each is fetched from, and the file path each gets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.fetch.urls import (
    UrlError,
    below_base,
    collision_key,
    fetch_url,
    glob_match,
    page_path,
    split_http_url,
)

BASE = "https://docs.example.com/docs/en/api/"


@pytest.mark.parametrize(
    "link, below",
    [
        ("https://docs.example.com/docs/en/api/messages", "messages"),
        ("HTTPS://Docs.Example.COM:443/docs/en/api/messages", "messages"),  # the same origin
        ("https://docs.example.com/docs/en/api/beta/agents/delete", "beta/agents/delete"),
        ("https://docs.example.com/docs/en/home", None),  # outside the folder
        ("https://docs.example.com/docs/en/apis/x", None),  # a sibling whose name starts alike
        ("http://docs.example.com/docs/en/api/messages", None),  # another scheme
        ("https://docs.example.com:8443/docs/en/api/messages", None),  # another port
        ("https://example.com/docs/en/api/messages", None),  # another host
        ("mailto:docs@example.com", None),
        ("ftp://docs.example.com/docs/en/api/x", None),
    ],
)
def test_below_base(link: str, below: str | None) -> None:
    assert below_base(link, BASE) == below


@pytest.mark.parametrize(
    "link, url",
    [
        ("https://h/docs/messages", "https://h/docs/messages.md"),  # the markdown twin
        ("https://h/docs/messages.md", "https://h/docs/messages.md"),  # already the twin
        ("https://h/docs/messages/", "https://h/docs/messages.md"),  # a folder's page
        ("https://H/docs/Messages", "https://h/docs/Messages.md"),  # the host is not case-sensitive
    ],
)
def test_fetch_url_is_the_markdown_twin(link: str, url: str) -> None:
    assert fetch_url(link, ".md") == url


def test_fetch_url_as_listed_with_an_empty_suffix() -> None:
    assert fetch_url("https://h/docs/messages", "") == "https://h/docs/messages"


@pytest.mark.parametrize(
    "raw, path",
    [
        ("messages.md", "messages.md"),
        ("messages", "messages.md"),
        (
            "beta/agents/delete%23delete.md",
            "beta/agents/delete#delete.md",
        ),  # as the corpus names it
        ("caf%C3%A9.md", "café.md"),
        ("with%20space.md", "with space.md"),
    ],
)
def test_page_path(raw: str, path: str) -> None:
    assert page_path(raw) == path


def test_a_query_is_no_file_name() -> None:
    with pytest.raises(UrlError, match="query string"):
        below_base(BASE + "page?lang=en", BASE)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("//docs.example.com/x", "not an absolute URL"),
        ("docs/x.md", "not an absolute URL"),
        ("https://user:secret@docs.example.com/", "credentials"),
        ("https:///path", "without a host"),
        ("https://docs.example.com:99999/", "not a valid URL"),
        ("https://docs.example.com/a b", "spaces or control characters"),
    ],
)
def test_only_plain_http_urls_can_be_fetched(text: str, problem: str) -> None:
    with pytest.raises(UrlError, match=problem):
        split_http_url(text)


# Characters that decide how a path is read: separators, dots, percent escapes of both, a
# NUL, the characters Windows refuses, letters, and non-ASCII text.
_TRICKY = st.sampled_from(
    [
        "/",
        "\\",
        ".",
        "..",
        "%2e",
        "%2E",
        "%2f",
        "%2F",
        "%5c",
        "%00",
        "%",
        "%c0%ae",
        ":",
        "*",
        "?",
        " ",
        "~",
        "a",
        "B",
        "md",
        ".md",
        "con",
        "é",
        "%C3%A9",
        "\x00",
        "\n",
    ]
)


@given(st.lists(_TRICKY, min_size=1, max_size=12).map("".join))
def test_no_raw_path_gives_a_file_outside_its_folder(raw: str) -> None:
    """Whatever is below the base, the path is refused or is a plain file inside the folder."""
    try:
        path = page_path(raw)
    except UrlError:
        return
    folder = Path("/spec/pages")
    resolved = Path(os.path.normpath(folder / path))
    assert resolved.is_relative_to(folder) and resolved != folder
    parts = path.split("/")
    assert all(part and not part.startswith(".") and "\\" not in part for part in parts)
    assert path.endswith((".md", ".markdown"))


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("**", "beta/agents/delete.md", True),
        ("beta/**", "beta/agents/delete.md", True),
        ("beta/**", "messages.md", False),
        ("*.md", "messages.md", True),
        ("*.md", "beta/messages.md", False),  # `*` stays within one segment
        ("**/delete.md", "delete.md", True),  # `**` may be no segment at all
        ("**/delete.md", "beta/agents/delete.md", True),
        ("beta/*/list.md", "beta/agents/list.md", True),
        ("beta/*/list.md", "beta/agents/versions/list.md", False),
        ("sdks/*", "sdks/python.md", True),
        ("admin/???.md", "admin/api.md", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_collision_key_is_what_a_forgiving_file_system_compares() -> None:
    assert collision_key("Models/List.md") == collision_key("models/list.md")
    assert collision_key("cafe\u0301.md") == collision_key("caf\u00e9.md")  # NFD and NFC
    assert collision_key("a.md") != collision_key("b.md")
