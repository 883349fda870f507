from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from apps.questions.checks import DEMO_INSTRUCTOR, demo_instructor_active

INSTRUCTORS = "Instructors"
# app label -> models instructors manage fully; anything else they may only view.
MANAGED = {
    "questions": ("topic", "question", "choice", "quiz", "quizslot", "extratime"),
    "demos": ("apikey",),
    "classes": ("classgroup", "membership", "assignment"),
}
VIEW_ONLY = {"questions": ("attempt", "response", "answerrecovery"), "auth": ("user",)}  # users: for extra time
# Single permissions beyond those: recovering an attempt from a student's encrypted answer file.
GRANTED = {"questions": ("add_answerrecovery",)}


def instructor_permissions() -> list[Permission]:
    perms = []
    for app_label, model_names in MANAGED.items():
        perms += Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=model_names)
    for app_label, model_names in VIEW_ONLY.items():
        perms += Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=model_names, codename__startswith="view_"
        )
    for app_label, codenames in GRANTED.items():
        perms += Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    return perms


class Command(BaseCommand):
    help = (
        "Create or refresh the Instructors group; with --demo-instructor (DEBUG only) a demo account, "
        "without it deactivate that account if it still has its published password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--demo-instructor", action="store_true")

    def handle(self, *args, demo_instructor, **options):
        group, _ = Group.objects.get_or_create(name=INSTRUCTORS)
        group.permissions.set(instructor_permissions())
        self.stdout.write(f"{INSTRUCTORS}: {group.permissions.count()} permissions")
        if not demo_instructor:
            if demo_instructor_active():
                get_user_model().objects.filter(username=DEMO_INSTRUCTOR[0]).update(is_active=False)
                self.stdout.write(f"demo instructor {DEMO_INSTRUCTOR[0]!r} deactivated")
            return
        if not settings.DEBUG:
            raise CommandError("The demo instructor account is only created with DEBUG on.")
        username, password = DEMO_INSTRUCTOR
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        if created or not user.is_active:
            user.set_password(password)
            user.is_active = True
            user.save()
        user.groups.add(group)
        self.stdout.write(f"demo instructor: {username} / {password} ({'created' if created else 'exists'})")
