"""The public API of the client that refgen generates for a document (`refgen diff --python`)."""

from typing import Any

from generator.diff.python_api import ApiSnapshot, extract_api_from_sources


def generated_api(document: dict[str, Any], package: str) -> ApiSnapshot:
    """Render the client for a document in memory (nothing is written) and read its API.
    A document the renderer refuses is the user's error, reported as the renderer words it."""
    # Imported here: the renderer brings Jinja and ruff's runner, which only --python needs.
    from generator.pipeline import render_files

    files = render_files(document, package)
    return extract_api_from_sources({p: t for p, t in files.items() if p.endswith(".py")})
