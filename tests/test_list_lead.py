"""The lead-in of a list of members ("One of the following:") is dropped from a union's
description; the pattern is tried only on texts that end with a colon, and must drop exactly
what it dropped when tried on every text."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.openapi.schemas import _LIST_LEAD, _without_list_lead


def test_every_white_space_of_the_pattern_is_one_of_str_isspace() -> None:
    # The shortcut reads `\s*$` as "str.rstrip() ends there": the same characters.
    pattern = {chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))}
    assert pattern == {chr(c) for c in range(0x110000) if chr(c).isspace()}


def test_lead_ins_are_dropped_and_other_colons_kept() -> None:
    assert _without_list_lead("The input. One of the following:") == "The input."
    assert _without_list_lead("The input. Can be one of the following types:\n") == "The input."
    assert _without_list_lead("输入，可以为以下类型之一：\u3000") == "输入"
    assert _without_list_lead("One of the following: a, b") == "One of the following: a, b"
    assert _without_list_lead("Note: plain text") == "Note: plain text"


PIECES = st.sampled_from(
    [
        "One of the following",
        " one of the following types",
        "Can be any of the following values",
        "以下类型之一",
        ":",
        "：",
        " ",
        "\n",
        "\u2028",
        "\u3000",
        "\x1c",
        "text",
        ".",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_the_shortcut_drops_what_the_pattern_drops(text: str) -> None:
    assert _without_list_lead(text) == _LIST_LEAD.sub("", text)
