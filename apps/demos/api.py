"""The demos' JSON API (django-ninja): one router per demo, OpenAPI document at /api/docs."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_noop
from ninja import NinjaAPI

from apps.demos.engines.errors import InputError
from apps.demos.loaded import ModelNotReady
from apps.demos.manifest import DEMOS

api = NinjaAPI(
    title="QuizLab demos API",
    version="1",
    description="Live models trained by this app. Every error is JSON naming the field at fault.",
    urls_namespace="api",
)


def client_language(request: HttpRequest) -> str:
    """English unless the client asks otherwise (Accept-Language, or the site's language cookie):
    the API's addresses carry no language, and its clients are programs first."""
    if "Accept-Language" in request.headers or settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return translation.get_language_from_request(request)
    return "en"


def error_response(
    request: HttpRequest, status: int, detail: Callable[[Callable[[str], str]], str], **body: Any
) -> HttpResponse:
    """Every error the API itself answers: ``{"detail": ..., **body}``, with ``detail(gettext)`` in
    the client's language."""
    language = client_language(request)
    with translation.override(language):
        text = detail(translation.gettext)
    response = api.create_response(request, {"detail": text, **body}, status=status)
    response["Content-Language"] = language
    return response


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError):
    """Bad input to an engine: a 400 naming the field, the engine's message in the client's language."""
    return error_response(request, 400, exc.translated, field=exc.field)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig):
    """Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE: say so in JSON like every other error."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = gettext_noop("The request body is larger than %(limit)s bytes.")
    return error_response(request, 413, lambda gettext: gettext(message) % {"limit": limit})


@api.exception_handler(ModelNotReady)
def model_not_ready(request: HttpRequest, exc: ModelNotReady):
    status = exc.status
    progress = {"state": status.state, "percent": status.percent, "eta_seconds": status.eta_seconds} if status else None
    message = gettext_noop("The model %(model)s is still being prepared; try again shortly.")
    response = error_response(request, 503, lambda gettext: gettext(message) % {"model": exc.name}, training=progress)
    response["Retry-After"] = "30"
    return response


for demo in DEMOS:
    api.add_router("/demos", demo.router)
