"""Golden cases: each folder under tests/golden holds a refgen.yaml and the outputs it must
give, byte for byte. `make golden` (python -m tests.golden_cases --update) rewrites them.

The client runtime is not kept in the cases: it is copied into every package unchanged, so
each case's copy is compared once with the runtime in templates/ (or the case's template
overrides) instead, and a runtime edit shows once in review rather than once per case."""

from __future__ import annotations

import argparse
from pathlib import Path

from generator.config import Config, load_config
from generator.output import read_tree, unified_diff, write_file, write_tree
from generator.ownership import with_manifest
from generator.pipeline import build
from generator.render.files import load_templates
from generator.render.loader import RUNTIME_FILES

GOLDEN = Path(__file__).resolve().parent / "golden"


def cases() -> list[Path]:
    return sorted(path.parent for path in GOLDEN.glob("*/refgen.yaml"))


def differences(case: Path) -> str:
    """A unified diff of what the case's sources give against the files kept for it, and of
    its runtime copy against the runtime templates."""
    config = load_config(case / "refgen.yaml")
    output = build(config)
    generated, runtime = _without_runtime(config, output.generated)
    shipped = load_templates(config.templates).runtime
    expected = {
        **_prefixed("generated", generated),
        "openapi.yaml": output.openapi,
        "openapi.sourcemap.json": output.source_map,
    }
    return unified_diff(
        {f"runtime/{name}": text for name, text in runtime.items()},
        {f"runtime/{name}": text for name, text in shipped.items()},
        f"{case.name} (the runtime copied into the package)",
    ) + unified_diff(expected, _kept(config), case.name)


def _without_runtime(
    config: Config, generated: dict[str, str]
) -> tuple[dict[str, str], dict[str, str]]:
    """The generated files less the runtime copy, and the runtime copy ({file name: text})."""
    copies = {f"{config.package}/{name}": name for name in RUNTIME_FILES}
    # The manifest kept is that of the files kept (what write_tree writes for them).
    return (
        with_manifest({path: text for path, text in generated.items() if path not in copies}),
        {copies[path]: text for path, text in generated.items() if path in copies},
    )


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
    write_tree(config.generated, _without_runtime(config, output.generated)[0])
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
