"""The API answers every error as JSON: Django's own 404 (no such address) and ninja's 405 (wrong
method) are HTML or plain text, so they are rewritten into the API's one error shape."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from quizsite.limits import error_response


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 404:
            return error_response(request, 404, gettext_noop("There is no API endpoint at this address."))
        if response.status_code == 405:
            allowed = response.get("Allow", "")
            message = gettext_noop("The method %(method)s is not allowed here; use %(allowed)s.")
            json = error_response(request, 405, message, method=request.method, allowed=allowed)
            json["Allow"] = allowed
            return json
        return response
