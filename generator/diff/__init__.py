"""`refgen diff`: what changed between two OpenAPI documents and whom it breaks.

Flow: load (files, pages, git) → walk (neutral change records) → usage (which operations reach
each schema, in which direction) → rules (classify each record) → render (text, markdown, json,
github). `python_api` + `python_api_diff` do the same for the generated client's public API.
"""

from generator.diff.compare import compare_sides
from generator.diff.load import Side
from generator.diff.records import Finding, Level, Report

__all__ = ["Finding", "Level", "Report", "Side", "compare_sides"]
