"""The type-expression grammar of declaration code spans.

A declaration is the text of one code span, such as `batch_size: optional "auto" or number`,
`FineTuningJob = object { id, created_at, 16 more }`, `Model object { id, created }`, a bare
union member `array of string`, or a literal `"auto"`. This module turns that text into a
small AST. It does not decide what the declaration means in its tree: the children of a
declaration are the authority when the inline text is ambiguous (see openapi/schemas.py).

Grammar (`or` is the loosest operator; `array of` and `map[...]` take a whole union):

    declaration := field | named | literal | type
    field       := NAME ":" type            NAME may be quoted
    named       := TYPENAME "=" type | TYPENAME "object" "{" ... "}"
    type        := ["optional"] union ["or" "null"]
    union       := term ("or" (term | INT "more"))*
    term        := "array" "of" union | "map" "[" union "]" | "object" "{" fields "}"
                 | literal | primitive | TYPENAME
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal as TypingLiteral
from typing import NamedTuple

MAX_TYPE_DEPTH = 100  # nested `array of` / `map[...]`; real pages nest at most 5

PRIMITIVES = frozenset({"string", "number", "integer", "boolean", "unknown", "null"})

LiteralValue = str | bool | int | float


@dataclass(frozen=True)
class Primitive:
    name: str


@dataclass(frozen=True)
class LiteralType:
    value: LiteralValue


@dataclass(frozen=True)
class NamedRef:
    name: str


@dataclass(frozen=True)
class ArrayOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    value: TypeExpr


@dataclass(frozen=True)
class ObjectOf:
    field_names: tuple[str, ...]
    hidden: int  # "16 more": fields named only by the children


@dataclass(frozen=True)
class UnionOf:
    members: tuple[TypeExpr, ...]
    hidden: int  # "3 more": members named only by the children


TypeExpr = Primitive | LiteralType | NamedRef | ArrayOf | MapOf | ObjectOf | UnionOf

DeclKind = TypingLiteral["field", "named", "member", "literal"]


@dataclass(frozen=True)
class Declaration:
    """What one code span declares."""

    kind: DeclKind
    name: str | None  # field name or type name; None for members and literals
    type: TypeExpr
    optional: bool = False
    nullable: bool = False


class TypeSyntaxError(ValueError):
    """The declaration text does not follow the grammar; `column` counts from 1 in the span."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(message)
        self.column = column


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)
      | (?P<word>[A-Za-z_][\w.\-]*)
      | (?P<punct>[{}\[\],:=])
    )""",
    re.VERBOSE,
)

_FIELD = re.compile(r'^\s*(?P<name>"(?:[^"\\]|\\.)*"|[^\s:"`]+):\s+(?P<type>.+)$')
_NAMED_EQ = re.compile(r"^\s*(?P<name>[A-Za-z_][\w.]*)\s+=\s+(?P<type>.+)$")
_NAMED_OBJECT = re.compile(r"^\s*(?P<name>[A-Z][\w.]*)\s+(?P<type>object\s*\{.*)$")


class _Token(NamedTuple):
    kind: str  # "string", "number", "word", "punct", "end"
    text: str
    column: int


def tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            # (A token is never blank, so blank text only ends up here; it is tested only
            # now, since copying the rest of the text at every token is quadratic.)
            if text[position:].strip() == "":
                break
            column = position + len(text[position:]) - len(text[position:].lstrip()) + 1
            if text[column - 1] == '"':
                raise TypeSyntaxError("unbalanced quote in type expression", column)
            raise TypeSyntaxError(f"unexpected character {text[column - 1]!r}", column)
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


def parse_literal(token_text: str) -> LiteralValue:
    if token_text.startswith('"'):
        return _unquote(token_text)
    if token_text in ("true", "false"):
        return token_text == "true"
    number = float(token_text)
    return int(number) if number.is_integer() and "." not in token_text else number


def _unquote(quoted: str) -> str:
    """The value of a string literal, its escapes read as JavaScript reads them (JSON's are
    a subset): `\\n` is a line feed, `\\u00e9` is é (a surrogate pair one character), and any
    other escaped character stands for itself."""
    text = _STRING_ESCAPE.sub(_unescape, quoted[1:-1])
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "surrogatepass")


_STRING_ESCAPE = re.compile(
    r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL
)
_SINGLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescape(escape: re.Match[str]) -> str:
    code = escape.group(1)
    if len(code) > 1:  # \uXXXX, \u{X...}, \xXX
        point = int(code[1:].strip("{}"), 16)
        return chr(point) if point <= 0x10FFFF else escape.group()
    return _SINGLE_ESCAPES.get(code, code)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0  # unions open: `array of`, `map[` and unions nest through union()

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> _Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def advance(self) -> _Token:
        token = self.current
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def expect(self, text: str) -> None:
        if self.current.text != text:
            found = self.current.text or "end of text"
            raise TypeSyntaxError(f"expected {text!r}, found {found!r}", self.current.column)
        self.advance()

    def at_word(self, word: str) -> bool:
        return self.current.kind == "word" and self.current.text == word

    def type_expression(self) -> tuple[TypeExpr, bool, bool]:
        optional = False
        if self.at_word("optional") and self.peek().kind != "end":
            self.advance()
            optional = True
        expr = self.union(stop=frozenset())
        if self.current.kind != "end":
            raise TypeSyntaxError(f"unexpected {self.current.text!r}", self.current.column)
        expr, nullable = _split_null(expr)
        return expr, optional, nullable

    def union(self, stop: frozenset[str]) -> TypeExpr:
        self.depth += 1
        if self.depth > MAX_TYPE_DEPTH:
            raise TypeSyntaxError(
                f"type nested more than {MAX_TYPE_DEPTH} levels deep (the limit)",
                self.current.column,
            )
        members = [self.term(stop)]
        hidden = 0
        while self.at_word("or"):
            self.advance()
            if self.current.kind == "number" and self.peek().text == "more":
                hidden += int(self.advance().text)
                self.advance()
                continue
            members.append(self.term(stop))
        self.depth -= 1
        if len(members) == 1 and hidden == 0:
            return members[0]
        return UnionOf(tuple(members), hidden)

    def term(self, stop: frozenset[str]) -> TypeExpr:
        token = self.current
        if token.kind in ("string", "number"):
            self.advance()
            return LiteralType(parse_literal(token.text))
        if token.kind != "word":
            found = token.text or "end of text"
            raise TypeSyntaxError(f"expected a type, found {found!r}", token.column)
        if token.text == "array" and self.peek().text == "of":
            self.advance()
            self.advance()
            return ArrayOf(self.union(stop))
        if token.text == "map" and self.peek().text == "[":
            self.advance()
            self.advance()
            value = self.union(stop | {"]"})
            self.expect("]")
            return MapOf(value)
        if token.text == "object" and self.peek().text == "{":
            return self.object_fields()
        self.advance()
        if token.text in ("true", "false"):
            return LiteralType(token.text == "true")
        if token.text in PRIMITIVES:
            return Primitive(token.text)
        if token.text[0].isupper() or "." in token.text:
            return NamedRef(token.text)
        raise TypeSyntaxError(f"unknown type word {token.text!r}", token.column)

    def object_fields(self) -> ObjectOf:
        self.advance()
        self.expect("{")
        names: list[str] = []
        hidden = 0
        while self.current.text != "}":
            token = self.current
            if token.kind == "end":
                raise TypeSyntaxError("unbalanced '{' in object type", token.column)
            if token.kind == "number" and self.peek().text == "more":
                hidden += int(self.advance().text)
                self.advance()
            elif token.kind in ("word", "string"):
                self.advance()
                names.append(_unquote(token.text) if token.kind == "string" else token.text)
            else:
                raise TypeSyntaxError(f"unexpected {token.text!r} in object type", token.column)
            if self.current.text == ",":
                self.advance()
        self.advance()
        return ObjectOf(tuple(names), hidden)


def _split_null(expr: TypeExpr) -> tuple[TypeExpr, bool]:
    """`T or null` marks the whole expression nullable; null is not a member of its own.

    The grammar lets `array of` take a whole union, so in `array of string or null` the null
    lands inside the array; the page means a nullable array (the format's `or null` applies
    to the whole expression), so a null at the right end is lifted out of `array of` too.
    Inside `map[...]` the brackets delimit the value: `map[string or null]` keeps it."""
    if isinstance(expr, Primitive) and expr.name == "null":
        return expr, False
    expr, trailing = _strip_trailing_null(expr)
    if not isinstance(expr, UnionOf):
        return expr, trailing
    members = tuple(m for m in expr.members if m != Primitive("null"))
    if len(members) == len(expr.members):
        return expr, trailing
    if len(members) == 1 and expr.hidden == 0:
        return members[0], True
    return UnionOf(members, expr.hidden), True


def _strip_trailing_null(expr: TypeExpr) -> tuple[TypeExpr, bool]:
    """Remove a `null` that ends the text, however deep in `array of` unions it was parsed."""
    if isinstance(expr, ArrayOf):
        item, found = _strip_trailing_null(expr.item)
        return (ArrayOf(item), True) if found else (expr, False)
    if not isinstance(expr, UnionOf) or not expr.members:
        return expr, False
    *head, last = expr.members
    if last == Primitive("null"):
        if len(head) == 1 and expr.hidden == 0:
            return head[0], True
        return UnionOf(tuple(head), expr.hidden), True
    if isinstance(last, ArrayOf | UnionOf):
        stripped, found = _strip_trailing_null(last)
        if found:
            return UnionOf((*head, stripped), expr.hidden), True
    return expr, False


def parse_type(text: str) -> tuple[TypeExpr, bool, bool]:
    """Parse `[optional] T [or null]`; returns (type, optional, nullable)."""
    return _Parser(text).type_expression()


@cache
def _parse_type_text(text: str) -> tuple[TypeExpr, bool, bool]:
    # A type text stands behind many names (`optional string`, `array of Message`): the
    # 2026-08-22 tree parses 4,769 type texts for 5,755 declarations, 2,558 of them distinct.
    # The result is frozen, so sharing it is safe; a text that fails raises each time (a
    # failure is not cached). Emptied with the declarations' cache (forget_types).
    return parse_type(text)


def forget_types() -> None:
    """Empty the memo of type texts (when a document is built: no use to the next one)."""
    _parse_type_text.cache_clear()


def parse_declaration(text: str) -> Declaration:
    """Classify and parse the text of one declaration code span."""
    stripped = text.strip()
    if not stripped:
        raise TypeSyntaxError("empty declaration", 1)
    literal = _parse_lone_literal(stripped)
    if literal is not None:
        return Declaration("literal", None, literal)
    offset = len(text) - len(text.lstrip())
    for pattern, kind in ((_NAMED_OBJECT, "named"), (_NAMED_EQ, "named"), (_FIELD, "field")):
        match = pattern.match(text)
        if match:
            type_text = match.group("type")
            type_column = match.start("type")
            name = match.group("name")
            if name.startswith('"'):
                name = _unquote(name)
            expr, optional, nullable = _parse_at(type_text, type_column)
            declaration_kind: DeclKind = "field" if kind == "field" else "named"
            if declaration_kind == "named" and _is_member_label(name, expr):
                return Declaration("member", None, expr, optional, nullable)
            return Declaration(declaration_kind, name, expr, optional, nullable)
    expr, optional, nullable = _parse_at(stripped, offset)
    return Declaration("member", None, expr, optional, nullable)


# Names that only say what kind of type follows (`Array = array of string`, `String = string`):
# pages use them to label the members of a union, not to name a type of the API.
_KIND_LABELS: dict[str, tuple[type, ...]] = {
    "String": (Primitive,),
    "Number": (Primitive,),
    "Integer": (Primitive,),
    "Boolean": (Primitive,),
    "Unknown": (Primitive,),
    "Array": (ArrayOf,),
    "Map": (MapOf,),
    "Object": (ObjectOf,),
}


def _is_member_label(name: str, expr: TypeExpr) -> bool:
    """`UnionMember0 = ...` (older pages), or a label that repeats the kind of its type."""
    if re.fullmatch(r"UnionMember\d+", name):
        return True
    kinds = _KIND_LABELS.get(name)
    if kinds is None or not isinstance(expr, kinds):
        return False
    return not isinstance(expr, Primitive) or expr.name == name.lower()


def _parse_at(type_text: str, column_offset: int) -> tuple[TypeExpr, bool, bool]:
    try:
        return _parse_type_text(type_text)
    except TypeSyntaxError as error:
        raise TypeSyntaxError(str(error), error.column + column_offset) from None


# The tokens of _TOKEN, each taken as the tokenizer takes it (the first alternative that
# matches, never revised: an atomic group), so that these tell without building the tokens
# whether the tokenizer accepts a text, and whether it finds exactly one token in it.
_ATOMIC_TOKEN = r"""(?>
        "(?:[^"\\]|\\.)*"
      | -?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?
      | [A-Za-z_][\w.\-]*
      | [{}\[\],:=]
    )"""
_TOKENS_ONLY = re.compile(rf"(?:\s*{_ATOMIC_TOKEN})*+\s*", re.VERBOSE)
_ONE_TOKEN = re.compile(rf"\s*{_ATOMIC_TOKEN}\s*", re.VERBOSE)


def _parse_lone_literal(text: str) -> LiteralType | None:
    if _TOKENS_ONLY.fullmatch(text) is not None and _ONE_TOKEN.fullmatch(text) is None:
        return None  # tokens, and more than one (or none): not a lone literal
    tokens = tokenize(text)  # raises the error (with its column) when the text has one
    if len(tokens) != 2:
        return None
    token = tokens[0]
    if token.kind in ("string", "number") or token.text in ("true", "false"):
        return LiteralType(parse_literal(token.text))
    return None
