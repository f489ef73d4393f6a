"""Two versions of refgen side by side: `.venv/bin/python bench/ab.py BASE [--runs N] [TREE]`.

BASE is another checkout of refgen's sources (`git worktree add /tmp/base main`, or
`git archive REV | tar -x -C /tmp/base`); both run with this checkout's virtual environment,
BASE through PYTHONPATH, so the comparison is of refgen's code alone. For each command —
`refgen parse` of the tree, `refgen generate` of a YAML document read for the first time (no
JSON twin), `refgen build --force` of the tree — one run of BASE and one of this checkout
alternate, round after round, and the medians of their CPU times (user + system, the children
waited for included) and of their wall times, each with the ratio this / BASE, are printed: CPU
time says how much work a version does, wall time how long its user waits (the two differ when
a version keeps the second core busy). Beside the ratio of the medians, the median of each
round's own ratio: the two runs of a round are next to each other in time, so a load that
comes and goes between rounds touches that figure least. The peak memory (maximum resident set
of the command, its children included) is printed too.

Why: on a shared machine, and even on an idle one whose speed moves by a third from hour to
hour (2026-11-30), absolute seconds do not say whether a change made refgen faster; a ratio of
alternating runs does. Each lane of issue 16 wrote its own script for this; this is the one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DEFAULT_TREE, OPENAI_SPEC, Command, alternate, byte_compiled
from generator.cache import CACHE_FOLDER


def commands(side: str, code: Path, tree: Path, spec: Path, work: Path) -> list[Command]:
    """The three commands for one version of the code, each in folders of its own."""
    home = work / side
    cache = home / "user-cache"  # generator/twins.py: the JSON twins of YAML inputs
    env = dict(os.environ, PYTHONPATH=str(code), REFGEN_CACHE_DIR=str(cache))
    refgen = [sys.executable, "-m", "generator"]
    project = home / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copytree(tree, project / "spec" / "pages")
    (project / "spec" / "refgen.yaml").write_text(
        'title: API\nversion: "1"\npackage: api_client\nsources: ["pages/**/*.md"]\n',
        encoding="utf-8",
    )
    out = home / "generated"

    def first_read() -> None:  # a new output folder, and no twin of the YAML anywhere
        for folder in (out, cache, home / CACHE_FOLDER):  # (twins lived there before 2026-11-30)
            shutil.rmtree(folder, ignore_errors=True)

    return [
        Command(
            f"parse ({side})", [*refgen, "parse", str(tree), "-o", str(home / "a.yaml")], env=env
        ),
        Command(
            f"generate ({side})",
            [*refgen, "generate", str(spec), "-o", str(out), "--package", "api_client"],
            cwd=home,
            env=env,
            prepare=first_read,
        ),
        Command(f"build --force ({side})", [*refgen, "build", "--force"], cwd=project, env=env),
    ]


COMMAND_NAMES = ("parse", "generate", "build")


def _named(listed: list[Command], chosen: set[str]) -> list[Command]:
    """The commands whose name (the label's first word) was chosen."""
    return [command for command in listed if command.label.split()[0] in chosen]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path, help="another checkout of refgen's sources")
    parser.add_argument("tree", type=Path, nargs="?", default=DEFAULT_TREE)
    parser.add_argument("--spec", type=Path, default=OPENAI_SPEC, help="the YAML to generate")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only",
        action="append",
        choices=COMMAND_NAMES,
        help="this command only (may be repeated; default: all three)",
    )
    args = parser.parse_args()
    if not (args.base / "generator" / "__init__.py").is_file():
        parser.error(f"{args.base}: not a checkout of refgen (no generator/__init__.py)")
    with tempfile.TemporaryDirectory(prefix="refgen-ab-") as temporary:
        work = Path(temporary)
        tree, spec = args.tree.resolve(), args.spec.resolve()
        chosen = set(args.only or COMMAND_NAMES)
        base = _named(commands("base", args.base.resolve(), tree, spec, work), chosen)
        this = _named(commands("this", ROOT, tree, spec, work), chosen)
        paired = [command for pair in zip(base, this, strict=True) for command in pair]
        byte_compiled(args.base.resolve())  # both sides as installed, neither compiling
        byte_compiled(ROOT)
        alternate(paired, 1)  # a first round, not counted: the page cache
        results = alternate(paired, args.runs)
    print(
        f"CPU and wall time, medians of {args.runs} alternating rounds (and the median of the "
        f"rounds' own ratios); base: {args.base}"
    )
    for old, new in zip(base, this, strict=True):
        name = old.label.rpartition(" (")[0]
        for clock in ("cpu", "wall"):
            before, after = getattr(results[old.label], clock), getattr(results[new.label], clock)
            paired = statistics.median(
                b / a for a, b in zip(before.values, after.values, strict=True)
            )
            print(
                f"{name:14} {clock:4} base {before.show()}   this {after.show()}   "
                f"this / base {after.median / before.median:.2f} (round by round {paired:.2f})"
            )
        peaks = results[old.label].peak.median, results[new.label].peak.median
        print(f"{name:14} peak base {peaks[0]:.0f} MB   this {peaks[1]:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
