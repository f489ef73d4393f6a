"""The command line: output, --json, user-mistake errors, `python -m generator.compare`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main as refgen_main

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    return refgen_main(["compare", *argv])


METRICS = [
    str(FIXTURES / "metrics.reconstructed.yaml"),
    str(FIXTURES / "metrics.authoritative.yaml"),
]


def test_text_report_has_table_total_and_disagreements(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(METRICS) == 0
    out = capsys.readouterr().out

    header, rule, row, _, total_row = out.splitlines()[2:7]
    assert header.split()[:4] == ["Operation", "Both", "Only", "rec"]
    assert set(rule) == {"-"}
    assert row.split() == [
        *["POST", "/widgets/{widget_id}", "13", "2", "2", "0.867", "0.867", "0.867"],
        *["0.800", "0.923", "0.000", "0.923", "0.000"],
    ]
    assert total_row.split()[:4] == ["TOTAL", "13", "2", "2"]
    assert "POST /widgets/{widget_id} response 200 $.created_at: type number vs integer" in out
    assert "Operations only in reconstructed (1):\n  GET /v1/gadgets\n" in out


def test_json_report_is_sorted_and_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert main([*METRICS, "--json", str(first)]) == 0
    assert main([*METRICS, "--json", str(second)]) == 0

    text = first.read_text(encoding="utf-8")
    assert text == second.read_text(encoding="utf-8")
    report = json.loads(text)
    assert text == json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (operation,) = report["operations"]
    assert operation["figures"]["required"] == {"agree": 8, "total": 10, "ratio": 0.8}
    assert operation["figures"]["recall"] == 0.8667
    assert operation["sections"]["parameters"]["int_number"] == {
        "agree": 0,
        "total": 1,
        "ratio": 0.0,
    }
    assert operation["disagreements"][4] == {
        "section": "request body",
        "path": "$.size",
        "kind": "int_number",
        "reconstructed": "number",
        "authoritative": "integer",
        "message": "type number vs integer",
    }
    assert report["total"]["enums"]["ratio"] == 0.0
    assert report["unmatched_operations"] == {
        "only_reconstructed": ["GET /v1/gadgets"],
        "only_authoritative": ["GET /widgets"],
    }


def test_json_report_does_not_depend_on_property_order(tmp_path: Path) -> None:
    reconstructed = yaml.safe_load(Path(METRICS[0]).read_text(encoding="utf-8"))
    widget = reconstructed["components"]["schemas"]["WidgetObject"]
    widget["properties"] = dict(reversed(widget["properties"].items()))
    reordered = tmp_path / "reordered.yaml"
    reordered.write_text(yaml.safe_dump(reconstructed), encoding="utf-8")

    main([*METRICS, "--json", str(tmp_path / "original.json")])
    main([str(reordered), METRICS[1], "--json", str(tmp_path / "reordered.json")])

    original = json.loads((tmp_path / "original.json").read_text(encoding="utf-8"))
    shuffled = json.loads((tmp_path / "reordered.json").read_text(encoding="utf-8"))
    assert original["operations"] == shuffled["operations"]


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = str(tmp_path / "missing.yaml")
    assert _error([missing, METRICS[1]], capsys) == f"{missing}: error: no such file\n"


def test_invalid_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("paths: {\n  - nope: [\n", encoding="utf-8")
    message = _error([str(broken), METRICS[1]], capsys)
    assert message.startswith(f"{broken}:2: error: invalid YAML: ")


def test_invalid_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"paths": ', encoding="utf-8")
    message = _error([METRICS[0], str(broken)], capsys)
    assert message.startswith(f"{broken}:1:11: error: invalid JSON: ")


def test_not_an_openapi_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extract = tmp_path / "extract.yaml"
    extract.write_text("schemas: {}\n", encoding="utf-8")
    message = _error([str(extract), METRICS[1]], capsys)
    assert message == (
        f"{extract}:1: error: not an OpenAPI document: no `openapi` version and no `paths`\n"
    )


def test_dangling_ref_names_its_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dangling = tmp_path / "dangling.yaml"
    text = Path(METRICS[0]).read_text(encoding="utf-8").replace('UpdateWidgetBody"}', 'Gone"}')
    dangling.write_text(text, encoding="utf-8")
    message = _error([str(dangling), METRICS[1]], capsys)
    assert message == f"{dangling}: error: unresolvable $ref '#/components/schemas/Gone'\n"


def test_unwritable_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "no" / "such" / "dir.json"
    assert _error([*METRICS, "--json", str(target)], capsys).startswith(f"{target}: error: ")


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([METRICS[0]]) == 2
    assert "usage: refgen compare" in capsys.readouterr().err


def test_module_entry_point() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "generator.compare", *METRICS],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Compared 1 operation present in both documents.")
