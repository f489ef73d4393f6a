"""Regeneration is byte-for-byte what tests/golden holds (rewrite with `make golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden_cases import cases, differences


def test_there_are_golden_cases() -> None:
    assert {case.name for case in cases()} >= {"resume", "files", "organization_projects"}


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_golden(case: Path) -> None:
    diff = differences(case)
    assert not diff, (
        f"{case.name} differs from tests/golden (run `make golden` and read the diff):\n{diff[:5000]}"
    )
