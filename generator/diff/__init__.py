"""`refgen diff`: what changed between two OpenAPI documents and whom it breaks.

Flow: load (files, pages, git) → walk (neutral change records) → usage (which operations reach
each schema, in which direction) → rules (classify each record; evidence decides whether both
sides stated the fact) → policy (the team's levels, ignores and baseline) → render (text,
markdown, json, github, sarif). `python_api` + `python_api_diff` do the same for the generated
client's public API. The library entry point is `generator.diff.compare.compare_sides`.
"""
