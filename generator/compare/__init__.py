"""Fidelity comparison: how far a reconstructed OpenAPI fragment is from an authoritative spec.

`main(argv)` is the `refgen compare` subcommand; `compare_documents` is the library entry point.
"""

from generator.compare.cli import main
from generator.compare.comparison import DocumentComparison, compare_documents

__all__ = ["DocumentComparison", "compare_documents", "main"]
