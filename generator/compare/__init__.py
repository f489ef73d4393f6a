"""Fidelity comparison: how far a reconstructed OpenAPI fragment is from an authoritative spec.

`refgen compare` (generator/compare/cli.py); the library entry point is
`generator.compare.comparison.compare_documents`.
"""
