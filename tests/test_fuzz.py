"""A short fuzzing campaign (the long one: `python -m tests.fuzzing 10000`)."""

from __future__ import annotations

from tests.fuzzing import campaign


def test_short_campaign_gives_documents_or_clean_errors() -> None:
    outcomes = campaign(90)
    assert sum(outcomes.values()) >= 90
    assert not [kind for kind in outcomes if kind.endswith("FAILED")], outcomes
    # Both kinds ran, and most generated pages are accepted (the generator writes valid pages
    # most of the time, so a parser that rejected everything would fail here).
    assert outcomes["generated ok"] > 0 and outcomes["mutated ok"] + outcomes["mutated error"] > 0
    assert outcomes["payloaded ok"] > 0
