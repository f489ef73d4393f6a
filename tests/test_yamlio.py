"""generator/yamlio.py: the values PyYAML gives, the line of every value, bounds that no
document can pass, and a writer that never writes an alias."""

from __future__ import annotations

import datetime
import json
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import yamlio
from generator.diagnostics import RefgenError
from generator.yamlio import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    dump_json,
    dump_yaml,
    load_file,
    load_json,
    load_yaml,
)
from tests.cli_run import refgen
from tests.conftest import SHARED, TREES, parsed_tree

PYYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The official spec of the seed era: 2.8 MB, with anchors and aliases.
OPENAI_SPEC = SHARED / "anchors" / "openai-openapi" / "seed-era-5162af9" / "openapi.yaml"


def pyyaml(text: str) -> object:
    return yaml.load(text, Loader=PYYAML)  # a safe loader


# -- the same values as PyYAML -------------------------------------------------------------------

# Texts that plain YAML 1.1 reads as something else than a string.
AWKWARD = st.sampled_from(
    [
        "yes",
        "No",
        "on",
        "null",
        "~",
        "1e3",
        "0x1F",
        "0o17",
        "012",
        "1_000",
        ".inf",
        "-.Inf",
        ".nan",
        "2026-05-13",
        "2026-05-13T10:00:00Z",
        "3.",
        "<<",
        "=",
        "",
        " ",
        "a: b",
        "- x",
        "#",
        "&a",
        "*a",
        "!x",
        "|",
        "@",
        "line\nbreak",
        "trailing\n",
        "tab\tin",
        "ünï",
        "\u2028",
        "'q'",
        '"q"',
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=20),
    AWKWARD,
    st.floats(allow_nan=False),
)
KEYS = st.one_of(st.text(max_size=10), AWKWARD, st.integers(-5, 500))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.sampled_from([None, False, True]))
def test_values_are_pyyamls(value: object, flow: bool | None) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    assert load_yaml(text, "x.yaml") == pyyaml(text)


def test_a_real_specification_reads_as_pyyaml_reads_it() -> None:
    text = OPENAI_SPEC.read_text(encoding="utf-8")
    assert load_yaml(text, "openapi.yaml") == pyyaml(text)


@pytest.mark.parametrize(
    "text",
    [
        "base: &b {a: 1, b: 2}\nderived:\n  <<: *b\n  b: 3\n",  # a merge key
        "a: !!int '3'\nb: !!str 3\nc: !!float 1\nd: !!binary aGk=\ne: !!set {x, y}\n",  # tags
        "? [a, b]\n: c\n",  # a key that is a sequence (PyYAML refuses it: unhashable)
        "when: 2026-05-13\nat: 2026-05-13 10:00:00\n",  # timestamps
        "",  # nothing
        "# only a comment\n",
        "--- x\n",
    ],
    ids=["merge", "tags", "complex key", "timestamps", "empty", "comment", "scalar"],
)
def test_unusual_yaml_reads_as_pyyaml_reads_it(text: str) -> None:
    try:
        expected = pyyaml(text)
    except yaml.YAMLError:
        with pytest.raises(RefgenError, match=r"^x\.yaml:\d+: error: invalid YAML"):
            load_yaml(text, "x.yaml")
        return
    assert load_yaml(text, "x.yaml") == expected


def test_timestamps_are_dates_as_in_pyyaml() -> None:
    assert load_yaml("v: 2026-05-13\n", "x") == {"v": datetime.date(2026, 5, 13)}


# -- lines -----------------------------------------------------------------------------------

DOCUMENT = """\
openapi: 3.1.0
info:
  title: T
paths:
  /a~b/{id}:
    get:
      tags: [x,
        y]
      parameters:
      - name: id
        in: path
      -
        name: q
"""
# Each line counted by hand in DOCUMENT above; a mapping entry is on its key's line.
LINES = {
    "": 1,
    "/openapi": 1,
    "/info": 2,
    "/info/title": 3,
    "/paths": 4,
    "/paths/~1a~0b~1{id}": 5,
    "/paths/~1a~0b~1{id}/get": 6,
    "/paths/~1a~0b~1{id}/get/tags": 7,
    "/paths/~1a~0b~1{id}/get/tags/0": 7,
    "/paths/~1a~0b~1{id}/get/tags/1": 8,
    "/paths/~1a~0b~1{id}/get/parameters": 9,
    "/paths/~1a~0b~1{id}/get/parameters/0": 10,
    "/paths/~1a~0b~1{id}/get/parameters/0/name": 10,
    "/paths/~1a~0b~1{id}/get/parameters/0/in": 11,
    "/paths/~1a~0b~1{id}/get/parameters/1": 13,
    "/paths/~1a~0b~1{id}/get/parameters/1/name": 13,
}


def test_yaml_lines_by_pointer() -> None:
    located = load_yaml(DOCUMENT, "x.yaml", locations=True)
    assert located.value == pyyaml(DOCUMENT)
    assert located.lines == LINES


JSON_DOCUMENT = """\
{"openapi": "3.1.0",
 "info": {"title": "T \\" } ] , :"},
 "paths": {
  "/a~b/{id}": {"get": {"tags": ["x",
     "y"],
   "parameters": [{"name": "id", "in": "path"},
     {
       "name": "q"}]}}}}
"""
JSON_LINES = {
    "": 1,
    "/openapi": 1,
    "/info": 2,
    "/info/title": 2,
    "/paths": 3,
    "/paths/~1a~0b~1{id}": 4,
    "/paths/~1a~0b~1{id}/get": 4,
    "/paths/~1a~0b~1{id}/get/tags": 4,
    "/paths/~1a~0b~1{id}/get/tags/0": 4,
    "/paths/~1a~0b~1{id}/get/tags/1": 5,
    "/paths/~1a~0b~1{id}/get/parameters": 6,
    "/paths/~1a~0b~1{id}/get/parameters/0": 6,
    "/paths/~1a~0b~1{id}/get/parameters/0/name": 6,
    "/paths/~1a~0b~1{id}/get/parameters/0/in": 6,
    "/paths/~1a~0b~1{id}/get/parameters/1": 7,
    "/paths/~1a~0b~1{id}/get/parameters/1/name": 8,
}


def test_json_lines_by_pointer() -> None:
    located = load_json(JSON_DOCUMENT, "x.json", locations=True)
    assert located.value == json.loads(JSON_DOCUMENT)
    assert located.lines == JSON_LINES


@settings(max_examples=100, deadline=None)
@given(VALUES.filter(lambda v: isinstance(v, (dict, list))), st.sampled_from([None, 1, 2]))
def test_every_value_has_a_line_in_yaml_and_json(value: object, indent: int | None) -> None:
    as_json = json.dumps(value, indent=indent)
    as_yaml = yaml.safe_dump(json.loads(as_json), allow_unicode=True, sort_keys=False)
    from_json = load_json(as_json, "x.json", locations=True)
    from_yaml = load_yaml(as_yaml, "x.yaml", locations=True)
    assert set(from_json.lines) == set(_pointers(from_json.value))
    # (Not always from_json's: PyYAML writes some texts, a NEL say, that it reads back as others.)
    assert set(from_yaml.lines) == set(_pointers(from_yaml.value))
    assert all(1 <= line <= as_json.count("\n") + 1 for line in from_json.lines.values())


def _pointers(value: object, prefix: str = "") -> list[str]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            token = str(key).replace("~", "~0").replace("/", "~1")
            found += _pointers(child, f"{prefix}/{token}")
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _pointers(child, f"{prefix}/{index}")
    return found


def test_load_file_picks_json_or_yaml_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"x": "\\ud83d\\ude00"}')  # JSON escapes, not YAML's
    (tmp_path / "a.yaml").write_text("x: 1\n")
    assert load_file(tmp_path / "a.json", "a.json") == {"x": "\U0001f600"}
    assert load_file(tmp_path / "a.yaml", "a.yaml", locations=True).lines == {"": 1, "/x": 1}
    (tmp_path / "bad.yaml").write_bytes(b"x: 1\ny: \xff\n")
    with pytest.raises(RefgenError, match=r"^bad\.yaml:2: error: not valid UTF-8 \(byte 0xff\)"):
        load_file(tmp_path / "bad.yaml", "bad.yaml")


# -- errors and bounds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", 3, "invalid YAML"),
        ("a: 1\n  b: 2\n", 2, "invalid YAML"),
        ("a: 1\n---\nb: 2\n", 2, "expected a single YAML document"),
        ("a: !!int x\n", 1, "invalid tag:yaml.org,2002:int value"),
        ("a: *nowhere\n", 1, "alias *nowhere names no anchor"),
        ("a: &x [1, *x]\n", 1, "alias *x is inside the value it names"),
    ],
)
def test_bad_yaml_is_a_located_error(text: str, line: int, message: str) -> None:
    with pytest.raises(RefgenError) as caught:
        load_yaml(text, "x.yaml")
    assert str(caught.value).startswith(f"x.yaml:{line}: error: {message}"), caught.value


def test_bad_json_is_a_located_error() -> None:
    with pytest.raises(
        RefgenError, match=r"^x\.json:2:6: error: invalid JSON: Expecting property name"
    ):
        load_json('{"a":\n  1, }', "x.json")


@pytest.mark.parametrize("syntax", ["flow", "block", "json"])
def test_nesting_up_to_the_limit_is_read_and_beyond_refused(syntax: str) -> None:
    def text(depth: int) -> str:
        if syntax == "flow":
            return "[" * depth + "]" * depth
        if syntax == "json":
            return "[" * (depth - 1) + '{"k": 1}' + "]" * (depth - 1)
        return (
            "".join(f"{'  ' * level}k{level}:\n" for level in range(depth)) + "  " * depth + "v\n"
        )

    load = load_json if syntax == "json" else load_yaml
    load(text(MAX_DEPTH), "x")
    with pytest.raises(
        RefgenError, match=rf"nested more than {MAX_DEPTH} levels deep \(the limit\)"
    ):
        load(text(MAX_DEPTH + 1), "x")


NESTED = st.recursive(
    st.none() | st.integers() | st.text(max_size=2),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(NESTED, st.integers(min_value=1, max_value=6))
def test_the_quick_depth_check_agrees_with_the_one_that_names_the_place(
    value: object, limit: int
) -> None:
    # load_json asks the quick check first, and the one that makes a pointer of every
    # collection only when there is a place to name.
    assert yamlio._nests_deeper(value, limit) == (yamlio._deeper_than(value, limit) is not None)


def test_the_place_nested_too_deeply_is_named_in_json() -> None:
    deep = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    text = '{"fine": [[1]],\n "deep": ' + deep + "}"
    with pytest.raises(RefgenError, match=r"x.json:2: error: nested more than"):
        load_json(text, "x.json")


@pytest.mark.parametrize("depth", [100_000, 1_000_000])
def test_hostile_depths_are_refused_without_a_crash(depth: int) -> None:
    # PyYAML's C composer overflows the stack (SIGSEGV) at about 100,000 levels.
    with pytest.raises(RefgenError, match="the limit"):
        load_yaml("[" * depth + "]" * depth, "x.yaml")
    with pytest.raises(RefgenError, match="the limit"):
        load_json("[" * depth + "]" * depth, "x.json")


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_at_the_alias_that_crosses_the_limit() -> None:
    started = time.perf_counter()
    with pytest.raises(RefgenError) as caught:
        load_yaml(BOMB, "bomb.yaml")
    assert time.perf_counter() - started < 5  # a failure mode, not a benchmark: it used to hang
    # Counted by hand: the aliases of lines 2 to 6 repeat 90 + 819 + 7,380 + 66,429 + 597,870
    # = 672,588 values; the first alias of line 7 repeats f's 597,871 more, past 1,000,000.
    assert str(caught.value) == (
        f"bomb.yaml:7: error: aliases repeat more than "
        f"{MAX_ALIAS_NODES:,} values (the limit): an exploding document"
    )


def test_modest_aliases_are_read() -> None:
    text = "shared: &s {type: string}\nuses: [*s, *s]\n"
    value = load_yaml(text, "x.yaml")
    assert value == pyyaml(text) == {"shared": {"type": "string"}, "uses": [{"type": "string"}] * 2}


def test_aliases_can_be_refused_altogether() -> None:
    with pytest.raises(
        RefgenError, match=r"^c\.yaml:3: error: YAML aliases are not accepted here \(\*v\)"
    ):
        load_yaml("a: &v 1\nb:\n  - *v\n", "c.yaml", aliases=False)
    assert load_yaml("a: &v 1\n", "c.yaml", aliases=False) == {"a": 1}  # an anchor alone is inert


# -- writing ---------------------------------------------------------------------------------


class _Reference(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's own dumper, as refgen configured it before yamlio (the bytes must not move)."""


_Reference.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_dump_yaml_gives_pyyamls_bytes(value: object) -> None:
    expected = yaml.dump(value, Dumper=_Reference, sort_keys=False, allow_unicode=True, width=100)
    assert dump_yaml(value) == expected
    assert pyyaml(dump_yaml(value)) == value


# Text long enough to fold at column 100 wherever it starts, and keys past the 128 characters
# of a simple key; nested to move the column each scalar starts at.
WORDS = st.one_of(
    AWKWARD,
    st.sampled_from(["yes", "no", "on", "off", "1.5", "0x1F", "2024-01-01", ": ", " #", "  "]),
    st.text(max_size=12),
    st.text(alphabet="ab", min_size=90, max_size=130),  # a word longer than the line
)
LONG_TEXT = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
LONG_VALUES = st.recursive(
    st.one_of(SCALARS, LONG_TEXT),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(KEYS, LONG_TEXT), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(LONG_VALUES)
def test_dump_yaml_folds_and_quotes_long_text_as_pyyaml(value: object) -> None:
    expected = yaml.dump(value, Dumper=_Reference, sort_keys=False, allow_unicode=True, width=100)
    assert dump_yaml(value) == expected


class _Unaliased(_Reference):
    def ignore_aliases(self, data: object) -> bool:
        return True  # a built document shares parts in memory; dump_yaml writes them out


def test_dump_yaml_gives_the_corpus_fragments_pyyamls_bytes() -> None:
    specs = (OPENAI_SPEC, OPENAI_SPEC.parent.parent / "openapi.yaml")  # then and now
    openai = [load_yaml(spec.read_text(encoding="utf-8"), "openapi.yaml") for spec in specs]
    trees = [parsed_tree(name).document for name in TREES]
    for document in (*trees, *openai):  # the OpenAI specs: a date, floats (represented nodes)
        expected = yaml.dump(
            document, Dumper=_Unaliased, sort_keys=False, allow_unicode=True, width=100
        )
        assert dump_yaml(document) == expected


def test_shared_values_are_written_out_never_aliased() -> None:
    shared = {"type": "object", "properties": {"a": {"type": "string"}}}
    document = {"components": {"schemas": {"A": shared, "B": shared, "C": [shared, shared]}}}
    text = dump_yaml(document)
    assert "&" not in text and "*" not in text
    assert load_yaml(text, "x") == document


def test_dump_json() -> None:
    assert dump_json({"é": [1, None]}) == '{\n  "é": [\n    1,\n    null\n  ]\n}\n'


# -- issue #11, finding 6: the commands ----------------------------------------------------------

PAGE = "## Things\n\n**get** `/things`\n\n### Returns\n\n- `ok: boolean`\n"


def refused(result: subprocess.CompletedProcess[str], first_line: str) -> None:
    """Exit status 1 with `first_line` first, and no traceback (tests.cli_run times out
    a run that hangs: these documents used to)."""
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[0] == first_line, result.stderr


def test_an_alias_bomb_in_refgen_yaml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "things.md").write_text(PAGE)
    # The whole bomb is the value of `version:` (which refgen 0.1 turned into text: it hung).
    items = "".join(f"  - {line.partition(': ')[2]}\n" for line in BOMB.splitlines())
    (tmp_path / "refgen.yaml").write_text(f"title: T\npackage: p\nversion:\n{items}")
    refused(
        refgen("build", "--config", "refgen.yaml", cwd=tmp_path),
        "refgen.yaml:5: error: YAML aliases are not accepted here (*a): write the value out "
        "in full",
    )


def test_an_alias_bomb_in_an_overlay_update_is_refused(tmp_path: Path) -> None:
    (tmp_path / "things.md").write_text(PAGE)
    bomb = "\n".join("    " + line for line in BOMB.splitlines())
    (tmp_path / "overlay.yaml").write_text(
        f"overlay: 1.0.0\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $.info\n"
        f"    update:\n  {bomb}\n"
    )
    refused(
        refgen("parse", "things.md", "--overlay", "overlay.yaml", "-o", "out.yaml", cwd=tmp_path),
        "overlay.yaml:7: error: YAML aliases are not accepted here (*a): write the value out "
        "in full",
    )
    assert not (tmp_path / "out.yaml").exists()


def test_the_fragment_never_carries_an_alias(tmp_path: Path) -> None:
    """An overlay alias used to reach the fragment as an anchor and aliases (`&id001`) for
    every tool downstream to expand. Aliases in overlays are refused; and the writer, given
    a document whose parts are shared in memory, writes each part out in full."""
    (tmp_path / "things.md").write_text(PAGE)
    (tmp_path / "overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n"
        "  - target: $.info\n    update: {x-a: &shared {k: v}, x-b: *shared}\n"
    )
    result = refgen(
        "parse", "things.md", "--overlay", "overlay.yaml", "-o", "out.yaml", cwd=tmp_path
    )
    refused(
        result,
        "overlay.yaml:5: error: YAML aliases are not accepted here (*shared): write "
        "the value out in full",
    )
    shared = {"k": "v"}
    text = dump_yaml({"openapi": "3.1.0", "info": {"x-a": shared, "x-b": shared}})
    assert text == "openapi: 3.1.0\ninfo:\n  x-a:\n    k: v\n  x-b:\n    k: v\n"


def test_an_alias_bomb_in_a_document_given_to_generate_is_refused(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-lol:\n"
        + "\n".join("  " + line for line in BOMB.splitlines())
        + "\n"
    )
    refused(
        refgen("generate", "api.yaml", "-o", "out", cwd=tmp_path),
        f"api.yaml:11: error: aliases repeat more than {MAX_ALIAS_NODES:,} values (the "
        "limit): an exploding document",
    )
    assert not (tmp_path / "out").exists()
