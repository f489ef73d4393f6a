"""Copies of one operation on several pages (a resource page and its beta twin): copies that
differ are reported, also when they differ only in the objects they lift for themselves."""

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


def _tree(tmp_path: Path, beta_item: str, beta_extra: bool) -> ParseResult:
    stable = LIST_PAGE.format(item="ModelInfo", extra_header="", extra_field="")
    beta = LIST_PAGE.format(item=beta_item, extra_header=", allowed_fallback_models" * beta_extra,
                            extra_field=EXTRA_FIELD * beta_extra)
    (tmp_path / "beta").mkdir()
    (tmp_path / "models.md").write_text(textwrap.dedent(stable).lstrip(), encoding="utf-8")
    (tmp_path / "beta" / "models.md").write_text(textwrap.dedent(beta).lstrip(), encoding="utf-8")
    return parse_pages([tmp_path])


def _conflicts(result: ParseResult) -> list[str]:
    return [str(d.location) + ": " + d.message for d in result.diagnostics
            if "GET /v1/models is defined differently" in d.message]


def test_copies_lifting_different_objects_under_one_name_are_reported(tmp_path: Path) -> None:
    # Both copies answer with a `ModelsListResponse` of their own making; the beta one holds
    # BetaModelInfo items. Comparing the operations alone would find them equal.
    result = _tree(tmp_path, "BetaModelInfo", beta_extra=True)
    conflicts = _conflicts(result)
    assert len(conflicts) == 1
    assert conflicts[0].startswith(str(tmp_path / "beta" / "models.md") + ":")
    assert f"at {tmp_path / 'models.md'}:" in conflicts[0]  # the stable page is used
    response = result.document["paths"]["/v1/models"]["get"]["responses"]["200"]
    schema = response["content"]["application/json"]["schema"]
    items = result.document["components"]["schemas"]["ModelsListResponse"]["properties"]["data"]
    assert schema == {"$ref": "#/components/schemas/ModelsListResponse"}
    assert items["items"] == {"$ref": "#/components/schemas/ModelInfo"}


def test_identical_copies_are_one_operation_and_no_warning(tmp_path: Path) -> None:
    result = _tree(tmp_path, "ModelInfo", beta_extra=False)
    assert _conflicts(result) == []
    assert list(result.document["paths"]["/v1/models"]) == ["get"]
