"""The versions of installed distributions, read from the names of their `*.dist-info`
folders on sys.path: cheaper than importlib.metadata (whose import alone costs more than a
no-op build's whole check) or importing the distribution."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable


def installed_versions(names: Iterable[str]) -> dict[str, str]:
    """{name: version} of the distributions `names` (normalised: lower case, `-` for `_`),
    "absent" for one not installed; the first found on sys.path wins, as for imports."""
    wanted = {name: "" for name in names}
    for entry in sys.path:
        try:
            found = os.listdir(entry or ".")
        except OSError:
            continue
        for name in found:
            if not name.endswith(".dist-info"):
                continue
            project, _, version = name[: -len(".dist-info")].partition("-")
            project = project.lower().replace("_", "-")
            if project in wanted and not wanted[project]:
                wanted[project] = version
    for name, version in wanted.items():
        if not version:  # an unusual installation: ask the slower way
            from importlib import metadata

            try:
                wanted[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                wanted[name] = "absent"
    return wanted
