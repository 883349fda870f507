from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from apps.questions.interchange import exporter
from apps.questions.interchange.mapping import NOT_CARRIED
from apps.questions.models import Question, Topic


class Command(BaseCommand):
    help = "Export questions to GIFT, Moodle XML or Aiken; lists every question left out and why."

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="fmt", required=True, choices=tuple(exporter.WRITERS))
        parser.add_argument("--out", required=True, help="the file to write")
        parser.add_argument("--topic", help="only this topic (slug) and the topics below it")
        parser.add_argument("--lang", choices=("ko", "en"), default="ko", help="which text to write (default ko)")

    def handle(self, *args, fmt, out, topic, lang, **options):
        questions = Question.objects.all()
        if topic:
            if not Topic.objects.filter(slug=topic).exists():
                raise CommandError(f"no topic {topic!r}")
            questions = questions.filter(Q(topic__slug=topic) | Q(topic__slug__startswith=f"{topic}/"))
        result = exporter.export(questions, fmt, lang)
        Path(out).write_text(result.text, encoding="utf-8")
        for key, note in result.notes:
            self.stdout.write(f"{key}: note: {note}")
        for key, why in result.left_out:
            self.stdout.write(f"{key}: left out: {why}")
        self.stdout.write(f"wrote {result.written} questions to {out}; left out {len(result.left_out)}")
        self.stdout.write(f"{fmt} never carries: {NOT_CARRIED[fmt]}")
