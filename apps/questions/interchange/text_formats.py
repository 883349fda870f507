"""Question text between the formats' markups and ours (Markdown with $…$ math)."""

from __future__ import annotations

from markdownify import markdownify


def html_to_markdown(html: str) -> str:
    return markdownify(html, heading_style="ATX", bullets="-").strip()


def to_markdown(text: str, fmt: str) -> str:
    """``fmt``: Moodle's text format names; html is converted, the others are kept as written."""
    return html_to_markdown(text) if fmt == "html" else text.strip()
