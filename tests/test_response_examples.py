"""Every `#### Response` JSON block of the OpenAI pages that is valid JSON validates against
the generated model of its operation and against the fragment's schema."""

from __future__ import annotations

import json
import re
from typing import Any

import jsonschema
import pydantic
import pytest

from generator.naming import python_identifier
from tests.conftest import OPENAI_PAGES, OPENAI_ZH_PAGES
from tests.generated_package import all_types, generate_into, import_package

PACKAGE = "openai_examples"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Any]:
    directory = tmp_path_factory.mktemp("examples")
    document = generate_into(
        directory, [p.parent for p in OPENAI_PAGES[:1]] + OPENAI_ZH_PAGES, PACKAGE
    )
    return document, import_package(directory, PACKAGE)


def examples(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], Any]]:
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            media = operation["responses"]["200"]["content"].get("application/json", {})
            for example in media.get("examples", {}).values():
                found.append((f"{method.upper()} {path}", media["schema"], example["value"]))
    return found


def test_every_valid_json_response_example_validates(generated: tuple[dict[str, Any], Any]) -> None:
    document, package = generated
    checked, failures = 0, []
    for where, schema, value in examples(document):
        checked += 1
        root = {**schema, "components": document["components"]}
        try:
            jsonschema.Draft202012Validator(root).validate(value)
        except jsonschema.ValidationError as error:
            failures.append(f"{where}: schema: {error.message}")
        name = python_identifier(schema["$ref"].rsplit("/", 1)[1], style="pascal")
        try:
            pydantic.TypeAdapter(getattr(all_types(package), name)).validate_python(value)
        except pydantic.ValidationError as error:
            failures.append(f"{where}: model {name}: {error}")
    print(f"checked {checked} response examples")
    assert checked == len(distinct_valid_examples()) == 12
    assert not failures, "\n".join(failures)


def distinct_valid_examples() -> set[tuple[str, str]]:
    """Read off the pages directly: (operation line, example) for every `#### Response` JSON
    block that parses; a page that repeats an operation repeats its examples too."""
    found = set()
    for page in OPENAI_PAGES + OPENAI_ZH_PAGES:
        operation = ""
        for block in re.split(r"^```", page.read_text(encoding="utf-8"), flags=re.MULTILINE):
            lines = re.findall(r"^\*\*\w+\*\* `[^`]+`", block, re.MULTILINE)
            operation = lines[-1] if lines else operation
            if block.startswith("json\n"):
                try:
                    value = json.loads(block[len("json\n") :])
                except ValueError:
                    continue
                found.add((operation, json.dumps(value, sort_keys=True)))
    return found


def test_invalid_json_blocks_are_skipped_not_fatal() -> None:
    # files.md holds response examples with trailing commas: they are left out of the fragment.
    text = (OPENAI_PAGES[0].parent / "files.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```json\n")[1:]]
    invalid = []
    for block in blocks:
        try:
            json.loads(block)
        except ValueError:
            invalid.append(block)
    assert len(invalid) >= 2
