"""The no-op build: skipped when nothing changed, rebuilt when any input or output did."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import generator.cache as cache_module
from generator.cache import BuildCache, builtin_templates
from generator.cli import main
from generator.config import load_config
from tests.conftest import RESUME_PAGE

UP_TO_DATE = "are up to date (nothing changed since the last build)"

# A page with a warning: a path parameter that the path does not have.
WARNED_PAGE = """## Things

**get** `/things/{id}`

### Path Parameters

- `id: string`

- `other: string`

### Returns

- `id: string`
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copy(RESUME_PAGE, spec / "resume.md")
    (spec / "overlay.yaml").write_text(
        "overlay: 1.0.0\ninfo: {title: Fixes, version: 1.0.0}\nactions:\n"
        "  - target: $.info\n    update: {description: First}\n"
    )
    (spec / "refgen.yaml").write_text(
        "title: T\npackage: demo\nsources: ['*.md']\noverlay: overlay.yaml\n"
        "templates: my-templates\n"
    )
    (spec / "my-templates").mkdir()
    return spec / "refgen.yaml"


def build(config: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    """'built' or 'skipped', from what `refgen build` says."""
    status = main(["build", "--config", str(config), *options])
    out = capsys.readouterr().out
    assert status == 0, out
    if UP_TO_DATE in out:
        return "skipped"
    assert out.startswith("wrote "), out
    return "built"


def test_nothing_changed_is_skipped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert build(project, capsys) == "built"
    assert build(project, capsys) == "skipped"
    assert build(project, capsys) == "skipped"
    assert build(project, capsys, "--force") == "built"
    assert build(project, capsys) == "skipped"  # and a forced build is recorded too


def test_each_input_change_rebuilds(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project.parent
    root = spec.parent
    assert build(project, capsys) == "built"

    def changed(change: object) -> None:
        assert build(project, capsys) == "built", f"no rebuild after: {change}"
        assert build(project, capsys) == "skipped", f"no record after: {change}"

    page = spec / "resume.md"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"Resume", b"Restart", 1))  # one word of a page
    changed("a page")
    assert "Restart" in (spec / "openapi.yaml").read_text()
    page.write_bytes(data)  # and back again: a rebuild too, the record was for the other
    changed("a page changed back")

    (spec / "more.md").write_text(WARNED_PAGE)  # a new page the sources pattern matches
    changed("a new page")
    (spec / "more.md").unlink()
    changed("a page removed")

    project.write_text(project.read_text().replace("title: T", "title: U"))
    changed("refgen.yaml")

    overlay = spec / "overlay.yaml"
    overlay.write_text(overlay.read_text().replace("First", "Second"))
    changed("the overlay")
    assert "Second" in (spec / "openapi.yaml").read_text()

    override = spec / "my-templates" / "docs" / "index.md.jinja"
    override.parent.mkdir(parents=True)
    override.write_text(
        "# {{ package.title|md_text }}: overridden\n"
    )  # overrides a built-in template
    changed("a new template override")
    assert (root / "generated" / "docs" / "index.md").read_text() == "# U: overridden\n"
    override.write_text("# {{ package.title|md_text }}: overridden again\n")
    changed("a template override file")
    assert "overridden again" in (root / "generated" / "docs" / "index.md").read_text()

    builtin = root / "builtin-templates"
    shutil.copytree(builtin_templates(), builtin)
    monkeypatch.setattr(cache_module, "builtin_templates", lambda: builtin)
    assert build(project, capsys) == "skipped"  # contents count, not where they are
    types_page = builtin / "docs" / "types.md.jinja"
    types_page.write_text(types_page.read_text() + "\n")
    changed("a built-in template")

    source = root / "refgen-source"
    shutil.copytree(cache_module.PACKAGE_ROOT, source, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "PACKAGE_ROOT", source)
    assert build(project, capsys) == "skipped"
    (source / "naming.py").write_text((source / "naming.py").read_text() + "\n# edited\n")
    changed("refgen's own source")

    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    changed("refgen's version")

    versions = cache_module.tool_versions()
    monkeypatch.setattr(cache_module, "tool_versions", lambda: {**versions, "ruff": "0.0.1"})
    changed("ruff's version")


def test_output_changes_rebuild(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project.parent.parent
    assert build(project, capsys) == "built"
    models = root / "generated" / "demo" / "types" / "fine_tuning.py"
    original = models.read_text()

    models.write_text(original.replace("class FineTuningJob(", "class Renamed("))  # by hand
    assert build(project, capsys) == "built"
    assert models.read_text() == original

    models.unlink()
    assert build(project, capsys) == "built"
    assert models.read_text() == original

    # A file added by hand is seen (no skip), and kept: the build refuses to replace it.
    stray = root / "generated" / "demo" / "stray.py"
    stray.write_text("x = 1\n")
    assert main(["build", "--config", str(project)]) == 1
    assert "generated/demo/stray.py: error: not written by refgen" in capsys.readouterr().err
    assert stray.read_text() == "x = 1\n"
    stray.unlink()
    assert build(project, capsys) == "skipped"

    (project.parent / "openapi.yaml").write_text("openapi: 3.1.0\n")
    assert build(project, capsys) == "built"
    (project.parent / "openapi.sourcemap.json").unlink()
    assert build(project, capsys) == "built"
    assert (project.parent / "openapi.sourcemap.json").is_file()

    # Compiled bytecode is not an output (refgen check ignores it too).
    cached = root / "generated" / "demo" / "__pycache__"
    cached.mkdir()
    (cached / "_client.cpython-311.pyc").write_bytes(b"\x00")
    assert build(project, capsys) == "skipped"


def no_reading(*_: object) -> bytes:
    raise AssertionError("the no-op check read a file")


def skipped_without_reading(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(cache_module, "_read", no_reading)
        assert build(project, capsys) == "skipped"


def test_a_no_op_reads_nothing_once_the_stamp_is_trusted(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert build(project, capsys) == "built"
    time.sleep(0.05)  # past the tick of the file system's clock the build wrote in
    assert build(project, capsys) == "skipped"  # (renews the stamp if it was not trusted)
    skipped_without_reading(project, capsys, monkeypatch)


def test_an_edit_that_keeps_size_and_modification_time_rebuilds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project.parent / "resume.md"
    assert build(project, capsys) == "built"
    time.sleep(0.05)
    before = page.stat()
    data = page.read_bytes()
    edited = data.replace(b"Resume", b"Resumx", 1)
    assert edited != data and len(edited) == len(data)
    page.write_bytes(edited)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # its old time, set back
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert build(project, capsys) == "built"
    assert "Resumx" in (project.parent / "openapi.yaml").read_text()
    # The same for an output: a generated file edited by hand, its size and time kept.
    models = project.parent.parent / "generated" / "demo" / "_client.py"
    time.sleep(0.05)
    assert build(project, capsys) == "skipped"
    before = models.stat()
    original = models.read_text()
    models.write_text(original.replace("DEFAULT_BASE_URL =", "DEFAULT_BASE_URX =", 1))
    os.utime(models, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert build(project, capsys) == "built"
    assert models.read_text() == original


def test_a_touch_that_changes_no_byte_is_skipped_then_trusted(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = project.parent
    assert build(project, capsys) == "built"
    for touched in (spec / "resume.md", spec.parent / "generated" / "demo" / "_client.py"):
        time.sleep(0.05)
        touched.write_bytes(touched.read_bytes())  # new times, the same bytes
        assert build(project, capsys) == "skipped"  # read, found the same: stamp renewed
        skipped_without_reading(project, capsys, monkeypatch)


def test_warnings_are_replayed_and_strict_still_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project.parent / "more.md").write_text(WARNED_PAGE)
    assert main(["build", "--config", str(project)]) == 0
    first = capsys.readouterr()
    assert "path parameter other is not in the path" in first.err
    assert main(["build", "--config", str(project)]) == 0
    again = capsys.readouterr()
    assert UP_TO_DATE in again.out and again.err == first.err
    assert main(["build", "--config", str(project), "--strict"]) == 1
    assert "error: path parameter other" in capsys.readouterr().err


def test_a_corrupt_or_foreign_record_rebuilds(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build(project, capsys) == "built"
    record = BuildCache(load_config(project)).record
    record.write_text("{not json")
    assert build(project, capsys) == "built"
    data = json.loads(record.read_text())
    record.write_text(json.dumps({**data, "format": 0}))
    assert build(project, capsys) == "built"
    assert build(project, capsys) == "skipped"


def test_an_input_edited_during_the_build_is_not_recorded(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import building

    page = project.parent / "resume.md"
    real_output = building.Build.output

    def output_then_edit(self: building.Build) -> building.BuildOutput:
        output = real_output(self)
        page.write_text(page.read_text() + "\n")  # edited while the build ran
        return output

    monkeypatch.setattr(building.Build, "output", output_then_edit)
    assert build(project, capsys) == "built"
    monkeypatch.setattr(building.Build, "output", real_output)
    assert build(project, capsys) == "built"  # not taken for the build of the edited page
    assert build(project, capsys) == "skipped"


def test_check_never_uses_the_record(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = project.parent.parent
    assert build(project, capsys) == "built"
    models = root / "generated" / "demo" / "types" / "fine_tuning.py"
    models.write_text(models.read_text().replace("class FineTuningJob(", "class Renamed("))
    assert main(["check", "--config", str(project)]) == 1
    assert "+class FineTuningJob(" in capsys.readouterr().out


def test_the_record_stays_out_of_the_outputs_and_of_git(tmp_path: Path) -> None:
    """A real `refgen build` twice: the second does nothing; the record is in the project's
    .refgen-cache/, which ignores itself, and nowhere in spec/ or generated/."""
    spec = tmp_path / "spec"
    spec.mkdir()
    shutil.copy(RESUME_PAGE, spec / "resume.md")
    (spec / "refgen.yaml").write_text("title: T\npackage: demo\nsources: ['*.md']\n")

    def refgen_build() -> str:
        result = subprocess.run(
            [sys.executable, "-m", "generator", "build"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    assert refgen_build().startswith("wrote ")
    assert UP_TO_DATE in refgen_build()
    records = sorted(
        p.relative_to(tmp_path).as_posix()
        for p in tmp_path.rglob("*")
        if ".refgen-cache" in p.parts
    )
    assert records[0] == ".refgen-cache" and len(records) == 3
    assert (tmp_path / ".refgen-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def counting_keys(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each digest of the inputs taken from now on (each reads every input)."""
    taken: list[object] = []
    real_input_key = cache_module.input_key

    def input_key(config: object) -> str:
        taken.append(config)
        return real_input_key(config)  # type: ignore[arg-type]

    monkeypatch.setattr(cache_module, "input_key", input_key)
    return taken


def test_settled_inputs_are_read_once_per_build_and_an_edit_meanwhile_is_not_recorded(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inputs whose last change is older than SETTLED_NS: the key is taken while the worker
    parses and Recording.keep() compares stamps rather than read the inputs again; an input edited
    after the build began (here just before the key is taken, which then sees the edit the
    worker may not have) changes the stamp, so that build is not recorded."""
    monkeypatch.setattr(cache_module, "SETTLED_NS", 20_000_000)  # 20 ms
    taken = counting_keys(monkeypatch)
    time.sleep(0.05)
    assert build(project, capsys, "--force") == "built"
    assert len(taken) == 1  # by the build, not again by Recording.keep()
    time.sleep(0.05)
    assert build(project, capsys) == "skipped"  # recorded, and now trusted by its stamp

    page = project.parent / "resume.md"
    real_key = BuildCache.key

    def edit_then_key(self: BuildCache) -> str:
        if self._key is None:  # edited while the build runs (whole: the worker reads it)
            edited = page.with_suffix(".new")
            edited.write_text(page.read_text() + "\n")
            edited.replace(page)
        return real_key(self)

    time.sleep(0.05)
    with monkeypatch.context() as patch:
        patch.setattr(BuildCache, "key", edit_then_key)
        assert build(project, capsys, "--force") == "built"
    assert build(project, capsys) == "built"  # not taken for the build of the edited page
    assert build(project, capsys) == "skipped"


def test_inputs_changed_just_before_the_build_are_read_again_after_it(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input changed within SETTLED_NS of the build might change again unseen by its stamp:
    its key is taken before the worker starts and again after the build (two readings)."""
    taken = counting_keys(monkeypatch)
    (project.parent / "resume.md").write_text((project.parent / "resume.md").read_text() + "\n")
    assert build(project, capsys, "--force") == "built"
    assert len(taken) == 2


_SKIPPED_WITHOUT_WORKER = """
import os, sys
from pathlib import Path
from generator import forked
from generator.cli import main

forks = []
real_child = forked._Child.__init__
def counted(self, *args):
    forks.append(1)
    real_child(self, *args)
forked._Child.__init__ = counted

config = Path(sys.argv[1])
assert main(["build", "--config", str(config), "--jobs", "2"]) == 0
built = len(forks)
assert main(["build", "--config", str(config), "--jobs", "2"]) == 0
page = config.parent / "resume.md"
page.write_bytes(page.read_bytes())  # new times, the same bytes: the stamp is not trusted
assert main(["build", "--config", str(config), "--jobs", "2"]) == 0
print("workers started by the build:", built > 0, "and by the two skipped:", len(forks) - built)
"""


def test_a_build_found_up_to_date_starts_no_worker(project: Path) -> None:
    """Whether the stamp or the digests find it up to date (a page touched), a skipped build
    forks nothing: the lookup comes before the parse worker."""
    from tests.test_jobs import _CHILDREN_LEFT

    result = subprocess.run(
        [sys.executable, "-c", _SKIPPED_WITHOUT_WORKER + _CHILDREN_LEFT, str(project)],
        capture_output=True,
        text=True,
        check=False,
        cwd=project.parent.parent,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(UP_TO_DATE) == 2
    assert result.stdout.splitlines()[-2:] == [
        "workers started by the build: True and by the two skipped: 0",
        "children left: none",
    ]


def test_an_output_edited_while_the_outputs_are_written_is_not_recorded(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record's digests are taken while the outputs are written (cache.Recording): the
    outputs are still read back once written, so one edited meanwhile is not taken for
    what the build wrote."""
    from generator import output as output_module

    models = project.parent.parent / "generated" / "demo" / "_client.py"
    real_write_file = output_module.write_file

    def write_then_edit(target: Path, text: str, *more: object) -> None:
        real_write_file(target, text, *more)  # type: ignore[arg-type]
        if target.name == "openapi.yaml":  # the last output: the tree is written by now
            models.write_text(models.read_text() + "# edited\n")

    with monkeypatch.context() as patch:
        patch.setattr(output_module, "write_file", write_then_edit)
        assert build(project, capsys) == "built"
    assert build(project, capsys) == "built"  # the edit was not recorded as built
    assert "# edited" not in models.read_text()
    assert build(project, capsys) == "skipped"


@pytest.mark.parametrize(
    ("path", "root"),
    [
        ("spec/pages/a.md", "spec"),
        ("spec/pages/a.md", "spec/"),
        ("/p/spec/pages/x/a.md", "/p/spec"),
        ("/p/spec/pages/a.md", "/"),
        ("spec/../other/a.md", "spec"),  # `..`: not below, as relpath says
        ("spec/pages/../a.md", "spec"),
        ("spec/./a.md", "spec"),
        ("spec//a.md", "spec"),
        ("specs/a.md", "spec"),  # a longer name, not a folder below
        ("spec", "spec"),
        ("a.md", "."),
        ("a.md", ""),
        ("/elsewhere/a.md", "spec"),
        ("spec/a.md", "/abs/spec"),
    ],
)
def test_relative_paths_are_relpaths(path: str, root: str) -> None:
    from generator.cache import relative_path

    expected = os.path.relpath(path, root or os.curdir)
    assert relative_path(path, root or os.curdir) == expected
    assert relative_path(Path(path), Path(root or os.curdir)) == os.path.relpath(
        Path(path), Path(root or os.curdir)
    )
