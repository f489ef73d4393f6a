"""Shortcuts the document build takes for speed (issue 16) give what the long way gives: the
lead-in of a list of members is looked for only in a text with a colon, a component is
resolved by its name only when the name needs no unescaping, the objects lifted inside an
object made a reference are found through an index of their owner, and parsing leaves the
renderer unimported."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from generator.pipeline import parse_pages
from generator.spec.refs import lookup, resolve
from tests.conftest import ROOT

MEMBERS_PAGE = """\
## Create a thing

**post** `/v1/things`

### Body Parameters

- `input: string or array of string`

  The input. One of the following:

  - `string`

  - `array of string`

- `mode: "fast" or "slow"`

  速度。可以为以下值之一：

  - `"fast"`

  - `"slow"`

- `label: string or number`

  A label: short or long

  - `string`

  - `number`

- `size: string or number`

  One of the following

  - `string`

  - `number`
"""


def test_the_lead_in_of_a_list_of_members_is_dropped_in_either_language(tmp_path: Path) -> None:
    (tmp_path / "things.md").write_text(MEMBERS_PAGE, encoding="utf-8")
    schemas = parse_pages([tmp_path]).document["components"]["schemas"]
    properties = schemas["ThingsCreateParams"]["properties"]
    assert properties["input"]["description"] == "The input."
    assert properties["mode"]["description"] == "速度。"  # (a full-width colon ends it)
    assert properties["label"]["description"] == "A label: short or long"  # a colon, no lead
    assert properties["size"]["description"] == "One of the following"  # no colon: no lead


def test_a_component_resolves_as_lookup_finds_it() -> None:
    named = {"a/b": {"type": "string"}, "c~d": {"type": "integer"}, "e f": {"type": "boolean"}}
    document = {"components": {"schemas": {**named, "plain": {"type": "null"}}}}
    refs = [
        "#/components/schemas/plain",
        "#/components/schemas/a~1b",
        "#/components/schemas/c~0d",
        "#/components/schemas/e%20f",
        "#/components/schemas/missing",
        "#/components/schemas/plain/type",  # a pointer into a component: no schema
        "#/components/schemas",
    ]
    for ref in refs:
        schema = {"$ref": ref}
        found = lookup(document, ref)
        assert resolve(document, schema) == (found if isinstance(found, dict) else schema), ref
    assert resolve(document, {"$ref": "#/components/schemas/e%20f"}) == {"type": "boolean"}
    assert resolve(document, {"$ref": "#/components/schemas/a~1b"}) == {"type": "string"}
    # Components that are no mapping of schemas: found (or not) the long way.
    listed = {"components": {"schemas": [{"type": "string"}]}}
    assert resolve(listed, {"$ref": "#/components/schemas/0"}) == {"type": "string"}
    assert resolve({}, {"$ref": "#/components/schemas/x"}) == {"$ref": "#/components/schemas/x"}


SHARED_PAGE = """\
## Create a thing

**post** `/v1/things`

### Body Parameters

- `where: object {{ point }}`

  - `point: object {{ x, y }}`

    - `x: number`

    - `y: number`

## Update a thing

**post** `/v1/things/{{thing_id}}`

### Body Parameters

- `where: object {{ point }}`

  - `point: object {{ x, y }}`

    - `x: number`

    - `y: number`
"""


def test_objects_shared_by_two_operations_take_the_objects_inside_them_along(
    tmp_path: Path,
) -> None:
    # Both operations spell out `where` (and the `point` inside it): one type, `ThingsWhere`,
    # whose point is `ThingsWherePoint`; the copies lifted for each operation are gone.
    (tmp_path / "things.md").write_text(textwrap.dedent(SHARED_PAGE.format()), encoding="utf-8")
    document = parse_pages([tmp_path]).document
    schemas = document["components"]["schemas"]
    assert sorted(schemas) == [
        "ThingsCreateParams",
        "ThingsUpdateParams",
        "ThingsWhere",
        "ThingsWherePoint",
    ]
    where = {"$ref": "#/components/schemas/ThingsWhere"}
    assert schemas["ThingsCreateParams"]["properties"]["where"] == where
    assert schemas["ThingsUpdateParams"]["properties"]["where"] == where
    point = schemas["ThingsWhere"]["properties"]["point"]
    assert point == {"$ref": "#/components/schemas/ThingsWherePoint"}


def test_parsing_imports_no_renderer() -> None:
    # `refgen parse` renders nothing: Jinja and the template context are imported by the
    # stages that render (a tenth of a second of start-up otherwise).
    code = (
        "import sys, generator.pipeline, generator.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'jinja2'"
        " or m in ('generator.render.context', 'generator.render.files')))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert shown.strip() == "[]"


def test_generate_imports_only_what_it_runs(tmp_path: Path) -> None:
    # `refgen generate` reads a document and renders it: the pages' reader and the OpenAPI
    # builder (pipeline.py's parse side, the overlay's JSONPath), the other commands' modules,
    # importlib.metadata and pydantic are start-up it would pay for nothing.
    document = tmp_path / "api.yaml"
    document.write_text(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        "  /things:\n    get:\n      operationId: listThings\n"
        "      responses: {'200': {description: OK}}\n",
        encoding="utf-8",
    )
    unwanted = (
        "generator.pipeline",
        "generator.config",  # (refgen.yaml's: build, check and fetch read it)
        "generator.fetch",
        "generator.pages.scan",
        "generator.openapi.document",
        "generator.openapi.addresses",
        "generator.openapi.overlay",
        "generator.diff",
        "generator.compare",
        "importlib.metadata",
        "pydantic",
        "jsonpath_rfc9535",
    )
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"assert main(['generate', {str(document)!r}, '-o', {str(tmp_path / 'out')!r}]) == 0\n"
        f"print(sorted(m for m in sys.modules if m.startswith({unwanted!r})))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert shown.strip() == "[]"
    assert (tmp_path / "out" / "api_client" / "__init__.py").is_file()
