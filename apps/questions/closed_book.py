"""Closed-book quizzes: while a student has an attempt of one open, the live demos (pages and API)
answer 403, so the models cannot be consulted during the exam."""

from django.http import HttpResponse
from django.utils.translation import gettext_noop

from apps.questions.models import Attempt
from quizsite.limits import error_response, is_demo


def in_closed_book_exam(user) -> bool:
    return (
        user.is_authenticated
        and Attempt.objects.filter(user=user, state__in=Attempt.OPEN_STATES, quiz__closed_book=True).exists()
    )


class ClosedBookMiddleware:
    """After AuthenticationMiddleware: it needs the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request) -> HttpResponse:
        if is_demo(request.path) and in_closed_book_exam(request.user):
            message = gettext_noop("The live demos are closed while your closed-book quiz is open.")
            return error_response(request, 403, message)
        return self.get_response(request)
