"""The document build does each distinct piece of work once (issue 16), and what it shares
gives what doing it again gave: a type text behind many names is parsed once, with the
column of an error still that of each declaration, and the memo lives no longer than the
build of one document."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.openapi.schemas import forget_parsed
from generator.pages import typeexpr
from generator.pages.typeexpr import (
    ArrayOf,
    NamedRef,
    Primitive,
    TypeSyntaxError,
    UnionOf,
    parse_declaration,
    parse_type,
)
from generator.pipeline import parse_pages

SHARED_TYPE = "optional array of Message or string or null"


def test_one_type_text_behind_many_names_is_parsed_once_and_read_alike() -> None:
    forget_parsed()
    texts = [f"{name}: {SHARED_TYPE}" for name in ("a", "messages", "history_items")]
    declarations = [parse_declaration(text) for text in texts]
    assert typeexpr._parse_type_text.cache_info().currsize == 1
    # `array of` takes the whole union; the trailing `or null` is lifted out of it.
    item = UnionOf((NamedRef("Message"), Primitive("string")), 0)
    expected = (ArrayOf(item), True, True)
    for text, declaration in zip(texts, declarations, strict=True):
        assert declaration.name == text.split(":")[0]
        assert (declaration.type, declaration.optional, declaration.nullable) == expected
        assert parse_type(SHARED_TYPE) == expected  # the unshared reading, by hand above
    forget_parsed()
    assert typeexpr._parse_type_text.cache_info().currsize == 0


@pytest.mark.parametrize("repeat", [1, 2, 3])
def test_a_type_text_that_fails_names_the_column_of_each_declaration(repeat: int) -> None:
    """A failure is not remembered with the first declaration's column: `strnig` stands at
    column 4 after `x: ` and at column 14 after `longer_name: ` (counted by hand), however
    often and in whichever order the two are read."""
    forget_parsed()
    for _ in range(repeat):
        for text, column in (("x: strnig", 4), ("longer_name: strnig", 14), ("x: strnig", 4)):
            with pytest.raises(TypeSyntaxError) as caught:
                parse_declaration(text)
            assert "unknown type word 'strnig'" in str(caught.value)
            assert caught.value.column == column
    forget_parsed()


def test_the_error_of_a_repeated_bad_type_points_at_its_own_page(tmp_path: Path) -> None:
    """Two pages give the same bad type text under names of different lengths: the build
    stops at the first page read (sorted), at the column of its own declaration."""
    for page, name in (("b.md", "x"), ("a.md", "much_longer")):
        (tmp_path / page).write_text(
            f"## Make\n\n**post** `/v1/{page[0]}`\n\n### Body Parameters\n\n"
            f"- `{name}: array of strnig`\n",
            encoding="utf-8",
        )
    with pytest.raises(RefgenError) as caught:
        parse_pages([tmp_path])
    # `- \`much_longer: array of strnig\``: the span's text starts at column 4, and `strnig`
    # is its 23rd character (13 for the name and `: `, 9 for `array of `): column 26.
    assert "a.md:7:26: error: unknown type word 'strnig'" in str(caught.value)
