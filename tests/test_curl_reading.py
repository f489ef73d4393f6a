"""Reading curl examples: the words of the command line (curl.shell_words, with shlex as the
oracle) and the URL before the operation's path (curl.base_url, the server of the document;
matched by hand, since a pattern per path cost more than the rest of the curl reading, with
the pattern it replaced as the oracle)."""

import re
import shlex

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.openapi.curl import CurlExample, base_url, parse_curl, shell_words
from tests.conftest import SHARED


def _by_pattern(url: str, path: str) -> str | None:
    """The pattern base_url was written as (main@49b9503), compiled for each path."""
    url = url.split("?", 1)[0].rstrip("/")
    pattern = "".join(
        "/[^/]+" if segment.startswith("{") else "/" + re.escape(segment)
        for segment in path.strip("/").split("/")
        if segment
    )
    match = re.match(r"^(?P<base>https?://.*?)" + pattern + "$", url)
    return match.group("base") if match else None


def example(url: str) -> CurlExample:
    return CurlExample(url, (), (), None)


def test_the_base_of_real_urls() -> None:
    cases = [
        (
            "https://api.openai.com/v1/files/$ID/content",
            "/files/{file_id}/content",
            "https://api.openai.com/v1",
        ),
        (
            "https://api.anthropic.com/v1/messages?beta=true",
            "/v1/messages",
            "https://api.anthropic.com",
        ),
        ("https://api.example.com/v1/files/", "/files", "https://api.example.com/v1"),
        ("http://localhost:8080/jobs/1", "/jobs/{id}", "http://localhost:8080"),
        ("https://api.example.com", "/", "https://api.example.com"),
        ("https://api.example.com/v1/files", "/models", None),  # another path
        ("https://api.example.com/v1/files//x", "/files/{id}/x", None),  # an empty segment
        ("ftp://api.example.com/files", "/files", None),
        ("$BASE_URL/files", "/files", None),
        ("https://files", "/files", None),
        ("http:///files", "/files", "http://"),
        ("https://a/v1/files\n", "/files", "https://a/v1"),  # `$` lets a last line break by
        ("https://a\nb/v1/files", "/files", None),  # the base is one line
    ]
    for url, path, expected in cases:
        assert base_url(example(url), path) == expected, (url, path)
        assert _by_pattern(url, path) == expected, (url, path)  # the oracle agrees


SEGMENT = st.one_of(
    st.sampled_from(["v1", "files", "{id}", "{file_id}", "", "x.y", "a+b", "(", "*", "{", "\n"]),
    st.text(alphabet="ab{}/\n.*?", max_size=4),
)
PATHS = st.lists(SEGMENT, max_size=4).map(lambda parts: "/" + "/".join(parts))
URLS = st.builds(
    lambda scheme, rest: scheme + rest,
    st.sampled_from(["https://", "http://", "ftp://", "", "https:/", "HTTPS://"]),
    st.lists(SEGMENT, max_size=6).map("/".join),
).flatmap(lambda url: st.sampled_from([url, url + "/", url + "?q=1", url + "\n", url + "\n\n"]))


@settings(max_examples=2000, deadline=None)
@given(URLS, PATHS)
def test_base_url_finds_what_the_pattern_found(url: str, path: str) -> None:
    assert base_url(example(url), path) == _by_pattern(url, path)


@st.composite
def urls_of_paths(draw: st.DrawFn) -> tuple[str, str]:
    """A path, and a URL made of it (its parameters filled in, or not), so that most match."""
    path = draw(PATHS)
    filled = [
        draw(SEGMENT) if part.startswith("{") else part for part in path.strip("/").split("/")
    ]
    base = draw(st.sampled_from(["https://api.example.com/v1", "http://h", "https://", "x"]))
    ending = draw(st.sampled_from(["", "/", "?a=/b", "\n"]))
    return base + "/" + "/".join(filled) + ending, path


@settings(max_examples=2000, deadline=None)
@given(urls_of_paths())
def test_base_url_finds_what_the_pattern_found_in_urls_of_the_path(case: tuple[str, str]) -> None:
    url, path = case
    assert base_url(example(url), path) == _by_pattern(url, path)


def _shlex_words(command: str) -> list[str] | str:
    try:
        return shlex.split(command, comments=False)
    except ValueError:
        return "ValueError"


def _words(command: str) -> list[str] | str:
    try:
        return shell_words(command)
    except ValueError:
        return "ValueError"


def test_shell_words_of_curl_commands() -> None:
    command = (
        'curl https://api.x.com/v1/files -H \'x-api-key: $KEY\' -H "a: \\"b\\" \\n" '
        "-d '{\"a\": 1}' -F file=@\"my file.txt\" -F 'x'=\\ y '' #no-comment"
    )
    assert shell_words(command) == [
        "curl",
        "https://api.x.com/v1/files",
        "-H",
        "x-api-key: $KEY",
        "-H",
        'a: "b" \\n',
        "-d",
        '{"a": 1}',
        "-F",
        "file=@my file.txt",
        "-F",
        "x= y",
        "",
        "#no-comment",
    ]
    assert _shlex_words(command) == shell_words(command)


def test_unbalanced_commands_raise_as_shlex_does() -> None:
    for command in ("curl 'open", 'curl "open', "curl end\\", 'curl "a\\"'):
        assert _words(command) == _shlex_words(command) == "ValueError", command
    found = parse_curl("curl https://a.io/x -H 'a: b")  # then the words between spaces
    assert found is not None and found.url == "https://a.io/x"


@settings(max_examples=5000, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list(" \t\r\n'\"\\ab#$=-\x0b\x00\u00a0\u2028é")), max_size=24)
)
def test_shell_words_split_as_shlex_does(command: str) -> None:
    assert _words(command) == _shlex_words(command)


def test_shell_words_of_every_curl_example_of_the_corpus() -> None:
    blocks = 0
    for page in sorted((SHARED / "corpus").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for block in re.findall(r"```[^\n]*\n\s*(curl.*?)```", text, re.DOTALL):
            command = re.sub(r"\\\r?\n", " ", block).strip()
            assert _words(command) == _shlex_words(command), page
            blocks += 1
    assert blocks > 1000
