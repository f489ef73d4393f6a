"""Injection payloads in every string a document or a template context can hold, and the
proof that they stay text: the payload test (tests/test_payloads.py) and the fuzzing campaign
(tests/fuzzing.py) share these.

The walks are generic, so a new field of the document or of the context is covered without
editing them: every string gets the payload except the few OpenAPI keywords whose values
are vocabulary (`type`, `in`, ...); names get it everywhere they appear (keys of `properties`,
`required`, `discriminator`, `$ref`, ...), so that references still meet.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import subprocess
import sys
import tokenize
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.render.escape import SafeCode

# Ends strings of every kind, opens comments and template tags, carries control, separator and
# bidirectional characters, and would run a command if it ever became code. PWNED (in capitals)
# appears in no name refgen derives from it: names are snake_case or PascalCase.
PAYLOAD = (
    'PWNED"""\'\'\'\\"; __import__("os").system("touch PWNED_RAN") #\n\r\x00\u2028'
    "\u202e\x1b[31m{{ 7*7 }}{% if 1 %}{# c #}{: x}</script><script>alert(1)</script>"
    "[x](javascript:alert(1))` | \\"
)
MARKER = "PWNED"

# Keywords whose values are OpenAPI's or JSON Schema's vocabulary, not the API's text.
VOCABULARY_VALUES = frozenset({"openapi", "type", "format", "in", "style", "scheme"})
# Objects whose keys are names the API chose (and that references elsewhere name).
SCHEMA_REF = "#/components/schemas/"
NAME_MAPS = frozenset(
    {
        "properties",
        "schemas",
        "securitySchemes",
        "parameters",
        "x-refgen-default-headers",
        "paths",
        "mapping",
    }
)


def payloaded_document(document: Any, payload: str = PAYLOAD, key: str | None = None) -> Any:
    """`document` with `payload` appended to every string it holds (see the module doc)."""
    if isinstance(document, dict):
        names = key in NAME_MAPS
        rename = _schema_name if key == "schemas" else _with
        return {
            (rename(k, payload) if names else k): payloaded_document(v, payload, k)
            for k, v in document.items()
        }
    if isinstance(document, list):  # strings in it are read under its key (`type: [...]`)
        return [
            payloaded_document(item, payload, None if isinstance(item, dict) else key)
            for item in document
        ]
    if isinstance(document, str):
        if key in VOCABULARY_VALUES:
            return document
        if key == "$ref" and document.startswith(SCHEMA_REF):
            return SCHEMA_REF + _schema_name(document[len(SCHEMA_REF) :], payload)
        return _with(document, payload)
    return document


def _with(text: str, payload: str) -> str:
    return text + payload


def _schema_name(name: str, payload: str) -> str:
    """A schema's name takes the payload less `/` and `~`, which a `$ref` (a JSON pointer)
    would have to escape: the references must still meet."""
    return name + payload.replace("/", "").replace("~", "")


def payloaded_context(value: Any, payload: str = PAYLOAD) -> Any:
    """A template context with `payload` appended to every string that is text from input
    (refgen's names and code, SafeCode, are left: the document walk reaches them)."""
    if isinstance(value, SafeCode):
        return value
    if isinstance(value, str):
        return _with(value, payload)
    if isinstance(value, tuple):
        return tuple(payloaded_context(item, payload) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value,
            **{
                field.name: payloaded_context(getattr(value, field.name), payload)
                for field in dataclasses.fields(value)
                if field.init and _is_context(getattr(value, field.name))
            },
        )
    return value


def _is_context(value: Any) -> bool:
    """Context values the walk goes into: text, tuples and the context's dataclasses (not the
    types, whose text comes from the document)."""
    from generator.render.python_types import PyType

    return not isinstance(value, PyType)


def python_outside_strings(source: str, marker: str = MARKER) -> list[str]:
    """Tokens of `source` holding `marker` that are neither a string nor a comment."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    text_tokens = {tokenize.STRING, tokenize.COMMENT}
    for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END"):
        if hasattr(tokenize, name):
            text_tokens.add(getattr(tokenize, name))
    return [
        f"{t.start[0]}:{t.start[1]} {tokenize.tok_name[t.type]} {t.string[:40]!r}"
        for t in tokens
        if marker in t.string and t.type not in text_tokens
    ]


# Imports the package, uses every module, and fails if anything starts a process or a shell.
_IMPORT_CHECK = """
import sys
started = []
def watch(event, args):
    if event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
                 "os.fork", "pty.spawn"):
        started.append(event)
        raise RuntimeError("the generated package ran " + event)
sys.addaudithook(watch)
import importlib, pkgutil, pydoc
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    pydoc.render_doc(importlib.import_module(module.name))
client = package.Client(api_key="k", base_url="http://127.0.0.1:9")
for name in dir(client):
    if not name.startswith("_"):
        getattr(client, name)
client.close()
assert not started, started
print("imported", len(sys.modules))
"""


def import_without_effects(directory: Path, package: str) -> subprocess.CompletedProcess[str]:
    """Import `package` from `directory` in a subprocess that refuses to start any process."""
    return subprocess.run(
        [sys.executable, "-c", _IMPORT_CHECK, package],
        cwd=directory,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


# -- Markdown -----------------------------------------------------------------------------------
# markdown-it-py (CommonMark and GFM tables) is the independent judge of the docs: its renderer
# is told to keep every link, so a link it produces is one any renderer would produce.

PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
PARSER.validateLink = lambda url: True  # judge what a careless renderer would link
ACTIVE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
TEMPLATE_TAG = re.compile(r"\{[{%#]")
ATTRIBUTE_LIST = re.compile(r"\{:")  # kramdown's, outside code
# A code span on one line (refgen writes none across lines: md_code folds them, and md_text
# turns a multi-line one holding `{` into character references); blocks cut spans at lines.
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def markdown_problems(markdown: str) -> list[str]:
    """What is active in `markdown`, as markdown-it sees it."""
    found = [f"template tag {m.group()!r}" for m in TEMPLATE_TAG.finditer(markdown)]
    outside_code = "\n".join(CODE_SPAN.sub("", line) for line in markdown.split("\n"))
    found += [f"attribute list {m.group()!r}" for m in ATTRIBUTE_LIST.finditer(outside_code)]
    for token in walk_tokens(PARSER.parse(markdown)):
        if token.type in ("html_inline", "html_block") and token.content not in (
            "<code>",
            "</code>",
        ):
            found.append(f"raw HTML {token.content!r}")
        for attribute in ("href", "src"):
            target = str(token.attrGet(attribute) or "")
            if ACTIVE_SCHEME.match(_decoded(target)):
                found.append(f"{attribute} {target!r}")
    return found


def walk_tokens(tokens: list[Token]) -> list[Token]:
    return [t for token in tokens for t in (token, *walk_tokens(token.children or []))]


def _decoded(url: str) -> str:
    """A URL as a browser's parser reads its scheme: percent-decoded, tabs and line breaks
    dropped (the WHATWG URL parser removes them)."""
    return re.sub(r"[\t\n\r]", "", unquote(url))


# -- the docs' links -----------------------------------------------------------------------------


def github_slug(heading: Token, inline: Token) -> str:
    """GitHub's anchor for a heading: its text lower-cased, every character but letters,
    digits, `_`, `-` and spaces dropped, spaces as `-`."""
    text = "".join(t.content for t in walk_tokens(inline.children or []) if t.content)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(markdown: str) -> list[str]:
    tokens = PARSER.parse(markdown)
    return [
        github_slug(token, tokens[index + 1])
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def links(markdown: str) -> list[str]:
    """The relative links of a page (the page texts' own go to the vendor's site)."""
    hrefs = [
        str(t.attrGet("href")) for t in walk_tokens(PARSER.parse(markdown)) if t.type == "link_open"
    ]
    return [h for h in hrefs if not h.startswith("/") and ":" not in h]


def docs_link_problems(files: dict[str, str]) -> list[str]:
    """The relative links of the docs pages among `files` that land on no page or on no
    heading of it, and the headings whose anchors a page holds twice (GitHub would number
    the second)."""
    docs = {path: text for path, text in files.items() if path.endswith(".md")}
    headings = {path: anchors(text) for path, text in docs.items()}
    found = [
        f"{path}: anchor {slug!r} twice"
        for path, slugs in headings.items()
        for slug in sorted({s for s in slugs if slugs.count(s) > 1})
    ]
    for path, text in docs.items():
        for href in links(text):
            target, _, anchor = href.partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            resolved = resolved if target else path
            if resolved not in docs or (anchor and anchor not in headings[resolved]):
                found.append(f"{path}: {href} lands nowhere")
    return found
