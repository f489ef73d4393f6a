"""refgen as a distribution: what it declares, what it locks, and its wheel installed for real.

The first tests read pyproject.toml, constraints.txt and the code, and take milliseconds. The
last one builds the wheel, installs it into a fresh virtual environment beside the newest
pydantic and httpx the package registry has, and uses it there: about a minute, most of it
pip, so it is marked `packaging` (`pytest -m "not packaging"` leaves it out while developing;
`make test` runs it). It needs the registry, as `make install` does.
"""

from __future__ import annotations

import ast
import email
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from tests.conftest import ROOT
from tests.dependency_bounds import EVERY, EXTRAS, RUNTIME, locked
from tests.http_server import ScriptedServer
from tests.test_generated_client import JOB


def imported_distributions() -> dict[str, str]:
    """{distribution: a file importing it} for every third-party module generator/ imports
    when it runs (imports under `if TYPE_CHECKING:` are for mypy, not for users)."""
    owners = metadata.packages_distributions()
    found: dict[str, str] = {}
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for module in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            top = module.partition(".")[0]
            if top in sys.stdlib_module_names or top == "generator":
                continue
            assert top in owners, f"{path}: {top} is imported but no installed distribution has it"
            for distribution in owners[top]:
                found.setdefault(canonicalize_name(distribution), str(path.relative_to(ROOT)))
    return found


def _runtime_imports(tree: ast.AST) -> list[str]:
    modules = []
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
        pending.extend(ast.iter_child_nodes(node))
    return modules


# Declared though generator/ never imports them, each for its reason.
UNIMPORTED_ON_PURPOSE = {
    # httpcore tries `import sniffio` on every async request of `refgen fetch`; when it is
    # absent each try searches sys.path again (seconds over a tree's pages).
    "sniffio",
}


def test_the_dependencies_are_what_refgen_imports_when_it_runs() -> None:
    declared = {canonicalize_name(r.name) for r in RUNTIME} - UNIMPORTED_ON_PURPOSE
    imported = imported_distributions()
    assert {name: imported[name] for name in imported.keys() - declared} == {}, (
        "imported by generator/ but not in [project] dependencies"
    )
    assert sorted(declared - imported.keys()) == [], "declared but never imported by generator/"


def test_every_requirement_is_a_range_not_a_pin() -> None:
    """Exact pins break installation beside any other project; the lock is where they go.
    (Upper bounds are each line's own choice: a major version for semantic versions, none for
    calendar ones such as regex's.)"""
    for requirement in EVERY:
        operators = {specifier.operator for specifier in requirement.specifier}
        assert not operators & {"==", "==="}, f"{requirement}: a pin, not a range"
        assert operators & {">=", "~="}, f"{requirement}: no lower bound"


def test_the_lock_pins_every_requirement_within_its_range() -> None:
    pins = locked()
    for requirement in EVERY:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in constraints.txt (make lock)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt has {name}=={pins[name]}, outside {requirement}"
        )


def test_the_lock_is_complete_and_installed() -> None:
    """Every dependency of a locked distribution is locked too (markers evaluated for this
    Python), and the environment the tests run in has exactly the locked versions: `make
    install` applied constraints.txt."""
    pins = locked()
    for name, version in pins.items():
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an extra this environment does not install (bench)
        assert installed.version == version, (
            f"{name} {installed.version} installed, {version} locked"
        )
        for text in installed.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                assert canonicalize_name(requirement.name) in pins, f"{name} needs {requirement}"


# -- the wheel, installed ------------------------------------------------------------------


def run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """refgen's wheel, built from this checkout with the locked hatchling (no download)."""
    folder = tmp_path_factory.mktemp("dist")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "--wheel-dir",
        folder,
        ROOT,
        cwd=folder,
    )
    (built,) = folder.glob("refgen-*.whl")
    return built


@pytest.mark.packaging
def test_the_wheel_holds_the_package_its_templates_and_its_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        templates = {
            path.relative_to(ROOT / "templates").as_posix(): path.read_bytes()
            for path in (ROOT / "templates").rglob("*")
            if path.is_file()
        }
        assert templates, "no templates in the checkout"
        for relative, content in templates.items():
            assert archive.read(f"generator/_templates/{relative}") == content, relative
        code = {path.relative_to(ROOT).as_posix() for path in (ROOT / "generator").rglob("*.py")}
        assert code <= names
        assert "generator/py.typed" in names
        dist_info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        assert archive.read(f"{dist_info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
        fields = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
    assert not [
        n
        for n in names
        if n.startswith(("tests/", "generated/", "spec/", "bench/")) or "__pycache__" in n
    ]
    assert fields["License-Expression"] == "MIT"
    requires = [Requirement(text) for text in fields.get_all("Requires-Dist") or []]
    assert _wanted(r for r in requires if r.marker is None) == _wanted(RUNTIME)
    for name, extra in EXTRAS.items():
        in_extra = (r for r in requires if r.marker and r.marker.evaluate({"extra": name}))
        assert _wanted(in_extra) == _wanted(extra), name


def _wanted(requirements: Iterable[Requirement]) -> set[tuple[str, SpecifierSet]]:
    return {(canonicalize_name(r.name), r.specifier) for r in requirements}


@pytest.mark.packaging
def test_the_wheel_installs_beside_the_newest_pydantic_and_httpx_and_works(
    wheel: Path, tmp_path: Path, server: ScriptedServer
) -> None:
    """A user's fresh venv: the wheel, and whatever pydantic and httpx the registry has now.
    There, `refgen --help` runs, `refgen build` makes the bundled example from the templates
    in the wheel, and the package it makes talks to a real server."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PIP_CONSTRAINT")
    }
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--upgrade",
        wheel,
        "pydantic",
        "httpx",
        cwd=tmp_path,
        env=environment,
    )
    outdated = json.loads(
        run(
            python,
            "-m",
            "pip",
            "list",
            "--outdated",
            "--format",
            "json",
            cwd=tmp_path,
            env=environment,
        )
    )
    assert [p["name"] for p in outdated if p["name"] in ("pydantic", "httpx")] == []

    assert "build" in run(venv / "bin" / "refgen", "--help", cwd=tmp_path, env=environment)
    installed_at = run(
        python, "-c", "import generator; print(generator.__file__)", cwd=tmp_path, env=environment
    )
    assert Path(installed_at.strip()).is_relative_to(venv)  # the wheel, not this checkout

    shutil.copytree(ROOT / "spec", tmp_path / "spec")
    run(
        venv / "bin" / "refgen",
        "build",
        "--config",
        tmp_path / "spec" / "refgen.yaml",
        cwd=tmp_path,
        env=environment,
    )
    made = {
        p.relative_to(tmp_path / "generated").as_posix()
        for p in (tmp_path / "generated").rglob("*")
        if p.is_file()
    }
    committed = {
        p.relative_to(ROOT / "generated").as_posix()
        for p in (ROOT / "generated").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert made == committed

    server.reply_json(JOB)
    script = (
        "import sys, openai_fine_tuning as api\n"
        "client = api.Client(api_key='sk-test', base_url=sys.argv[1])\n"
        "job = client.fine_tuning.jobs.resume('ftjob-abc')\n"
        "print(type(job).__name__, job.model_dump_json(exclude_none=True))\n"
    )
    output = run(python, "-c", script, server.url, cwd=tmp_path / "generated", env=environment)
    kind, dumped = output.split(" ", 1)
    assert kind == "FineTuningJob"
    assert json.loads(dumped) == {k: v for k, v in JOB.items() if v is not None}
    assert (server.last.method, server.last.path) == ("POST", "/fine_tuning/jobs/ftjob-abc/resume")
    assert yaml.safe_load((tmp_path / "spec" / "openapi.yaml").read_text()) == yaml.safe_load(
        (ROOT / "spec" / "openapi.yaml").read_text()
    )
