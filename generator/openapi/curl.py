"""What the curl examples of a page tell: base URL, authentication, constant headers, form
fields of uploads, and JSON request bodies."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

_ENV_REFERENCE = re.compile(r"^\$\{?(?P<name>[A-Z_][A-Z0-9_]*)\}?$")


@dataclass(frozen=True)
class CurlExample:
    url: str
    headers: tuple[tuple[str, str], ...]  # (lower-cased name, value) in the order given
    form_fields: tuple[tuple[str, str], ...]  # `-F name=value`
    data: str | None  # the `-d` body text


@dataclass(frozen=True)
class Auth:
    kind: str  # "bearer" or "header"
    header: str  # "Authorization" or the API-key header's name as written, e.g. "x-api-key"
    env_var: str


@lru_cache(maxsize=4096)
def parse_curl(text: str) -> CurlExample | None:
    """The parts of a curl command line that matter to us, or None when the block is not one.
    (Remembered: a tree repeats each example in every page that shows its operation, and the
    result is immutable.)"""
    command = re.sub(r"\\\r?\n", " ", text).strip()
    if not command.startswith("curl"):
        return None
    try:
        words = shell_words(command)
    except ValueError:  # unbalanced quotes: fall back on the whitespace-separated words
        words = command.split()
    return _from_words(words)


# One piece of a shell word: '...' (literal), "..." (a backslash escapes " and \ alone), a
# backslash and the character it escapes, a run of plain characters; or the space between.
_WORD_PART = re.compile(
    r"""'([^']*)'|"((?:[^"\\]|\\.)*)"|\\(.)|([^ \t\r\n'"\\]+)|[ \t\r\n]+""", re.DOTALL
)
_QUOTED_ESCAPE = re.compile(r'\\(["\\])')


def shell_words(command: str) -> list[str]:
    """The words of a command line as a POSIX shell splits them: `shlex.split(command,
    comments=False)`, the same words and a ValueError where it raises one (an unclosed quote,
    a last backslash). shlex reads a character at a time in Python; a tree has hundreds of
    curl examples (the 2026-08-22 tree's 274: 34 ms with shlex, 5 ms here)."""
    words: list[str] = []
    word: str | None = None  # (an empty word, '', is a word)
    position = 0
    for match in _WORD_PART.finditer(command):
        if match.start() != position:
            raise ValueError("No closing quotation")
        position = match.end()
        group = match.lastindex
        if group is None:  # the space between words
            if word is not None:
                words.append(word)
                word = None
            continue
        part = match[group]
        if group == 2 and "\\" in part:
            part = _QUOTED_ESCAPE.sub(r"\1", part)
        word = part if word is None else word + part
    if position != len(command):
        raise ValueError("No closing quotation or escaped character")
    if word is not None:
        words.append(word)
    return words


def _from_words(words: list[str]) -> CurlExample:
    url = ""
    headers: list[tuple[str, str]] = []
    form: list[tuple[str, str]] = []
    data: str | None = None
    index = 1
    while index < len(words):
        word = words[index]
        value = words[index + 1] if index + 1 < len(words) else ""
        if word in ("-H", "--header") and ":" in value:
            name, _, header_value = value.partition(":")
            headers.append((name.strip().lower(), header_value.strip()))
            index += 2
        elif word in ("-F", "--form") and "=" in value:
            name, _, field_value = value.partition("=")
            form.append((name.strip(), field_value.strip()))
            index += 2
        elif word in ("-d", "--data", "--data-raw", "--data-binary", "--json"):
            data = value
            index += 2
        elif word.startswith(("http://", "https://")) and not url:
            url = word
            index += 1
        elif word in ("-X", "--request", "--max-time", "-o", "--output", "-u", "--user"):
            index += 2
        else:
            index += 1
    return CurlExample(url, tuple(headers), tuple(form), data)


def base_url(example: CurlExample, path: str) -> str | None:
    """The URL before the operation's path: `https://api.openai.com/v1/files/$ID/content`
    with path `/files/{file_id}/content` gives `https://api.openai.com/v1`. A `{parameter}`
    of the path stands for one segment of the URL, anything but empty; the base is an
    http(s) URL of one line."""
    # Matched by hand rather than by a pattern made of the path: every operation has a path
    # of its own, and compiling a pattern for each cost more than the rest of the build's
    # reading of curl examples. A last line break is let through, as `$` lets it.
    url = example.url.split("?", 1)[0].rstrip("/")
    segments = [segment for segment in path.strip("/").split("/") if segment]
    for text in (url, url[:-1]) if url.endswith("\n") else (url,):
        base, *parts = text.rsplit("/", len(segments)) if segments else (text,)
        if (
            len(parts) == len(segments)
            and base.startswith(("http://", "https://"))
            and "\n" not in base
            and all(
                part != "" if segment.startswith("{") else part == segment
                for segment, part in zip(segments, parts, strict=True)
            )
        ):
            return base
    return None


def find_auth(example: CurlExample) -> Auth | None:
    """`Authorization: Bearer $OPENAI_API_KEY` or an API-key header `x-api-key: $KEY`."""
    for name, value in example.headers:
        if name == "authorization" and value.lower().startswith("bearer "):
            env = _ENV_REFERENCE.match(value[len("bearer ") :].strip())
            if env:
                return Auth("bearer", "Authorization", env.group("name"))
        env = _ENV_REFERENCE.match(value)
        if env and ("key" in name or "token" in name):
            return Auth("header", name, env.group("name"))
    return None


_NOT_DEFAULTS = frozenset(
    {"authorization", "content-type", "accept", "user-agent", "content-length"}
)


DEFAULT_HEADER_SHARE = 0.5


def constant_headers(examples: list[CurlExample]) -> dict[str, str]:
    """Headers that most examples (over half) send with the same literal value, such as
    `anthropic-version: 2023-06-01`: the API expects them on every call, so the client sends
    them by default. Credentials, `$VARIABLES` and content negotiation are left out; the
    threshold tolerates examples that leave a header out (86% of the Anthropic examples send
    anthropic-version) while per-endpoint beta headers (23%) stay out."""
    counts: Counter[tuple[str, str]] = Counter()
    for example in examples:
        counts.update(
            {
                (name, value)
                for name, value in example.headers
                if name not in _NOT_DEFAULTS and "$" not in value and "key" not in name
            }
        )
    needed = DEFAULT_HEADER_SHARE * len(examples)
    return dict(sorted(pair for pair, count in counts.items() if examples and count > needed))


def most_common(values: list[str]) -> str | None:
    """The most frequent value; ties broken by the value itself so the choice is stable."""
    if not values:
        return None
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], v))
