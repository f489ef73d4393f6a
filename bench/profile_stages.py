"""Where the time goes: `.venv/bin/python bench/profile_stages.py [TREE] [--top N]`.

Runs one build of the tree in this process, stage by stage, each under cProfile, and prints
the wall time of each stage (measured without the profiler, in a first pass) and the
functions that take the most time inside it (with the profiler, in a second pass). The
profiles are also saved (in $TMPDIR/refgen-profile/, or --profiles DIR) for snakeviz or pstats."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.diagnostics import Diagnostics
from generator.gcpause import paused_gc
from generator.openapi.document import ApiInfo, build_document
from generator.output import write_tree
from generator.pipeline import read_pages
from generator.render.context import build_context
from generator.render.files import load_templates, render_code, render_docs
from generator.render.format import format_python
from generator.yamlio import dump_yaml

DEFAULT_TREE = ROOT.parent / "shared" / "corpus" / "anthropic" / "2026-08-22"


def stages(tree: Path, out: Path) -> list[tuple[str, Callable[[dict[str, Any]], Any]]]:
    def scan(state: dict[str, Any]) -> None:
        state["pages"] = read_pages([tree], Diagnostics())

    def build(state: dict[str, Any]) -> None:
        state["document"] = build_document(state["pages"], ApiInfo(), Diagnostics())

    def dump(state: dict[str, Any]) -> None:
        dump_yaml(state["document"].document)
        state["document"].source_map.dumps()

    def context(state: dict[str, Any]) -> None:
        state["context"] = build_context(state["document"].document, "anthropic_client")

    def render(state: dict[str, Any]) -> None:
        used = load_templates(None)
        state["code"] = render_code(state["context"], used)
        state["docs"] = render_docs(state["context"], used)

    def ruff(state: dict[str, Any]) -> None:
        state["files"] = {**format_python(state["code"]), **state["docs"]}

    def write(state: dict[str, Any]) -> None:
        write_tree(out, state["files"])

    return [
        ("scan pages", scan),
        ("build document (merge, infer)", build),
        ("YAML + JSON text", dump),
        ("template context", context),
        ("render (Jinja)", render),
        ("ruff format", ruff),
        ("write the tree", write),
    ]


def _cpu_time() -> float:
    """This process's CPU time and its waited-for children's: ruff's stage runs in ruff."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("tree", nargs="?", default=str(DEFAULT_TREE))
    options.add_argument("--top", type=int, default=8)
    options.add_argument(
        "--profiles",
        default=str(Path(tempfile.gettempdir()) / "refgen-profile"),
        help="where the profiles go (default: $TMPDIR/refgen-profile)",
    )
    args = options.parse_args()
    tree = Path(args.tree)
    saved = Path(args.profiles)
    saved.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, paused_gc():
        timed: dict[str, tuple[float, float]] = {}  # wall and CPU time (steadier when shared)
        state: dict[str, Any] = {}
        for name, stage in stages(tree, Path(scratch) / "a"):
            start, cpu = time.perf_counter(), _cpu_time()
            stage(state)
            timed[name] = (time.perf_counter() - start, _cpu_time() - cpu)
        state = {}
        for index, (name, stage) in enumerate(stages(tree, Path(scratch) / "b")):
            profile = cProfile.Profile()
            profile.runcall(stage, state)
            profile.dump_stats(saved / f"stage-{index}.prof")
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(args.top)
            lines = [
                line
                for line in text.getvalue().splitlines()
                if "(" in line and "function calls" not in line and "filename:lineno" not in line
            ]
            wall, cpu = timed[name]
            print(f"\n{name}: {wall:.3f} s, CPU {cpu:.3f} s (profile: {saved}/stage-{index}.prof)")
            print("   ncalls  tottime  percall  cumtime  percall filename:lineno(function)")
            for line in lines[: args.top]:
                print(line.replace(str(ROOT) + "/", ""))
    walls, cpus = zip(*timed.values(), strict=True)
    print(f"\ntotal {sum(walls):.3f} s, CPU {sum(cpus):.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
