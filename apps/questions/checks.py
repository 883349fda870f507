"""Deployment check: the demo instructor (published password) must not be active without DEBUG.

Run by ``manage.py check --deploy`` (``make serve`` runs it before serving) and by every non-DEBUG
WSGI start (quizsite/wsgi.py), so no way of serving leaves the account usable.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

DEMO_INSTRUCTOR = ("instructor", "quizlab-instructor")  # created by `make run` (DEBUG) only


def demo_instructor_active() -> bool:
    username, password = DEMO_INSTRUCTOR
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    return user is not None and user.check_password(password)


def demo_instructor_errors() -> list[Error]:
    if settings.DEBUG:
        return []
    try:
        active = demo_instructor_active()
    except DatabaseError:  # no database or tables yet: nothing to refuse
        return []
    if not active:
        return []
    return [
        Error(
            f"The demo instructor '{DEMO_INSTRUCTOR[0]}' is active with its published password, and DEBUG is off.",
            hint="Run `manage.py setup_roles` (without --demo-instructor), which deactivates it, "
            "or give the account another password.",
            id="quizlab.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_demo_instructor(app_configs=None, **kwargs):
    return demo_instructor_errors()


def refuse_demo_instructor() -> None:
    """Serving without DEBUG: refuse to start while the demo account is usable."""
    for error in demo_instructor_errors():
        raise ImproperlyConfigured(f"{error.msg} {error.hint}")
