"""Nothing injected: text and names from a hostile page give code that imports, passes ruff
and mypy --strict, and stays inert; no name can write outside the output directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruff.__main__ import find_ruff_bin

from generator.output import write_tree
from generator.pipeline import parse_pages, render_files
from tests.generated_package import RENDERED_ORDER_RULES, types_source
from tests.http_server import ScriptedServer

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile.md"
PACKAGE = "hostile_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    write_tree(directory, render_files(parse_pages([HOSTILE]).document, PACKAGE))
    return directory


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )


def test_payloads_are_inert_on_import_and_use(generated: Path, server: ScriptedServer) -> None:
    server.reply_json({"class": "c", "../../etc/passwd": "p", "from": "f"})
    code = f"""
import {PACKAGE} as p
client = p.Client(api_key="k", base_url={server.url!r})
thing = client.things.do_it("x", class_="c", from_=1, a_b="1", a_b_body="2", mode="plain")
assert thing.class_ == "c" and thing.from_ == "f", thing
import {PACKAGE}.types
help(p.types)
"""
    result = run_python(code, generated)
    assert result.returncode == 0, result.stderr
    assert not list(generated.rglob("PWNED")) and not (Path.cwd() / "PWNED").exists()
    body = server.last.json()
    assert body["class"] == "c" and body["from"] == 1 and body["mode"] == "plain"


def test_hostile_names_become_valid_distinct_identifiers(generated: Path) -> None:
    models = types_source(generated, PACKAGE)
    for attribute in (
        "class_:",
        "from_:",
        "self:",
        "none:",
        "init:",
        "field_1st:",
        "x_y:",
        "naive:",
        "model_config_:",
    ):
        assert attribute in models or attribute.lower() in models, attribute
    assert "touch PWNED" not in models.replace('\\"', '"').split('"""')[0]


def test_generated_code_passes_ruff_and_mypy_strict(generated: Path, tmp_path: Path) -> None:
    ruff = subprocess.run(
        [
            find_ruff_bin(),
            "check",
            "--isolated",
            *RENDERED_ORDER_RULES,
            "--line-length",
            "100",
            PACKAGE,
        ],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), PACKAGE],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout


def test_nothing_is_written_outside_the_output_directory(generated: Path) -> None:
    for path in generated.rglob("*"):
        assert path.resolve().is_relative_to(generated.resolve())
    assert not list(generated.rglob("passwd"))


def test_control_characters_in_descriptions_are_escaped(tmp_path: Path) -> None:
    page = tmp_path / "control.md"
    page.write_bytes(
        HOSTILE.read_bytes().replace(b"and a control character:", b"NUL \x00 BEL \x07 ESC \x1b")
    )
    files = render_files(parse_pages([page]).document, "control_client")
    write_tree(tmp_path / "out", files)
    models = types_source(files, "control_client")
    assert "\x00" not in models and "\\x00" in models
    result = run_python(
        "import control_client.types as m; print(repr(m.ThingsDoItParams.__doc__))",
        tmp_path / "out",
    )
    assert result.returncode == 0, result.stderr
    fields = run_python(
        "import control_client.types as m, inspect; print('\\x00' in inspect.getsource(m))",
        tmp_path / "out",
    )
    assert fields.stdout.strip() == "False"
