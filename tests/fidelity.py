"""Fidelity of refgen against the official OpenAI spec: `python -m tests.fidelity` (make fidelity).

Every page of corpus/openai is parsed on its own, as `refgen parse PAGE -o X.yaml` would, and
compared with `refgen compare X.yaml AUTHORITATIVE` (the same comparison, in process, so the
3 MB spec is read once): the fine-tuning resume page against the spec it was made from
(anchors/openai-openapi/seed-era-5162af9), every other page against the newest spec. The
figures of all pages are added up, printed as a Markdown table (the one in README.md), and
checked against the targets with --check.

    python -m tests.fidelity [--json FILE] [--out DIR] [--check] [--disagreements]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.compare.comparison import compare_documents
from generator.compare.load import load_document
from generator.compare.report import render_json
from generator.pipeline import dump_yaml, parse_pages

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = sorted((SHARED / "corpus" / "openai").glob("*.md"))
ANCHORS = SHARED / "anchors" / "openai-openapi"
NEWEST = ANCHORS / "openapi.yaml"
SEED_ERA = ANCHORS / "seed-era-5162af9" / "openapi.yaml"
SEED_PAGES = {"fine_tuning_jobs_resume.md"}  # the pages the seed-era spec matches exactly

CHECKS = ("required", "types", "int_number", "nullability", "enums")
TARGETS = {"f1": 0.99, "required": 0.99, "int_number": 0.97, "nullability": 0.95, "enums": 0.99}
TITLES = {"f1": "Property F1", "required": "Required", "types": "Types",
          "int_number": "Integer/number", "nullability": "Nullable", "enums": "Enums"}


@dataclass
class Tally:
    """Counts added up over pages; the ratios are computed from the sums."""

    both: int = 0
    only_reconstructed: int = 0
    only_authoritative: int = 0
    agree: dict[str, int] | None = None
    total: dict[str, int] | None = None

    def add(self, figures: dict[str, Any]) -> None:
        self.agree = self.agree or dict.fromkeys(CHECKS, 0)
        self.total = self.total or dict.fromkeys(CHECKS, 0)
        counts = figures["properties"]
        self.both += counts["both"]
        self.only_reconstructed += counts["only_reconstructed"]
        self.only_authoritative += counts["only_authoritative"]
        for check in CHECKS:
            self.agree[check] += figures[check]["agree"]
            self.total[check] += figures[check]["total"]

    def ratio(self, name: str) -> float | None:
        if name == "f1":
            found = self.both + self.only_reconstructed
            wanted = self.both + self.only_authoritative
            if not found or not wanted:
                return None
            precision, recall = self.both / found, self.both / wanted
            return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        assert self.agree is not None and self.total is not None
        return self.agree[name] / self.total[name] if self.total[name] else None


def measure(out: Path) -> tuple[dict[str, Tally], list[dict[str, Any]]]:
    anchors = {NEWEST: load_document(str(NEWEST)), SEED_ERA: load_document(str(SEED_ERA))}
    tallies: dict[str, Tally] = {}
    disagreements: list[dict[str, Any]] = []
    for page in PAGES:
        anchor = SEED_ERA if page.name in SEED_PAGES else NEWEST
        fragment = out / f"{page.stem}.yaml"
        fragment.write_text(dump_yaml(parse_pages([page]).document), encoding="utf-8")
        comparison = compare_documents(
            load_document(str(fragment)), anchors[anchor], str(fragment), str(anchor)
        )
        report = json.loads(render_json(comparison, str(fragment), str(anchor)))
        (out / f"{page.stem}.json").write_text(json.dumps(report, indent=2) + "\n")
        tally = tallies.setdefault(page.name, Tally())
        tally.add(report["total"])
        for operation in report["operations"]:
            for item in operation["disagreements"]:
                disagreements.append({"page": page.name, "operation":
                                      f"{operation['method']} {operation['path']}", **item})
    return tallies, disagreements


def table(tallies: dict[str, Tally]) -> str:
    total = Tally()
    for tally in tallies.values():
        total.add(_as_figures(tally))
    columns = ["f1", *CHECKS]
    lines = [
        "| Page | Properties | " + " | ".join(TITLES[c] for c in columns) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for name, tally in [*tallies.items(), ("**all pages**", total)]:
        cells = [_ratio(tally.ratio(c)) for c in columns]
        lines.append(f"| {name} | {tally.both} | " + " | ".join(cells) + " |")
    lines.append("| target | | " + " | ".join(
        f"≥ {TARGETS[c]:.2f}" if c in TARGETS else "" for c in columns) + " |")
    return "\n".join(lines)


def totals(tallies: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in tallies.values():
        total.add(_as_figures(tally))
    return total


def _as_figures(tally: Tally) -> dict[str, Any]:
    assert tally.agree is not None and tally.total is not None
    return {
        "properties": {"both": tally.both, "only_reconstructed": tally.only_reconstructed,
                       "only_authoritative": tally.only_authoritative},
        **{c: {"agree": tally.agree[c], "total": tally.total[c]} for c in CHECKS},
    }


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fidelity", description=__doc__)
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--out", metavar="DIR", help="keep each page's fragment and report here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--disagreements", action="store_true", help="list every disagreement")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(arguments.out or scratch)
        out.mkdir(parents=True, exist_ok=True)
        tallies, disagreements = measure(out)
    print(table(tallies))
    if arguments.disagreements:
        for item in disagreements:
            print(f"{item['page']}: {item['operation']} {item['section']} {item['path']}: {item['message']}")
    total = totals(tallies)
    figures = {name: total.ratio(name) for name in ["f1", *CHECKS]}
    if arguments.json:
        Path(arguments.json).write_text(json.dumps({
            "pages": {name: _as_figures(t) for name, t in tallies.items()},
            "total": _as_figures(total),
            "ratios": figures,
            "targets": TARGETS,
            "disagreements": disagreements,
        }, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    missed = [f"{TITLES[n]} {figures[n]:.3f} < {t}" for n, t in TARGETS.items()
              if figures[n] is not None and figures[n] < t]
    if missed:
        print("targets missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
