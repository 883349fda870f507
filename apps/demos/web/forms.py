"""What every demo page shares: read a number from the query, run the engine, show its errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language, gettext

from apps.demos import loaded, manifest
from apps.demos.engines.errors import InputError
from apps.demos.engines.text import gettext_noop


def lang() -> str:
    """The page's language code: "ko" or "en"."""
    return (get_language() or "ko")[:2]


def query_int(raw: str | None, field: str, default: int | None = None) -> int | None:
    """A whole number typed into a form or an address; ``default`` when absent or empty. Only
    the reading is checked here: the engine checks the range, in one place."""
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise InputError(field, gettext_noop("Enter a whole number.")) from None


def query_number(raw: str | None, field: str, default: float) -> float:
    """A decimal number typed into a form or an address; ``default`` when absent or empty. The
    engine checks the range (and refuses nan and infinities)."""
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise InputError(field, gettext_noop("Enter a number.")) from None


def run_page(
    request: HttpRequest,
    slug: str,
    context: dict[str, Any],
    compute: Callable[[], dict[str, Any]] | None,
    prepare: Callable[[dict[str, Any]], None] | None = None,
) -> HttpResponse:
    """Render the demo ``slug``'s page (``demos/<slug>.html``), or just its result partial
    (``demos/_<slug>_result.html``) for htmx.

    While a model the manifest says the page needs is not trained, the page shows its training
    card instead of running anything. Otherwise ``prepare(context)`` adds what needs the model,
    and ``compute()``'s result goes in ``context["result"]``; an ``InputError`` becomes a 400
    with its message, in the page's language, next to the field it names.
    """
    status = 200
    context["not_ready"] = loaded.not_ready(manifest.demo(slug).requires)
    if context["not_ready"] is None:
        if prepare is not None:
            prepare(context)
        if compute is not None:
            try:
                context["result"] = compute()
            except InputError as error:
                context["error"] = {"field": error.field, "message": error.translated(gettext)}
                status = 400
    template = f"demos/_{slug}_result.html" if request.htmx else f"demos/{slug}.html"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])  # a cache must not hand the partial to a full-page load
    return response
