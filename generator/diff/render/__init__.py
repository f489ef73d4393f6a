"""Output formats. Each renderer is a pure function from a report to text."""

from collections.abc import Callable

from generator.diff.records import Report
from generator.diff.render.github import render_github
from generator.diff.render.json_report import render_json
from generator.diff.render.markdown import render_markdown
from generator.diff.render.sarif import render_sarif
from generator.diff.render.text import render_text

Renderer = Callable[[Report], str]

RENDERERS: dict[str, Renderer] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
    "github": render_github,
    "sarif": render_sarif,
}

__all__ = ["RENDERERS", "Renderer", "render_markdown"]
