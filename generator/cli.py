"""Command line: argument parsing and exit codes only; the work is done by the pipeline.

Exit status: 0 success, 1 bad input (or `check` found differences), 2 bad usage.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from generator import __version__
from generator.diagnostics import Diagnostic, Location, RefgenError
from generator.gcpause import without_gc

if TYPE_CHECKING:
    from generator.config import Config
    from generator.render.files import Templates

# The pipeline (Jinja, the OpenAPI builder, the renderer) and the configuration are imported
# by the commands that use them, not here: a `refgen build` that finds nothing changed never
# needs the pipeline, and `refgen generate` starts its worker on the YAML before it imports
# what renders.

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


def _parse(args: argparse.Namespace) -> int:
    from generator.output import write_file
    from generator.ownership import check_file_target
    from generator.pages.reader import find_pages
    from generator.pipeline import parse_pages
    from generator.yamlio import dump_document

    overlay = Path(args.overlay) if args.overlay else None
    pages = [Path(p) for p in args.pages]
    output = Path(args.output)
    source_map = Path(args.source_map) if args.source_map else None
    inputs = [*find_pages(pages), *([overlay] if overlay is not None else [])]
    check_file_target(output, inputs, "OpenAPI document")  # before the work, and before
    if source_map is not None:  # either file is written
        check_file_target(source_map, inputs, "source map")
    result = parse_pages(pages, overlay=overlay, jobs=args.jobs, source_map=source_map is not None)
    _report(result.diagnostics, args.strict)
    write_file(output, dump_document(result.document, output), inputs, "OpenAPI document")
    if source_map is not None:
        write_file(source_map, result.sources.dumps(), inputs, "source map")
    return EXIT_OK


@without_gc  # (the whole command: the document read in a worker arrives as new objects)
def _generate(args: argparse.Namespace) -> int:
    from generator.ownership import check_tree_place
    from generator.pages.reader import display_path
    from generator.twins import load_spec_twinned, twin_folder

    source = Path(args.openapi)
    output = Path(args.output)
    templates = Path(args.templates) if args.templates else None
    inputs = [source, *([templates] if templates is not None else [])]
    check_tree_place(output, inputs)  # before the work: `-o .` fails at once
    shown = display_path(source)
    loading = load_spec_twinned(source, shown, twin_folder(), args.jobs)
    try:
        prepared = _prepared(templates) if loading.forked else None  # while it is read
        files = _generated(args, loading.result().document, shown, source, templates, prepared)
        loading.then_result()  # the twin, kept while the files were made
    finally:
        loading.cancel()  # (an error came first)
    from generator.output import write_tree  # (not before the worker starts: it waits)

    write_tree(output, files, inputs)
    return EXIT_OK


def _prepared(templates: Path | None) -> Templates:
    from generator.generation import prepared_templates

    return prepared_templates(templates)


def _generated(
    args: argparse.Namespace,
    document: dict[str, Any],
    shown: str,
    source: Path,
    templates: Path | None,
    prepared: Templates | None = None,
) -> dict[str, str]:
    """The files of `document`, or the error of a document that cannot be generated from."""
    from generator.generation import render_files
    from generator.openapi.paths import path_errors
    from generator.spec.load import load_spec

    # The lines of the document's values only for an error to point at: reading them costs
    # a third of reading the YAML.
    located = functools.cache(lambda: load_spec(source, locations=True, label=shown))
    errors = path_errors(document, lambda pointer: Location(shown, located().line_of(pointer) or 0))
    if errors:
        raise RefgenError(errors)
    try:
        files = render_files(
            document,
            args.package,
            templates,
            client_name=args.client_name,
            jobs=args.jobs,
            prepared=prepared,
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        if args.debug:
            raise
        # A document of a shape the renderer does not expect (say `paths: []`); validating
        # every input up front would cost seconds on large specs, so the error is caught here.
        raise RefgenError(
            [
                Diagnostic(
                    "error",
                    f"cannot generate from this document ({type(error).__name__}: {error}); "
                    "check it with openapi-spec-validator",
                    Location(args.openapi),
                )
            ]
        ) from None
    return files


@without_gc  # (the whole command, as build() runs: the graphs it makes live until the end)
def _build(args: argparse.Namespace) -> int:
    from generator.cache import BuildCache
    from generator.config import load_config

    config = load_config(Path(args.config))
    cache = BuildCache(config)
    # Before any worker starts: a build found up to date costs no fork (by the stamp, it
    # reads nothing; by the digests, after a `touch` or a checkout, it reads every file).
    if not args.force and (hit := cache.lookup()) is not None:
        return _up_to_date(config, hit.diagnostics, args.strict)
    from generator.building import Build

    cache.begin()  # before the worker reads any input
    with Build(config, args.jobs) as building:  # the worker parses from here on; meanwhile:
        inputs = _check_places(config)  # (their error first and alone)
        cache.key()  # what the record will hold, taken while the worker parses
        output = building.output()
    from generator.output import old_trees_removed_meanwhile, write_file, write_tree

    _report(output.diagnostics, args.strict)
    # The record's digests are taken while the outputs are written, and the old tree is
    # removed while the files are; the tree is written first, and write_tree checks it whole
    # before it writes anything (the files were checked while the worker parsed, and are
    # checked again as they are written).
    outputs = (output.openapi, output.source_map, output.generated)
    recording = cache.recording(*outputs, output.diagnostics)
    with recording as record, old_trees_removed_meanwhile():
        write_tree(config.generated, output.generated, inputs)
        write_file(config.source_map, output.source_map, inputs, "source map")
        write_file(config.openapi, output.openapi, inputs, "OpenAPI document")
        record.keep()
    print(
        f"wrote {_shown(config.openapi)}, {_shown(config.source_map)} and "
        f"{len(output.generated)} files in {_shown(config.generated)}"
    )
    return EXIT_OK


def _up_to_date(config: Config, diagnostics: list[Diagnostic], strict: bool) -> int:
    _report(diagnostics, strict)
    print(
        f"{_shown(config.openapi)}, {_shown(config.source_map)} and "
        f"{_shown(config.generated)} are up to date (nothing changed since the last build)"
    )
    return EXIT_OK


def _check_places(config: Config) -> list[Path]:
    """The checks of the places a build writes to that need no output (done while the
    worker parses, so that a bad place fails before any work is kept); the inputs, which no
    output may replace."""
    from generator.ownership import check_file_target, check_tree_place

    inputs = config.inputs()
    check_tree_place(config.generated, inputs)
    check_file_target(config.source_map, inputs, "source map")
    check_file_target(config.openapi, inputs, "OpenAPI document")
    return inputs


def _check(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.output import read_output, read_tree, unified_diff
    from generator.pipeline import build

    config = load_config(Path(args.config))
    output = build(config, args.jobs)
    _report(output.diagnostics, args.strict)
    differences = unified_diff(
        output.generated, read_tree(config.generated), _shown(config.generated)
    )
    for path, expected in (
        (config.openapi, output.openapi),
        (config.source_map, output.source_map),
    ):
        actual = read_output(path) if os.path.lexists(path) else None
        differences += unified_diff(
            {path.name: expected},
            {path.name: actual} if actual is not None else {},
            _shown(path.parent),
        )
    if differences:
        sys.stdout.write(differences)
        print("refgen check: the outputs are stale; run `make generate`", file=sys.stderr)
        return EXIT_INPUT
    print("refgen check: spec and generated code are up to date")
    return EXIT_OK


def _fetch(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.fetch.progress import progress_on
    from generator.fetch.run import describe_changes, fetch, fetch_date, summary

    config = load_config(Path(args.config))
    result = fetch(config, progress_on(sys.stderr), fetch_date(), check=args.check)
    for line in describe_changes(result, config.root, args.check):
        print(line)
    for warning in result.warnings:
        print(warning.render(), file=sys.stderr)
    failed = args.check and result.differs
    print(summary(result, config, args.check), file=sys.stderr if failed else sys.stdout)
    return EXIT_INPUT if failed else EXIT_OK


def _shown(path: Path) -> str:
    from generator.pages.reader import display_path

    return display_path(path)


def _report(diagnostics: list[Diagnostic], strict: bool) -> None:
    """Print the warnings; with --strict they are errors and stop the run before any write."""
    warnings = [d for d in diagnostics if d.severity == "warning"]
    if strict and warnings:
        raise RefgenError([Diagnostic("error", d.message, d.location, d.quote) for d in warnings])
    for diagnostic in diagnostics:
        print(diagnostic.render(), file=sys.stderr)


def _package_name(text: str) -> str:
    from generator.naming import package_name_problem

    if (problem := package_name_problem(text)) is not None:
        raise argparse.ArgumentTypeError(f"{text!r} {problem}")
    return text


def _client_name(text: str) -> str:
    from generator.config import client_name_problem

    if (problem := client_name_problem(text)) is not None:
        raise argparse.ArgumentTypeError(f"{text!r} {problem}")
    return text


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return jobs


def _add_jobs(command: argparse.ArgumentParser) -> None:
    from generator.forked import default_jobs

    command.add_argument(
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        metavar="N",
        help="processes to use (default: the cores, at most 2, the most that pays); every N "
        "gives the same bytes",
    )


def _configure_parse(parse: argparse.ArgumentParser) -> None:
    parse.add_argument("pages", nargs="+", metavar="PAGE_OR_DIR")
    parse.add_argument("-o", "--output", required=True, help="output file (.yaml or .json)")
    parse.add_argument("--source-map", help="also write the source map (JSON) here")
    parse.add_argument("--overlay", help="an OpenAPI Overlay 1.0 file applied after parsing")
    parse.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_jobs(parse)


def _configure_generate(generate: argparse.ArgumentParser) -> None:
    generate.add_argument("openapi", metavar="OPENAPI")
    generate.add_argument("-o", "--output", required=True, help="output directory")
    generate.add_argument(
        "--package", default="api_client", type=_package_name, help="Python package name"
    )
    generate.add_argument("--templates", help="folder of template overrides")
    generate.add_argument(
        "--client-name",
        type=_client_name,
        help="name of the client classes, as refgen.yaml's client: {name: ...} (Acme gives "
        "Acme, AsyncAcme and AcmeError; default Client and AsyncClient)",
    )
    _add_jobs(generate)


def _configure_check(command: argparse.ArgumentParser) -> None:
    from generator.config import DEFAULT_CONFIG

    command.add_argument("--config", default=str(DEFAULT_CONFIG), help="path to refgen.yaml")
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_jobs(command)


def _configure_build(command: argparse.ArgumentParser) -> None:
    _configure_check(command)
    command.add_argument(
        "--force",
        action="store_true",
        help="rebuild even when nothing changed since the last build",
    )


def _configure_fetch(fetch: argparse.ArgumentParser) -> None:
    from generator.config import DEFAULT_CONFIG

    fetch.add_argument("--config", default=str(DEFAULT_CONFIG), help="path to refgen.yaml")
    fetch.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the "
        "added, removed and changed pages when upstream differs from the lock",
    )


def _imported(module: str, name: str) -> Callable[..., Any]:
    """`module`.`name`, imported when first called: a command's module (its own argument
    types, its reports) is imported only when that command runs or is described."""

    def call(*args: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args)

    return call


@dataclass(frozen=True)
class Command:
    """A subcommand: its arguments, its work, and (optionally) the checks on how its
    arguments combine that argparse cannot express (a message is a usage error, status 2).
    Adding a command is adding one of these to COMMANDS. The modules they come from import
    their heavy parts inside `run`, so that `refgen build` with nothing to do starts fast."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    usage_problem: Callable[[argparse.Namespace], str | None] | None = None


COMMANDS = (
    Command("build", "read refgen.yaml, write the spec and generated/", _configure_build, _build),
    Command("check", "exit 1 with a diff when outputs are stale", _configure_check, _check),
    Command("parse", "reference pages → OpenAPI 3.1 document", _configure_parse, _parse),
    Command("generate", "OpenAPI document → models, client, docs", _configure_generate, _generate),
    Command(
        "fetch",
        "download the pages of the remote sources and lock them (docs/fetch.md)",
        _configure_fetch,
        _fetch,
    ),
    Command(
        "compare",
        "fidelity against an authoritative spec",
        _imported("generator.compare.cli", "configure"),
        _imported("generator.compare.cli", "run"),
    ),
    Command(
        "diff",
        "review changes between two specs",
        _imported("generator.diff.cli", "configure"),
        _imported("generator.diff.cli", "run"),
        _imported("generator.diff.cli", "usage_problem"),
    ),
)


def parser(
    chosen: str | None = None,
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The top-level parser, and each command's own (which reports its usage errors); with
    `chosen`, only that command's arguments are described (the others' are never parsed)."""
    top = argparse.ArgumentParser(
        prog="refgen",
        description="API reference pages → OpenAPI 3.1 fragment, Pydantic models, client, docs.",
    )
    top.add_argument("--version", action="version", version=f"refgen {__version__}")
    top.add_argument("--debug", action="store_true", help="show tracebacks")
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {}
    for command in COMMANDS:
        parsers[command.name] = subparsers.add_parser(
            command.name, help=command.help, description=command.help
        )
        if chosen in (None, command.name):
            command.configure(parsers[command.name])
        parsers[command.name].set_defaults(chosen=command)
    return top, parsers


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # The top level's options take no value, so the first word that is no option names the
    # command (argparse takes no abbreviation of a command's name).
    named = next((a for a in arguments if not a.startswith("-")), None)
    top, parsers = parser(named if named in {c.name for c in COMMANDS} else None)
    try:
        args = top.parse_args(arguments)
        chosen: Command = args.chosen
        problem = chosen.usage_problem(args) if chosen.usage_problem else None
        if problem:
            parsers[chosen.name].error(problem)
    except SystemExit as exit_:  # usage errors (2), --help and --version (0)
        return int(exit_.code or 0)
    return _reported(lambda: int(chosen.run(args)), debug=args.debug)


def run() -> NoReturn:
    """The `refgen` program: main(), then out at once. A command's objects (the document,
    the template context, the files) are left for the system to take back with the process
    rather than freed one by one at exit (0.03–0.1 s on the OpenAI spec): every file is
    written, every worker waited for and every temporary folder removed by then, and no
    atexit handler of refgen's or its libraries' has work left. Only what is printed is
    flushed first; when that fails (a closed pipe), Python's own exit reports it."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 (Python's exit prints it, exit status 120)
        raise SystemExit(status) from None
    os._exit(status)


def _reported(run: Callable[[], int], debug: bool) -> int:
    """Run a command: a user mistake (RefgenError) or a failure of the system (OSError: a
    file that cannot be read or written) is printed as `place: error: reason`, exit status 1,
    no traceback unless --debug."""
    try:
        return run()
    except KeyboardInterrupt:
        return 130
    except (RefgenError, OSError, RecursionError) as error:
        if debug:
            raise
        for diagnostic in _diagnostics_of(error):
            print(diagnostic.render(), file=sys.stderr)
        return EXIT_INPUT


def _diagnostics_of(error: Exception) -> list[Diagnostic]:
    if isinstance(error, RefgenError):
        return error.diagnostics
    if isinstance(error, OSError):
        place = error.filename if error.filename is not None else "refgen"
        return [Diagnostic("error", error.strerror or str(error), Location(str(place)))]
    # A last resort: every input is bounded (yamlio.MAX_DEPTH, the pages' 100 levels) so
    # that this is never reached.
    return [
        Diagnostic(
            "error", "the input is nested too deeply (Python's recursion limit)", Location("refgen")
        )
    ]
