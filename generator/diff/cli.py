"""`refgen diff`: its arguments and its run (registered in generator/cli.py).

Exit status: 0 done (even with changes), 1 a change at or above `--fail-on`, or bad input
(`file:line: error: message` on stderr), 2 usage error. The review itself is imported when the
command runs: `refgen build` never needs it.
"""

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Location, RefgenError
from generator.diff.records import Level, Report

if TYPE_CHECKING:
    from generator.diff.policy import Policy

DEFAULT_SPEC = Path("spec/openapi.yaml")
DEFAULT_CONFIG = Path("spec/refgen-diff.yaml")
FORMATS = ("text", "markdown", "json", "github", "sarif")  # = generator.diff.render.RENDERERS
LEVELS = [level.value for level in Level]
STEP_SUMMARY = "GITHUB_STEP_SUMMARY"  # the file GitHub Actions shows as the job summary
JOB_SUMMARY_CHARS = 1_000_000  # GitHub's limit for a step's summary is 1 MiB


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = (
        "What changed between two OpenAPI documents, and what it breaks for "
        "the people who use the generated client."
    )
    parser.epilog = (
        "BASE and REVISION are OpenAPI documents (.yaml/.yml/.json, with an "
        "optional <name>.sourcemap.json beside them), page files (.md) or page "
        "directories."
    )
    parser.add_argument("base", nargs="?", type=Path, help="the old document or pages")
    parser.add_argument("revision", nargs="?", type=Path, help="the new document or pages")
    parser.add_argument(
        "--base",
        dest="git_ref",
        metavar="REF",
        help="compare --spec at git REF with the working tree file",
    )
    parser.add_argument(
        "--spec",
        type=Path,
        default=DEFAULT_SPEC,
        help=f"the spec file for --base (default: {DEFAULT_SPEC})",
    )
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("-o", "--output", type=Path, help="write the report here, not stdout")
    parser.add_argument(
        "--fail-on",
        choices=["breaking", "warning"],
        help="exit with status 1 if a change at this level or worse is found",
    )
    parser.add_argument(
        "--min-level",
        choices=LEVELS,
        default="info",
        help="leave out changes below this level (they still count)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help=f"the team's settings: levels, ignores, baseline (default: "
        f"{DEFAULT_CONFIG} when it exists)",
    )
    parser.add_argument("--no-config", action="store_true", help=f"do not read {DEFAULT_CONFIG}")
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings that are not in this baseline",
    )
    parser.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write every current finding to FILE as the baseline, and exit",
    )
    parser.add_argument(
        "--job-summary",
        type=Path,
        metavar="FILE",
        help=f"with --format github: append the markdown report here "
        f"(default: ${STEP_SUMMARY} when set)",
    )
    parser.add_argument(
        "--python",
        action="store_true",
        help="also compare the public API of the client generated for each side",
    )
    parser.add_argument(
        "--package",
        default="client",
        help="package name to generate with --python (default: client)",
    )
    parser.add_argument(
        "--python-packages",
        nargs=2,
        type=Path,
        metavar=("BASE_DIR", "REV_DIR"),
        help="also compare the public API of two generated package directories",
    )
    parser.add_argument(
        "--rules",
        action="store_true",
        help="print the rule table (id, level, meaning) as markdown and exit",
    )


def usage_problem(args: argparse.Namespace) -> str | None:
    if args.rules:
        return None
    given = [path for path in (args.base, args.revision) if path is not None]
    if args.git_ref is not None:
        return "--base REF compares --spec; give no BASE or REVISION with it" if given else None
    if len(given) == 1:
        return "give both BASE and REVISION"
    if not given and args.python_packages is None:
        return "give BASE and REVISION, or --base REF"
    if args.python and not given:
        return "--python needs BASE and REVISION (or --base REF)"
    if args.config is not None and args.no_config:
        return "--config and --no-config exclude each other"
    return None


def run(args: argparse.Namespace) -> int:
    from generator.diff.policy import apply_policy, render_baseline
    from generator.diff.render import RENDERERS, render_markdown
    from generator.diff.review import Request, build_report
    from generator.diff.rules import rules_table

    if args.rules:
        sys.stdout.write(rules_table())
        return 0
    report = build_report(
        Request(
            base=args.base,
            revision=args.revision,
            git_ref=args.git_ref,
            spec=args.spec,
            python=args.python,
            package=args.package,
            python_packages=tuple(args.python_packages) if args.python_packages else None,
        )
    )
    policy = _policy(args)
    if args.write_baseline is not None:
        every = apply_policy(report, replace(policy, baseline=frozenset())).report.findings
        _write(render_baseline(every), args.write_baseline)
        print(
            f"refgen diff: wrote {len(every)} findings to {args.write_baseline.as_posix()}",
            file=sys.stderr,
        )
        return 0
    applied = apply_policy(report, policy)
    for warning in applied.warnings:
        print(warning.render(), file=sys.stderr)
    shown = _at_least(applied.report, Level(args.min_level))
    _write(RENDERERS[args.format](shown), args.output)
    summary = _job_summary(args)
    if summary is not None:
        _write(render_markdown(shown, limit=JOB_SUMMARY_CHARS), summary, append=True)
    return _exit_status(applied.report, args.fail_on)  # hidden changes count: --min-level hides


def _policy(args: argparse.Namespace) -> "Policy":
    from generator.diff.policy import Policy, load_policy, with_baseline

    config = args.config
    if config is None and not args.no_config and DEFAULT_CONFIG.is_file():
        config = DEFAULT_CONFIG
    policy = load_policy(config) if config is not None else Policy()
    return with_baseline(policy, args.baseline) if args.baseline is not None else policy


def _at_least(report: Report, threshold: Level) -> Report:
    shown = tuple(f for f in report.findings if f.level.at_least(threshold))
    return replace(report, findings=shown, hidden=len(report.findings) - len(shown))


def _job_summary(args: argparse.Namespace) -> Path | None:
    if args.format != "github":
        return None
    if args.job_summary is not None:
        return Path(args.job_summary)
    from_environment = os.environ.get(STEP_SUMMARY)
    return Path(from_environment) if from_environment else None


def _write(text: str, output: Path | None, append: bool = False) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        with output.open("a" if append else "w", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise RefgenError.at(
            Location(output.as_posix()), f"cannot write: {error.strerror or error}"
        ) from None


def _exit_status(report: Report, fail_on: str | None) -> int:
    worst = report.worst()
    if fail_on is None or worst is None:
        return 0
    return 1 if worst.at_least(Level(fail_on)) else 0
