"""Shared helpers for demo pages: parse query parameters, call an engine, show its errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from apps.demos.engines.errors import InputError


def query_int(
    raw: str | None, field: str, default: int | None = None, *, low: int | None = None, high: int | None = None
) -> int | None:
    """A whole number from a query parameter (within ``low``..``high`` when given); ``default``
    when it is absent or empty. Errors are in the page's language, unlike the engines'."""
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if low is not None and high is not None:
        if value is None or not low <= value <= high:
            raise InputError(
                field,
                gettext("%(field)s must be a whole number from %(low)s to %(high)s.")
                % {"field": field, "low": low, "high": high},
            )
    elif value is None:
        raise InputError(field, gettext("%(field)s must be a whole number") % {"field": field})
    return value


def query_choice(raw, field: str, choices) -> Any:
    """``raw`` when it is one of ``choices``: the forms only offer those, but an address can say anything."""
    if raw not in choices:
        raise InputError(
            field,
            gettext("%(field)s must be one of %(names)s") % {"field": field, "names": ", ".join(map(str, choices))},
        )
    return raw


def run_page(
    request: HttpRequest,
    template: str,
    partial: str,
    context: dict[str, Any],
    compute: Callable[[], dict[str, Any]] | None,
) -> HttpResponse:
    """Render a demo page, or just its result partial for htmx. Engine input errors become a
    400 with the message next to the field, never a crash."""
    status = 200
    if compute is not None:
        try:
            context["result"] = compute()
        except ValueError as exc:
            if getattr(exc, "field", None) is None:
                raise
            context["error"] = {"field": exc.field, "message": str(exc)}
            status = 400
    return render(request, partial if request.htmx else template, context, status=status)
