"""`refgen compare RECONSTRUCTED AUTHORITATIVE [--json FILE]`: its arguments and its run.

Registered in generator/cli.py; the comparison itself is imported when the command runs.
"""

import argparse
import sys
from pathlib import Path

from generator.diagnostics import Location, RefgenError


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "Report how far a reconstructed OpenAPI fragment is from an authoritative spec: "
        "operations both contain, compared structurally after resolving every $ref."
    )
    parser.add_argument("reconstructed", metavar="RECONSTRUCTED", help="YAML or JSON fragment")
    parser.add_argument("authoritative", metavar="AUTHORITATIVE", help="YAML or JSON spec")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON to FILE")


def run(args: argparse.Namespace) -> int:
    from generator.compare.comparison import compare_documents
    from generator.compare.report import render_json, render_text
    from generator.spec.load import load_spec

    reconstructed, authoritative = args.reconstructed, args.authoritative
    comparison = compare_documents(
        load_spec(Path(reconstructed)).document,
        load_spec(Path(authoritative)).document,
        reconstructed,
        authoritative,
    )
    if args.json is not None:
        _write(args.json, render_json(comparison, reconstructed, authoritative))
    sys.stdout.write(render_text(comparison))
    return 0


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as error:
        raise RefgenError.at(Location(path), f"cannot write: {error.strerror or error}") from None
