"""Only the copies of an operation that can make a difference are built (copies.DistinctCopies):
a copy that repeats an earlier one word for word in the same section of the reference is left
unbuilt, and the document, its source map and the warnings are those of building every copy.
A copy that differs in anything building reads (an example, its section) is built."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics, Location
from generator.openapi import document as document_module
from generator.openapi.copies import DistinctCopies
from generator.pipeline import ParseResult, parse_pages
from tests.conftest import ANTHROPIC, parsed_tree

# Line numbers below are counted by hand on this text (line 1 is `## List models`).
LIST = """\
## List models

**get** `/v1/models/{{model_id}}/versions`

List the versions of a model.

### Path Parameters

- `model_id: string`

- `region: string`

### Returns

- `data: array of object {{ id }}`

  - `id: string`

### Example

```http
curl https://api.example.com/v1/models/m/versions
```

#### Response

```json
{response}
```
"""
FIRST = '{"data": [{"id": "v1"}]}'
OTHER = '{"data": [{"id": "v2"}]}'
# Lines of LIST: the operation, the parameter not in the path, the response example's fence.
OPERATION_LINE, REGION_LINE, RESPONSE_LINE = 3, 11, 27


def _write(tmp_path: Path, pages: dict[str, str]) -> Path:
    tree = tmp_path / "tree"
    for name, text in pages.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    return tree


def _page(response: str = FIRST) -> str:
    return textwrap.dedent(LIST.format(response=response))


def _parse(tree: Path, monkeypatch: pytest.MonkeyPatch, every_copy: bool) -> ParseResult:
    """The tree parsed, and the blocks built counted (in `built`); every copy built when
    `every_copy`, as before copies were told apart."""
    with monkeypatch.context() as patch:
        if every_copy:
            patch.setattr(DistinctCopies, "first", lambda self, operation, block: True)
        return parse_pages([tree])


def _built(tree: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ParseResult, list[str]]:
    built: list[str] = []
    real = document_module.build_operation

    def counting(block: Any, *args: Any, **kwargs: Any) -> Any:
        built.append(str(block.location))
        return real(block, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(document_module, "build_operation", counting)
        result = parse_pages([tree])
    return result, built


def _same(a: ParseResult, b: ParseResult) -> None:
    assert a.document == b.document
    assert a.sources == b.sources
    assert [d.render() for d in a.diagnostics] == [d.render() for d in b.diagnostics]


def _at(name: str, line: int, column: int | None = 1) -> str:
    """A place as the source map gives it (relative to the tree)."""
    return f"{name}:{line}" + (f":{column}" if column else "")


def test_a_repeated_copy_is_not_built_and_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _write(tmp_path, {"models.md": _page(), "models/versions.md": _page()})
    result, built = _built(tree, monkeypatch)
    assert built == [_at("models.md", OPERATION_LINE)]
    _same(result, _parse(tree, monkeypatch, every_copy=True))
    # The first copy's places: the operation, its example, and the warning about `region`.
    operation = "/paths/~1v1~1models~1{model_id}~1versions/get"
    locations = result.sources.locations
    assert locations[operation] == _at("models.md", OPERATION_LINE)
    example = f"{operation}/responses/200/content/application~1json/examples/example1"
    assert locations[example] == _at("models.md", RESPONSE_LINE, None)
    warnings = [str(d.location) for d in result.diagnostics if "region" in d.message]
    assert warnings == [f"{tree}/{_at('models.md', REGION_LINE, 4)}"]  # the text in `...`


def test_a_copy_with_another_example_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same declarations, another response example: the example is the copy's own, and the
    # winner shows it too, at its own page's line.
    tree = _write(tmp_path, {"models.md": _page(), "models/versions.md": _page(OTHER)})
    result, built = _built(tree, monkeypatch)
    assert len(built) == 2
    _same(result, _parse(tree, monkeypatch, every_copy=True))
    operation = "/paths/~1v1~1models~1{model_id}~1versions/get"
    media = result.document["paths"]["/v1/models/{model_id}/versions"]["get"]["responses"]
    examples = media["200"]["content"]["application/json"]["examples"]
    assert [e["value"]["data"][0]["id"] for e in examples.values()] == ["v1", "v2"]
    pointer = f"{operation}/responses/200/content/application~1json/examples/example2"
    assert result.sources.locations[pointer] == _at("models/versions.md", RESPONSE_LINE, None)


def test_the_same_copy_in_another_section_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `all.md` is read first, but the copy in the route's own section (`models/`) is the one
    # that describes the endpoint as called: it must be built to win.
    tree = _write(tmp_path, {"all.md": _page(), "models/versions.md": _page()})
    result, built = _built(tree, monkeypatch)
    assert len(built) == 2
    _same(result, _parse(tree, monkeypatch, every_copy=True))
    operation = "/paths/~1v1~1models~1{model_id}~1versions/get"
    assert result.sources.locations[operation] == _at("models/versions.md", OPERATION_LINE)


def test_a_warning_is_given_once_per_place() -> None:
    diagnostics = Diagnostics()
    diagnostics.warn(Location("a.md", 3, 1), "odd")
    diagnostics.warn(Location("a.md", 3, 1), "odd")
    diagnostics.warn(Location("a.md", 4, 1), "odd")
    diagnostics.warn(Location("a.md", 3, 1), "odder")
    diagnostics.error(Location("a.md", 3, 1), "odd")
    assert [(str(d.location), d.severity, d.message) for d in diagnostics.items] == [
        ("a.md:3:1", "warning", "odd"),
        ("a.md:4:1", "warning", "odd"),
        ("a.md:3:1", "warning", "odder"),
        ("a.md:3:1", "error", "odd"),
    ]


def test_a_whole_tree_builds_alike_with_and_without_the_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree = ANTHROPIC / "2026-05-09"
    _, built = _built(tree, monkeypatch)
    # 509 copies of 147 operations (tests/test_anthropic_trees.py), each one distinct content
    assert len(built) == 147
    _same(parsed_tree("2026-05-09"), _parse(tree, monkeypatch, every_copy=True))
