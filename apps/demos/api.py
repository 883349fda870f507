"""The demos' JSON API (django-ninja): one router per demo, OpenAPI document at /api/docs."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils import translation
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


@api.exception_handler(InputError)
def input_error(request: HttpRequest, exc: InputError):
    """Bad input to an engine: a 400 naming the field, its message in the client's language."""
    language = client_language(request)
    with translation.override(language):
        detail = exc.translated(translation.gettext)
    response = api.create_response(request, {"detail": detail, "field": exc.field}, status=400)
    response["Content-Language"] = language
    return response


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig):
    """Django refuses to read a body over DATA_UPLOAD_MAX_MEMORY_SIZE: say so in JSON like every other error."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(request, {"detail": f"The request body is larger than {limit} bytes."}, status=413)


@api.exception_handler(ModelNotReady)
def model_not_ready(request: HttpRequest, exc: ModelNotReady):
    status = exc.status
    progress = {"state": status.state, "percent": status.percent, "eta_seconds": status.eta_seconds} if status else None
    response = api.create_response(
        request,
        {"detail": f"The model {exc.name} is still being prepared; try again shortly.", "training": progress},
        status=503,
    )
    response["Retry-After"] = "30"
    return response


for demo in DEMOS:
    api.add_router("/demos", demo.router)
