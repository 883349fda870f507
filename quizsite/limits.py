"""Per-request limits applied before any view runs: body size, per-IP demo rate, demo concurrency.

Demos are anonymous and cost CPU; exams are not. So every demo request (page, partial or API)
counts against a per-IP budget of requests and of CPU seconds per minute (the CPU each request
used, measured on its thread, is charged after it), and at most ``DEMO_CONCURRENCY`` demo requests
run at once in a process: the rest of the process's threads stay free for exam autosaves.
"""

from __future__ import annotations

import re
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_noop

RATE_WINDOW_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with ``PROXY_COUNT`` trusted proxies in front, the
    address the outermost of them saw (entries further left in X-Forwarded-For are the client's
    own claims and can be forged)."""
    proxies = settings.QUIZLAB["PROXY_COUNT"]
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


_DEMO_PATH = re.compile(r"^/(?:api/|[a-z]{2}(?:-[a-z]+)?/)?demos/")


def is_demo(path: str) -> bool:
    return bool(_DEMO_PATH.match(path))


def error_response(request: HttpRequest, status: int, message: str, retry_after: int | None = None, **params):
    """For API paths the API's one error shape in the client's language (apps.demos.api); for
    pages a short text in the page's language. ``message`` is an untranslated msgid."""
    if request.path.startswith("/api/"):
        from apps.demos.api import error_response as api_error  # the API module loads the demo routers

        response = api_error(request, status, lambda gettext: gettext(message) % params)
    else:
        response = HttpResponse(gettext(message) % params, status=status, content_type="text/plain; charset=utf-8")
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def count_hit(scope: str, ip: str, now: float, window: int = RATE_WINDOW_SECONDS) -> int:
    """This IP's requests in ``scope`` in the current clock window, this one included. ``add`` +
    ``incr`` are atomic on locmem and Redis, so with REDIS_URL all workers share one count per IP."""
    key = f"limits:{scope}:{ip}:{int(now // window)}"
    cache.add(key, 0, timeout=window + 5)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: this request starts the count again
        cache.add(key, 1, timeout=window + 5)
        return 1


def cpu_key(ip: str, now: float) -> str:
    return f"limits:demo-cpu:{ip}:{int(now // RATE_WINDOW_SECONDS)}"


def charge_cpu(ip: str, now: float, milliseconds: int) -> None:
    """Add a finished demo request's CPU time to its address's spend in the window it started in."""
    key = cpu_key(ip, now)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS + 5)
    try:
        cache.incr(key, milliseconds)
    except ValueError:  # evicted meanwhile: start the spend again
        cache.add(key, milliseconds, timeout=RATE_WINDOW_SECONDS + 5)


def seconds_left(now: float, window: int = RATE_WINDOW_SECONDS) -> int:
    """Whole seconds until the current clock window ends (for Retry-After)."""
    return int(window - now % window) + 1


class RequestLimitsMiddleware:
    """Placed before anything reads the body (CSRF, forms) and after LocaleMiddleware (messages)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.demo_slots = threading.BoundedSemaphore(settings.QUIZLAB["DEMO_CONCURRENCY"])

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.QUIZLAB["MAX_REQUEST_BYTES"]
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400, gettext_noop("The Content-Length header is not a number."))
        if length > limit:
            # Answered from the header alone: the body is never read.
            return error_response(
                request, 413, gettext_noop("The request body is larger than %(limit)s bytes."), limit=limit
            )
        if not is_demo(request.path):
            return self.get_response(request)

        now, ip = time.time(), client_ip(request)
        over_cpu = cache.get(cpu_key(ip, now), 0) >= settings.QUIZLAB["DEMO_CPU_MS_PER_MINUTE"]
        if over_cpu or count_hit("demo", ip, now) > settings.QUIZLAB["DEMO_REQUESTS_PER_MINUTE"]:
            wait = seconds_left(now)
            message = gettext_noop("Too many demo requests from your address; try again in %(seconds)s seconds.")
            return error_response(request, 429, message, retry_after=wait, seconds=wait)
        if not self.demo_slots.acquire(blocking=False):
            message = gettext_noop("The demos are busy right now; try again in a few seconds.")
            return error_response(request, 503, message, retry_after=5)
        cpu_started = time.thread_time()
        try:
            return self.get_response(request)
        finally:
            self.demo_slots.release()
            charge_cpu(ip, now, round((time.thread_time() - cpu_started) * 1000))
