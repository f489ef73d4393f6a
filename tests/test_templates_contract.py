"""The context every template receives is documented field by field, and overriding a
template by name works."""

from __future__ import annotations

import dataclasses
import functools
import re
import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.pipeline import build
from generator.render import apidocs, context, request_types
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
CONTEXT_CLASSES = [
    context.PackageContext,
    context.AuthContext,
    context.ErrorContext,
    context.ExtensionContext,
    context.ResourceContext,
    context.OperationContext,
    context.PaginationContext,
    context.StreamingContext,
    context.ParameterContext,
    context.ModelContext,
    context.FieldContext,
    context.AliasContext,
    context.TypesModuleContext,
    request_types.RequestTypeContext,
    request_types.KeyContext,
    apidocs.DocsContext,
    apidocs.ResourcePage,
    apidocs.SectionDoc,
    apidocs.MethodDoc,
    apidocs.ParameterDoc,
    apidocs.TypesPage,
    apidocs.ModelDoc,
    apidocs.FieldDoc,
    apidocs.AliasDoc,
    apidocs.RequestTypeDoc,
    apidocs.KeyDoc,
    apidocs.ImportGroup,
    apidocs.TypeLink,
    apidocs.OperationRow,
]


def documented_fields(class_name: str) -> set[str]:
    section = DOC.split(f"### {class_name}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    return set(re.findall(r"^- `(\w+)(?:\(\w*\))?`", section, re.MULTILINE))


@pytest.mark.parametrize("cls", CONTEXT_CLASSES, ids=lambda c: c.__name__)
def test_every_context_field_is_documented(cls: type) -> None:
    fields = {f.name for f in dataclasses.fields(cls)}
    properties = {
        name
        for name, value in vars(cls).items()
        if isinstance(value, (property, functools.cached_property))
        or (callable(value) and not name.startswith("_"))
    }
    assert documented_fields(cls.__name__) == fields | properties


def test_every_builtin_template_is_listed() -> None:
    templates = ROOT / "templates"
    for path in templates.rglob("*.jinja"):
        assert f"`{path.relative_to(templates).as_posix()}`" in DOC


def test_a_template_of_the_same_name_replaces_the_builtin_one(tmp_path: Path) -> None:
    page = tmp_path / "spec" / "page.md"
    page.parent.mkdir()
    shutil.copy(ROOT / "spec" / "fine_tuning_jobs_resume.md", page)
    override = tmp_path / "spec" / "overrides" / "docs"
    override.mkdir(parents=True)
    (override / "types.md.jinja").write_text(
        "{% for m in page.models %}{{ m.model.name }} has {{ m.fields|length }} fields; {% endfor %}"
        "package {{ package.name }}\n"
    )
    (tmp_path / "spec" / "refgen.yaml").write_text(
        "package: demo\nsources: [page.md]\ntemplates: overrides\n"
    )
    output = build(load_config(tmp_path / "spec" / "refgen.yaml"))
    page = output.generated["docs/types/fine_tuning.md"]
    assert "; FineTuningJob has 19 fields; " in page and page.endswith("; package demo\n")
    assert output.generated["docs/index.md"].startswith("# ")  # not overridden: the built-in one
