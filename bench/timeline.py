"""When each process does what: `.venv/bin/python bench/timeline.py [--] REFGEN_ARGS...`.

Runs one `refgen` command in this process, with the stages of the pipeline wrapped so that
each logs its start and end (wall clock, CPU time of its process), and prints a timeline of
the parent and the forked worker: when the worker starts, when either waits for the other,
when ruff runs. Start-up (the interpreter, then the imports of the command's modules) is
shown as the first spans. A tool for finding idle time, not for quoting speed: the wrappers
cost microseconds, but one run on a shared machine is one run (repeat it).

    .venv/bin/python bench/timeline.py generate ../shared/anchors/openai-openapi/openapi.yaml \\
        -o /tmp/out --package openai_client
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (module, attribute path): the stages worth seeing; where a module imports the name into
# its own namespace, the user's copy is wrapped too (see _wrap).
STAGES = (
    ("generator.spec.load", "spec_text"),
    ("generator.spec.load", "parse_spec"),
    ("generator.twins", "read_twin"),
    ("generator.twins", "keep_twin"),
    ("generator.pipeline", "parse_pages"),
    ("generator.yamlio", "dump_document"),
    ("generator.render.files", "load_templates"),
    ("generator.render.files", "render_code"),
    ("generator.render.files", "rendered"),
    ("generator.render.files", "render_docs"),
    ("generator.render.format", "_formatted"),
    ("generator.forked", "_Child.outcome"),
    ("generator.forked", "_Child.__init__"),
    ("generator.output", "write_tree"),
    ("generator.output", "write_file"),
    ("generator.ownership", "with_manifest"),
    ("generator.cli", "_report"),
    ("generator.ownership", "check_tree_place"),
    ("generator.ownership", "check_file_target"),
    ("generator.config", "Config.inputs"),
    ("generator.render.context", "build_context"),
    ("generator.cache", "BuildCache.lookup_by_stamp"),
    ("generator.cache", "BuildCache.begin"),
    ("generator.cache", "BuildCache.lookup_by_digests"),
    ("generator.cache", "BuildCache.key"),
    ("generator.cache", "Recording.keep"),
    ("generator.cache", "Recording._inputs_and_outputs_in_memory"),
    ("generator.pipeline", "build"),
    ("generator.building", "Build.output"),
    ("generator.generation", "prepared_templates"),
)


def _process_start() -> float:
    """This process's start on the monotonic clock (Linux: /proc/self/stat's starttime)."""
    ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return time.monotonic() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))


def _logger(descriptor: int) -> Callable[[str, float, float, float], None]:
    def record(name: str, start: float, end: float, cpu: float) -> None:
        line = f"{os.getpid()}\t{name}\t{start:.6f}\t{end:.6f}\t{cpu:.6f}\n"
        os.write(descriptor, line.encode())  # O_APPEND, inherited: whole lines from each process

    return record


def _timed(name: str, function: Callable[..., Any], record: Callable[..., None]) -> Any:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, cpu = time.monotonic(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            record(name, start, time.monotonic(), time.process_time() - cpu)

    return timed


def _wrap(record: Callable[..., None]) -> None:
    for module_name, attribute in STAGES:
        module = importlib.import_module(module_name)
        holder: Any = module
        *classes, name = attribute.split(".")
        for part in classes:
            holder = getattr(holder, part)
        original = getattr(holder, name)
        timed = _timed(attribute, original, record)
        setattr(holder, name, timed)
        for other in list(sys.modules.values()):  # `from module import name` copies
            ours = getattr(other, "__name__", "").startswith("generator")
            if ours and other is not module and getattr(other, name, None) is original:
                setattr(other, name, timed)


def _watch_collections(record: Callable[..., None]) -> Callable[[str, dict[str, int]], None]:
    """Log each cyclic garbage collection of the second or third generation (the long ones)."""
    started: list[float] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if info["generation"] < 1:
            return
        if phase == "start":
            started[:] = [time.monotonic(), time.process_time()]
        elif started:
            name = f"gc collection (generation {info['generation']})"
            record(name, started[0], time.monotonic(), time.process_time() - started[1])

    gc.callbacks.append(watch)
    return watch


def main(argv: list[str]) -> int:
    started = _process_start()
    sys.path.insert(0, str(ROOT))
    # One descriptor opened here and inherited by the workers: a worker still finishing after
    # the command returned writes to the unlinked file instead of creating it again.
    descriptor, name = tempfile.mkstemp(prefix="refgen-timeline-")
    os.close(descriptor)
    log = Path(name)
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND)
    record = _logger(descriptor)
    record("interpreter start-up", started, time.monotonic(), time.process_time())
    before, cpu = time.monotonic(), time.process_time()
    # Everything a command may import, so that the wrappers replace every copy (the real
    # command imports less: see `python -X importtime -m generator ...` for its imports).
    from generator.cli import main as refgen

    for module_name, _ in STAGES:
        importlib.import_module(module_name)
    record("imports (all stages)", before, time.monotonic(), time.process_time() - cpu)
    _wrap(record)
    watch = _watch_collections(record)
    before, cpu = time.monotonic(), time.process_time()
    status = refgen(argv)
    record("command", before, time.monotonic(), time.process_time() - cpu)
    gc.callbacks.remove(watch)  # it writes to the descriptor closed below
    text = log.read_text(encoding="utf-8")
    log.unlink()
    os.close(descriptor)
    _print(text, started)
    return status


def _print(text: str, origin: float) -> None:
    rows = [line.split("\t") for line in text.splitlines()]
    parent = str(os.getpid())
    names = {parent: "parent"}
    for pid, *_ in rows:
        names.setdefault(pid, f"child {len(names)}")
    print(f"{'process':8} {'from':>7} {'to':>7} {'wall':>6} {'CPU':>6}  stage  (seconds)")
    for pid, name, start, end, cpu in sorted(rows, key=lambda row: float(row[2])):
        begin, finish = float(start) - origin, float(end) - origin
        print(
            f"{names[pid]:8} {begin:7.3f} {finish:7.3f} {finish - begin:6.3f} "
            f"{float(cpu):6.3f}  {name}"
        )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
