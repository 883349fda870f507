"""The demos' JSON API (django-ninja): one router per demo, OpenAPI document at /api/docs."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import NinjaAPI

from apps.demos.loaded import ModelNotReady
from apps.demos.web import ROUTERS

api = NinjaAPI(
    title="QuizLab demos API",
    version="1",
    description="Live models trained by this app. Every error is JSON naming the field at fault.",
    urls_namespace="api",
)


@api.exception_handler(ValueError)
def input_error(request: HttpRequest, exc: ValueError):
    """Engines raise ValueError subclasses carrying ``field``: a client error, not a crash."""
    field = getattr(exc, "field", None)
    if field is None:
        raise exc
    return api.create_response(request, {"detail": str(exc), "field": field}, status=400)


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


for router in ROUTERS:
    api.add_router("/demos", router)
