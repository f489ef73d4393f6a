"""The type-expression grammar of declaration code spans."""

from __future__ import annotations

import pytest

from generator.pages.typeexpr import (
    ArrayOf,
    LiteralType,
    MapOf,
    NamedRef,
    ObjectOf,
    Primitive,
    TypeSyntaxError,
    UnionOf,
    parse_declaration,
)

STRING, NUMBER = Primitive("string"), Primitive("number")


def test_optional_field_with_union_and_hidden_members() -> None:
    d = parse_declaration('batch_size: optional "auto" or number')
    assert (d.kind, d.name, d.optional, d.nullable) == ("field", "batch_size", True, False)
    assert d.type == UnionOf((LiteralType("auto"), NUMBER), 0)


def test_or_null_applies_to_the_whole_expression() -> None:
    d = parse_declaration("stop_reason: optional string or number or null")
    assert d.optional and d.nullable
    assert d.type == UnionOf((STRING, NUMBER), 0)
    assert parse_declaration("x: string or null").type == STRING


def test_named_types_old_and_new_style() -> None:
    old = parse_declaration("FineTuningJob = object { id, created_at, error, 16 more }")
    assert (old.kind, old.name) == ("named", "FineTuningJob")
    assert old.type == ObjectOf(("id", "created_at", "error"), 16)
    new = parse_declaration("FileObject object { id, bytes, created_at, 6 more }")
    assert (new.kind, new.name, new.type) == (
        "named",
        "FileObject",
        ObjectOf(("id", "bytes", "created_at"), 6),
    )


def test_union_members_are_anonymous() -> None:
    assert parse_declaration("UnionMember1 = number").kind == "member"
    bare = parse_declaration("array of string")
    assert (bare.kind, bare.type) == ("member", ArrayOf(STRING))


def test_literals() -> None:
    assert parse_declaration('"fine_tuning.job"').type == LiteralType("fine_tuning.job")
    assert parse_declaration("true").type == LiteralType(True)
    assert parse_declaration('"say \\"hi\\""').type == LiteralType('say "hi"')


def test_quoted_field_names() -> None:
    d = parse_declaration('"harassment/threatening": boolean')
    assert (d.kind, d.name, d.type) == ("field", "harassment/threatening", Primitive("boolean"))
    assert (
        parse_declaration('"anthropic-beta": optional array of AnthropicBeta').name
        == "anthropic-beta"
    )


def test_array_of_takes_the_whole_union() -> None:
    # The children decide what the page meant; the grammar reads `array of` loosely.
    d = parse_declaration('x: array of "text" or "image"')
    assert d.type == ArrayOf(UnionOf((LiteralType("text"), LiteralType("image")), 0))


def test_nested_maps_and_hidden_counts_in_the_middle() -> None:
    d = parse_declaration("m: map[map[unknown] or array of unknown or string or 2 more]")
    assert d.type == MapOf(
        UnionOf(
            (MapOf(Primitive("unknown")), ArrayOf(UnionOf((Primitive("unknown"), STRING), 2))), 0
        )
    )
    voice = parse_declaration('voice: string or "alloy" or "ash" or 7 more or object { id }')
    assert voice.type == UnionOf(
        (STRING, LiteralType("alloy"), LiteralType("ash"), ObjectOf(("id",), 0)), 7
    )


def test_irregular_spacing() -> None:
    d = parse_declaration(
        "content: string or ResponseInputText or object { text, type }  or 3 more"
    )
    assert d.type == UnionOf(
        (STRING, NamedRef("ResponseInputText"), ObjectOf(("text", "type"), 0)), 3
    )


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("x: strnig", "unknown type word 'strnig'", 4),
        ("x: object { a, b", "unbalanced '{'", 17),
        ('x: "open', "unbalanced quote", 4),
        ("x: map[string", "expected ']'", 14),
        ("x: array of", "expected a type", 12),
    ],
)
def test_errors_name_the_problem_and_the_column(text: str, message: str, column: int) -> None:
    with pytest.raises(TypeSyntaxError) as caught:
        parse_declaration(text)
    assert message in str(caught.value)
    assert caught.value.column == column
