"""Neutral change records between two public-API snapshots of a generated Python package.

Like the spec walk, this only says what differs (kinds `py-*`); the rules in `rules` say what it
means. Places are written `module:Class.member(parameter)`; sources are `file.py:line`.
"""

from dataclasses import dataclass
from typing import Any

from generator.diff.python_api import Alias, ApiSnapshot, Class, Field, Function, Module, Parameter
from generator.diff.records import Change

Member = Class | Function | Alias


@dataclass(frozen=True)
class Place:
    """A thing in a snapshot: its qualified name and its source line."""

    name: str
    source: str


def diff_api(base: ApiSnapshot, revision: ApiSnapshot) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(base.keys() - revision.keys()):
        place = Place(name, f"{base[name].file}:1")
        changes.append(_change("py-module-removed", place, None, name))
    for name in sorted(revision.keys() - base.keys()):
        place = Place(name, f"{revision[name].file}:1")
        changes.append(_change("py-module-added", None, place, name))
    for name in sorted(base.keys() & revision.keys()):
        changes += _diff_module(base[name], revision[name])
    return changes


def _change(
    kind: str, a: Place | None, b: Place | None, at: str, before: Any = None, after: Any = None
) -> Change:
    source = b.source if b is not None else a.source if a is not None else None
    return Change(
        kind, a.name if a else None, b.name if b else None, at, before, after, source=source
    )


def _place(module: Module, qualified: str, line: int) -> Place:
    return Place(f"{module.name}:{qualified}", f"{module.file}:{line}")


def _members(module: Module) -> dict[str, Member]:
    return {**module.aliases, **module.functions, **module.classes}


def _kind(member: Member) -> str:
    return {Class: "class", Function: "function", Alias: "alias"}[type(member)]


def _diff_module(a: Module, b: Module) -> list[Change]:
    members_a, members_b = _members(a), _members(b)
    removed = sorted(members_a.keys() - members_b.keys())
    added = sorted(members_b.keys() - members_a.keys())
    renames = _renamed_classes([members_a[n] for n in removed], [members_b[n] for n in added])
    changes = []
    for old, new in sorted(renames.items()):
        changes.append(
            _change(
                "py-name-renamed",
                _place(a, old, members_a[old].line),
                _place(b, new, members_b[new].line),
                new,
                old,
                new,
            )
        )
    for name in removed:
        if name not in renames:
            changes.append(
                _change(
                    "py-name-removed",
                    _place(a, name, members_a[name].line),
                    None,
                    name,
                    _kind(members_a[name]),
                    None,
                )
            )
    for name in added:
        if name not in renames.values():
            changes.append(
                _change(
                    "py-name-added",
                    None,
                    _place(b, name, members_b[name].line),
                    name,
                    None,
                    _kind(members_b[name]),
                )
            )
    for name in sorted(members_a.keys() & members_b.keys()):
        changes += _diff_member(a, b, members_a[name], members_b[name])
    return changes


def _renamed_classes(removed: list[Member], added: list[Member]) -> dict[str, str]:
    """A class that disappeared and one that appeared with the same fields and methods."""
    shapes: dict[tuple[object, ...], str] = {}
    for member in added:
        if isinstance(member, Class) and (member.fields or member.methods):
            shapes.setdefault(_shape(member), member.name)
    renames = {}
    for member in removed:
        if isinstance(member, Class) and _shape(member) in shapes:
            renames[member.name] = shapes.pop(_shape(member))
    return renames


def _shape(cls: Class) -> tuple[object, ...]:
    fields = tuple(sorted((f.name, f.annotation, f.has_default) for f in cls.fields.values()))
    methods = tuple(sorted((m.name, m.parameters) for m in cls.methods.values()))
    return fields, methods


def _diff_member(ma: Module, mb: Module, a: Member, b: Member) -> list[Change]:
    if type(a) is not type(b):
        return [
            _change(
                "py-name-kind-changed",
                _place(ma, a.name, a.line),
                _place(mb, b.name, b.line),
                b.name,
                _kind(a),
                _kind(b),
            )
        ]
    if isinstance(a, Class) and isinstance(b, Class):
        return _diff_class(ma, mb, a, b)
    if isinstance(a, Function) and isinstance(b, Function):
        return _diff_function(ma, mb, a, b, a.name)
    if isinstance(a, Alias) and isinstance(b, Alias) and a.value != b.value:
        return [
            _change(
                "py-alias-changed",
                _place(ma, a.name, a.line),
                _place(mb, b.name, b.line),
                b.name,
                a.value,
                b.value,
            )
        ]
    return []


def _diff_class(ma: Module, mb: Module, a: Class, b: Class) -> list[Change]:
    changes = []
    for name in sorted(a.fields.keys() - b.fields.keys()):
        place = _place(ma, f"{a.name}.{name}", a.fields[name].line)
        changes.append(
            _change(
                "py-field-removed",
                place,
                None,
                f"{b.name}.{name}",
                _field_facts(a.fields[name]),
                None,
            )
        )
    for name in sorted(b.fields.keys() - a.fields.keys()):
        place = _place(mb, f"{b.name}.{name}", b.fields[name].line)
        changes.append(
            _change(
                "py-field-added",
                None,
                place,
                f"{b.name}.{name}",
                None,
                _field_facts(b.fields[name]),
            )
        )
    for name in sorted(a.fields.keys() & b.fields.keys()):
        changes += _diff_field(ma, mb, a.fields[name], b.fields[name], f"{b.name}.{name}")
    for name in sorted(a.methods.keys() - b.methods.keys()):
        place = _place(ma, f"{a.name}.{name}", a.methods[name].line)
        changes.append(_change("py-method-removed", place, None, f"{b.name}.{name}"))
    for name in sorted(b.methods.keys() - a.methods.keys()):
        place = _place(mb, f"{b.name}.{name}", b.methods[name].line)
        changes.append(_change("py-method-added", None, place, f"{b.name}.{name}"))
    for name in sorted(a.methods.keys() & b.methods.keys()):
        changes += _diff_function(ma, mb, a.methods[name], b.methods[name], f"{b.name}.{name}")
    return changes


def _field_facts(f: Field) -> dict[str, Any]:
    return {"annotation": f.annotation, "required": not f.has_default}


def _diff_field(ma: Module, mb: Module, a: Field, b: Field, at: str) -> list[Change]:
    place_a, place_b = _place(ma, at, a.line), _place(mb, at, b.line)
    changes = []
    if a.annotation != b.annotation:
        changes.append(
            _change("py-annotation-changed", place_a, place_b, at, a.annotation, b.annotation)
        )
    if a.has_default != b.has_default:
        changes.append(
            _change(
                "py-field-required-changed",
                place_a,
                place_b,
                at,
                not a.has_default,
                not b.has_default,
            )
        )
    return changes


def _diff_function(ma: Module, mb: Module, a: Function, b: Function, at: str) -> list[Change]:
    place_a, place_b = _place(ma, at, a.line), _place(mb, at, b.line)
    if a.decorator != b.decorator:
        # A method that became a property (a sub-resource, say) is one change of how it is
        # used; its parameters did not go one by one.
        return [
            _change(
                "py-method-kind-changed", place_a, place_b, at, _function_kind(a), _function_kind(b)
            )
        ]
    changes = _diff_parameters(place_a, place_b, a.parameters, b.parameters, at)
    if a.returns != b.returns:
        changes.append(
            _change(
                "py-annotation-changed", place_a, place_b, f"{at}() return", a.returns, b.returns
            )
        )
    return changes


def _function_kind(function: Function) -> str:
    return function.decorator or "method"


def _diff_parameters(
    place_a: Place, place_b: Place, a: tuple[Parameter, ...], b: tuple[Parameter, ...], at: str
) -> list[Change]:
    by_name_a, by_name_b = {p.name: p for p in a}, {p.name: p for p in b}
    removed = [p for p in a if p.name not in by_name_b]
    added = [p for p in b if p.name not in by_name_a]
    changes = []
    for old, new in _renamed_parameters(a, b, removed, added):
        changes.append(
            _change(
                "py-parameter-renamed", place_a, place_b, f"{at}({new.name})", old.name, new.name
            )
        )
        removed.remove(old)
        added.remove(new)
    for param in removed:
        changes.append(
            _change(
                "py-parameter-removed",
                place_a,
                place_b,
                f"{at}({param.name})",
                _parameter_facts(param),
                None,
            )
        )
    for param in added:
        changes.append(
            _change(
                "py-parameter-added",
                place_a,
                place_b,
                f"{at}({param.name})",
                None,
                _parameter_facts(param),
            )
        )
    for param_a in a:
        param_b = by_name_b.get(param_a.name)
        if param_b is not None:
            changes += _diff_parameter(place_a, place_b, param_a, param_b, f"{at}({param_b.name})")
    return changes


def _renamed_parameters(
    a: tuple[Parameter, ...],
    b: tuple[Parameter, ...],
    removed: list[Parameter],
    added: list[Parameter],
) -> list[tuple[Parameter, Parameter]]:
    """A positional parameter that lost its name at the same position another one took."""
    pairs = []
    for old in removed:
        index = a.index(old)
        new = b[index] if index < len(b) else None
        if (
            new in added
            and new is not None
            and new.kind == old.kind
            and (old.kind in ("positional-only", "positional-or-keyword"))
        ):
            pairs.append((old, new))
    return pairs


def _parameter_facts(param: Parameter) -> dict[str, Any]:
    return {"kind": param.kind, "required": not param.has_default, "annotation": param.annotation}


def _diff_parameter(
    place_a: Place, place_b: Place, a: Parameter, b: Parameter, at: str
) -> list[Change]:
    changes = []
    if a.kind != b.kind:
        changes.append(_change("py-parameter-kind-changed", place_a, place_b, at, a.kind, b.kind))
    if a.has_default != b.has_default:
        changes.append(
            _change(
                "py-parameter-required-changed",
                place_a,
                place_b,
                at,
                not a.has_default,
                not b.has_default,
            )
        )
    if a.annotation != b.annotation:
        changes.append(
            _change("py-annotation-changed", place_a, place_b, at, a.annotation, b.annotation)
        )
    return changes
