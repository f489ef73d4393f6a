"""The document build does each distinct piece of work once (issue 16), and what it shares
gives what doing it again gave: a type text behind many names is parsed once, with the
column of an error still that of each declaration, and the memo lives no longer than the
build of one document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import RefgenError
from generator.openapi import infer, operations
from generator.openapi.infer import date_times_from_descriptions
from generator.openapi.provenance import Provenance
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
from tests.infer.helpers import operation_document

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


# -- cheap facts first: a pattern is tried only on a text that can match it -----------------

# Texts near the notations: their words and digits in any case, other digits (Arabic-Indic,
# full-width) that a careless prefilter might take for ASCII ones, and separators.
_NEAR_NOTATIONS = st.lists(
    st.sampled_from(
        ["RFC", "rfc", "Rfc", "ISO", "iso", "3339", "8601", "333", "860", "１", "٣", " ", "-", "_"]
        + ["\n", "x", "ISO-8601", "RFC3339", "ＲＦＣ", "İSO", "ıso", "ſ", "K"]
    ),
    max_size=8,
).map("".join)


@settings(max_examples=2000, deadline=None, database=None)
@given(st.one_of(_NEAR_NOTATIONS, st.text(max_size=30)))
def test_the_date_time_prefilter_agrees_with_the_pattern(text: str) -> None:
    assert infer._names_a_date_time_notation(text) == bool(infer._DATE_TIME_NOTATION.search(text))


MOMENT_WORDS = ["RFC 3339", "rfc3339", "RFC3339", "ISO 8601", "iso-8601", "ISO\t8601", "(ISO8601)"]


@pytest.mark.parametrize("text", MOMENT_WORDS)
def test_the_date_time_prefilter_lets_every_notation_through(text: str) -> None:
    assert infer._names_a_date_time_notation(text)


# -- cheap facts first: only the Domain Types entries with an inline twin's fields are digested


LISTED_PAGE = """\
## Get place

**get** `/places/{id}`

### Returns

- `where: object { x, y }`

  - `x: string`

  - `y: number`

- `other: object { x, y }`

  - `x: string`

  - `y: string`

- `note: object { description, id }`

  - `description: optional integer`

  - `id: string`

## Domain Types

### Point

- `Point object { x, y }`

  - `x: string`

  - `y: number`

### Label

- `Label object { id }`

  - `id: string`

### Unrelated

- `Unrelated object { a }`

  - `a: string`
"""


def test_an_object_spelled_out_in_place_is_still_the_entry_it_equals(tmp_path: Path) -> None:
    """`where` has Point's fields and structure: it refers to Point. `other` has Point's
    field names but another type for `y`: it stays its own. `note` differs from Label only
    by an optional field named `description`, which the structure digest leaves out at every level
    (it takes the name for the keyword: descriptions never tell objects apart), so `note`
    is Label; the field-name check must leave the name out too, or it would tell them
    apart where the digest does not."""
    (tmp_path / "places.md").write_text(LISTED_PAGE, encoding="utf-8")
    document = parse_pages([tmp_path]).document
    found = document["components"]["schemas"]
    returned = found["PlacesRetrieveResponse"]["properties"]
    assert returned["where"] == {"$ref": "#/components/schemas/Point"}
    assert returned["note"] == {"$ref": "#/components/schemas/Label"}
    assert returned["other"] == {"$ref": "#/components/schemas/PlacesRetrieveResponseOther"}
    assert found["PlacesRetrieveResponseOther"]["properties"]["y"]["type"] == "string"
    assert "PlacesRetrieveResponseWhere" not in found
    assert "PlacesRetrieveResponseNote" not in found


# -- the nesting bound of an example, counted without a loop over its characters ------------


def _nesting_by_hand(text: str) -> int:
    """The loop the bound was counted with before (the oracle): depth up at `[` or `{`,
    down at `]` or `}`, the deepest reached."""
    depth = deepest = 0
    for character in text:
        if character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


_BRACKETY = st.text(alphabet=st.sampled_from('[]{}"a,:\\ 1'), max_size=200)


@settings(max_examples=1000, deadline=None, database=None)
@given(st.one_of(_BRACKETY, st.text(max_size=60)), st.integers(min_value=0, max_value=70))
def test_the_nesting_bound_is_the_loops(text: str, limit: int) -> None:
    assert operations._nesting(text) == _nesting_by_hand(text)
    assert operations._deeper_than(text, limit) == (_nesting_by_hand(text) > limit)


@pytest.mark.parametrize(
    ("text", "deeper"),
    [
        ("[" * 64 + "]" * 64, False),  # at the limit: read
        ("[" * 65 + "]" * 65, True),  # one past it: refused
        ("[]" * 200, False),  # many brackets, none nested
        ("]" * 70 + "[" * 64, False),  # closing first: the depth goes below zero
        ('{"a": "' + "[" * 100 + '"}', True),  # brackets in a string count (a bound)
    ],
)
def test_an_example_nested_past_the_limit_is_refused(text: str, deeper: bool) -> None:
    assert operations._deeper_than(text, operations.MAX_EXAMPLE_DEPTH) == deeper


def test_json_at_the_limit_is_read_and_past_it_refused() -> None:
    at_limit = operations.parse_example("[" * 64 + "]" * 64)
    for _ in range(63):
        (at_limit,) = at_limit
    assert at_limit == []
    assert operations.parse_example("[" * 65 + "]" * 65) is None


# -- date_times_from_descriptions looks at the examples only when a description names a notation


def test_a_moment_listed_in_two_places_is_decided_once() -> None:
    """The same string schema object under two properties (a union member's description
    naming the notation in one place only): it becomes a date-time once, with one note;
    an example contradicting it in either place leaves it a string."""
    shared: dict[str, Any] = {"type": "string", "description": "An RFC 3339 timestamp."}
    response = {"type": "object", "properties": {"a": shared, "b": shared}}
    provenance = Provenance()
    date_times_from_descriptions(operation_document(response), provenance)
    assert shared["format"] == "date-time"
    assert provenance.evidence(shared) == {"format": "inferred:date_times_from_descriptions"}
    shared = {"type": "string", "description": "An RFC 3339 timestamp."}
    response = {"type": "object", "properties": {"a": shared, "b": shared}}
    contradicting = operation_document(response, examples=[{"b": "2024-01-01"}])
    date_times_from_descriptions(contradicting, Provenance())
    assert "format" not in shared


def test_no_moment_said_leaves_every_string_alone() -> None:
    plain = {"type": "string", "description": "When it was made (Unix time, 1712345678)."}
    document = operation_document({"type": "object", "properties": {"at": plain}})
    date_times_from_descriptions(document, Provenance())
    assert plain == {"type": "string", "description": "When it was made (Unix time, 1712345678)."}
