"""The client generated from the 2026-08-22 Anthropic tree, shaped like the official SDK
(issue 12): lenient about nulls a response leaves out, ready to vendor under ruff's default
settings."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from ruff.__main__ import find_ruff_bin

from generator.output import write_tree
from generator.pipeline import render_files
from generator.render.loader import RUNTIME_FILES
from tests.conftest import parsed_tree

PACKAGE = "anthropic_sdk"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return parsed_tree("2026-08-22").document


@pytest.fixture(scope="module")
def generated(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the generated package and its docs."""
    directory = tmp_path_factory.mktemp("anthropic_sdk")
    write_tree(directory, render_files(document, PACKAGE))
    return directory


@pytest.fixture(scope="module")
def sdk(generated: Path) -> ModuleType:
    from tests.generated_package import import_package

    return import_package(generated, PACKAGE)


def _nullable(schema: dict[str, Any], document: dict[str, Any]) -> bool:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _nullable(document["components"]["schemas"][name], document)
    kinds = schema.get("type")
    return (
        kinds == "null"
        or (isinstance(kinds, list) and "null" in kinds)
        or None in schema.get("enum", [0])
        or any(_nullable(m, document) for m in schema.get("oneOf", schema.get("anyOf", [])))
    )


def test_a_response_omitting_a_required_but_nullable_field_validates(
    sdk: ModuleType, document: dict[str, Any]
) -> None:
    media = document["paths"]["/v1/messages"]["post"]["responses"]["200"]["content"]
    example = dict(next(iter(media["application/json"]["examples"].values()))["value"])
    assert "stop_reason" in document["components"]["schemas"]["Message"]["required"]
    del example["stop_reason"], example["stop_sequence"]
    message = sdk.models.Message.model_validate(example)
    assert message.stop_reason is None and message.stop_sequence is None
    with pytest.raises(ValueError, match="id"):  # a required field that cannot be null
        sdk.models.Message.model_validate({**example, "id": None})


def test_every_required_nullable_field_of_every_model_defaults_to_none(
    sdk: ModuleType, document: dict[str, Any]
) -> None:
    checked = 0
    for name, schema in document["components"]["schemas"].items():
        model = getattr(sdk.models, name, None)
        if schema.get("type") != "object" or not hasattr(model, "model_fields"):
            continue
        by_alias = {f.alias or n: f for n, f in model.model_fields.items()}
        for wire_name in schema.get("required", []):
            nullable = _nullable(schema["properties"][wire_name], document)
            assert by_alias[wire_name].is_required() is not nullable, (name, wire_name)
            checked += nullable
    assert checked > 100  # the tree has hundreds of them


def _ruff_check(target: Path, *settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_ruff_bin(), "check", "--isolated", *settings, str(target)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_package_passes_ruff_check_under_default_and_project_settings(
    generated: Path,
) -> None:
    for settings in ((), ("--line-length", "100")):
        result = _ruff_check(generated / PACKAGE, *settings)
        assert result.returncode == 0, f"{settings}:\n{result.stdout}"


def test_rendered_modules_are_formatted_at_ruffs_default_line_length(generated: Path) -> None:
    package = generated / PACKAGE
    rendered = [p for p in package.rglob("*.py") if p.name not in RUNTIME_FILES]
    assert len(rendered) > 10
    result = subprocess.run(
        [find_ruff_bin(), "format", "--isolated", "--check", *map(str, rendered)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
