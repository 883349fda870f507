from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from apps.questions.bank.exporter import export


class Command(BaseCommand):
    help = "Write the bank back to YAML: <out>/questions/<domain>.yaml and <out>/quizzes.yaml."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(settings.BASE_DIR / "fixtures"), help="Default: fixtures/")

    def handle(self, *args, out, **options):
        for path in export(Path(out)):
            self.stdout.write(f"wrote {path}")
