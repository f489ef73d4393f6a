"""Python types for rendering: a small tree built once from each schema.

Nothing reads annotation text back. Code asks the tree (`nullable`, `imports()`, `names()`,
`needs_cast`) and templates place its `render()`, the only place its text is made, through
the code environment's finalize. Imports are (module, name) pairs; a module starting with "."
is relative to the generated package's root (`._models`, `.types.beta`), so the same type can be
imported from any module of the package (render/imports.py writes the import lines).
"""

from __future__ import annotations

import builtins
import operator
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache, cached_property
from typing import Any, cast

from generator.render.escape import Identifier, SafeCode, literal
from generator.render.import_order import from_import, ordered_imports
from generator.spec.refs import ref_name

Schema = Mapping[str, Any]


@dataclass(frozen=True, order=True)
class Import:
    """`from module import name`; with `name` None, `import module`; with an `alias`,
    `from module import name as alias`."""

    module: str
    name: str | None
    alias: str | None = None


# Every PyType in use, by its key (_Interned).
_TABLE: weakref.WeakValueDictionary[tuple[object, ...], PyType] = weakref.WeakValueDictionary()


class _Interned(type):
    """Makes each distinct PyType once: constructing a type equal to one that exists returns
    that one. So a type's text, imports and names are computed once however many fields
    have it, and equality is identity (`union` compares members thousands of times a run).

    Equal means the same class and the same field values, a literal's values compared with
    their types (`Literal[1]` is not `Literal[True]`, though `1 == True`). The table holds
    its types weakly: a type no context uses any more goes. The hash is the key's, with the
    class by name, so that sets of types order as the values' hashes say (as before
    interning), never by address."""

    _arity: int  # PyType's: how many fields make the value

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        if not kwargs and len(args) == cls._arity:
            # Every field given in order (most calls: `union`, `generic`): the key is known
            # before anything is built, and most calls find their type made already.
            found = _TABLE.get((cls, args if len(args) > 1 else args[0]))
            if found is not None:
                return found
        made = super().__call__(*args, **kwargs)
        key = made._interning_key()
        found = _TABLE.get(key)
        if found is not None:
            return found
        object.__setattr__(made, "_hash", hash((cls.__name__, key[1])))
        _TABLE[key] = made
        return made


class PyType(metaclass=_Interned):
    """A Python type annotation, made once per distinct value (`_Interned`). Its text,
    imports and names are made once, when first asked for (a type is shared by every field
    that has it)."""

    _hash: int
    # The fields that make the value, in order, and how many there are (set for each class
    # below; an arity of 0 turns off the look-up before construction, for a class whose key
    # is more than its fields).
    _value: Callable[[Any], object]
    _arity: int = 0

    def _interning_key(self) -> tuple[object, ...]:
        return (type(self), self._value(self))

    def __hash__(self) -> int:
        return self._hash

    # __eq__ is object's: two equal types are the same object.

    def __reduce__(self) -> tuple[object, ...]:
        # A copy (copy, pickle) is made through the constructor, so it is the interned type.
        return (type(self), tuple(getattr(self, f.name) for f in fields(cast(Any, self))))

    def render(self) -> SafeCode:
        return self._text

    def imports(self) -> frozenset[Import]:
        """What a module must import to use the rendered text."""
        return self._imports

    def names(self) -> frozenset[str]:
        """Every name the rendered text looks up (a class body must not shadow them)."""
        return self._names

    @cached_property
    def _text(self) -> SafeCode:
        return self._make_text()

    @cached_property
    def _imports(self) -> frozenset[Import]:
        return self._make_imports()

    @cached_property
    def _names(self) -> frozenset[str]:
        return self._make_names()

    @cached_property
    def has_discriminator(self) -> bool:
        """Whether a discriminated union is part of it (its text names a field)."""
        return False

    def _make_text(self) -> SafeCode:
        raise NotImplementedError

    def _make_imports(self) -> frozenset[Import]:
        raise NotImplementedError

    def _make_names(self) -> frozenset[str]:
        raise NotImplementedError

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        """The same type with the builtins in `shadowed` written `builtins.list`, for a class
        that defines a member of that name."""
        raise NotImplementedError

    @property
    def nullable(self) -> bool:
        return False

    @property
    def needs_cast(self) -> bool:
        """Whether `type[...]` of it is not a plain class (a union, a literal, an alias of
        one), so that passing it where the runtime takes `type[T]` needs typing.cast."""
        return False

    def or_none(self) -> PyType:
        if self.nullable or self == ANY:
            return self
        return Union((*self.members, NONE)) if isinstance(self, Union) else Union((self, NONE))

    def __str__(self) -> str:
        # Text is made only by render(), and placed only by templates: str() would let code
        # pick annotations apart again.
        raise TypeError("a PyType is placed by a template ({{ type }}), not turned into text")


@dataclass(frozen=True, eq=False)
class Named(PyType):
    """A class or alias: a builtin (module "builtins"), from the runtime or typing, or a type
    of the package (module ".types", ".types.beta", ...)."""

    name: str
    module: str
    is_class: bool = True  # False for an alias of a union or literal
    spelled_with_module: bool = False  # `builtins.list` where a member shadows `list`

    _value = operator.attrgetter("name", "module", "is_class", "spelled_with_module")
    _arity = 4

    def _make_text(self) -> SafeCode:
        name = Identifier(self.name) if self.name != "None" else SafeCode("None")
        return SafeCode(f"{self.module}.{name}") if self.spelled_with_module else name

    def _make_imports(self) -> frozenset[Import]:
        if self.spelled_with_module:
            return frozenset({Import(self.module, None)})
        return (
            frozenset()
            if self.module == "builtins"
            else frozenset({Import(self.module, self.name)})
        )

    def _make_names(self) -> frozenset[str]:
        return frozenset({self.module if self.spelled_with_module else self.name})

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        if self.module == "builtins" and self.name in shadowed:
            return Named(self.name, self.module, self.is_class, spelled_with_module=True)
        return self

    @property
    def nullable(self) -> bool:
        return self.name == "None" and self.module == "builtins"

    @property
    def needs_cast(self) -> bool:
        return not self.is_class


@dataclass(frozen=True, eq=False)
class Generic(PyType):
    """`list[X]`, `dict[str, X]`, `SyncCursorPage[X]`, ..."""

    origin: Named
    arguments: tuple[PyType, ...]

    _value = operator.attrgetter("origin", "arguments")
    _arity = 2

    def _make_text(self) -> SafeCode:
        return SafeCode(f"{self.origin.render()}[{', '.join(a.render() for a in self.arguments)}]")

    def _make_imports(self) -> frozenset[Import]:
        return self.origin.imports().union(*(a.imports() for a in self.arguments))

    def _make_names(self) -> frozenset[str]:
        return self.origin.names().union(*(a.names() for a in self.arguments))

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        origin = self.origin.qualified(shadowed)
        assert isinstance(origin, Named)
        return Generic(origin, tuple(a.qualified(shadowed) for a in self.arguments))

    @cached_property
    def has_discriminator(self) -> bool:
        return any(a.has_discriminator for a in self.arguments)


LiteralValue = str | int | bool


@dataclass(frozen=True, eq=False)
class LiteralType(PyType):
    """`Literal["a", 1, True]`: strings, integers and booleans, the values PEP 586 allows."""

    values: tuple[LiteralValue, ...]

    _value = operator.attrgetter("values")

    def _interning_key(self) -> tuple[object, ...]:
        # 1 == True and hash(1) == hash(True): the values' types keep Literal[1] apart.
        return (LiteralType, self.values, tuple(type(v) for v in self.values))

    def _make_text(self) -> SafeCode:
        return SafeCode(f"Literal[{', '.join(literal(v) for v in self.values)}]")

    def _make_imports(self) -> frozenset[Import]:
        return frozenset({Import("typing", "Literal")})

    def _make_names(self) -> frozenset[str]:
        return frozenset({"Literal"})

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        return self

    @property
    def needs_cast(self) -> bool:
        return True


@dataclass(frozen=True, eq=False)
class Union(PyType):
    """`A | B | None`: members distinct, none of them a union, None last."""

    members: tuple[PyType, ...]

    _value = operator.attrgetter("members")
    _arity = 1

    def _make_text(self) -> SafeCode:
        return SafeCode(" | ".join(m.render() for m in self.members))

    def _make_imports(self) -> frozenset[Import]:
        return frozenset().union(*(m.imports() for m in self.members))

    def _make_names(self) -> frozenset[str]:
        return frozenset().union(*(m.names() for m in self.members))

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        return Union(tuple(m.qualified(shadowed) for m in self.members))

    @cached_property
    def has_discriminator(self) -> bool:
        return any(m.has_discriminator for m in self.members)

    @cached_property
    def nullable(self) -> bool:  # asked of every field's type: once per distinct union
        return any(m.nullable for m in self.members)

    @property
    def needs_cast(self) -> bool:
        return True


@dataclass(frozen=True, eq=False)
class Discriminated(PyType):
    """`Annotated[A | B, Field(discriminator="type")]`: pydantic picks the member by a field."""

    members: Union
    property_name: str

    _value = operator.attrgetter("members", "property_name")
    _arity = 2

    def _make_text(self) -> SafeCode:
        field = literal(self.property_name)
        return SafeCode(f"Annotated[{self.members.render()}, Field(discriminator={field})]")

    def _make_imports(self) -> frozenset[Import]:
        return self.members.imports() | {Import("typing", "Annotated"), Import("pydantic", "Field")}

    def _make_names(self) -> frozenset[str]:
        return self.members.names() | {"Annotated", "Field"}

    def qualified(self, shadowed: frozenset[str]) -> PyType:
        members = self.members.qualified(shadowed)
        assert isinstance(members, Union)
        return Discriminated(members, self.property_name)

    @property
    def nullable(self) -> bool:
        return self.members.nullable

    @property
    def needs_cast(self) -> bool:
        return True

    @cached_property
    def has_discriminator(self) -> bool:
        return True


@cache
def builtin(name: str) -> Named:
    assert hasattr(builtins, name), name
    return Named(name, "builtins")


ANY = Named("Any", "typing")
NONE = builtin("None")
# JSON numbers the docs do not call integers may still arrive as integers; `Number` (int |
# float, from the runtime) keeps 1710000000 an int where `float` would make it 1710000000.0.
NUMBER = Named("Number", "._models")
FILE_INPUT = Named("FileInput", "._types")
# What a paginated list returns: the official SDKs' names (`pkg.pagination`).
SYNC_PAGE = Named("SyncPage", "._pagination")  # the cursor kind
ASYNC_PAGE = Named("AsyncPage", "._pagination")
# The page classes of each kind of the `x-refgen-pagination` descriptor (sync, async).
PAGE_CLASSES = {
    "cursor": (SYNC_PAGE, ASYNC_PAGE),
    "token": (Named("SyncTokenPage", "._pagination"), Named("AsyncTokenPage", "._pagination")),
    "page": (
        Named("SyncPageNumberPage", "._pagination"),
        Named("AsyncPageNumberPage", "._pagination"),
    ),
    "offset": (Named("SyncOffsetPage", "._pagination"), Named("AsyncOffsetPage", "._pagination")),
}
ASYNC_PAGINATOR = Named("AsyncPaginator", "._pagination")  # what an async list method returns
# What the other response kinds return (sync, async): the runtime's classes.
STREAMS = (Named("Stream", "._streaming"), Named("AsyncStream", "._streaming"))
JSONL_DECODERS = (Named("JSONLDecoder", "._jsonl"), Named("AsyncJSONLDecoder", "._jsonl"))
BINARY_RESPONSES = (
    Named("BinaryAPIResponse", "._response"),
    Named("AsyncBinaryAPIResponse", "._response"),
)
# What request types write (RequestTypeNamer): arguments and TypedDict keys take any iterable
# of their items, and a sequence that is not a str where items can be strings (a str is an
# iterable of strings: `betas="x"` must not type-check as ["x"]); date-times take datetime.
ITERABLE = Named("Iterable", "collections.abc")
SEQUENCE_NOT_STR = Named("SequenceNotStr", "._types")
DATETIME = Named("datetime", "datetime")
REQUIRED = Named("Required", "typing")  # a TypedDict key the API requires: `Required[X]`
_SCALARS = {
    "string": builtin("str"),
    "integer": builtin("int"),
    "number": NUMBER,
    "boolean": builtin("bool"),
    "null": NONE,
}

# Every name the type model can write, so that generated names stay off them (reserved.py).
VOCABULARY: frozenset[Named] = frozenset(
    {
        ANY,
        NONE,
        NUMBER,
        FILE_INPUT,
        *(page for pages in PAGE_CLASSES.values() for page in pages),
        ASYNC_PAGINATOR,
        *STREAMS,
        *JSONL_DECODERS,
        *BINARY_RESPONSES,
        *_SCALARS.values(),
        Named("Literal", "typing"),
        Named("Annotated", "typing"),
        Named("Field", "pydantic"),
        Named("cast", "typing"),
        ITERABLE,
        SEQUENCE_NOT_STR,
        DATETIME,
        Named("TypedDict", "typing"),
        REQUIRED,
        Named("NotRequired", "typing"),
        *(builtin(name) for name in ("list", "dict", "float", "bytes", "type", "object")),
    }
)


def union(members: Iterable[PyType]) -> PyType:
    """The union of `members`: nested unions flattened, repeats dropped, None last; Any when
    a member is Any; the member itself when there is one."""
    flat: list[PyType] = []
    for member in members:
        for part in member.members if isinstance(member, Union) else (member,):
            if part not in flat:
                flat.append(part)
    if ANY in flat:
        return ANY
    ordered = [p for p in flat if p != NONE] + ([NONE] if NONE in flat else [])
    if not ordered:
        return ANY
    return ordered[0] if len(ordered) == 1 else Union(tuple(ordered))


def generic(origin: Named, *arguments: PyType) -> Generic:
    return Generic(origin, arguments)


def type_value(python_type: PyType) -> SafeCode:
    """What to pass where the runtime takes `type[T]`: a class as it is; a union or literal
    through cast("builtins.type[...]", ...), which mypy reads as the type itself (spelled
    with its module: a method's parameter named `type` shadows the builtin there)."""
    text = python_type.render()
    if not python_type.needs_cast:
        return text
    return SafeCode(f"cast({literal(f'builtins.type[{text}]')}, {text})")


class TypeNamer:
    """Schemas → PyTypes, given the Python name of every component and, to name the field a
    discriminated union is told about, the Python names of each model's fields ({schema name:
    {wire name: attribute name}}; without them, the wire name). `modules` says which module
    of the package defines each component ({schema name: "types.beta"}; by default `types`)."""

    def __init__(
        self,
        class_names: Mapping[str, str],
        schemas: Mapping[str, Schema],
        field_names: Mapping[str, Mapping[str, str]] | None = None,
        earlier: TypeNamer | None = None,
        modules: Mapping[str, str] | None = None,
    ) -> None:
        self.named: dict[str, Named] = (
            earlier.named
            if earlier is not None
            else {
                schema_name: Named(
                    name,
                    "." + (modules or {}).get(schema_name, "types"),
                    is_class=not _union_like(schemas.get(schema_name, {})),
                )
                for schema_name, name in class_names.items()
            }
        )
        self.field_names = field_names
        # The types a namer without field names made: the same here, but where a
        # discriminated union names its field.
        self.earlier = earlier
        self.made: dict[int, tuple[Schema, PyType]] = {}
        self.by_content: dict[str, PyType] = {}  # keyed_type's: {content_key: type}

    def keyed_type(self, schema: Schema, key: str) -> PyType:
        """python_type(schema), made once per distinct content: `key` is the schema's
        content_key. Asked of property schemas, which repeat by content from place to place
        (the 2026-08-22 tree's 9,811 model properties are 3,858 distinct schemas) where
        python_type's memo knows each dict by its identity alone."""
        found = self.by_content.get(key)
        if found is None:
            found = self._made_earlier(key) or self.python_type(schema)
            self.by_content[key] = found
        return found

    def _made_earlier(self, key: str) -> PyType | None:
        """The type the namer without field names made of the same content, when it is
        the same here (no discriminated union names a field in it)."""
        made = self.earlier.by_content.get(key) if self.earlier is not None else None
        return made if made is not None and not made.has_discriminator else None

    def python_type(self, schema: Schema) -> PyType:
        made = self.made.get(id(schema))
        if made is not None:
            return made[1]
        if (
            self.earlier is not None
            and id(schema) in self.earlier.made
            and not self.earlier.made[id(schema)][1].has_discriminator
        ):
            return self.earlier.made[id(schema)][1]
        python_type = self._python_type(schema)
        self.made[id(schema)] = (schema, python_type)  # the schema kept: its id stays its own
        return python_type

    def _python_type(self, schema: Schema) -> PyType:
        name = _ref_name(schema)
        if name is not None:
            return self.named.get(name, ANY)
        if "const" in schema:
            return _literal_union([schema["const"]])
        if "enum" in schema and isinstance(schema["enum"], list):
            return _literal_union(schema["enum"])
        if "oneOf" in schema or "anyOf" in schema:
            return self._union(schema)
        kind = schema.get("type")
        if isinstance(kind, list):
            return union(self._single(schema, single) for single in kind) if kind else ANY
        if not kind:
            return ANY
        single = self._single(schema, kind)  # most schemas: what union() of it would give
        return union([single]) if isinstance(single, Union) else single

    def _union(self, schema: Schema) -> PyType:
        members = union(
            self.python_type(m) for m in schema.get("oneOf") or schema.get("anyOf") or []
        )
        discriminator = schema.get("discriminator")
        if not (
            isinstance(discriminator, Mapping) and "oneOf" in schema and isinstance(members, Union)
        ):
            return members
        # pydantic picks a member by the field's value, so None (no value) stands outside.
        tagged = union(m for m in members.members if m != NONE)
        field = self._discriminator_field(schema, str(discriminator.get("propertyName", "")))
        if not isinstance(tagged, Union) or field is None:
            return members
        return union([Discriminated(tagged, field), *([NONE] if members.nullable else [])])

    def _discriminator_field(self, schema: Schema, wire_name: str) -> str | None:
        """The attribute pydantic is to look up in every member (its field name, which may
        differ from the wire name: `class` → `class_`); None when the members do not agree."""
        if self.field_names is None:
            return wire_name
        members = [ref_name(dict(m)) for m in schema.get("oneOf", []) if m.get("type") != "null"]
        names = {self.field_names.get(m or "", {}).get(wire_name) for m in members}
        return names.pop() if len(names) == 1 and None not in names else None

    def _single(self, schema: Schema, kind: object) -> PyType:
        if kind == "array":
            return generic(builtin("list"), self.python_type(schema.get("items", {})))
        if kind == "object":
            values = schema.get("additionalProperties")
            value_type = self.python_type(values) if isinstance(values, Mapping) else ANY
            return generic(builtin("dict"), builtin("str"), value_type)
        if kind == "string" and schema.get("format") == "binary":
            return FILE_INPUT
        return _SCALARS.get(kind, ANY) if isinstance(kind, str) else ANY


class RequestTypeNamer(TypeNamer):
    """Schemas → the PyTypes a request takes (docs/naming.md, "Request types"): a schema with
    a request type (`request_names`: {schema name: its TypedDict or alias}) is named by it,
    together with its model when the API also returns it (`returned`: a value read from a
    response can be sent back as it is); arrays are `Iterable` (`SequenceNotStr` when items
    can be strings), date-times `str | datetime`, and unions plain (a dict has no
    discriminator to pick a member by). Schemas without a request type keep the `responses`
    namer's type (an enum's alias is the same either way)."""

    def __init__(
        self,
        responses: TypeNamer,
        schemas: Mapping[str, Schema],
        request_names: Mapping[str, Named],
        returned: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__({}, {}, earlier=responses)
        self.schemas = schemas
        self.request_names = request_names
        self.returned = returned

    def python_type(self, schema: Schema) -> PyType:
        made = self.made.get(id(schema))
        if made is not None:
            return made[1]
        python_type = self._python_type(schema)
        self.made[id(schema)] = (schema, python_type)
        return python_type

    def _made_earlier(self, key: str) -> PyType | None:
        return None  # a request type is not the response's type of the same schema

    def _python_type(self, schema: Schema) -> PyType:
        name = _ref_name(schema)
        if name is not None and name in self.request_names:
            model = self.named.get(name)
            if name in self.returned and model is not None and model.is_class:
                return union([self.request_names[name], model])
            return self.request_names[name]
        return super()._python_type(schema)

    def _union(self, schema: Schema) -> PyType:
        members = [self.python_type(m) for m in schema.get("oneOf") or schema.get("anyOf") or []]
        # mypy infers a list literal against one collection type of a union only (`str |
        # SequenceNotStr[str] | Iterable[X]` refuses `[{...}]`), so the arrays of a union
        # stand as one array of their items' union.
        arrays = [
            m
            for m in members
            if isinstance(m, Generic) and m.origin in (ITERABLE, SEQUENCE_NOT_STR)
        ]
        if len(arrays) < 2:
            return union(members)
        origin = SEQUENCE_NOT_STR if any(a.origin == SEQUENCE_NOT_STR for a in arrays) else ITERABLE
        merged = generic(origin, union(a.arguments[0] for a in arrays))
        position = members.index(arrays[0])
        rest = [m for m in members if m not in arrays]
        return union([*rest[:position], merged, *rest[position:]])

    def _single(self, schema: Schema, kind: object) -> PyType:
        if kind == "array":
            items = schema.get("items", {})
            iterable = SEQUENCE_NOT_STR if self._takes_text(items, set()) else ITERABLE
            return generic(iterable, self.python_type(items))
        if kind == "string" and schema.get("format") == "date-time":
            return union([builtin("str"), DATETIME])
        return super()._single(schema, kind)

    def _takes_text(self, schema: Schema, seen: set[str]) -> bool:
        """Whether any string is a value of `schema` (an enum's strings are not: a str is
        not an iterable of Literal values)."""
        name = _ref_name(schema)
        if name is not None:
            if name in seen or name not in self.schemas:
                return name not in seen
            return self._takes_text(self.schemas[name], seen | {name})
        if "const" in schema or "enum" in schema:
            return False
        members = schema.get("oneOf") or schema.get("anyOf")
        if members:
            return any(self._takes_text(m, seen) for m in members)
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind] if kind else []
        return not kinds or "string" in kinds and schema.get("format") != "binary"


def content_key(schema: Schema) -> str:
    """A key that two schemas share exactly when they hold the same JSON value, in the same
    order: its repr, made in C (5,000 small schemas a millisecond). For the values a loaded
    document holds (dicts, lists, strings, numbers, booleans, None) repr tells every type
    apart (`1`, `1.0`, `True` and `"1"` are four keys, a key `1` is not a key `"1"`) and
    quotes every string unambiguously, so equal keys mean equal schemas. A schema nested
    deeper than repr may go is its own key (its identity, in a form no repr of a mapping
    takes): the document outlives the namers."""
    try:
        return repr(schema)
    except RecursionError:
        return f"<schema at {id(schema):#x}>"


def _ref_name(schema: Schema) -> str | None:
    # `$ref` asked first (in C): most schemas a namer reads hold none.
    return (
        ref_name(schema if isinstance(schema, dict) else dict(schema)) if "$ref" in schema else None
    )


def _literal_union(values: list[object]) -> PyType:
    """`Literal[...]` of the values PEP 586 allows; other values stand as their JSON type."""
    allowed = dict.fromkeys((type(v), v) for v in values if isinstance(v, str | int))
    parts: list[PyType] = [LiteralType(tuple(v for _, v in allowed))] if allowed else []
    return union(parts + [_json_type(v) for v in values if not isinstance(v, str | int)])


def _json_type(value: object) -> PyType:
    if value is None:
        return NONE
    if isinstance(value, float):
        return NUMBER
    if isinstance(value, list):
        return generic(builtin("list"), ANY)
    if isinstance(value, dict):
        return generic(builtin("dict"), builtin("str"), ANY)
    return ANY


def _union_like(schema: Schema) -> bool:
    return any(key in schema for key in ("anyOf", "oneOf", "enum", "const")) or isinstance(
        schema.get("type"), list
    )


def import_block(imports: Iterable[Import], module: str, is_package: bool = False) -> SafeCode:
    """The import statements generated module `module` (its dotted path in the package:
    "types.beta", "resources.files"; an `__init__.py` when `is_package`) needs for `imports`:
    modules of the package written relative to it, the module itself left out, in the
    order ruff's isort gives them (render/import_order.py)."""
    depth = module.count(".") + is_package
    modules: set[str] = set()
    names: dict[str, set[str]] = {}
    aliased: set[tuple[str, str, str]] = set()
    for item in imports:
        source = item.module
        if source.startswith("."):
            if source[1:] == module:
                continue
            source = "." * (depth + 1) + source[1:]
        if item.name is None:
            modules.add(source)
        elif item.alias is not None:
            aliased.add((source, Identifier(item.name), Identifier(item.alias)))
        else:
            names.setdefault(source, set()).add(Identifier(item.name))
    return SafeCode(ordered_imports(modules, names, aliased))


def from_import_statement(source: str, names: list[str], indent: int = 0) -> SafeCode:
    """A template's own `from source import names` (the `from_import` filter) as ruff's
    isort writes it `indent` columns in: wrapped when long. Each part of the source and
    each name must be a Python name."""
    for part in source.lstrip(".").split("."):
        Identifier(part)
    return SafeCode(from_import(source, [Identifier(n) for n in names], indent))
