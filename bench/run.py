"""refgen's benchmark: `make bench`, or `.venv/bin/python bench/run.py [--runs N] [...]`.

Prints, for a whole documentation tree (by default ../shared/corpus/anthropic/2026-08-22):

- the stages in process (pages → OpenAPI document; document → formatted package and docs,
  written to disk), with peak memory, MB/s and the counts of pages, operations and schemas;
- the commands as users run them: `refgen parse`, `refgen generate`, `refgen build` and a
  `make generate` that finds nothing changed;
- datamodel-codegen (pydantic v2 models, with `--formatters builtin` and with its default
  formatters) and openapi-python-client on the same reconstructed fragment, as ratios to
  `refgen generate`, with their failures;
- linearity: the same stages on size-balanced quarter and half subsets of the tree;
- with --limits, the pathological pages of issue 6 (a body of 100,000 fields; a 51 MB page).

Every figure is the median of --runs runs (min and max beside it), each run a fresh process;
peak memory is that process's maximum resident set (wait4). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.inputs import balanced_subset, big_page, tree_pages, wide_page

DEFAULT_TREE = ROOT.parent / "shared" / "corpus" / "anthropic" / "2026-08-22"
BIN = Path(sys.executable).parent
OPERATION_LINE = re.compile(rb"^\*\*[A-Za-z]+\*\*\s+`(/[^`]*)`\s*$", re.MULTILINE)


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """One process, timed from start to exit; its own peak RSS from wait4."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_maxrss / 1024,
            process.returncode,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


@dataclass
class Series:
    name: str
    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        self.values.append(value)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def show(self, unit: str = "s", digits: int = 2) -> str:
        if not self.values:
            return "n/a"
        low, high = min(self.values), max(self.values)
        return f"{self.median:.{digits}f} {unit} (min {low:.{digits}f}, max {high:.{digits}f})"


def stages(tree: Path, runs: int) -> tuple[dict[str, Series], dict[str, int]]:
    """The stages in process, each run in a fresh interpreter (bench/run.py --stages); the
    series of each figure, and the counts of the input and the output."""
    series: dict[str, Series] = {}
    counts: dict[str, int] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="refgen-bench-") as scratch:
            result = run(
                [sys.executable, str(Path(__file__)), "--stages", str(tree), "--out", scratch]
            )
        if result.returncode != 0:
            raise SystemExit(f"stages failed on {tree}:\n{result.stderr}")
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        counts = figures.pop("counts")
        figures["peak_mb"] = result.peak_mb
        for name, value in figures.items():
            series.setdefault(name, Series(name)).add(value)
    return series, counts


def worker(tree: Path, out: Path) -> None:
    """--stages: time the stages of one build in this process and print them as JSON."""
    from generator.output import write_tree
    from generator.pipeline import parse_pages, render_files
    from generator.yamlio import dump_document

    start = time.perf_counter()
    parsed = parse_pages([tree])
    parse = time.perf_counter() - start
    start = time.perf_counter()
    fragment = dump_document(parsed.document, Path("openapi.yaml"))
    source_map = parsed.sources.dumps()
    dump = time.perf_counter() - start
    start = time.perf_counter()
    files = render_files(parsed.document, "anthropic_client")
    render = time.perf_counter() - start
    start = time.perf_counter()
    write_tree(out / "generated", files)
    write = time.perf_counter() - start
    pages = tree_pages(tree) if tree.is_dir() else [tree]
    data = [page.read_bytes() for page in pages]
    occurrences = [m for text in data for m in OPERATION_LINE.findall(text)]
    document = parsed.document
    counts = {
        "pages": parsed.pages,
        "bytes": sum(len(d) for d in data),
        "lines": sum(d.count(b"\n") for d in data),
        "operation_lines": len(occurrences),
        "operations": sum(len(item) for item in document["paths"].values()),
        "schemas": len(document["components"]["schemas"]),
        "generated_files": len(files),
        "generated_python_lines": sum(t.count("\n") for p, t in files.items() if p.endswith(".py")),
        "fragment_bytes": len(fragment.encode()) + len(source_map.encode()),
    }
    print(
        json.dumps(
            {
                "parse": parse,
                "dump": dump,
                "render": render,
                "write": write,
                "generate": render + write,
                "parse_generate": parse + render + write,
                "build": parse + dump + render + write,
                "counts": counts,
            }
        )
    )


# -- the report --------------------------------------------------------------------------------


def heading(text: str) -> None:
    print(f"\n## {text}\n")


def report_stages(tree: Path, runs: int) -> tuple[dict[str, Series], dict[str, int]]:
    series, counts = stages(tree, runs)
    megabytes = counts["bytes"] / 1e6
    heading(f"Stages in process: {tree} ({runs} runs, each a fresh process)")
    print(
        f"input: {counts['pages']} pages, {megabytes:.1f} MB, {counts['lines']:,} lines, "
        f"{counts['operations']} distinct operations appearing {counts['operation_lines']} times"
    )
    print(
        f"output: {counts['schemas']} schemas; {counts['generated_files']} files, "
        f"{counts['generated_python_lines']:,} lines of Python"
    )
    rows = [
        ("parse (pages → OpenAPI document)", "parse"),
        ("  fragment + source map text (YAML, JSON)", "dump"),
        ("generate: render + ruff (in memory)", "render"),
        ("generate: write the tree (atomic swap)", "write"),
        ("generate (models, client, docs, formatting, write)", "generate"),
        ("parse + generate", "parse_generate"),
        ("everything `refgen build` does in process", "build"),
    ]
    for label, key in rows:
        print(f"{label:52} {series[key].show()}")
    print(f"{'peak memory (max RSS of the process)':52} {series['peak_mb'].show('MB', 0)}")
    speed = Series("MB/s", [megabytes / v for v in series["parse_generate"].values])
    print(f"{'throughput (input MB / parse + generate)':52} {speed.show('MB/s', 1)}")
    return series, counts


def report_commands(tree: Path, runs: int, work: Path) -> dict[str, Series]:
    heading(f"Commands as users run them ({runs} runs)")
    refgen = str(BIN / "refgen")
    fragment = work / "openapi.yaml"
    results: dict[str, Series] = {}

    def measure(
        name: str,
        command: list[str],
        cwd: Path | None = None,
        prepare: Callable[[], None] | None = None,
    ) -> None:
        series = Series(name)
        memory = Series(name)
        for _ in range(runs):
            if prepare is not None:
                prepare()
            result = run(command, cwd=cwd)
            if result.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
            series.add(result.seconds)
            memory.add(result.peak_mb)
        results[name] = series
        print(f"{name:52} {series.show()}, peak {memory.show('MB', 0)}")

    measure("refgen parse TREE -o openapi.yaml", [refgen, "parse", str(tree), "-o", str(fragment)])
    # Each generation into a new folder, as the first one (removing the previous tree is
    # not timed; replacing a tree costs its deletion too, see `refgen build` below).
    out = work / "refgen-out"

    def fresh() -> None:
        shutil.rmtree(out, ignore_errors=True)

    measure(
        "refgen generate openapi.yaml -o NEW_DIR",
        [refgen, "generate", str(fragment), "-o", str(out), "--package", "anthropic_client"],
        prepare=fresh,
    )
    as_json = work / "openapi.json"  # the same fragment as JSON: no YAML to read
    measure("refgen parse TREE -o openapi.json", [refgen, "parse", str(tree), "-o", str(as_json)])
    measure(
        "refgen generate openapi.json -o NEW_DIR",
        [refgen, "generate", str(as_json), "-o", str(out), "--package", "anthropic_client"],
        prepare=fresh,
    )
    project = work / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copytree(tree, project / "spec" / "pages")
    (project / "spec" / "refgen.yaml").write_text(
        'title: Anthropic API\nversion: "2026-08-22"\npackage: anthropic_client\n'
        'sources: ["pages/**/*.md"]\n',
        encoding="utf-8",
    )
    (project / "Makefile").write_text(f"generate:\n\t{refgen} build\n", encoding="utf-8")
    measure(
        "refgen build --force (replaces the whole tree)", [refgen, "build", "--force"], cwd=project
    )
    measure("make generate, nothing changed (no-op build)", ["make", "-s", "generate"], cwd=project)
    measure("refgen build, nothing changed (no-op)", [refgen, "build"], cwd=project)
    return results


def report_competitors(work: Path, runs: int, refgen_generate: dict[str, Series]) -> None:
    heading(f"The same fragment through other generators ({runs} runs each)")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    for suffix in ("yaml", "json"):
        fragment = work / f"openapi.{suffix}"
        tools = [
            (
                "datamodel-codegen, pydantic v2, --formatters builtin",
                "datamodel-codegen",
                [
                    "--input",
                    str(fragment),
                    "--input-file-type",
                    "openapi",
                    "--output-model-type",
                    "pydantic_v2.BaseModel",
                    "--formatters",
                    "builtin",
                    "--output",
                    str(work / "dm1.py"),
                ],
            ),
            (
                "datamodel-codegen, pydantic v2, default (black, isort)",
                "datamodel-codegen",
                [
                    "--input",
                    str(fragment),
                    "--input-file-type",
                    "openapi",
                    "--output-model-type",
                    "pydantic_v2.BaseModel",
                    "--output",
                    str(work / "dm2.py"),
                ],
            ),
            (
                "openapi-python-client generate (ruff hooks)",
                "openapi-python-client",
                [
                    "generate",
                    "--path",
                    str(fragment),
                    "--output-path",
                    str(work / "opc"),
                    "--overwrite",
                    "--meta",
                    "none",
                ],
            ),
        ]
        ours = refgen_generate[suffix]
        print(f"fragment as {suffix.upper()}:")
        print(f"  {'refgen generate (models, client and docs)':56} {ours.show()}")
        for label, executable, arguments in tools:
            path = BIN / executable
            if not path.exists():
                print(f"  {label:56} not installed (pip install -e '.[bench]')")
                continue
            series, memory = Series(label), Series(label)
            failure = ""
            for _ in range(runs):
                for previous in (work / "dm1.py", work / "dm2.py"):  # each run writes anew
                    previous.unlink(missing_ok=True)
                shutil.rmtree(work / "opc", ignore_errors=True)
                result = run([str(path), *arguments], env=environment)
                series.add(result.seconds)
                memory.add(result.peak_mb)
                failure = _failures(executable, result)
            ratio = series.median / ours.median
            print(
                f"  {label:56} {series.show()}, peak {memory.show('MB', 0)}: "
                f"{ratio:.1f}× refgen generate"
            )
            if failure:
                print(f"  {'':56} {failure}")


def _failures(executable: str, result: Run) -> str:
    text = result.stdout + result.stderr
    found = []
    if result.returncode != 0:
        found.append(f"exit status {result.returncode}: {text.strip().splitlines()[-1:]}")
    skipped = text.count("Endpoint will not be generated")
    if skipped:
        reasons = sorted(
            {
                line.strip()
                for line in text.splitlines()
                if "is not allowed in" in line or "Could not" in line
            }
        )
        found.append(f"{skipped} endpoints not generated ({'; '.join(reasons[:2])})")
    if "ruff is not in PATH" in text:
        found.append("its ruff post-hooks did not run")
    return "; ".join(found)


def report_linearity(
    tree: Path, runs: int, work: Path, whole: tuple[dict[str, Series], dict[str, int]]
) -> None:
    heading("Linearity: size-balanced subsets of the tree (see bench/inputs.py)")
    print(
        f"{'subset':8} {'pages':>6} {'MB':>6} {'parse':>8} {'generate':>9} {'parse+gen':>10} "
        f"{'s per MB':>9} {'peak MB':>8} {'schemas':>8}"
    )
    rows = [
        (f"1/{parts}", stages(balanced_subset(tree, parts, work / f"subset-{parts}"), runs))
        for parts in (4, 2)
    ]
    rows.append(("whole", whole))
    for label, (series, counts) in rows:
        megabytes = counts["bytes"] / 1e6
        total = series["parse_generate"].median
        print(
            f"{label:8} {counts['pages']:>6} {megabytes:>6.1f} {series['parse'].median:>7.2f}s "
            f"{series['generate'].median:>8.2f}s {total:>9.2f}s {total / megabytes:>8.3f}s "
            f"{series['peak_mb'].median:>8.0f} {counts['schemas']:>8}"
        )


def report_limits(tree: Path, work: Path) -> None:
    heading("Pathological pages (issue 6): `refgen parse PAGE -o out.yaml`, one run each")
    refgen = str(BIN / "refgen")
    cases = [
        (f"wide: {n:,} fields in one body", wide_page(work / f"wide-{n}.md", n))
        for n in (25_000, 50_000, 100_000)
    ]
    cases += [(f"big: beta.md × {n}", big_page(tree, work / f"big-{n}.md", n)) for n in (4, 7, 14)]
    for label, page in cases:
        result = run([refgen, "parse", str(page), "-o", str(work / "limit.yaml")])
        size = page.stat().st_size / 1e6
        status = "" if result.returncode == 0 else f" (exit {result.returncode})"
        print(
            f"{label:34} {size:6.1f} MB {result.seconds:7.2f} s {result.peak_mb:6.0f} MB peak"
            f"{status}"
        )


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("tree", nargs="?", default=str(DEFAULT_TREE))
    options.add_argument("--runs", type=int, default=5, help="runs per figure (default 5)")
    options.add_argument("--competitor-runs", type=int, default=3)
    options.add_argument("--no-competitors", action="store_true")
    options.add_argument("--no-linearity", action="store_true")
    options.add_argument("--limits", action="store_true", help="also the pages of issue 6")
    options.add_argument("--no-client", action="store_true", help="skip bench/client.py")
    options.add_argument("--stages", help=argparse.SUPPRESS)
    options.add_argument("--out", help=argparse.SUPPRESS)
    args = options.parse_args()
    if args.stages:
        worker(Path(args.stages), Path(args.out))
        return 0
    tree = Path(args.tree).resolve()
    print(f"# refgen benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    whole = report_stages(tree, args.runs)
    with tempfile.TemporaryDirectory(prefix="refgen-bench-") as scratch:
        work = Path(scratch)
        commands = report_commands(tree, args.runs, work)
        if not args.no_competitors:
            report_competitors(
                work,
                args.competitor_runs,
                {
                    "yaml": commands["refgen generate openapi.yaml -o NEW_DIR"],
                    "json": commands["refgen generate openapi.json -o NEW_DIR"],
                },
            )
        if not args.no_linearity:
            report_linearity(tree, args.runs, work, whole)
        if args.limits:
            report_limits(tree, work)
    if not args.no_client:
        from bench.client import report_client

        report_client(tree, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
