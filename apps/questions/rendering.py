"""Markdown with ``$…$`` math to safe HTML.

Math is lifted out before Markdown runs (so ``_`` and ``*`` inside formulas survive), the HTML
is sanitised with nh3 (raw HTML in the bank is dropped), then the formulas are put back as
escaped text for KaTeX's auto-render to typeset in the browser.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)
_PLACEHOLDER = re.compile(r"QLMATH(\d+)QL")
_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "blockquote",
    "table", "thead", "tbody", "tr", "th", "td", "a", "h4", "h5", "h6", "sub", "sup", "hr", "del", "span",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    if not text:
        return mark_safe("")
    formulas: list[str] = []

    def lift(match: re.Match) -> str:
        formulas.append(match.group(0))
        return f"QLMATH{len(formulas) - 1}QL"

    source = _MATH.sub(lift, text)
    rendered = markdown.markdown(source, extensions=["tables", "fenced_code", "sane_lists"])
    clean = nh3.clean(rendered, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener noreferrer nofollow")
    restored = _PLACEHOLDER.sub(lambda m: f'<span class="math">{html.escape(formulas[int(m.group(1))])}</span>', clean)
    return mark_safe(restored)  # noqa: S308 - sanitised above; formulas are escaped


@lru_cache(maxsize=4096)
def render_inline(text: str) -> SafeString:
    """Markdown for short texts (choices): without the wrapping paragraph."""
    rendered = str(render_markdown(text))
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    return mark_safe(rendered)  # noqa: S308 - already sanitised
