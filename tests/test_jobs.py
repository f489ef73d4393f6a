"""`--jobs N`: the docs and the fragment's text made in a forked process on the second core.
Every N gives the same bytes; whatever goes wrong in the worker is reported as it would be
without it (`file:line: error:`, exit 1, no traceback, the outputs untouched). Real
subprocesses throughout: a process forks only while it runs one thread, which pytest's
workers do not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.generation import worker_split
from tests.cli_run import refgen
from tests.conftest import RESUME_PAGE, ROOT

VENDOR_PAGES = ROOT / "tests" / "fixtures" / "vendor"


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _project(tmp_path: Path, name: str, templates: bool = False) -> Path:
    """A project of the vendor pages (several pages and resources: docs of many pages)."""
    root = tmp_path / name
    shutil.copytree(VENDOR_PAGES, root / "spec" / "pages")
    (root / "spec" / "refgen.yaml").write_text(
        "title: Vendor\nversion: '1'\npackage: vendor\nsources: ['pages/*.md']\n"
        + ("templates: overrides\n" if templates else ""),
        encoding="utf-8",
    )
    return root


def test_build_gives_the_same_bytes_with_one_job_and_with_two(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        root = _project(tmp_path, f"jobs{jobs}")
        result = refgen("build", "--jobs", jobs, cwd=root)
        assert result.returncode == 0, result.stderr
        outputs.append((_files(root / "spec"), _files(root / "generated"), result.stderr))
    assert outputs[0] == outputs[1]
    spec, generated, _ = outputs[0]
    assert "openapi.yaml" in spec and "openapi.sourcemap.json" in spec  # the worker's part
    assert any(path.startswith("docs/") for path in generated)  # the worker's part
    assert any(path.startswith("vendor/") for path in generated)  # this process's


def test_generate_gives_the_same_bytes_with_one_job_and_with_two(tmp_path: Path) -> None:
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = refgen(
            "generate", str(ROOT / "spec" / "openapi.yaml"), "-o", str(out), "--jobs", jobs
        )
        assert result.returncode == 0, result.stderr
        trees.append(_files(out))
    assert trees[0] == trees[1] and "docs/index.md" in trees[0]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_error_in_the_workers_part_is_a_located_error(tmp_path: Path, jobs: str) -> None:
    """A user's docs template (rendered by the worker) that calls an unknown function."""
    root = _project(tmp_path, "project", templates=True)
    assert refgen("build", "--jobs", jobs, cwd=root).returncode == 0
    before = _files(root)
    (root / "spec" / "overrides" / "docs").mkdir(parents=True)
    template = root / "spec" / "overrides" / "docs" / "types.md.jinja"
    template.write_text("# Types\n\n{{ no_such_function() }}\n", encoding="utf-8")
    result = refgen("build", "--force", "--jobs", jobs, cwd=root)
    assert result.returncode == 1
    assert "spec/overrides/docs/types.md.jinja:3: error: 'no_such_function' is undefined" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    template.unlink()
    assert _files(root) == before  # spec/ and generated/ untouched


def test_a_bad_page_fails_the_same_way_with_two_jobs(tmp_path: Path) -> None:
    root = _project(tmp_path, "project")
    assert refgen("build", "--jobs", "2", cwd=root).returncode == 0
    before = _files(root)
    bad = root / "spec" / "pages" / "zz_bad.md"
    bad.write_text("## Thing\n\n**post** `/things`\n\n### Body Parameters\n\n- `name: strnig`\n")
    result = refgen("build", "--jobs", "2", cwd=root)
    assert result.returncode == 1
    assert "spec/pages/zz_bad.md:7:10: error: unknown type word 'strnig'" in result.stderr
    assert "Traceback" not in result.stderr
    bad.unlink()
    assert _files(root) == before


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    result = refgen("generate", str(RESUME_PAGE), "-o", str(tmp_path / "o"), "--jobs", value)
    assert result.returncode == 2
    assert f"argument --jobs: {value!r} is not a number of processes" in result.stderr
    assert not (tmp_path / "o").exists()


_CHILDREN_LEFT = """
try:
    os.waitpid(-1, os.WNOHANG)
    print("children left: some")
except ChildProcessError:  # every child was waited for: no zombie
    print("children left: none")
"""

_JOB_SCRIPT = (
    """
import os, sys
from generator.diagnostics import Location, RefgenError
from generator.forked import Job, can_fork

def refused():
    raise RefgenError.at(Location("page.md", 7, 3), "bad page")

def missing():
    return {}["key"]

def killed():
    os.kill(os.getpid(), 9)

assert can_fork()
job = Job(os.getpid, 2)
assert job.forked and job.result() not in (os.getpid(), None)
inline = Job(os.getpid, 1)
assert not inline.forked and inline.result() == os.getpid()
try:
    Job(refused, 2).result()
except RefgenError as error:
    print("refgen:", [d.render() for d in error.diagnostics])
try:
    Job(missing, 2).result()
except KeyError as error:
    print("key:", error, "| from the worker:", "in missing" in str(error.__cause__))
try:
    Job(killed, 2).result()
except RuntimeError as error:
    print("killed:", error)
big = Job(lambda: "x" * 5_000_000, 2)  # more than a pipe holds: the child waits to be read
assert big.result() == "x" * 5_000_000
cancelled = Job(lambda: "x" * 5_000_000, 2)
cancelled.cancel()
import threading
release = threading.Event()
other = threading.Thread(target=release.wait)
other.start()  # a second thread: no fork, the work runs here
threaded = Job(os.getpid, 2)
print("with a thread:", threaded.forked, threaded.result() == os.getpid())
release.set()
other.join()
"""
    + _CHILDREN_LEFT
)


def _run_script(
    script: str, *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`script` in a Python process of its own (pytest's workers run threads: no fork)."""
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_a_job_runs_in_a_child_and_brings_back_its_value_or_its_error() -> None:
    result = _run_script(_JOB_SCRIPT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "refgen: ['page.md:7:3: error: bad page']"
    assert lines[1] == "key: 'key' | from the worker: True"
    assert lines[2] == "killed: a refgen worker ended without a result (signal 9)"
    assert lines[3] == "with a thread: False True"
    assert lines[4] == "children left: none"


def test_the_twin_kept_beside_the_work_is_the_one_kept_in_process(tmp_path: Path) -> None:
    source = tmp_path / "api.yaml"
    assert refgen("parse", str(RESUME_PAGE), "-o", str(source)).returncode == 0
    twins = []
    for jobs in ("1", "2"):
        cache = tmp_path / f"cache{jobs}"
        out = tmp_path / f"out{jobs}"
        env = {"REFGEN_CACHE_DIR": str(cache)}
        result = refgen("generate", str(source), "-o", str(out), "--jobs", jobs, env=env)
        assert result.returncode == 0, result.stderr
        twins.append(_files(cache))
    assert twins[0] == twins[1]
    assert [path for path in twins[0] if path.startswith("twins/") and path.endswith(".json")]


_FOLLOWED_SCRIPT = (
    """
import os, sys, time
from pathlib import Path
from generator.diagnostics import Location, RefgenError
from generator.forked import FollowedJob

signal = Path(sys.argv[1])
again = signal.with_name("again")
dying_now = signal.with_name("dying")

def after_the_signal(pid):  # runs only once the parent has the first result
    while not signal.exists():
        time.sleep(0.01)
    return ("then", pid, os.getpid())

def refused():
    raise RefgenError.at(Location("api.yaml", 4, 2), "bad document")

def then_refused(_):
    raise RefgenError.at(Location("twin", 1), "cannot keep")

def killed(_):  # once the parent has the first result (a second signal)
    while not again.exists():
        time.sleep(0.01)
    os.kill(os.getpid(), 9)

def killed_at_once(_):
    dying_now.write_text("dying")
    os.kill(os.getpid(), 9)

job = FollowedJob(os.getpid, after_the_signal, 2)
assert job.forked
child = job.result()  # before `then` can have ended: the signal is not there yet
print("first:", child not in (os.getpid(), None))
signal.write_text("go")
print("then:", job.then_result() == ("then", child, child))

inline = FollowedJob(os.getpid, lambda pid: ("then", pid), 1)
print("inline:", not inline.forked, inline.result() == os.getpid(),
      inline.then_result() == ("then", os.getpid()))

failing = FollowedJob(refused, after_the_signal, 2)
try:
    failing.result()
except RefgenError as error:
    print("work:", [d.render() for d in error.diagnostics])
failing.cancel()  # `then` never runs after a failed work; nothing to wait for

later = FollowedJob(os.getpid, then_refused, 2)
later.result()
try:
    later.then_result()
except RefgenError as error:
    print("then refused:", [d.render() for d in error.diagnostics])

dying = FollowedJob(os.getpid, killed, 2)
dying.result()
again.write_text("go")
try:
    dying.then_result()
except RuntimeError as error:
    print("then killed:", error)

# The child goes on with `then` while its first value waits to be read: killed meanwhile,
# before this process read a value larger than the pipe, it never sent it whole.
lost = FollowedJob(lambda: "x" * 5_000_000, killed_at_once, 2)
while not dying_now.exists():
    time.sleep(0.01)
try:
    lost.result()
except RuntimeError as error:
    print("first lost:", error)
lost.cancel()

abandoned = FollowedJob(lambda: "x" * 5_000_000, lambda value: len(value), 2)
abandoned.result()
abandoned.cancel()  # the child may still be running `then`: killed and waited for
never_asked = FollowedJob(lambda: "x" * 5_000_000, lambda value: len(value), 2)
never_asked.cancel()  # the child blocked on a full pipe
"""
    + _CHILDREN_LEFT
)


def test_a_followed_job_sends_its_first_result_before_it_does_the_rest(tmp_path: Path) -> None:
    result = _run_script(_FOLLOWED_SCRIPT, str(tmp_path / "go"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "first: True",
        "then: True",
        "inline: True True True",
        "work: ['api.yaml:4:2: error: bad document']",
        "then refused: ['twin:1: error: cannot keep']",
        "then killed: a refgen worker ended without a result (signal 9)",
        "first lost: a refgen worker ended without a result (signal 9)",
        "children left: none",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("openapi: 3.1.0\npaths:\n  /a: [unclosed\n", "api.yaml:4: error: invalid YAML: "),
        ("- a list\n", "api.yaml:1: error: not an OpenAPI document: the top level is not a"),
    ],
)
def test_a_bad_document_read_by_the_worker_is_a_located_error(
    tmp_path: Path, text: str, expected: str
) -> None:
    # With two jobs a YAML read for the first time is read by the worker (and its twin kept
    # there): its errors are the same `file:line: error:` lines, exit 1, nothing written.
    (tmp_path / "api.yaml").write_text(text, encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        env = {"REFGEN_CACHE_DIR": str(tmp_path / f"cache{jobs}")}
        result = refgen("generate", "api.yaml", "-o", "out", "--jobs", jobs, cwd=tmp_path, env=env)
        assert result.returncode == 1
        assert expected in result.stderr and "Traceback" not in result.stderr
        assert not (tmp_path / "out").exists()
        assert not list((tmp_path / f"cache{jobs}").rglob("twin-*"))
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]


def test_generate_with_a_broken_user_template_fails_the_same_with_either_jobs(
    tmp_path: Path,
) -> None:
    # With two jobs the templates are compiled ahead, while the worker reads the document; a
    # template that does not compile is still reported by the render, where it was.
    overrides = tmp_path / "overrides" / "package"
    overrides.mkdir(parents=True)
    (overrides / "types.py.jinja").write_text("{% if %}\n", encoding="utf-8")
    outputs = []
    for jobs in ("1", "2"):
        result = refgen(
            "generate",
            str(ROOT / "spec" / "openapi.yaml"),
            "-o",
            str(tmp_path / f"out{jobs}"),
            "--templates",
            str(tmp_path / "overrides"),
            "--jobs",
            jobs,
            env={"REFGEN_CACHE_DIR": str(tmp_path / f"cache{jobs}")},
        )
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "types.py.jinja:1: error: " in result.stderr
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]


def test_a_refused_output_place_is_reported_before_the_pages_with_either_jobs(
    tmp_path: Path,
) -> None:
    # With two jobs the places written to are checked while the worker parses; their error
    # still comes first (and alone), as it does when they are checked before the parse.
    outputs = []
    for jobs in ("1", "2"):
        root = _project(tmp_path, f"jobs{jobs}")
        config = root / "spec" / "refgen.yaml"
        config.write_text(config.read_text() + "generated: pages\n", encoding="utf-8")
        bad = root / "spec" / "pages" / "zz_bad.md"
        bad.write_text("## Thing\n\n**post** `/things`\n\n### Body Parameters\n\n- `a: strnig`\n")
        before = _files(root)
        result = refgen("build", "--jobs", jobs, cwd=root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "spec/pages: error: refusing to replace this directory: it holds " in (result.stderr)
        assert "strnig" not in result.stderr
        assert _files(root) == before
        outputs.append(result.stderr)
    assert outputs[0] == outputs[1]


_FIRST_FORK_SCRIPT = """
import os, sys
from generator.cli import main

seen = []
real_fork = os.fork

def fork():
    if not seen:  # what this process had imported when the first worker started
        seen.append(sorted(m for m in ("jinja2", "generator.render.context", "generator.config",
                                       "generator.output") if m in sys.modules))
    return real_fork()

os.fork = fork
status = main(["generate", sys.argv[1], "-o", sys.argv[2], "--jobs", "2"])
print(status, seen[0] if seen else "no fork")
"""


def test_generate_starts_the_worker_on_the_yaml_before_it_imports_the_renderer(
    tmp_path: Path,
) -> None:
    # The worker reads the YAML while this process imports and compiles what renders: each
    # module imported before the fork is time the worker has not started yet.
    env = {"REFGEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    out = str(tmp_path / "out")
    result = _run_script(
        _FIRST_FORK_SCRIPT, str(ROOT / "spec" / "openapi.yaml"), out, cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 []"
    assert (tmp_path / "out" / "api_client" / "__init__.py").is_file()


_COLLECTIONS_SCRIPT = """
import gc, sys
from generator.cli import main

collected = []
gc.callbacks.append(lambda phase, info: phase == "stop" and collected.append(info["generation"]))
status = main(["generate", sys.argv[1], "-o", sys.argv[2], "--jobs", sys.argv[3]])
print(status, sorted(generation for generation in collected if generation > 0))
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_generate_walks_no_object_graph_for_garbage(tmp_path: Path, jobs: str) -> None:
    # The document (read, or sent by the worker), the context and the files are built with
    # the cyclic collector paused: each collection of the older generations would walk them
    # all and free nothing (0.02-0.07 s each).
    env = {"REFGEN_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    out = str(tmp_path / "out")
    source = str(ROOT / "spec" / "openapi.yaml")
    result = _run_script(_COLLECTIONS_SCRIPT, source, out, jobs, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0 []"


def test_an_unused_template_that_does_not_read_fails_nothing_with_either_jobs(
    tmp_path: Path,
) -> None:
    # Compiling every template ahead (two jobs) must not report one the render never uses.
    overrides = tmp_path / "overrides" / "package"
    overrides.mkdir(parents=True)
    (overrides / "unused.py.jinja").write_bytes(b"\xff\xfe not UTF-8 {% if %}\n")
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        env = {"REFGEN_CACHE_DIR": str(tmp_path / f"cache{jobs}")}
        source = str(ROOT / "spec" / "openapi.yaml")
        templates = str(tmp_path / "overrides")
        result = refgen(
            "generate", source, "-o", str(out), "--templates", templates, "--jobs", jobs, env=env
        )
        assert result.returncode == 0, result.stderr
        trees.append(_files(out))
    assert trees[0] == trees[1]


_INTERRUPTED_SCRIPT = (
    """
import os, signal, sys, time
from pathlib import Path
from generator.forked import FollowedJob, Job

finished = Path(sys.argv[1])

def interrupt(signum, frame):
    raise KeyboardInterrupt

def slow():
    time.sleep(3)
    finished.write_text("the worker ran to its end")

signal.signal(signal.SIGALRM, interrupt)
for job in (Job(slow, 2), FollowedJob(slow, lambda value: value, 2)):
    signal.setitimer(signal.ITIMER_REAL, 0.3)  # Ctrl-C while this process waits for it
    try:
        job.result()
    except KeyboardInterrupt:
        print("interrupted:", type(job).__name__)
    job.cancel()  # what the commands' `finally` does: the worker killed and waited for
    print("worker finished:", finished.exists())
"""
    + _CHILDREN_LEFT
)


def test_an_interrupt_while_waiting_for_a_worker_stops_it(tmp_path: Path) -> None:
    # Before, a Job's result() waited for the worker to end after the user's Ctrl-C, and a
    # FollowedJob's raised UnboundLocalError in its place.
    result = _run_script(_INTERRUPTED_SCRIPT, str(tmp_path / "finished"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "interrupted: Job",
        "worker finished: False",
        "interrupted: FollowedJob",
        "worker finished: False",
        "children left: none",
    ]


_BUILD_FORKS_SCRIPT = """
import os, sys
from generator.cli import main

SIDES = ("generator.pipeline", "generator.openapi.document", "generator.pages.scan",
         "generator.openapi.overlay", "generator.generation", "generator.render.context",
         "jinja2")
seen = []
real_fork = os.fork

def fork():
    pid = real_fork()
    if pid == 0:  # the parse worker, once it has the document: what it had to import
        real_exit = os._exit
        def leave(status):
            if not seen:
                print("worker", sorted(m for m in SIDES if m in sys.modules), flush=True)
            real_exit(status)
        os._exit = leave
    elif not seen:  # what this process had imported when the worker started
        seen.append(sorted(m for m in SIDES if m in sys.modules))
    return pid

os.fork = fork
status = main(["build", "--force", "--jobs", "2"])
print("parent", status, seen[0] if seen else "no fork")
"""


def test_build_starts_the_parse_worker_before_either_side_is_imported(tmp_path: Path) -> None:
    # The worker parses from the moment the configuration is read: it imports the parse side
    # (and no renderer, nor the overlay's JSONPath when there is no overlay), this process
    # the renderer while it parses.
    root = _project(tmp_path, "project")
    result = _run_script(_BUILD_FORKS_SCRIPT, cwd=root, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("worker", "parent"))]
    assert lines == [
        "worker ['generator.openapi.document', 'generator.pages.scan', 'generator.pipeline']",
        "parent 0 []",
    ]


_UNREAD_FIRST_SCRIPT = (
    """
import os, sys, time
from pathlib import Path
from generator.forked import FollowedJob

marker = Path(sys.argv[1])
# A first value larger than a pipe holds: the child goes on with `then` while it is sent,
# though this process reads it only later.
job = FollowedJob(lambda: "x" * 5_000_000, lambda value: marker.write_text("then ran"), 2)
deadline = time.monotonic() + 30
while not marker.exists() and time.monotonic() < deadline:
    time.sleep(0.01)
print("then ran before the value was read:", marker.exists())
print("value:", job.result() == "x" * 5_000_000, "then:", job.then_result())
"""
    + _CHILDREN_LEFT
)


def test_a_followed_job_goes_on_while_its_first_value_waits_to_be_read(tmp_path: Path) -> None:
    result = _run_script(_UNREAD_FIRST_SCRIPT, str(tmp_path / "marker"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "then ran before the value was read: True",
        "value: True then: 8",
        "children left: none",
    ]


_SPLIT_SCRIPT = """
import sys
from pathlib import Path
from generator import generation
from generator.diagnostics import RefgenError
from generator.render.context import build_context
from generator.render.files import code_files, load_templates
from generator.spec.load import load_spec

document = load_spec(Path("spec/openapi.yaml")).document
weights = [f.weight for f in code_files(build_context(document, "pkg"), load_templates(None))]
templates = Path(sys.argv[1]) if len(sys.argv) > 1 else None
outcomes = set()
for share in (0.0, 0.2, 0.5, 1.0):
    split = generation.worker_split(weights, share)
    print("share", share, "renders", len(weights) - split, "of", len(weights), "files")
    generation.WORKER_SHARE = share
    for jobs in (1, 2):
        try:
            files = generation.render_files(document, "pkg", templates, jobs=jobs)
            outcomes.add(tuple(files.items()))
        except RefgenError as error:
            outcomes.add(tuple(d.render() for d in error.diagnostics))
print("outcomes:", len(outcomes))
for outcome in outcomes:
    print("first:", outcome[0][0] if isinstance(outcome[0], tuple) else outcome[0])
"""


def test_the_package_split_between_the_processes_gives_the_same_bytes() -> None:
    """The worker renders the last files of the package (a share of their weight) before
    the docs: every share, with one job or two, gives the same files in the same order."""
    result = _run_script(_SPLIT_SCRIPT)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    renders = [int(line.split()[3]) for line in lines[:4]]
    assert renders[0] < renders[1] < renders[2] < renders[3] == int(lines[0].split()[5])
    assert lines[4:] == ["outcomes: 1", "first: pkg/__init__.py"]


def test_an_error_in_the_workers_part_of_the_package_is_the_one_job_s_error(
    tmp_path: Path,
) -> None:
    """A user's resource template that fails on the last resource module only: whichever
    process renders it, the same located error, and the same as with one job."""
    overrides = tmp_path / "overrides" / "package" / "resources"
    overrides.mkdir(parents=True)
    builtin = (ROOT / "templates" / "package" / "resources" / "resource.py.jinja").read_text()
    (overrides / "resource.py.jinja").write_text(
        "{% if resource.module == package.resources[-1].walk()[-1].module %}"
        "{{ no_such_function() }}{% endif %}\n" + builtin,
        encoding="utf-8",
    )
    result = _run_script(_SPLIT_SCRIPT, str(tmp_path / "overrides"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[4:] == [
        "outcomes: 1",
        f"first: {tmp_path}/overrides/package/resources/resource.py.jinja:1: error:"
        + " 'no_such_function' is undefined",
    ]


@pytest.mark.parametrize(
    ("weights", "share", "split"),
    [
        ([5, 5, 5, 5], 0.5, 2),  # the tail weighing half
        ([10, 1, 0, 0], 0.2, 1),  # files that weigh nothing (the runtime) come along
        ([1, 1, 100], 0.2, 3),  # a last file heavier than the share: the worker takes none
        ([3, 3], 0.0, 2),
        ([3, 3], 1.0, 0),
        ([], 0.2, 0),
    ],
)
def test_the_worker_takes_the_heaviest_tail_within_its_share(
    weights: list[int], share: float, split: int
) -> None:
    assert worker_split(weights, share) == split
