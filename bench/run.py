"""refgen's benchmark: `make bench`, or `.venv/bin/python bench/run.py [--runs N] [...]`.

Prints, for a whole documentation tree (by default ../shared/corpus/anthropic/2026-08-22):

- the line-scan floor (a fresh Python process that reads every page and splits it into lines),
  and the commands as users run them, each as a ratio to that floor: `refgen parse`, `refgen
  generate`, `refgen build --force` and a `make generate` that finds nothing changed;
- the stages in process (pages → OpenAPI document; document → formatted package and docs,
  written to disk), with peak memory, MB/s and the counts of pages, operations and schemas;
- datamodel-codegen (pydantic v2 models, with `--formatters builtin` and with its default
  formatters) and openapi-python-client on the fragment refgen reconstructs from the tree and
  on the official OpenAI spec, as ratios to `refgen generate` on the same input;
- growth: the same stages on size-balanced quarter and half subsets of the tree, the tree, and
  twice the tree (a second copy with its paths moved to /v2/);
- with --limits, the pathological pages of issue 6 (a body of 100,000 fields; a 51 MB page).

The commands compared with one another run alternately (one run of each, then the next round),
so that a change of load on the machine falls on all of them alike. Every figure is the median
of --runs runs (min and max beside it), each run a fresh process, in wall time and in CPU time
(user + system of the process and its children; steadier than wall time on a shared machine);
peak memory is that process's maximum resident set (wait4). Nothing here is a pass/fail test.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import resource
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

from bench.inputs import balanced_subset, big_page, doubled_tree, tree_pages, wide_page

DEFAULT_TREE = ROOT.parent / "shared" / "corpus" / "anthropic" / "2026-08-22"
OPENAI_SPEC = ROOT.parent / "shared" / "anchors" / "openai-openapi" / "openapi.yaml"
BIN = Path(sys.executable).parent
OPERATION_LINE = re.compile(rb"^\*\*[A-Za-z]+\*\*\s+`(/[^`]*)`\s*$", re.MULTILINE)


def byte_compiled(code: Path) -> None:
    """Write the .pyc files of refgen's package under `code`, as pip does when it installs a
    wheel. Without them each run compiles every module again (about 0.15 s of CPU here), and
    nothing writes them by itself where PYTHONDONTWRITEBYTECODE is set (this machine sets it):
    datamodel-codegen and openapi-python-client, installed from wheels, have theirs."""
    compileall.compile_dir(code / "generator", quiet=1)


# -- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the process and the children it waited for
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """One process, timed from start to exit; its CPU time and peak RSS from wait4."""
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
            # Linux's wait4 counts the children the process waited for (ruff, say) in its usage.
            usage.ru_utime + usage.ru_stime,
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


@dataclass
class Measured:
    """The runs of one command: wall time, CPU time and peak memory."""

    label: str
    wall: Series = field(default_factory=lambda: Series("wall"))
    cpu: Series = field(default_factory=lambda: Series("cpu"))
    peak: Series = field(default_factory=lambda: Series("peak"))
    last: Run | None = None

    def add(self, result: Run) -> None:
        self.wall.add(result.seconds)
        self.cpu.add(result.cpu_seconds)
        self.peak.add(result.peak_mb)
        self.last = result

    def show(self) -> str:
        return f"{self.wall.show()}; CPU {self.cpu.median:.2f} s; peak {self.peak.median:.0f} MB"


@dataclass
class Command:
    label: str
    argv: list[str]
    cwd: Path | None = None
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None  # before each run, not timed
    must_succeed: bool = True  # a competitor's failure is reported, not fatal


def alternate(commands: list[Command], runs: int) -> dict[str, Measured]:
    """`runs` rounds of one run of each command in turn: a change of load on the machine
    falls on every command alike, which paired comparisons and ratios need."""
    results = {command.label: Measured(command.label) for command in commands}
    for _ in range(runs):
        for command in commands:
            if command.prepare is not None:
                command.prepare()
            result = run(command.argv, cwd=command.cwd, env=command.env)
            if result.returncode != 0 and command.must_succeed:
                raise SystemExit(f"{' '.join(command.argv)} failed:\n{result.stderr[-2000:]}")
            results[command.label].add(result)
    return results


def stages(trees: list[Path], runs: int) -> list[tuple[dict[str, Series], dict[str, int]]]:
    """The stages in process on each tree, each run in a fresh interpreter (bench/run.py
    --stages), the trees alternating; for each tree the series of each figure, and the counts
    of the input and the output."""
    found: list[tuple[dict[str, Series], dict[str, int]]] = [({}, {}) for _ in trees]
    for _ in range(runs):
        for tree, (series, counts) in zip(trees, found, strict=True):
            with tempfile.TemporaryDirectory(prefix="refgen-bench-") as scratch:
                result = run(
                    [sys.executable, str(Path(__file__)), "--stages", str(tree), "--out", scratch]
                )
            if result.returncode != 0:
                raise SystemExit(f"stages failed on {tree}:\n{result.stderr}")
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            counts.update(figures.pop("counts"))
            figures["peak_mb"] = result.peak_mb
            for name, value in figures.items():
                series.setdefault(name, Series(name)).add(value)
    return found


def worker(tree: Path, out: Path) -> None:
    """--stages: time the stages of one build in this process and print them as JSON."""
    from generator.output import write_tree
    from generator.pipeline import parse_pages, render_files
    from generator.yamlio import dump_document

    figures: dict[str, float] = {}

    def timed(name: str, start: tuple[float, float]) -> None:
        wall, cpu = _clocks()
        figures[name], figures[f"{name}_cpu"] = wall - start[0], cpu - start[1]

    start = _clocks()
    parsed = parse_pages([tree])
    timed("parse", start)
    start = _clocks()
    fragment = dump_document(parsed.document, Path("openapi.yaml"))
    source_map = parsed.sources.dumps()
    timed("dump", start)
    start = _clocks()
    files = render_files(parsed.document, "anthropic_client")
    timed("render", start)
    start = _clocks()
    write_tree(out / "generated", files)
    timed("write", start)
    for suffix in ("", "_cpu"):
        parse, dump, render, write = (figures[f"{n}{suffix}"] for n in STAGES)
        figures[f"generate{suffix}"] = render + write
        figures[f"parse_generate{suffix}"] = parse + render + write
        figures[f"build{suffix}"] = parse + dump + render + write
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
    print(json.dumps({**figures, "counts": counts}))


STAGES = ("parse", "dump", "render", "write")


def _clocks() -> tuple[float, float]:
    """Wall time, and the CPU time of this process and of the children it waited for (ruff)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return time.perf_counter(), cpu


# -- the report --------------------------------------------------------------------------------


def heading(text: str) -> None:
    print(f"\n## {text}\n")


def report_stages(tree: Path, series: dict[str, Series], counts: dict[str, int], runs: int) -> None:
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
        print(f"{label:52} {series[key].show()}; CPU {series[f'{key}_cpu'].median:.2f} s")
    print(f"{'peak memory (max RSS of the process)':52} {series['peak_mb'].show('MB', 0)}")
    speed = Series("MB/s", [megabytes / v for v in series["parse_generate"].values])
    print(f"{'throughput (input MB / parse + generate)':52} {speed.show('MB/s', 1)}")


FLOOR = "line-scan floor (read + split every line)"
PARSE = "refgen parse TREE -o openapi.yaml"
GENERATE = "refgen generate openapi.yaml -o NEW_DIR"
GENERATE_TWIN = "  the same, the YAML unchanged (its JSON twin)"
BUILD = "refgen build --force (replaces the whole tree)"
NO_OP = "make generate, nothing changed (no-op build)"
TWINS = "refgen-cache"  # in the run's work folder: $REFGEN_CACHE_DIR (generator/twins.py)


def report_commands(tree: Path, runs: int, work: Path) -> dict[str, Measured]:
    """The floor and refgen's commands on the tree, alternating, as ratios to the floor."""
    heading(f"Commands as users run them, against the line-scan floor ({runs} rounds)")
    refgen = str(BIN / "refgen")
    fragment = work / "openapi.yaml"
    as_json = work / "openapi.json"  # the same fragment as JSON: no YAML to read
    out = work / "refgen-out"

    def fresh() -> None:  # each generation into a new folder (removing the old is not timed)
        shutil.rmtree(out, ignore_errors=True)

    def first_read() -> None:  # and without the JSON twin of the YAML (generator/twins.py)
        fresh()
        shutil.rmtree(work / TWINS, ignore_errors=True)

    project = work / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copytree(tree, project / "spec" / "pages")
    (project / "spec" / "refgen.yaml").write_text(
        'title: Anthropic API\nversion: "2026-08-22"\npackage: anthropic_client\n'
        'sources: ["pages/**/*.md"]\n',
        encoding="utf-8",
    )
    (project / "Makefile").write_text(f"generate:\n\t{refgen} build\n", encoding="utf-8")
    package = ["--package", "anthropic_client"]
    commands = [
        Command(FLOOR, [sys.executable, str(Path(__file__).parent / "floor.py"), str(tree)]),
        Command(PARSE, [refgen, "parse", str(tree), "-o", str(fragment)]),
        Command(
            "refgen parse TREE -o openapi.json", [refgen, "parse", str(tree), "-o", str(as_json)]
        ),
        Command(
            GENERATE,
            [refgen, "generate", str(fragment), "-o", str(out), *package],
            prepare=first_read,
        ),
        Command(
            GENERATE_TWIN,
            [refgen, "generate", str(fragment), "-o", str(out), *package],
            prepare=fresh,
        ),
        Command(
            "refgen generate openapi.json -o NEW_DIR",
            [refgen, "generate", str(as_json), "-o", str(out), *package],
            prepare=fresh,
        ),
        Command(BUILD, [refgen, "build", "--force"], cwd=project),
        Command(NO_OP, ["make", "-s", "generate"], cwd=project),
        Command("refgen build, nothing changed (no-op)", [refgen, "build"], cwd=project),
    ]
    alternate(commands, 1)  # a first round, not counted: the page cache, the .pyc files
    results = alternate(commands, runs)
    floor = results[FLOOR]
    print(
        f"{'':48} {'wall (median, min, max)':33} {'× floor':>8} {'CPU':>7} {'× floor':>8} {'peak':>7}"
    )
    for label, measured in results.items():
        wall, cpu = measured.wall.median, measured.cpu.median
        print(
            f"{label:48} {measured.wall.show():33} {wall / floor.wall.median:>7.1f}× "
            f"{cpu:>6.2f}s {cpu / floor.cpu.median:>7.1f}× {measured.peak.median:>5.0f}MB"
        )
    return results


def report_competitors(work: Path, runs: int, builtin_only: bool = False) -> None:
    """refgen generate beside the other generators, on the tree's fragment and on the official
    OpenAI spec, each input's commands alternating."""
    heading(f"The same input through other generators ({runs} rounds, alternating)")
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    inputs = [("the tree's fragment (openapi.yaml)", work / "openapi.yaml", "anthropic_client")]
    if OPENAI_SPEC.is_file():
        inputs.append(
            (f"the official OpenAI spec ({OPENAI_SPEC.name})", OPENAI_SPEC, "openai_client")
        )
    ours = "refgen generate (models, client and docs)"
    twinned = "  the same, the YAML unchanged (its JSON twin)"
    for title, spec, package in inputs:
        commands = _generators(spec, package, work, environment, ours, twinned)
        if builtin_only:  # the comparison issue 16's target names, when time is short
            commands = [c for c in commands if c.label in (ours, twinned) or "builtin" in c.label]
        missing = [c for c in commands if not Path(c.argv[0]).exists()]
        results = alternate([c for c in commands if c not in missing], runs)
        print(f"{title}:")
        for command in missing:
            print(f"  {command.label:56} not installed (pip install -e '.[bench]')")
        base, warm = results[ours], results[twinned]
        for label, measured in results.items():
            ratio = ""
            if label not in (ours, twinned):
                ratio = (
                    f": {measured.wall.median / base.wall.median:.1f}× refgen's wall time, "
                    f"{measured.cpu.median / base.cpu.median:.1f}× its CPU time "
                    f"({measured.cpu.median / warm.cpu.median:.1f}× with the twin)"
                )
            print(f"  {label:56} {measured.show()}{ratio}")
            failure = _failures(measured.last) if measured.last else ""
            if failure:
                print(f"  {'':56} {failure}")


def _generators(
    spec: Path, package: str, work: Path, environment: dict[str, str], ours: str, twinned: str
) -> list[Command]:
    """refgen generate (reading the YAML, then its JSON twin) and the other generators on
    `spec`, each writing anew every run."""
    outputs = [work / "refgen-vs", work / "dm1.py", work / "dm2.py", work / "opc"]

    def fresh() -> None:
        for output in outputs:
            if output.is_dir():
                shutil.rmtree(output)
            else:
                output.unlink(missing_ok=True)

    def first_read() -> None:
        fresh()
        shutil.rmtree(work / TWINS, ignore_errors=True)

    def datamodel_codegen(output: Path, *formatters: str) -> list[str]:
        return [
            str(BIN / "datamodel-codegen"),
            *("--input", str(spec), "--input-file-type", "openapi"),
            *("--output-model-type", "pydantic_v2.BaseModel", *formatters),
            *("--output", str(output)),
        ]

    refgen = [str(BIN / "refgen"), "generate", str(spec), "-o", str(outputs[0])]
    return [
        Command(ours, [*refgen, "--package", package], prepare=first_read),
        Command(twinned, [*refgen, "--package", package], prepare=fresh),
        Command(
            "datamodel-codegen, pydantic v2, --formatters builtin",
            datamodel_codegen(outputs[1], "--formatters", "builtin"),
            env=environment,
            prepare=fresh,
            must_succeed=False,
        ),
        Command(
            "datamodel-codegen, pydantic v2, default (black, isort)",
            datamodel_codegen(outputs[2]),
            env=environment,
            prepare=fresh,
            must_succeed=False,
        ),
        Command(
            "openapi-python-client generate (ruff hooks)",
            [
                str(BIN / "openapi-python-client"),
                *("generate", "--path", str(spec), "--output-path", str(outputs[3])),
                *("--overwrite", "--meta", "none"),
            ],
            env=environment,
            prepare=fresh,
            must_succeed=False,
        ),
    ]


_OBJECT_ADDRESS = re.compile(r"<[\w.]*?(\w+) object at 0x[0-9a-f]+>")


def _failures(result: Run) -> str:
    text = result.stdout + result.stderr
    found = []
    if result.returncode != 0:
        found.append(f"exit status {result.returncode}: {text.strip().splitlines()[-1:]}")
    skipped = text.count("Endpoint will not be generated")
    if skipped:
        # A reason may print an object's repr, whose address differs from line to line and
        # from run to run: shown without it, the same reason is one reason.
        reasons = sorted(
            {
                _OBJECT_ADDRESS.sub(r"<\1>", line.strip())
                for line in text.splitlines()
                if "is not allowed in" in line or "Could not" in line
            }
        )
        found.append(f"{skipped} endpoints not generated ({'; '.join(reasons[:2])})")
    if "ruff is not in PATH" in text:
        found.append("its ruff post-hooks did not run")
    return "; ".join(found)


def report_growth(tree: Path, runs: int, work: Path, linearity: bool) -> None:
    """The stages on the tree, and with `linearity` on a quarter, a half and twice the tree
    (the sizes alternating), with the cost per MB of each."""
    sized = [("whole", tree)]
    if linearity:
        sized = [
            ("1/4", balanced_subset(tree, 4, work / "subset-4")),
            ("1/2", balanced_subset(tree, 2, work / "subset-2")),
            *sized,
            ("2×", doubled_tree(tree, work / "doubled")),
        ]
    found = dict(
        zip([label for label, _ in sized], stages([t for _, t in sized], runs), strict=True)
    )
    report_stages(tree, *found["whole"], runs)
    if not linearity:
        return
    heading(
        "Growth: size-balanced subsets of the tree, the tree, and twice the tree "
        "(bench/inputs.py; medians)"
    )
    print("CPU time (this process and ruff's), then wall time of parse + generate")
    print(
        f"{'size':6} {'pages':>6} {'MB':>6} {'parse':>8} {'generate':>9} {'parse+gen':>10} "
        f"{'s per MB':>9} {'wall':>8} {'peak MB':>8} {'schemas':>8} {'operations':>11}"
    )
    for label, (series, counts) in found.items():
        megabytes = counts["bytes"] / 1e6
        total = series["parse_generate_cpu"].median
        print(
            f"{label:6} {counts['pages']:>6} {megabytes:>6.1f} "
            f"{series['parse_cpu'].median:>7.2f}s {series['generate_cpu'].median:>8.2f}s "
            f"{total:>9.2f}s {total / megabytes:>8.3f}s "
            f"{series['parse_generate'].median:>7.2f}s {series['peak_mb'].median:>8.0f} "
            f"{counts['schemas']:>8} {counts['operations']:>11}"
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
    options.add_argument("--runs", type=int, default=5, help="rounds per figure (default 5)")
    options.add_argument("--competitor-runs", type=int, default=5)
    options.add_argument("--no-commands", action="store_true")
    options.add_argument("--no-competitors", action="store_true")
    options.add_argument(
        "--builtin-only",
        action="store_true",
        help="of the other generators, datamodel-codegen --formatters builtin alone",
    )
    options.add_argument("--no-linearity", action="store_true")
    options.add_argument("--limits", action="store_true", help="also the pages of issue 6")
    options.add_argument("--stages", help=argparse.SUPPRESS)
    options.add_argument("--out", help=argparse.SUPPRESS)
    args = options.parse_args()
    if args.stages:
        worker(Path(args.stages), Path(args.out))
        return 0
    tree = Path(args.tree).resolve()
    byte_compiled(ROOT)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"# refgen benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"# load average at the start (1, 5, 15 min): {load}")
    with tempfile.TemporaryDirectory(prefix="refgen-bench-") as scratch:
        work = Path(scratch)
        # refgen's user cache (the JSON twins) is the run's own, so a first read has no twin.
        os.environ["REFGEN_CACHE_DIR"] = str(work / TWINS)
        if not args.no_commands:
            report_commands(tree, args.runs, work)
        report_growth(tree, args.runs, work, linearity=not args.no_linearity)
        if not args.no_competitors:
            if args.no_commands:  # the fragment the commands would have written
                run([str(BIN / "refgen"), "parse", str(tree), "-o", str(work / "openapi.yaml")])
            report_competitors(work, args.competitor_runs, args.builtin_only)
        if args.limits:
            report_limits(tree, work)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n# load average at the end (1, 5, 15 min): {load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
