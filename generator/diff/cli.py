"""`refgen diff`: argument parsing, input loading and exit codes; the work is elsewhere.

Exit status: 0 done (even with changes), 1 a change at or above `--fail-on`, or bad input
(`file: error: message` on stderr), 2 usage error.
"""

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator.diff.classify import classify_python
from generator.diff.codegen import generated_api
from generator.diff.compare import compare_sides
from generator.diff.errors import InputError
from generator.diff.load import Side, load_git_side, load_side
from generator.diff.python_api import ApiSnapshot, extract_api
from generator.diff.python_api_diff import diff_api
from generator.diff.records import Finding, Level, Report
from generator.diff.render import RENDERERS
from generator.diff.rules import REGISTRY

PROG = "refgen diff"
DEFAULT_SPEC = Path("spec/openapi.yaml")
LEVELS = [level.value for level in Level]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="What changed between two OpenAPI documents, and what it breaks for the "
                    "people who use the generated client.",
        epilog="BASE and REVISION are OpenAPI documents (.yaml/.yml/.json, with an optional "
               "<name>.sourcemap.json beside them), page files (.md) or page directories.",
    )
    parser.add_argument("base", nargs="?", type=Path, help="the old document or pages")
    parser.add_argument("revision", nargs="?", type=Path, help="the new document or pages")
    parser.add_argument("--base", dest="git_ref", metavar="REF",
                        help="compare --spec at git REF with the working tree file")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC,
                        help=f"the spec file for --base (default: {DEFAULT_SPEC})")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--fail-on", choices=["breaking", "warning"],
                        help="exit with status 1 if a change at this level or worse is found")
    parser.add_argument("--min-level", choices=LEVELS, default="info",
                        help="leave out changes below this level (default: show all)")
    parser.add_argument("--python", action="store_true",
                        help="also compare the public API of the client generated for each side")
    parser.add_argument("--package", default="client",
                        help="package name to generate with --python (default: client)")
    parser.add_argument("--python-packages", nargs=2, type=Path, metavar=("BASE_DIR", "REV_DIR"),
                        help="also compare the public API of two generated package directories")
    parser.add_argument("--output", type=Path, help="write the report here instead of stdout")
    parser.add_argument("--rules", action="store_true",
                        help="print the rule table (id, level, meaning) as markdown and exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else sys.argv[1:])
    except SystemExit as stop:  # argparse exits on usage errors (2) and on --help (0)
        return int(stop.code or 0)
    if args.rules:
        sys.stdout.write(rules_table())
        return 0
    problem = _usage_problem(args)
    if problem:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:
        report = build_report(args)
        _write(RENDERERS[args.format](_at_least(report, Level(args.min_level))), args.output)
    except InputError as error:
        print(error, file=sys.stderr)
        return 1
    return _exit_status(report, args.fail_on)  # hidden changes count: --min-level only hides


def _usage_problem(args: argparse.Namespace) -> str | None:
    given = [path for path in (args.base, args.revision) if path is not None]
    if args.git_ref is not None:
        return "--base REF compares --spec; give no BASE or REVISION with it" if given else None
    if len(given) == 1:
        return "give both BASE and REVISION"
    if not given and args.python_packages is None:
        return "give BASE and REVISION, or --base REF"
    if args.python and not given:
        return "--python needs BASE and REVISION (or --base REF)"
    return None


def build_report(args: argparse.Namespace) -> Report:
    findings: list[Finding] = []
    labels = ("", "")
    sides = _load_sides(args)
    if sides is not None:
        base, revision = sides
        spec_report = compare_sides(base, revision)
        findings += spec_report.findings
        labels = (base.label, revision.label)
        if args.python:
            findings += classify_python(diff_api(
                generated_api(base.document, args.package, base.label),
                generated_api(revision.document, args.package, revision.label)))
    if args.python_packages is not None:
        base_dir, revision_dir = args.python_packages
        findings += classify_python(diff_api(_package_api(base_dir), _package_api(revision_dir)))
        labels = labels if sides is not None else (str(base_dir), str(revision_dir))
    return Report(*labels, findings=tuple(sorted(findings, key=Finding.sort_key)))


def _at_least(report: Report, threshold: Level) -> Report:
    return replace(report, findings=tuple(f for f in report.findings if f.level.at_least(threshold)))


def _load_sides(args: argparse.Namespace) -> tuple[Side, Side] | None:
    if args.git_ref is not None:
        return load_git_side(args.git_ref, args.spec), load_side(args.spec)
    if args.base is None or args.revision is None:
        return None
    return load_side(args.base), load_side(args.revision)


def _package_api(directory: Path) -> ApiSnapshot:
    if not directory.is_dir():
        raise InputError(str(directory), "not a directory of Python sources")
    try:
        return extract_api(directory)
    except SyntaxError as error:
        raise InputError(f"{error.filename}:{error.lineno}",
                         f"not valid Python: {error.msg}") from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(str(output), f"cannot write: {error.strerror}") from None


def _exit_status(report: Report, fail_on: str | None) -> int:
    worst = report.worst()
    if fail_on is None or worst is None:
        return 0
    return 1 if worst.at_least(Level(fail_on)) else 0


def rules_table() -> str:
    lines = ["| rule | level | meaning |", "| --- | --- | --- |"]
    for rule in REGISTRY.values():
        lines.append(f"| `{rule.id}` | {rule.level.value} | {rule.meaning} |")
    return "\n".join(lines) + "\n"
