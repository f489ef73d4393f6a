"""The renderer writes imports and `__all__` as `ruff check`'s fixes would leave them (only
the names a module uses, in isort's order; `__all__` in RUF022's), so the pipeline runs
`ruff format` alone (render/format.py): `ruff check` finds nothing in the rendered modules
before they are formatted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from generator.diagnostics import Location
from generator.extensions import CLIENT, ClassRef, Extension
from generator.generation import render_files
from generator.render import files as rendering
from generator.render import import_order
from generator.render.context import build_context
from generator.render.files import load_templates, render_code
from generator.render.format import RUFF_SETTINGS
from generator.render.loader import RUNTIME_FILES
from tests.feature_document import feature_document

PACKAGE = "feature_client"
# The rules whose fixes the pipeline ran before, and ruff's defaults.
CHECK = ("--extend-select", "I,F401,RUF022")
HERE = Location("refgen.yaml", 1)


# Hand-written bases (refgen.yaml's `extensions:`): their imports join the import block, in
# the section of their module (a third-party one here, the standard library's for `json`).
EXTENSIONS = (
    Extension(CLIENT, ClassRef("my_helpers.client", "ClientBase"), ClassRef("json", "Zed"), HERE),
    Extension("widgets", ClassRef("a_helpers", "WidgetsBase"), None, HERE),
    Extension("widgets.parts", ClassRef("zz.parts", "B"), ClassRef("zz.parts", "A"), HERE),
)


def _rendered_modules(folder: Path, extensions: tuple[Extension, ...] = ()) -> Path:
    """The feature document's package as rendered, before ruff sees it, in `folder`."""
    used = load_templates(None)
    context = build_context(feature_document(), PACKAGE, used.reserved, None, extensions)
    for path, text in render_code(context, used).items():
        if path.endswith(".py") and path.partition("/")[2] not in RUNTIME_FILES:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(text, encoding="utf-8")
    return folder / PACKAGE


def _ruff_check(target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_ruff_bin(), "check", *RUFF_SETTINGS, *CHECK, "--no-cache", "."],
        cwd=target,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("extensions", [(), EXTENSIONS], ids=["plain", "extensions"])
def test_rendered_modules_need_no_fix_from_ruff_check(
    tmp_path: Path, extensions: tuple[Extension, ...]
) -> None:
    package = _rendered_modules(tmp_path, extensions)
    assert len(list(package.rglob("*.py"))) > 5
    result = _ruff_check(package)
    assert result.returncode == 0, result.stdout


def test_the_check_catches_an_import_a_module_does_not_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mutation: resource modules given every import the template might need, as they
    were when ruff dropped the unused ones."""
    monkeypatch.setattr(rendering, "_resource_imports", lambda resource: _every_import())
    result = _ruff_check(_rendered_modules(tmp_path))
    assert result.returncode == 1
    assert "F401" in result.stdout


def _every_import() -> tuple[object, ...]:
    from generator.render import declared

    return declared.RESOURCE_IMPORTS


# Names whose order isort and RUF022 decide by casing, case and numbers: constants first,
# then classes, then the rest; numbers as numbers; imports case-insensitively.
TRICKY_NAMES = [
    "NOT_GIVEN",
    "A",
    "a",
    "V10Page",
    "V2Page",
    "v2_page",
    "McpProbe",
    "McpoAuth",
    "MCP_PROBE",
    "Model",
    "model_v10",
    "model_v9",
    "_private",
    "Z1",
    "Z01x",
    "cast",
    "TYPE_CHECKING",
    "TypeAlias",
    "X",
]


def test_import_and_all_orders_are_ruffs(tmp_path: Path) -> None:
    """The orders written by import_order, checked by ruff itself (not against our own
    output), with one mutation each way to show that ruff would object."""
    imports = import_order.ordered_imports(
        ["builtins", "os.path", "httpx"],
        {
            "typing": {"cast", "TYPE_CHECKING", "Literal"},
            "pydantic": {"Field", "ConfigDict"},
            ".things": set(TRICKY_NAMES),
            "..things": {"Zed", "alpha"},
            "._types2": {"x"},
            "._types10": {"y"},
            "collections.abc": {"Iterator"},
        },
    )
    names = sorted(TRICKY_NAMES, key=import_order.dunder_all_key)
    listed = "".join(f'    "{name}",\n' for name in names)
    module = tmp_path / "pkg" / "sub" / "m.py"
    module.parent.mkdir(parents=True)
    (module.parent / "__init__.py").write_text("")
    (tmp_path / "pkg" / "__init__.py").write_text("")

    def check(imports: str, listed: str) -> subprocess.CompletedProcess[str]:
        module.write_text(
            f"from __future__ import annotations\n\n{imports}\n\n__all__ = [\n{listed}]\n"
        )
        return subprocess.run(
            [
                *(find_ruff_bin(), "check", *RUFF_SETTINGS),
                *("--select", "I,RUF022", "--no-cache", str(module)),
            ],
            capture_output=True,
            text=True,
            check=False,
        )

    result = check(imports, listed)
    assert result.returncode == 0, result.stdout + imports
    swapped = "".join(f'    "{name}",\n' for name in [names[1], names[0], *names[2:]])
    assert "RUF022" in check(imports, swapped).stdout
    lines = imports.splitlines()
    assert "I001" in check("\n".join([lines[1], lines[0], *lines[2:]]), listed).stdout


def test_a_long_import_is_wrapped_as_isort_wraps_it() -> None:
    long_names = [f"Name{i}WithAFairlyLongSuffix" for i in range(4)]
    assert import_order.from_import(".m", ["A", "B"], indent=8) == "from .m import A, B"
    wrapped = import_order.from_import(".module", long_names, indent=4)
    assert wrapped.splitlines()[0] == "from .module import ("
    assert wrapped.splitlines()[1] == "        Name0WithAFairlyLongSuffix,"
    assert wrapped.endswith("\n    )")


def test_a_users_templates_still_get_their_imports_fixed(tmp_path: Path) -> None:
    """docs/templates.md lets an override write the imports a module might need: with a
    template folder of the user's, ruff still sorts imports and drops the unused ones."""
    builtin = Path(__file__).resolve().parent.parent / "templates" / "package"
    override = tmp_path / "overrides" / "package"
    override.mkdir(parents=True)
    text = (builtin / "pagination.py.jinja").read_text(encoding="utf-8")
    head, marker, tail = text.partition("from ._pagination import (")
    (override / "pagination.py.jinja").write_text(
        f"{head}import sys\nimport os\n\n{marker}{tail}", encoding="utf-8"
    )
    files = render_files(feature_document(), PACKAGE, templates=tmp_path / "overrides")
    module = files[f"{PACKAGE}/pagination.py"]
    assert "import sys" not in module and "import os" not in module
    assert "from ._pagination import (" in module


def test_natural_keys_split_digits_as_numbers_and_leave_other_names_whole() -> None:
    """The keys of names without digits (most names, taken without splitting) and with
    them, worked out by hand: text and numbers alternate from the start."""
    natural = import_order._natural
    assert natural("") == ()
    assert natural("BetaMessage_param") == ("BetaMessage_param",)
    assert natural("v10") == ("v", 10)
    assert natural("10x") == ("", 10, "x")
    assert natural("a1b22") == ("a", 1, "b", 22)
    assert sorted(["v10", "v9", "v", "va"], key=natural) == ["v", "v9", "v10", "va"]
