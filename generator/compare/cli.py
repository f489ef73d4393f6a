"""`refgen compare RECONSTRUCTED AUTHORITATIVE [--json FILE]`: argument parsing and exit codes."""

import argparse
import sys
from pathlib import Path

from generator.compare.comparison import compare_documents
from generator.compare.errors import InputError
from generator.compare.load import load_document
from generator.compare.report import render_json, render_text


def build_parser(prog: str = "refgen compare") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Report how far a reconstructed OpenAPI fragment is from an authoritative"
        " spec: operations both contain, compared structurally after resolving every $ref.",
    )
    parser.add_argument("reconstructed", metavar="RECONSTRUCTED", help="YAML or JSON fragment")
    parser.add_argument("authoritative", metavar="AUTHORITATIVE", help="YAML or JSON spec")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")
    return parser


def main(argv: list[str]) -> int:
    try:
        arguments = build_parser().parse_args(argv)
    except SystemExit as exit_request:  # --help, or a usage error already printed by argparse
        return int(exit_request.code or 0)
    try:
        run(arguments.reconstructed, arguments.authoritative, arguments.json)
    except InputError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def run(reconstructed: str, authoritative: str, json_path: str | None) -> None:
    comparison = compare_documents(
        load_document(reconstructed), load_document(authoritative), reconstructed, authoritative
    )
    if json_path is not None:
        _write(json_path, render_json(comparison, reconstructed, authoritative))
    sys.stdout.write(render_text(comparison))


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(path, f"cannot write: {error.strerror or error}") from None
