"""Provenance.export: the side table by JSON pointer, the source map's `locations` and
`evidence`, for every place a known node stands."""

from typing import Any

from generator.diagnostics import Location
from generator.openapi.provenance import Provenance


def test_pointers_escape_keys_and_number_list_items() -> None:
    table = Provenance()
    odd = table.locate({"type": "string"}, Location("a.md", 3, 5))
    item = table.locate({"type": "integer"}, Location("a.md", 4))
    document = {"paths": {"/v1/{id}": {"get": {"x~y": odd}}}, "list": ["s", [item]]}
    exported = table.export(document)
    assert exported.locations == {
        "/list/1/0": "a.md:4",
        "/paths/~1v1~1{id}/get/x~0y": "a.md:3:5",
    }


def test_a_node_in_two_places_is_reported_at_both_with_its_evidence() -> None:
    table = Provenance()
    shared = table.locate({"type": "number"}, Location("b.md", 7, 1))
    table.note(shared, "type", "silent")
    table.note(shared, "nullable", "example")
    exported = table.export({"a": shared, "b": {"c": shared}, "d": {"type": "string"}})
    assert exported.locations == {"/a": "b.md:7:1", "/b/c": "b.md:7:1"}
    assert exported.evidence == {
        "/a": {"nullable": "example", "type": "silent"},
        "/b/c": {"nullable": "example", "type": "silent"},
    }
    assert list(exported.evidence["/a"]) == ["nullable", "type"]  # sorted, as written


def test_a_shared_location_is_named_once_and_agrees_at_every_node() -> None:
    asked: list[str] = []

    def file_name(file: str) -> str:
        asked.append(file)
        return "pages/" + file

    table = Provenance()
    here = Location("c.md", 2, 3)
    first = table.locate({"a": 1}, here)
    second = table.locate({"b": 1}, here)  # read from one declaration: one location object
    third = table.locate({"c": 1}, Location("c.md", 9))
    other = table.locate({"d": 1}, Location("d.md"))
    exported = table.export({"x": [first, second, third, other]}, file_name)
    assert exported.locations == {
        "/x/0": "pages/c.md:2:3",
        "/x/1": "pages/c.md:2:3",
        "/x/2": "pages/c.md:9",
        "/x/3": "pages/d.md",
    }
    assert sorted(asked) == ["c.md", "c.md", "d.md"]  # once per location object


def test_the_root_and_deep_nodes() -> None:
    table = Provenance()
    root: dict[str, Any] = table.locate({}, Location("r.md", 1, 1))
    node = root
    for _ in range(3000):  # deeper than Python's recursion limit
        node["items"] = {}
        node = node["items"]
    table.locate(node, Location("r.md", 2, 1))
    exported = table.export(root)
    assert exported.locations == {"": "r.md:1:1", "/items" * 3000: "r.md:2:1"}
