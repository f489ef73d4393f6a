"""maps_from_descriptions: a type named but never defined, described as key-value pairs."""

from __future__ import annotations

from pathlib import Path

from tests.infer.helpers import parse_text, schema

PAGE = """
    ## Update

    **post** `/things/{id}`

    ### Body Parameters

    - `metadata: Metadata`

      Set of 16 key-value pairs that can be attached to an object.

      Keys are strings with a maximum length of 64 characters. Values are strings
      with a maximum length of 512 characters.

    - `settings: Settings`

      The thing's settings.

    ### Returns

    - `id: string`
    """


def test_an_undefined_type_described_as_key_value_pairs_is_a_map(tmp_path: Path) -> None:
    document = parse_text(tmp_path, PAGE)
    metadata = schema(document, "Metadata")
    assert metadata["type"] == "object"
    assert metadata["additionalProperties"] == {"type": "string"}
    assert "x-refgen-undefined" not in metadata


def test_other_undefined_types_accept_anything(tmp_path: Path) -> None:
    settings = schema(parse_text(tmp_path, PAGE), "Settings")
    assert set(settings) == {"description"}
