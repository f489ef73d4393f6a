"""Every rule has a fixture pair under fixtures/<rule-id>/ with its hand-checked result; the
behaviour cases under cases/<name>/ pin down what must *not* be reported."""

import json
from pathlib import Path

import pytest

from generator.diff.classify import classify_python
from generator.diff.compare import compare_sides
from generator.diff.load import load_side
from generator.diff.python_api import extract_api
from generator.diff.python_api_diff import diff_api
from generator.diff.rules import REGISTRY
from tests.diff.helpers import python_view, spec_view

HERE = Path(__file__).parent
RULE_FIXTURES = sorted(p for p in (HERE / "fixtures").iterdir() if p.is_dir())
SPEC_FIXTURES = [p for p in RULE_FIXTURES if (p / "base.yaml").exists()]
PYTHON_FIXTURES = [p for p in RULE_FIXTURES if (p / "base").is_dir()]
CASES = sorted(p for p in (HERE / "cases").iterdir() if p.is_dir())


def expected(directory: Path) -> list[dict[str, object]]:
    return json.loads((directory / "expected.json").read_text(encoding="utf-8"))


def spec_findings(directory: Path) -> list[dict[str, object]]:
    report = compare_sides(
        load_side(directory / "base.yaml"), load_side(directory / "revision.yaml")
    )
    return [spec_view(finding) for finding in report.findings]


def test_every_rule_has_a_fixture() -> None:
    assert sorted(REGISTRY) == sorted(p.name for p in RULE_FIXTURES)


@pytest.mark.parametrize("directory", SPEC_FIXTURES, ids=lambda p: p.name)
def test_spec_rule_fixture(directory: Path) -> None:
    found = spec_findings(directory)
    assert found == expected(directory)
    rule = REGISTRY[directory.name]
    assert {"rule": rule.id, "level": rule.level.value} in [
        {"rule": f["rule"], "level": f["level"]} for f in found
    ]


@pytest.mark.parametrize("directory", PYTHON_FIXTURES, ids=lambda p: p.name)
def test_python_rule_fixture(directory: Path) -> None:
    changes = diff_api(
        extract_api(directory / "base" / "client"), extract_api(directory / "revision" / "client")
    )
    found = [python_view(finding) for finding in classify_python(changes)]
    assert found == expected(directory)
    assert directory.name in [f["rule"] for f in found]


@pytest.mark.parametrize("directory", CASES, ids=lambda p: p.name)
def test_behaviour_case(directory: Path) -> None:
    assert spec_findings(directory) == expected(directory)


def test_no_change_is_left_unclassified_in_fixtures() -> None:
    for directory in SPEC_FIXTURES + CASES:
        assert "unclassified-change" not in [f["rule"] for f in spec_findings(directory)]
