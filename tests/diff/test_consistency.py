"""One verdict for one change: removing something the client sends (a parameter, a request
property, a request body) is breaking at spec level exactly when the Python API of the
generated client loses a parameter or a field for it.

Both levels run over the fixture pairs of the request-side rules and the
two real pairs; the test lists every contradiction, in both directions.
"""

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.diff.codegen import generated_api
from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.python_api_diff import diff_api
from generator.diff.records import Finding, Level, Side
from generator.diff.rules import REGISTRY
from generator.spec.refs import Resolver
from tests.diff.conftest import OPENAI, SHARED

HERE = Path(__file__).parent
SENT_REMOVALS = ("parameter-removed", "request-property-removed", "request-body-removed")
# Arguments every generated method has, which belong to the runtime, not to the API.
RUNTIME_PARAMETERS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})
ANTHROPIC = SHARED / "corpus" / "anthropic"
FIXTURE_PAIRS = sorted(
    directory
    for pattern in ("fixtures/parameter-*", "fixtures/request-*")
    for directory in HERE.glob(pattern)
    if (directory / "base.yaml").is_file()
)
REAL_PAIRS = {
    "openai": (OPENAI / "seed-era-5162af9" / "openapi.yaml", OPENAI / "openapi.yaml"),
    "anthropic": (ANTHROPIC / "2026-05-09", ANTHROPIC / "2026-08-22"),
}


def identifier(name: str) -> str:
    """How a wire name becomes a Python name (`anthropic-beta` → `anthropic_beta`)."""
    return re.sub(r"\W+", "_", name).strip("_").lower()


def spec_removals(finding: Finding, base: Side) -> Iterator[str]:
    """The names of what a spec-level removal takes away from what the client sends."""
    if finding.rule == "parameter-removed":
        yield identifier(str(finding.before["name"]))
    elif finding.rule == "request-property-removed":
        yield identifier(str(finding.base_pointer).rsplit("/", 1)[-1])
    else:  # request-body-removed: every top-level property of the body
        body = Resolver(base.document).follow(_at(base.document, str(finding.base_pointer)))
        for media in (body.get("content") or {}).values():
            schema = Resolver(base.document).follow(media.get("schema") or {})
            yield from (identifier(name) for name in schema.get("properties") or {})


def _at(document: dict[str, Any], pointer: str) -> Any:
    value: Any = document
    for segment in pointer.split("/")[1:]:
        value = value[segment.replace("~1", "/").replace("~0", "~")]
    return value


def contradictions(base: Side, revision: Side) -> list[str]:
    spec = [f for f in compare_sides(base, revision).findings if f.rule in SENT_REMOVALS]
    python = diff_api(
        generated_api(base.document, "client"), generated_api(revision.document, "client")
    )
    # `Model.field` and `Class.method(param)`: the last name is what disappeared.
    lost = {
        identifier(re.split(r"[.(]", change.field.rstrip(")"))[-1])
        for change in python
        if change.kind in ("py-parameter-removed", "py-field-removed")
    }
    problems = []
    spec_names = set()
    for finding in spec:
        level = finding.rule_level or finding.level
        names = set(spec_removals(finding, base))
        spec_names |= names
        if level is not Level.BREAKING:
            problems.append(f"spec {finding.rule} is {level.value}: {finding.message}")
        problems += [
            f"spec {finding.rule} of `{name}` ({finding.group.label}) but the Python "
            "API loses no parameter or field of that name"
            for name in sorted(names - lost)
        ]
    for change in python:
        if change.kind == "py-parameter-removed":
            name = identifier(change.field.rsplit("(", 1)[-1].rstrip(")"))
            if name not in RUNTIME_PARAMETERS and name not in spec_names:
                problems.append(
                    f"Python parameter {change.field} removed, but the spec reports "
                    "no removal of a parameter or request property of that name"
                )
    return problems


@pytest.mark.parametrize("directory", FIXTURE_PAIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_pairs_agree(directory: Path) -> None:
    base, revision = load_side(directory / "base.yaml"), load_side(directory / "revision.yaml")
    assert contradictions(base, revision) == []


@pytest.mark.parametrize("name", sorted(REAL_PAIRS))
def test_real_pairs_agree(name: str) -> None:
    base, revision = REAL_PAIRS[name]
    if not base.exists() or not revision.exists():
        pytest.skip(f"{base} is not beside this checkout")
    assert contradictions(load_side(base), load_side(revision)) == []


def test_the_old_verdict_is_listed_as_a_contradiction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before issue 15, removing a request property was a warning while --python called the
    same removal breaking: the check says so."""
    rule = REGISTRY["request-property-removed"]
    monkeypatch.setitem(REGISTRY, rule.id, replace(rule, level=Level.WARNING))
    directory = HERE / "fixtures" / "request-property-removed"
    base, revision = load_side(directory / "base.yaml"), load_side(directory / "revision.yaml")
    assert contradictions(base, revision) == [
        (
            "spec request-property-removed is warning: request property `CreateItem.color` "
            "removed: its generated argument or field disappears, so calls passing it fail"
        )
    ]
