"""Fidelity of refgen against the official OpenAI spec: `python -m tests.fidelity` (make fidelity).

Every page of corpus/openai is parsed on its own, as `refgen parse PAGE -o X.yaml` would, and
compared with `refgen compare X.yaml AUTHORITATIVE` (the same comparison, in process, so the
3 MB specs are read once): the fine-tuning resume page against the spec it was made from
(anchors/openai-openapi/seed-era-5162af9), every other page against the newest spec. The
figures of all pages are added up and printed as a Markdown table (the one in README.md), and
checked against the targets with --check.

Three more tables say where the misses come from (docs/fidelity.md, "Where the misses come
from"):

- what each inference rule buys: the totals with no rule, with every rule, and the change
  when one rule is left out;
- the causes: each disagreement of the full run is either made by a rule (absent when no
  rule runs) or already in what the pages say; rules also remove disagreements;
- the era each page matches: every page against both spec versions, the one with the higher
  property F1 kept. A diagnostic that separates version drift from reading; the targets
  apply to the first table.

    python -m tests.fidelity [--json FILE] [--out DIR] [--check] [--disagreements]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.compare.comparison import compare_documents
from generator.compare.report import render_json
from generator.openapi.infer import RULES, Rule
from generator.pipeline import parse_pages
from generator.spec.load import load_spec
from generator.yamlio import dump_yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PAGES = sorted((SHARED / "corpus" / "openai").glob("*.md"))
ANCHORS = SHARED / "anchors" / "openai-openapi"
NEWEST = ANCHORS / "openapi.yaml"
SEED_ERA = ANCHORS / "seed-era-5162af9" / "openapi.yaml"
ERA_NAMES = {NEWEST: "newest (2026-08-21)", SEED_ERA: "seed era (2026-05-13)"}
SEED_PAGES = {"fine_tuning_jobs_resume.md"}  # the pages the issue compares with the seed era

CHECKS = ("required", "types", "int_number", "nullability", "enums")
COLUMNS = ("f1", *CHECKS)
TARGETS = {"f1": 0.99, "required": 0.99, "int_number": 0.97, "nullability": 0.95, "enums": 0.99}
TITLES = {
    "f1": "Property F1",
    "required": "Required",
    "types": "Types",
    "int_number": "Integer/number",
    "nullability": "Nullable",
    "enums": "Enums",
}
# Disagreement kinds, by the figure they count against.
FIGURE_OF_KIND = {
    "only_authoritative": "f1",
    "only_reconstructed": "f1",
    "required": "required",
    "types": "types",
    "int_number": "int_number",
    "nullability": "nullability",
    "enums": "enums",
    "media_type": "f1",
    "status": "f1",
}

Disagreement = dict[str, Any]


@dataclass
class Tally:
    """Counts added up over pages; the ratios are computed from the sums."""

    both: int = 0
    only_reconstructed: int = 0
    only_authoritative: int = 0
    agree: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHECKS, 0))

    def add(self, figures: dict[str, Any]) -> None:
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
        return self.agree[name] / self.total[name] if self.total[name] else None

    def figures(self) -> dict[str, Any]:
        return {
            "properties": {
                "both": self.both,
                "only_reconstructed": self.only_reconstructed,
                "only_authoritative": self.only_authoritative,
            },
            **{c: {"agree": self.agree[c], "total": self.total[c]} for c in CHECKS},
        }


@dataclass
class Run:
    """Every page parsed with some inference rules and compared with its anchor."""

    tallies: dict[str, Tally]  # page name → its figures
    anchors: dict[str, Path]  # page name → the spec it was compared with
    disagreements: list[Disagreement]

    def total(self) -> Tally:
        total = Tally()
        for tally in self.tallies.values():
            total.add(tally.figures())
        return total


class Measurer:
    """Parses pages and compares them; the specs are loaded once."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.specs = {anchor: load_spec(anchor).document for anchor in (NEWEST, SEED_ERA)}

    def run(
        self, anchors: dict[str, Path], rules: tuple[Rule, ...] = RULES, keep: bool = False
    ) -> Run:
        result = Run({}, dict(anchors), [])
        for page in PAGES:
            report = self.compare(page, anchors[page.name], rules, keep)
            result.tallies[page.name] = tally = Tally()
            tally.add(report["total"])
            for operation in report["operations"]:
                for item in operation["disagreements"]:
                    result.disagreements.append(
                        {
                            "page": page.name,
                            "operation": f"{operation['method']} {operation['path']}",
                            **item,
                        }
                    )
        return result

    def compare(
        self, page: Path, anchor: Path, rules: tuple[Rule, ...], keep: bool
    ) -> dict[str, Any]:
        fragment = self.out / f"{page.stem}.yaml"
        fragment.write_text(dump_yaml(parse_pages([page], rules=rules).document), encoding="utf-8")
        comparison = compare_documents(
            load_spec(fragment).document, self.specs[anchor], str(fragment), str(anchor)
        )
        report: dict[str, Any] = json.loads(render_json(comparison, str(fragment), str(anchor)))
        if keep:
            (self.out / f"{page.stem}.json").write_text(json.dumps(report, indent=2) + "\n")
        return report


def prescribed_anchors() -> dict[str, Path]:
    return {page.name: SEED_ERA if page.name in SEED_PAGES else NEWEST for page in PAGES}


def matching_eras(runs: list[Run]) -> Run:
    """Per page, the run whose spec the page matches best: the highest property F1, the
    first run on a tie."""
    best = Run({}, {}, [])
    for page in PAGES:
        chosen = max(runs, key=lambda run: run.tallies[page.name].ratio("f1") or 0.0)
        best.tallies[page.name] = chosen.tallies[page.name]
        best.anchors[page.name] = chosen.anchors[page.name]
        best.disagreements += [d for d in chosen.disagreements if d["page"] == page.name]
    return best


# Tables ---------------------------------------------------------------------------------


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def figures_table(run: Run, era: bool = False) -> str:
    """Per page and in total; with `era`, a column naming the spec each page was compared with."""
    spec = ["Spec"] if era else []
    lines = [
        _row(["Page", *spec, "Properties", *(TITLES[c] for c in COLUMNS)]),
        _row(["---", *(["---"] if era else []), "---:", *("---:" for _ in COLUMNS)]),
    ]
    for name, tally in [*run.tallies.items(), ("**all pages**", run.total())]:
        anchor = run.anchors.get(name)
        spec = [ERA_NAMES[anchor] if anchor else ""] if era else []
        lines.append(
            _row([name, *spec, str(tally.both), *(_ratio(tally.ratio(c)) for c in COLUMNS)])
        )
    targets = [f"≥ {TARGETS[c]:.2f}" if c in TARGETS else "" for c in COLUMNS]
    lines.append(_row(["target", *([""] if era else []), "", *targets]))
    return "\n".join(lines)


def rules_table(found: Measurements) -> str:
    """Totals with no rule and with every rule; then, per rule, the agreeing positions it
    adds on its own (to no rule) and those lost when only it is left out (from all rules).
    Property F1 counts positions found on both sides. Rules overlap: a number both an
    example and its name call an integer is lost only when both rules are left out."""

    def cells(tally: Tally) -> list[str]:
        return [_ratio(tally.ratio(c)) for c in COLUMNS]

    def delta(tally: Tally, reference: Tally) -> str:
        changes = [tally.both - reference.both] + [
            tally.agree[c] - reference.agree[c] for c in CHECKS
        ]
        return " / ".join(f"{change:+d}" if change else "0" for change in changes)

    bare, full = found.bare.total(), found.full.total()
    lines = [
        "| Rules | " + " | ".join(TITLES[c] for c in COLUMNS) + " |",
        "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |",
        "| none | " + " | ".join(cells(bare)) + " |",
        "| all | " + " | ".join(cells(full)) + " |",
        "",
        "| Rule | alone, vs none (" + " / ".join(TITLES[c] for c in COLUMNS) + ") "
        "| left out, vs all |",
        "| --- | --- | --- |",
    ]
    for rule in RULES:
        name = rule.__name__
        lines.append(
            f"| `{name}` | {delta(found.alone[name].total(), bare)} "
            f"| {delta(found.without[name].total(), full)} |"
        )
    return "\n".join(lines)


def _key(item: Disagreement) -> tuple[str, ...]:
    return (item["page"], item["operation"], item["section"], item["path"], item["kind"])


def causes(full: Run, bare: Run) -> dict[str, Counter[str]]:
    """Per figure: disagreements of the full run that the page reading already has ("pages"),
    those the rules make ("rules"), and those the rules remove ("removed")."""
    with_rules = {_key(d): d for d in full.disagreements}
    without_rules = {_key(d): d for d in bare.disagreements}
    counts: dict[str, Counter[str]] = {}
    for key, item in with_rules.items():
        cause = "pages" if key in without_rules else "rules"
        counts.setdefault(FIGURE_OF_KIND[item["kind"]], Counter())[cause] += 1
    for key, item in without_rules.items():
        if key not in with_rules:
            counts.setdefault(FIGURE_OF_KIND[item["kind"]], Counter())["removed"] += 1
    return counts


def causes_table(counts: dict[str, Counter[str]]) -> str:
    lines = [
        "| Figure | Misses | Already without rules | Made by a rule | Removed by rules |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for figure in COLUMNS:
        count = counts.get(figure, Counter())
        lines.append(
            f"| {TITLES[figure]} | {count['pages'] + count['rules']} | "
            f"{count['pages']} | {count['rules']} | {count['removed']} |"
        )
    return "\n".join(lines)


# Main -----------------------------------------------------------------------------------


@dataclass
class Measurements:
    full: Run
    bare: Run
    alone: dict[str, Run]  # rule name → the run with that rule only
    without: dict[str, Run]  # rule name → the run with every rule but that one
    eras: Run


def measure(out: Path) -> Measurements:
    measurer = Measurer(out)
    anchors = prescribed_anchors()
    full = measurer.run(anchors, keep=True)
    bare = measurer.run(anchors, rules=())
    alone = {rule.__name__: measurer.run(anchors, (rule,)) for rule in RULES}
    without = {
        rule.__name__: measurer.run(anchors, tuple(r for r in RULES if r is not rule))
        for rule in RULES
    }
    other = {name: SEED_ERA if anchor == NEWEST else NEWEST for name, anchor in anchors.items()}
    eras = matching_eras([full, measurer.run(other)])
    return Measurements(full, bare, alone, without, eras)


def report_json(found: Measurements, counts: dict[str, Counter[str]]) -> dict[str, Any]:
    total = found.full.total()
    return {
        "pages": {name: t.figures() for name, t in found.full.tallies.items()},
        "total": total.figures(),
        "ratios": {name: total.ratio(name) for name in COLUMNS},
        "targets": TARGETS,
        "disagreements": found.full.disagreements,
        "rules": {
            "none": found.bare.total().figures(),
            "alone": {name: run.total().figures() for name, run in found.alone.items()},
            "without": {name: run.total().figures() for name, run in found.without.items()},
        },
        "causes": {figure: dict(sorted(c.items())) for figure, c in sorted(counts.items())},
        "matching_eras": {
            "spec": {name: ERA_NAMES[a] for name, a in found.eras.anchors.items()},
            "total": found.eras.total().figures(),
            "ratios": {name: found.eras.total().ratio(name) for name in COLUMNS},
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fidelity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    parser.add_argument("--out", metavar="DIR", help="keep each page's fragment and report here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--disagreements", action="store_true", help="list every disagreement")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(arguments.out or scratch)
        out.mkdir(parents=True, exist_ok=True)
        found = measure(out)
    print(figures_table(found.full))
    print("\nWhat the inference rules buy:\n")
    print(rules_table(found))
    print("\nWhere the misses come from:\n")
    counts = causes(found.full, found.bare)
    print(causes_table(counts))
    print("\nAgainst the spec version each page matches best (diagnostic):\n")
    print(figures_table(found.eras, era=True))
    if arguments.disagreements:
        for item in found.full.disagreements:
            print(
                f"{item['page']}: {item['operation']} {item['section']} {item['path']}: "
                f"{item['message']}"
            )
    if arguments.json:
        Path(arguments.json).write_text(
            json.dumps(report_json(found, counts), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    total = found.full.total()
    missed = [
        f"{TITLES[n]} {total.ratio(n):.3f} < {t}"
        for n, t in TARGETS.items()
        if (total.ratio(n) or 0.0) < t
    ]
    if missed:
        print("targets missed: " + "; ".join(missed), file=sys.stderr)
    return 1 if missed and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
