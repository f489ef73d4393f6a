"""Every era of the page format (../shared/FORMAT.md), each on a small page of its own."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator.pipeline import parse_pages

REF = "#/components/schemas/"


def parse(tmp_path: Path, text: str, name: str = "page.md") -> dict[str, Any]:
    page = tmp_path / name
    page.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    document = parse_pages([page]).document
    validate(document)
    return document


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def operation(document: dict[str, Any], method: str = "get", path: str = "/things") -> dict:
    return document["paths"][path][method]


def response(document: dict[str, Any], method: str = "get", path: str = "/things") -> dict:
    return operation(document, method, path)["responses"]["200"]["content"]["application/json"][
        "schema"
    ]


OLD_STYLE = """
    ## Retrieve

    **get** `/things`

    ### Returns

    - `Thing = object { id, content, 1 more }`

      - `id: string`

      - `content: string or array of ContentPart`

        - `UnionMember0 = string`

        - `UnionMember1 = array of ContentPart`

          - `ContentPart = object { text }`

            - `text: string`

      - `status: "a" or "b"`

        - `"a"`

        - `"b"`
    """

NEW_STYLE = """
    ## Retrieve

    **get** `/things`

    ### Returns

    - `Thing object { id, content, status }`

      - `id: string`

      - `content: string or array of ContentPart`

        - `string`

        - `array of ContentPart`

          - `ContentPart object { text }`

            - `text: string`

      - `status: "a" or "b"`

        - `"a"`

        - `"b"`
    """


@pytest.mark.parametrize("page", [OLD_STYLE, NEW_STYLE], ids=["Name = object", "Name object"])
def test_named_types_and_union_members_of_both_styles_agree(tmp_path: Path, page: str) -> None:
    document = parse(tmp_path, page)
    assert response(document) == {"$ref": REF + "Thing"}
    thing = schemas(document)["Thing"]
    assert thing["required"] == ["id", "content", "status"]
    assert thing["properties"]["content"]["anyOf"] == [
        {"type": "string"},
        {"type": "array", "items": {"$ref": REF + "ContentPart"}},
    ]
    assert thing["properties"]["status"] == {"type": "string", "enum": ["a", "b"]}
    assert schemas(document)["ContentPart"]["properties"]["text"] == {"type": "string"}


def test_or_null_and_optional_or_null(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Retrieve

        **get** `/things`

        ### Returns

        - `Thing object { a, b, c, 2 more }`

          - `a: string or null`

          - `b: optional number or null`

          - `c: optional array of string or null`

          - `d: Part or null`

            - `text: string`

          - `e: "x" or "y" or null`

            - `"x"`

            - `"y"`
        """,
    )
    thing = schemas(document)["Thing"]
    properties = thing["properties"]
    assert thing["required"] == ["a", "d", "e"]
    assert properties["a"] == {"type": ["string", "null"]}
    assert properties["b"] == {"type": ["number", "null"]}
    assert properties["c"] == {"type": ["array", "null"], "items": {"type": "string"}}
    assert properties["d"] == {"anyOf": [{"$ref": REF + "Part"}, {"type": "null"}]}
    assert properties["e"] == {"type": ["string", "null"], "enum": ["x", "y", None]}


def test_quoted_field_names_and_boolean_literals(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Create

        **post** `/things`

        ### Header Parameters

        - `"anthropic-beta": optional array of string`

        ### Body Parameters

        - `"harassment/threatening": boolean`

        - `stream: optional false`

        - `deleted: true`

        ### Returns

        - `id: string`
        """,
    )
    (header,) = operation(document, "post")["parameters"]
    assert (header["name"], header["in"], header["required"]) == ("anthropic-beta", "header", False)
    body = schemas(document)["ThingsCreateParams"]["properties"]
    assert body["harassment/threatening"] == {"type": "boolean"}
    assert body["stream"] == {"type": "boolean", "const": False}
    assert body["deleted"] == {"type": "boolean", "const": True}


def test_nested_maps_and_arrays_of_maps(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Retrieve

        **get** `/things`

        ### Returns

        - `Thing object { env, rows, schema }`

          - `env: map[map[string]]`

          - `rows: array of map[string or number]`

          - `schema: map[map[unknown] or array of unknown or string or 2 more]`

            - `map[unknown]`

            - `array of unknown`

            - `string`

            - `number`

            - `boolean`
        """,
    )
    properties = schemas(document)["Thing"]["properties"]
    assert properties["env"] == {
        "type": "object",
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    assert properties["rows"] == {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "number"}]},
        },
    }
    assert properties["schema"]["additionalProperties"]["anyOf"] == [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
        {"type": "string"},
        {"type": "number"},
        {"type": "boolean"},
    ]


def test_or_n_more_is_resolved_from_the_children(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Retrieve

        **get** `/things`

        ### Returns

        - `Thing object { kind, voice, 1 more }`

          - `kind: "a" or "b" or 3 more`

            - `"a"`

            - `"b"`

            - `"c"`

            - `"d"`

            - `"e"`

          - `voice: string or "alloy" or 1 more`

            - `string`

            - `"alloy"`

            - `"ash"`

          - `extra: number`
        """,
    )
    properties = schemas(document)["Thing"]["properties"]
    assert properties["kind"] == {"type": "string", "enum": ["a", "b", "c", "d", "e"]}
    assert properties["voice"]["anyOf"] == [
        {"type": "string"},
        {"type": "string", "enum": ["alloy", "ash"]},
    ]
    assert schemas(document)["Thing"]["required"] == ["kind", "voice", "extra"]


@pytest.mark.parametrize(
    ("children", "expected"),
    [
        (
            ["string", "array of string", "number"],
            [
                {"type": "string"},
                {"type": "array", "items": {"type": "string"}},
                {"type": "number"},
            ],
        ),
        (
            ["string", "array of string or number"],
            [
                {"type": "string"},
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "number"}]}},
            ],
        ),
    ],
    ids=["three members", "array of a union"],
)
def test_ambiguous_unions_are_resolved_from_the_children(
    tmp_path: Path, children: list[str], expected: list[Any]
) -> None:
    items = "\n".join(f"      - `{child}`\n" for child in children)
    document = parse(
        tmp_path,
        f"""
## Retrieve

**get** `/things`

### Returns

- `Thing object {{ input }}`

  - `input: string or array of string or number`

{items}""",
    )
    assert schemas(document)["Thing"]["properties"]["input"]["anyOf"] == expected


def test_array_or_literal_read_from_the_children(tmp_path: Path) -> None:
    # `array of Fallback or "default"`: the children say it is (array of Fallback) or "default".
    document = parse(
        tmp_path,
        """
        ## Create

        **post** `/things`

        ### Body Parameters

        - `fallbacks: optional array of Fallback or "default"`

          - `array of Fallback`

            - `model: string`

          - `Default = "default"`

        ### Returns

        - `id: string`
        """,
    )
    fallbacks = schemas(document)["ThingsCreateParams"]["properties"]["fallbacks"]
    assert fallbacks == {
        "anyOf": [{"type": "array", "items": {"$ref": REF + "Fallback"}}, {"$ref": REF + "Default"}]
    }
    assert schemas(document)["Default"] == {
        "type": "string",
        "const": "default",
        "x-refgen-resource": ["things"],
    }


def test_translated_and_mixed_headings(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## 检索文件

        **get** `/files/{file_id}`

        返回文件信息。

        ### 路径参数

        - `file_id: string`

        ### Query Parameters

        - `expand: optional boolean`

        ### 返回

        - `FileObject object { id }`

          - `id: string`

        ### 示例

        ```http
        curl https://api.example.com/v1/files/file-abc \\
          -H "Authorization: Bearer $EXAMPLE_API_KEY"
        ```

        #### 响应

        ```json
        {"id": "file-abc"}
        ```
        """,
    )
    found = operation(document, "get", "/files/{file_id}")
    assert [(p["name"], p["in"]) for p in found["parameters"]] == [
        ("file_id", "path"),
        ("expand", "query"),
    ]
    assert found["operationId"] == "files_retrieve"
    media = found["responses"]["200"]["content"]["application/json"]
    assert media["schema"] == {"$ref": REF + "FileObject"}
    assert media["examples"]["example1"]["value"] == {"id": "file-abc"}
    assert document["servers"] == [{"url": "https://api.example.com/v1"}]


def test_returns_as_a_bare_list_of_fields(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Delete

        **delete** `/things/{id}`

        ### Returns

        - `id: string`

        - `deleted: true`

        - `object: optional "thing.deleted"`
        """,
    )
    assert response(document, "delete", "/things/{id}") == {"$ref": REF + "ThingsDeleteResponse"}
    deleted = schemas(document)["ThingsDeleteResponse"]
    assert deleted["required"] == ["id", "deleted"]
    assert deleted["properties"]["object"] == {"type": "string", "const": "thing.deleted"}


def test_returns_as_a_list_of_types_is_one_of_them(tmp_path: Path) -> None:
    # The newer pages list the types a response can be one after another, with no
    # `Name = A or B` line above them (beta/sessions/resources/retrieve.md).
    document = parse(
        tmp_path,
        """
        ## Retrieve

        **get** `/things/{id}`

        ### Returns

        - `RepositoryThing object { id, type, url }`

          - `id: string`

          - `type: "repository"`

          - `url: string`

        - `FileThing object { id, file_id, type }`

          - `id: string`

          - `file_id: string`

          - `type: "file"`
        """,
    )
    assert response(document, "get", "/things/{id}") == {"$ref": REF + "ThingsRetrieveResponse"}
    union = schemas(document)["ThingsRetrieveResponse"]
    assert union["oneOf"] == [{"$ref": REF + "RepositoryThing"}, {"$ref": REF + "FileThing"}]
    assert union["discriminator"]["propertyName"] == "type"
    assert set(schemas(document)["FileThing"]["properties"]) == {"id", "file_id", "type"}


def test_front_matter_and_index_quote(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ---
        title: Get a Thing
        url: https://docs.example.com/api/things/retrieve
        ---

        > For the complete documentation index, see [llms.txt](/llms.txt).

        ## Get a Thing

        **get** `/things`

        ### Returns

        - `id: string`
        """,
    )
    assert operation(document)["summary"] == "Get a Thing"
    assert "complete documentation index" not in operation(document).get("description", "")


def test_descriptions_with_their_own_headings_lists_and_code(tmp_path: Path) -> None:
    document = parse(
        tmp_path,
        """
        ## Create

        **post** `/things`

        Creates a thing.

        ## How it works

        - first, a list
        - `code` in a list that is not a declaration

        ```python
        ### Returns
        - `not: a declaration`
        ```

        ### Body Parameters

        - `name: string`

          The name. It may hold:

          ## A heading in a description

          - `gpt-5.1` defaults to `none`, which is text, not a declaration.

          ```json
          {"name": "x"}
          ```

        ### Returns

        - `id: string`
        """,
    )
    found = operation(document, "post")
    assert found["description"].startswith("Creates a thing.")
    assert "## How it works" in found["description"]
    assert "- `not: a declaration`" in found["description"]
    body = schemas(document)["ThingsCreateParams"]
    assert list(body["properties"]) == ["name"]
    description = body["properties"]["name"]["description"]
    assert "## A heading in a description" in description
    assert "`gpt-5.1` defaults to `none`" in description
    assert '{"name": "x"}' in description
    assert list(schemas(document)["ThingsCreateResponse"]["properties"]) == ["id"]
