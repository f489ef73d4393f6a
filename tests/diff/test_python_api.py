"""Reading a generated package's public API with `ast`."""

from generator.diff.python_api import Parameter, extract_api_from_sources

SOURCE = """
from enum import Enum
from ._base import Client as _Base, Helper

__all__ = ["Items", "Role", "Helper", "RoleName", "make"]

RoleName = str
hidden = 1


class Role(str, Enum):
    user = "user"
    admin = "admin"


class Items:
    limit: int = 10
    name: str
    _cache: dict

    def __init__(self, client: _Base, /, base: str = "x", *args: int, key: str, **rest: str):
        pass

    def _private(self) -> None:
        pass

    @property
    def url(self) -> str:
        return ""

    @staticmethod
    def parse(text: str) -> "Items":
        return Items(None)


def make() -> Items:
    return Items(None)


def other() -> None:
    pass
"""


def test_public_names_follow_dunder_all_and_private_modules_are_skipped() -> None:
    api = extract_api_from_sources(
        {"pkg/__init__.py": SOURCE, "pkg/_base.py": "class Client: pass"}
    )
    assert list(api) == ["pkg"]
    module = api["pkg"]
    assert sorted(module.classes) == ["Items", "Role"]
    assert sorted(module.functions) == ["make"]
    assert {name: alias.value for name, alias in module.aliases.items()} == {
        "Helper": "._base.Helper",
        "RoleName": "str",
    }


def test_fields_methods_and_parameters() -> None:
    items = extract_api_from_sources({"pkg/m.py": SOURCE})["pkg.m"].classes["Items"]
    assert {n: (f.annotation, f.has_default) for n, f in items.fields.items()} == {
        "limit": ("int", True),
        "name": ("str", False),
    }
    assert sorted(items.methods) == ["__init__", "parse", "url"]
    assert items.methods["__init__"].parameters == (
        Parameter("client", "positional-only", False, "_Base"),
        Parameter("base", "positional-or-keyword", True, "str"),
        Parameter("args", "var-positional", True, "int"),
        Parameter("key", "keyword-only", False, "str"),
        Parameter("rest", "var-keyword", True, "str"),
    )
    assert items.methods["parse"].parameters == (
        Parameter("text", "positional-or-keyword", False, "str"),
    )
    assert items.methods["url"].decorator == "property"


def test_enum_members_are_fields() -> None:
    role = extract_api_from_sources({"pkg/m.py": SOURCE})["pkg.m"].classes["Role"]
    assert sorted(role.fields) == ["admin", "user"]


def test_a_typed_dict_key_is_optional_as_its_class_says() -> None:
    """A TypedDict key has no default: what callers may leave out is `total=False` without
    `Required[...]`, or `NotRequired[...]` in a total one."""
    source = """
from typing import NotRequired, Required, TypedDict


class Partial(TypedDict, total=False):
    needed: Required[str]
    extra: int


class Whole(TypedDict):
    needed: str
    extra: NotRequired[int]
"""
    module = extract_api_from_sources({"pkg/types.py": source})["pkg.types"]
    for name in ("Partial", "Whole"):
        fields = module.classes[name].fields
        assert (fields["needed"].has_default, fields["extra"].has_default) == (False, True)
