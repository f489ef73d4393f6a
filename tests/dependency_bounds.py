"""refgen's requirements as pyproject.toml declares them and constraints.txt locks them.

`python -m tests.dependency_bounds --lowest` prints constraints that hold every runtime
dependency at the lower bound of its range and everything else at its locked version: `make
lowest` installs them and runs the tests that the runtime dependencies can change.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
EXTRAS = {
    name: [Requirement(text) for text in texts]
    for name, texts in PYPROJECT["project"]["optional-dependencies"].items()
}
BUILD = [Requirement(text) for text in PYPROJECT["build-system"]["requires"]]
EVERY = RUNTIME + BUILD + [requirement for extra in EXTRAS.values() for requirement in extra]
CONSTRAINTS = ROOT / "constraints.txt"


def locked() -> dict[str, str]:
    """constraints.txt as {canonical name: version}. Raises ValueError for a line that is not
    `name==version`."""
    pins = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            specifiers = list(requirement.specifier)
            if len(specifiers) != 1 or specifiers[0].operator != "==":
                raise ValueError(f"constraints.txt: {line!r} is not name==version")
            pins[canonicalize_name(requirement.name)] = specifiers[0].version
    return pins


def lower_bound(requirement: Requirement) -> str:
    (bound,) = [s.version for s in requirement.specifier if s.operator in (">=", "~=")]
    return bound


def lowest_constraints() -> str:
    pins = locked()
    pins.update({canonicalize_name(r.name): lower_bound(r) for r in RUNTIME})
    return "".join(f"{name}=={version}\n" for name, version in sorted(pins.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lowest",
        action="store_true",
        required=True,
        help="print the constraints of `make lowest`",
    )
    parser.parse_args()
    print(lowest_constraints(), end="")


if __name__ == "__main__":
    main()
