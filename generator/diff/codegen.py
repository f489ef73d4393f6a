"""The public API of the client that refgen generates for a document (`refgen diff --python`)."""

from typing import Any

from generator.diff.errors import InputError
from generator.diff.python_api import ApiSnapshot, extract_api_from_sources


def generated_api(document: dict[str, Any], package: str, label: str) -> ApiSnapshot:
    """Render the client for a document in memory (nothing is written) and read its API."""
    # Imported here: the renderer is developed alongside this package and may be absent.
    try:
        from generator.diagnostics import RefgenError
        from generator.pipeline import render_files
    except ImportError:
        raise InputError(label, "--python needs generator.pipeline.render_files, "
                                "which this installation does not have") from None
    try:
        files = render_files(document, package)
    except RefgenError as error:
        raise InputError(label, "cannot generate the client", rendered=str(error)) from None
    return extract_api_from_sources({p: t for p, t in files.items() if p.endswith(".py")})
