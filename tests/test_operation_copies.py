"""Copies of one operation on several pages. Copies at one address (a method page, its
resource page, parent pages) are one operation, and those that differ are reported, also when
they differ only in the objects they lift for themselves. The stable and the beta page of a
route are two operations, each with what its own page lifts."""

from __future__ import annotations

import textwrap
from pathlib import Path

from generator.pipeline import ParseResult, parse_pages

LIST_PAGE = """
    ## List

    **get** `/v1/models`

    ### Returns

    - `data: array of {item}`

    - `has_more: boolean`

    ## Domain Types

    ### {item}

    - `{item} object {{ id{extra_header} }}`

      - `id: string`
{extra_field}
    """
EXTRA_FIELD = """
      - `allowed_fallback_models: optional array of string`
"""


def _page(item: str, extra: bool) -> str:
    text = LIST_PAGE.format(
        item=item, extra_header=", allowed_fallback_models" * extra, extra_field=EXTRA_FIELD * extra
    )
    return textwrap.dedent(text).lstrip()


def _tree(tmp_path: Path, pages: dict[str, str]) -> ParseResult:
    for name, text in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return parse_pages([tmp_path])


def _conflicts(result: ParseResult) -> list[str]:
    return [
        str(d.location) + ": " + d.message
        for d in result.diagnostics
        if "GET /v1/models (models.list) is defined differently" in d.message
    ]


def _items(result: ParseResult, list_object: str) -> dict:
    schemas = result.document["components"]["schemas"]
    return schemas[list_object]["properties"]["data"]["items"]


def test_copies_at_one_address_lifting_different_objects_are_reported(tmp_path: Path) -> None:
    # Both copies answer with a `ModelsListResponse` of their own making, one holding
    # BetaModelInfo items. Comparing the operations alone would find them equal.
    result = _tree(
        tmp_path,
        {
            "models.md": _page("ModelInfo", extra=False),
            "models/list.md": _page("BetaModelInfo", extra=True),
        },
    )
    conflicts = _conflicts(result)
    assert len(conflicts) == 1
    assert conflicts[0].startswith(str(tmp_path / "models" / "list.md") + ":")
    assert f"at {tmp_path / 'models.md'}:" in conflicts[0]  # the earlier, equally full copy
    assert list(result.document["paths"]) == ["/v1/models"]
    assert _items(result, "ModelsListResponse") == {"$ref": "#/components/schemas/ModelInfo"}


def test_identical_copies_are_one_operation_and_no_warning(tmp_path: Path) -> None:
    result = _tree(
        tmp_path,
        {
            "models.md": _page("ModelInfo", extra=False),
            "models/list.md": _page("ModelInfo", extra=False),
        },
    )
    assert _conflicts(result) == []
    assert list(result.document["paths"]["/v1/models"]) == ["get"]


def test_stable_and_beta_pages_are_two_operations_with_their_own_objects(tmp_path: Path) -> None:
    result = _tree(
        tmp_path,
        {
            "models/list.md": _page("ModelInfo", extra=False),
            "beta/models/list.md": _page("BetaModelInfo", extra=True),
        },
    )
    assert [d for d in result.diagnostics if "defined differently" in d.message] == []
    paths = result.document["paths"]
    assert list(paths) == ["/v1/models", "/v1/models?beta=true"]
    stable, beta = paths["/v1/models"]["get"], paths["/v1/models?beta=true"]["get"]
    assert stable["x-refgen-client"] == {"resource": ["models"], "method": "list"}
    assert beta["x-refgen-client"] == {"resource": ["beta", "models"], "method": "list"}
    assert _items(result, "ModelsListResponse") == {"$ref": "#/components/schemas/ModelInfo"}
    assert _items(result, "BetaModelsListResponse") == {
        "$ref": "#/components/schemas/BetaModelInfo"
    }
    schemas = result.document["components"]["schemas"]
    assert "allowed_fallback_models" in schemas["BetaModelInfo"]["properties"]
