"""`refgen diff` on two page trees that hold a route's stable and beta pages: each operation
is paired with its own twin (`POST /v1/messages` with itself, `POST /v1/messages?beta=true`
with itself), so a change to one page is reported on its operation alone, in the spec and in
the Python API."""

from __future__ import annotations

from pathlib import Path

from generator.diff.classify import classify_python
from generator.diff.codegen import generated_api
from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.python_api_diff import diff_api
from generator.diff.records import Finding

API = "https://docs.example.com/en/api/"


def page(url: str, body: str, returns: str) -> str:
    return f"""---
title: Create a Message
url: {API}{url}
---

## Create a Message

**post** `/v1/messages`

### Body Parameters

{body}

### Returns

- `{returns} object {{ id }}`

  - `id: string`
"""


STABLE = page("messages/create", "- `model: string`", "Message")
BETA = page(
    "beta/messages/create",
    "- `model: string`\n\n- `betas: optional array of string`",
    "BetaMessage",
)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def findings(tmp_path: Path, base: dict[str, str], revision: dict[str, str]) -> list[Finding]:
    sides = load_side(write(tmp_path / "base", base)), load_side(write(tmp_path / "rev", revision))
    report = compare_sides(*sides)
    python = classify_python(diff_api(*(generated_api(side.document, "pkg") for side in sides)))
    return [*report.findings, *python]


def test_a_change_to_the_beta_page_is_reported_on_the_beta_operation_alone(tmp_path: Path) -> None:
    speed = '- `speed: optional "fast" or "standard"`'
    found = findings(
        tmp_path,
        {"messages/create.md": STABLE, "beta/messages/create.md": BETA},
        {
            "messages/create.md": STABLE,
            "beta/messages/create.md": BETA.replace("### Returns", f"{speed}\n\n### Returns"),
        },
    )
    spec = [f for f in found if f.group.kind != "python"]
    assert [(f.rule, f.operations) for f in spec] == [
        ("request-property-added-optional", ("POST /v1/messages?beta=true",))
    ]
    python = {(f.group.label, f.message) for f in found if f.group.kind == "python"}
    assert python == {
        # The body's request type (a TypedDict, its optional key) and its model.
        ("pkg.types.beta", "field `BetaMessagesCreateParams.speed` added"),
        ("pkg.types.beta", "field `BetaMessagesCreateParamsModel.speed` added"),
        (
            "pkg.resources.beta.messages",
            "optional parameter `BetaMessagesResource.create(speed)` added",
        ),
        (
            "pkg.resources.beta.messages",
            "optional parameter `AsyncBetaMessagesResource.create(speed)` added",
        ),
    }


def test_a_beta_page_that_appears_adds_an_operation_and_leaves_the_stable_one(
    tmp_path: Path,
) -> None:
    found = findings(
        tmp_path,
        {"messages/create.md": STABLE},
        {"messages/create.md": STABLE, "beta/messages/create.md": BETA},
    )
    spec = [f for f in found if f.group.kind != "python"]
    assert {(f.rule, f.group.label) for f in spec} == {
        ("operation-added", "POST /v1/messages?beta=true"),
        ("schema-added", "BetaMessage"),
        ("schema-added", "BetaMessagesCreateParams"),
    }
    # Nothing about the stable operation, its types or its method changed.
    python = {(f.group.label, f.message) for f in found if f.group.kind == "python"}
    assert python == {
        ("pkg.types.beta", "module `pkg.types.beta` added"),  # BetaMessage and the params
        ("pkg.resources.beta", "module `pkg.resources.beta` added"),
        ("pkg.resources.beta.messages", "module `pkg.resources.beta.messages` added"),
    }
