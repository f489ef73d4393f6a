"""Property-based fuzzing of the whole pipeline: pages in the format, generated from scratch
or made by mutating real corpus pages, must give a valid OpenAPI document and importable
code, or a clean error (RefgenError) — never any other exception. A third kind puts a drawn
injection payload into every string of a document (tests/payloads.py): the generated code must
hold it only in string literals and comments, the docs must stay inert, and importing the
package must start no process.

tests/test_fuzz.py runs a short campaign in `make test`; `python -m tests.fuzzing N` runs a
long one and prints its figures.
"""

from __future__ import annotations

import importlib
import itertools
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from generator.diagnostics import RefgenError
from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from generator.render.context import build_context
from generator.render.files import load_templates, render_package
from tests.feature_document import feature_document
from tests.payloads import (
    MARKER,
    import_without_effects,
    markdown_problems,
    payloaded_document,
    python_outside_strings,
)

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SEED_PAGES = sorted((CORPUS / "openai").glob("*.md")) + sorted((CORPUS / "openai-zh").glob("*.md"))

# -- pages in the format ---------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "id",
        "name",
        "type",
        "data",
        "class",
        "from",
        "self",
        "None",
        "a-b",
        "x.y",
        "1st",
        "__init__",
        "naïve",
        "object",
        "list",
        "model_config",
    ]
)
TYPE_NAMES = st.sampled_from(["Thing", "Other", "Metadata", "ThingKind", "Self", "Class"])
LITERALS = st.sampled_from(['"a"', '"b"', '"auto"', "true", "false", '"x\\"y"', "1", "2.5"])
PRIMITIVES = st.sampled_from(["string", "number", "boolean", "unknown", "integer"])
TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"), max_size=40)


def type_expressions() -> st.SearchStrategy[str]:
    leaves = st.one_of(PRIMITIVES, LITERALS, TYPE_NAMES)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            inner.map(lambda t: f"array of {t}"),
            inner.map(lambda t: f"map[{t}]"),
            st.lists(inner, min_size=2, max_size=3).map(" or ".join),
            st.lists(NAMES, min_size=1, max_size=3, unique=True).map(
                lambda ns: "object { " + ", ".join(ns) + " }"
            ),
        ),
        max_leaves=5,
    )


@st.composite
def declarations(draw: st.DrawFn, depth: int = 0, indent: int = 0) -> list[str]:
    name = draw(NAMES)
    optional = draw(st.sampled_from(["", "optional "]))
    nullable = draw(st.sampled_from(["", " or null"]))
    kind = draw(st.sampled_from(["field", "named", "member", "literal"]))
    type_text = draw(type_expressions())
    text = {
        "field": f"{name}: {optional}{type_text}{nullable}",
        "named": f"{draw(TYPE_NAMES)} = {type_text}",
        "member": type_text,
        "literal": draw(LITERALS),
    }[kind]
    pad = " " * indent
    lines = [f"{pad}- `{text}`", ""]
    description = draw(TEXT)
    if description.strip():
        lines += [f"{pad}  {description}", ""]
    if depth < 3:
        for child in draw(st.lists(declarations(depth + 1, indent + 2), max_size=3)):
            lines += child
    return lines


@st.composite
def pages(draw: st.DrawFn) -> str:
    lines = [f"# {draw(TEXT) or 'Things'}", ""]
    for _ in range(draw(st.integers(1, 3))):
        method = draw(st.sampled_from(["get", "post", "delete", "patch", "put"]))
        segments = draw(
            st.lists(
                st.sampled_from(["things", "{id}", "items", "do.it", "v1"]), min_size=1, max_size=4
            )
        )
        lines += [
            f"## {draw(TEXT) or 'Do'}",
            "",
            f"**{method}** `/{'/'.join(segments)}`",
            "",
            draw(TEXT),
            "",
        ]
        for section in draw(
            st.lists(
                st.sampled_from(
                    [
                        "Path Parameters",
                        "Query Parameters",
                        "Header Parameters",
                        "Body Parameters",
                        "Returns",
                        "路径参数",
                        "返回",
                    ]
                ),
                max_size=3,
                unique=True,
            )
        ):
            lines += [f"### {section}", ""]
            for declaration in draw(st.lists(declarations(), min_size=1, max_size=3)):
                lines += declaration
    if draw(st.booleans()):
        lines += ["## Domain Types", "", "### Thing", ""] + draw(declarations())
    return "\n".join(lines) + "\n"


# -- mutations of real pages -------------------------------------------------------------------


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            break
        index = rng.randrange(len(lines))
        operation = rng.choice(["delete", "duplicate", "swap", "cut", "indent", "dedent", "garble"])
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = rng.randrange(len(lines))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "cut":
            lines = lines[:index] + [lines[index][: rng.randint(0, len(lines[index]))]]
        elif operation == "indent":
            lines[index] = "  " + lines[index]
        elif operation == "dedent":
            lines[index] = lines[index].removeprefix("  ")
        else:
            position = rng.randint(0, len(lines[index]))
            lines[index] = (
                lines[index][:position] + rng.choice('`{}[]"*#-') + lines[index][position:]
            )
    return "\n".join(lines)


# -- payloads in documents ------------------------------------------------------------------

GOLDEN = Path(__file__).resolve().parent / "golden"
HOSTILE_FRAGMENTS = st.sampled_from(
    [
        '"""',
        "'''",
        '"',
        "'",
        "\\",
        "\n",
        "\r",
        "\x00",
        "\u2028",
        "\u202e",
        "\ufeff",
        "#",
        "{{",
        "}}",
        "{%",
        "{#",
        "{:",
        "`",
        "``",
        "|",
        "<script>",
        "</x>",
        "[a](javascript:b)",
        "](data:x)",
        "&#106;",
        "__import__('os').system('x')",
        "\t",
        " ",
        "\\N{BULLET}",
        "%s",
        "{0}",
        "$(x)",
    ]
)
PAYLOADS = st.builds(
    lambda before, after: before + MARKER + after,
    st.lists(st.one_of(HOSTILE_FRAGMENTS, st.text(max_size=6)), max_size=5).map("".join),
    st.lists(st.one_of(HOSTILE_FRAGMENTS, st.text(max_size=6)), max_size=5).map("".join),
)


def base_documents() -> list[dict]:
    """Documents whose strings get the payloads: the one that uses every branch of the
    templates, and the golden cases' fragments."""
    return [feature_document()] + [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(GOLDEN.glob("*/openapi.yaml"))
    ]


def check_payload(
    document: dict, payload: str, workspace: Path, serial: int, import_code: bool = True
) -> str:
    """Generate from `document` with `payload` in every string; return "ok" or raise."""
    package = f"payloaded_{serial}"
    files = render_files(payloaded_document(document, payload), package)
    for path, text in files.items():
        if path.endswith(".py"):
            outside = python_outside_strings(text)
            assert not outside, f"{path}: payload outside strings and comments: {outside[:3]}"
        elif path.endswith(".md"):
            active = markdown_problems(text)
            assert not active, f"{path}: active Markdown: {active[:3]}"
    if import_code:
        target = workspace / f"out{serial}"
        write_tree(target, files)
        result = import_without_effects(target, package)
        assert result.returncode == 0, result.stderr[-2000:]
    return "ok"


# -- the property ----------------------------------------------------------------------------


def check_page(text: str, workspace: Path, serial: int, import_code: bool = True) -> str:
    """Run the pipeline on one page; return "ok" or "error", raise on anything else."""
    page = workspace / f"page{serial}.md"
    page.write_text(text, encoding="utf-8")
    try:
        document = parse_pages([page]).document
    except RefgenError:
        return "error"
    validate(document)
    package = f"fuzzed_{serial}"
    files = render_package(build_context(document, package), load_templates(None))
    for path, source in files.items():
        if path.endswith(".py"):
            compile(source, path, "exec")
    if import_code:
        target = workspace / f"out{serial}"
        write_tree(target, files)
        sys.path.insert(0, str(target))
        try:
            importlib.import_module(package)
            for path in sorted(p for p in files if p.startswith(f"{package}/types/")):
                module = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
                importlib.import_module(module)
        finally:
            sys.path.remove(str(target))
            for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
                del sys.modules[name]
    return "ok"


def campaign(cases: int) -> Counter[str]:
    """A third each: pages generated from scratch, mutations of real corpus pages, documents
    with a payload in every string; every tenth case is also imported. Failures are counted
    as "... FAILED" (and the first ones printed with their input) rather than stopping the
    campaign."""
    outcomes: Counter[str] = Counter()
    failures: list[str] = []
    serials = itertools.count()
    options = settings(
        max_examples=max(cases // 3, 1),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    documents = base_documents()
    with tempfile.TemporaryDirectory(prefix="refgen-fuzz-") as scratch:
        workspace = Path(scratch)

        def run(kind: str, text: str) -> None:
            serial = next(serials)
            try:
                outcome = check_page(text, workspace, serial, serial % 10 == 0)
            except Exception as error:  # noqa: BLE001 - any exception is a bug to record, then go on
                outcome = "FAILED"
                failures.append(f"{type(error).__name__}: {error}\n{text!r}")
            outcomes[f"{kind} {outcome}"] += 1

        @options
        @given(pages())
        def generated(text: str) -> None:
            run("generated", text)

        @options
        @given(st.sampled_from(SEED_PAGES), st.randoms(use_true_random=False))
        def mutated(page: Path, rng: random.Random) -> None:
            run("mutated", mutate(page.read_text(encoding="utf-8"), rng))

        @options
        @given(st.sampled_from(range(len(documents))), PAYLOADS)
        def payloaded(index: int, payload: str) -> None:
            serial = next(serials)
            try:
                outcome = check_payload(
                    documents[index], payload, workspace, serial, serial % 10 == 0
                )
            except Exception as error:  # noqa: BLE001 - recorded, as above
                outcome = "FAILED"
                failures.append(f"{type(error).__name__}: {error}\n{payload!r} in document {index}")
            outcomes[f"payloaded {outcome}"] += 1

        generated()
        mutated()
        payloaded()
    for failure in failures[:20]:
        print("FAILURE", failure[:2000], file=sys.stderr)
    return outcomes


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    started = time.perf_counter()
    results = campaign(count)
    elapsed = time.perf_counter() - started
    summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(results.items()))
    print(f"{sum(results.values())} cases in {elapsed:.0f} s: {summary}")
