"""A whole review: load both sides, compare the specs (and the Python API when asked), apply
the team's settings. What `refgen diff` runs; the CLI only turns arguments into a `Request`."""

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Location, RefgenError
from generator.diff.classify import classify_python
from generator.diff.codegen import generated_api
from generator.diff.compare import compare_sides
from generator.diff.load import load_git_side, load_side
from generator.diff.python_api import ApiSnapshot, extract_api
from generator.diff.python_api_diff import diff_api
from generator.diff.records import Finding, Report, Side


@dataclass(frozen=True)
class Request:
    """What to compare: two paths, or a spec at a git ref against the working tree, and/or
    two generated package directories."""

    base: Path | None = None
    revision: Path | None = None
    git_ref: str | None = None
    spec: Path = Path("spec/openapi.yaml")
    python: bool = False
    package: str = "client"
    python_packages: tuple[Path, Path] | None = None


def build_report(request: Request) -> Report:
    findings: list[Finding] = []
    labels = ("", "")
    sides = _load_sides(request)
    if sides is not None:
        base, revision = sides
        findings += compare_sides(base, revision).findings
        labels = (base.label, revision.label)
        if request.python:
            findings += classify_python(
                diff_api(
                    generated_api(base.document, request.package),
                    generated_api(revision.document, request.package),
                )
            )
    if request.python_packages is not None:
        base_dir, revision_dir = request.python_packages
        findings += classify_python(diff_api(_package_api(base_dir), _package_api(revision_dir)))
        labels = labels if sides is not None else (str(base_dir), str(revision_dir))
    return Report(*labels, findings=tuple(sorted(findings, key=Finding.sort_key)))


def _load_sides(request: Request) -> tuple[Side, Side] | None:
    if request.git_ref is not None:
        return load_git_side(request.git_ref, request.spec), load_side(request.spec)
    if request.base is None or request.revision is None:
        return None
    return load_side(request.base), load_side(request.revision)


def _package_api(directory: Path) -> ApiSnapshot:
    if not directory.is_dir():
        raise RefgenError.at(Location(directory.as_posix()), "not a directory of Python sources")
    try:
        return extract_api(directory)
    except SyntaxError as error:
        raise RefgenError.at(
            Location(str(error.filename), error.lineno or 0), f"not valid Python: {error.msg}"
        ) from None
