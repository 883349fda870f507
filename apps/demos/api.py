"""The demos' JSON API (django-ninja): one router per demo, OpenAPI document at /api/docs."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from apps.demos.engines.errors import InputError
from apps.demos.loaded import ModelNotReady
from apps.demos.manifest import DEMOS

# The errors any demo operation can answer, whatever its own code does: the limits middleware
# (413, 429, 503), the closed-book middleware (403), the schema check (422) and the engines (400).
ERROR_RESPONSES = {
    400: "The input is outside what the demo accepts; `field` names it.",
    403: "Not allowed now (for example during a closed-book exam).",
    413: "The request body is too large.",
    422: "The body does not fit the schema; `field` names the first field at fault, `errors` lists all.",
    429: "Too many requests or too much CPU from this address this minute; see `Retry-After`.",
    503: "The server is busy or the model is still being prepared; see `Retry-After`.",
}

# The one error shape (see error_response).
ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "field": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "training": {"type": ["object", "null"]},
    },
}


class ObjectBodyParser(Parser):
    """Every demo body is a JSON object: anything else (a list, a number) is a 400 here, where ninja
    would otherwise read the fields of a list as missing and run the demo on its defaults."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        body = super().parse_body(request)
        if not isinstance(body, dict):
            raise TypeError("the request body must be a JSON object")
        return body


class DemosAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs) -> OpenAPISchema:
        """Ninja documents only what each view returns; add the errors every operation can answer."""
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(status, {"description": description, "content": error})
        return schema


api = DemosAPI(
    title="QuizLab demos API",
    version="1",
    description="Live models trained by this app. Every error is JSON naming the field at fault.",
    urls_namespace="api",
    parser=ObjectBodyParser(),
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


# What pydantic says of a request that does not fit a demo's schema, in the engines' words where
# they exist (so it can be translated); anything else keeps pydantic's English message.
SCHEMA_MESSAGES = {
    "missing": gettext_noop("This field is required."),
    "literal_error": gettext_noop("Choose one of: %(expected)s."),
    "greater_than_equal": gettext_noop("Enter a number of at least %(ge)s."),
    "less_than_equal": gettext_noop("Enter a number of at most %(le)s."),
    "int_type": gettext_noop("Enter a whole number."),
    "int_parsing": gettext_noop("Enter a whole number."),
    "int_from_float": gettext_noop("Enter a whole number."),
    "bool_type": gettext_noop("Must be true or false."),
    "bool_parsing": gettext_noop("Must be true or false."),
    "string_type": gettext_noop("The text must be a string."),
    "string_too_short": gettext_noop("Type a sentence first."),
    "string_too_long": gettext_noop("The text is too long: at most %(max_length)s characters."),
}


@api.exception_handler(ValidationError)
def schema_error(request: HttpRequest, exc: ValidationError):
    """A body that does not fit the schema: 422 in the same shape as an engine's 400, naming the
    first field at fault; ``errors`` keeps pydantic's full list for programs."""
    first = exc.errors[0]
    field = next((part for part in reversed(first.get("loc", ())) if isinstance(part, str)), "")
    template = SCHEMA_MESSAGES.get(first.get("type"))
    values = {key: str(value) for key, value in (first.get("ctx") or {}).items()}

    def detail(gettext: Callable[[str], str]) -> str:
        return gettext(template) % values if template else str(first.get("msg", ""))

    errors = [{key: value for key, value in error.items() if key != "ctx"} for error in exc.errors]
    return error_response(request, 422, detail, field=field, errors=errors)


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
