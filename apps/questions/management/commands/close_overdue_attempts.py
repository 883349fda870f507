from django.core.management.base import BaseCommand
from django.utils import timezone

from apps.questions.services import close_overdue


class Command(BaseCommand):
    help = "Finish every attempt past its deadline (and grace period), recording the deadline as its finish time."

    def handle(self, *args, **options):
        closed = close_overdue(now=timezone.now())
        self.stdout.write(f"closed {closed} attempt(s)")
