"""Rendering a comparison: a text table with the disagreement list, or a stable JSON document."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.compare.checks import CHECKS
from generator.compare.comparison import DocumentComparison, OperationComparison
from generator.compare.findings import Disagreement, operation_disagreements
from generator.compare.metrics import Figures, figures, total

_RATIO_DIGITS = 4  # JSON ratios are rounded so the document does not churn on float noise


@dataclass(frozen=True)
class _OperationSummary:
    operation: OperationComparison
    figures: Figures
    section_figures: dict[str, Figures]
    disagreements: list[Disagreement]


def _summaries(comparison: DocumentComparison) -> list[_OperationSummary]:
    summaries = []
    for operation in comparison.operations:
        by_section = {section.name: figures(section.positions) for section in operation.sections}
        summaries.append(
            _OperationSummary(
                operation,
                total(by_section.values()),
                by_section,
                operation_disagreements(operation),
            )
        )
    return summaries


# --- text -----------------------------------------------------------------------------------

_HEADINGS = ["Operation", "Both", "Only rec", "Only auth", "Recall", "Precision", "F1"]


def render_text(comparison: DocumentComparison) -> str:
    summaries = _summaries(comparison)
    rows = [_row(summary.operation.label, summary.figures) for summary in summaries]
    rows.append(_row("TOTAL", total(summary.figures for summary in summaries)))
    count = len(summaries)
    lines = [
        f"Compared {count} operation{'' if count == 1 else 's'} present in both documents.",
        "",
    ]
    lines.extend(_table([*_HEADINGS, *(check.title for check in CHECKS)], rows))
    lines.extend(_disagreement_lines([d for s in summaries for d in s.disagreements]))
    lines.extend(_unmatched_lines(comparison))
    return "\n".join(lines) + "\n"


def _row(label: str, figures: Figures) -> list[str]:
    counts = [str(figures.both), str(figures.only_reconstructed), str(figures.only_authoritative)]
    ratios = [figures.recall, figures.precision, figures.f1]
    ratios.extend(figures.agreement(check.name).ratio for check in CHECKS)
    return [label, *counts, *(_ratio_text(ratio) for ratio in ratios)]


def _ratio_text(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.3f}"


def _table(headings: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[column]) for row in [headings, *rows]) for column in range(len(headings))]

    def line(cells: Sequence[str]) -> str:
        label = cells[0].ljust(widths[0])
        numbers = (cell.rjust(width) for cell, width in zip(cells[1:], widths[1:], strict=True))
        return "  ".join([label, *numbers]).rstrip()

    rule = "-" * len(line(headings))
    return [line(headings), rule, *(line(row) for row in rows[:-1]), rule, line(rows[-1])]


def _disagreement_lines(disagreements: list[Disagreement]) -> list[str]:
    lines = ["", f"Disagreements ({len(disagreements)}):"]
    lines.extend(f"  {item.line}" for item in disagreements)
    return lines if disagreements else ["", "Disagreements: none"]


def _unmatched_lines(comparison: DocumentComparison) -> list[str]:
    # Operations only in the reconstruction are likely mistakes, so they are listed; a fragment
    # lacks most of the authoritative spec's operations, so those are only counted here.
    lines = ["", f"Operations only in reconstructed ({len(comparison.only_reconstructed)}):"]
    lines.extend(f"  {label}" for label in comparison.only_reconstructed)
    lines.append(
        f"Operations only in authoritative: {len(comparison.only_authoritative)}"
        " (listed in the --json report)"
    )
    return lines


# --- JSON -----------------------------------------------------------------------------------


def render_json(comparison: DocumentComparison, reconstructed: str, authoritative: str) -> str:
    """Sorted keys; operations and disagreements in report order: same input, same bytes."""
    summaries = _summaries(comparison)
    document = {
        "reconstructed": reconstructed,
        "authoritative": authoritative,
        "operations": [_operation_json(summary) for summary in summaries],
        "total": _figures_json(total(summary.figures for summary in summaries)),
        "unmatched_operations": {
            "only_reconstructed": list(comparison.only_reconstructed),
            "only_authoritative": list(comparison.only_authoritative),
        },
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _operation_json(summary: _OperationSummary) -> dict[str, Any]:
    operation = summary.operation
    return {
        "method": operation.method.upper(),
        "path": operation.path,
        "reconstructed_path": operation.reconstructed_path,
        "figures": _figures_json(summary.figures),
        "sections": {name: _figures_json(part) for name, part in summary.section_figures.items()},
        "disagreements": [_disagreement_json(item) for item in summary.disagreements],
    }


def _figures_json(figures: Figures) -> dict[str, Any]:
    document: dict[str, Any] = {
        "properties": {
            "both": figures.both,
            "only_reconstructed": figures.only_reconstructed,
            "only_authoritative": figures.only_authoritative,
        },
        "recall": _rounded(figures.recall),
        "precision": _rounded(figures.precision),
        "f1": _rounded(figures.f1),
    }
    for check in CHECKS:
        agreement = figures.agreement(check.name)
        document[check.name] = {
            "agree": agreement.agree,
            "total": agreement.total,
            "ratio": _rounded(agreement.ratio),
        }
    return document


def _disagreement_json(item: Disagreement) -> dict[str, str]:
    return {
        "section": item.section,
        "path": item.path,
        "kind": item.kind,
        "reconstructed": item.reconstructed,
        "authoritative": item.authoritative,
        "message": item.message,
    }


def _rounded(ratio: float | None) -> float | None:
    return None if ratio is None else round(ratio, _RATIO_DIGITS)
