"""Golden cases: each folder under tests/golden holds a refgen.yaml and the outputs it must
give, byte for byte. `make golden` (python -m tests.golden_cases --update) rewrites them."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import Config, load_config
from generator.output import read_tree, unified_diff, write_file, write_tree
from generator.pipeline import build

GOLDEN = Path(__file__).resolve().parent / "golden"


def cases() -> list[Path]:
    return sorted(path.parent for path in GOLDEN.glob("*/refgen.yaml"))


def differences(case: Path) -> str:
    """A unified diff of what the case's sources give against the files kept for it."""
    config = load_config(case / "refgen.yaml")
    output = build(config)
    expected = {**_prefixed("generated", output.generated), "openapi.yaml": output.openapi,
                "openapi.sourcemap.json": output.source_map}
    return unified_diff(expected, _kept(config), case.name)


def _kept(config: Config) -> dict[str, str]:
    kept = _prefixed("generated", read_tree(config.generated))
    for path in (config.openapi, config.source_map):
        if path.is_file():
            kept[path.name] = path.read_text(encoding="utf-8")
    return kept


def _prefixed(prefix: str, files: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}/{path}": text for path, text in files.items()}


def update(case: Path) -> None:
    config = load_config(case / "refgen.yaml")
    output = build(config)
    write_tree(config.generated, output.generated)
    write_file(config.openapi, output.openapi)
    write_file(config.source_map, output.source_map)


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--update", action="store_true", help="rewrite the golden files")
    options = arguments.parse_args()
    status = 0
    for case in cases():
        if options.update:
            update(case)
            print(f"rewrote {case.relative_to(GOLDEN.parent.parent)}")
        elif diff := differences(case):
            print(diff)
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
