from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.questions.bank.schema import TOPIC_SLUG
from apps.questions.interchange import importer
from apps.questions.interchange.items import FormatError


class Command(BaseCommand):
    help = (
        "Import GIFT, Moodle XML or Aiken files as draft questions. Every question that cannot be imported is "
        "listed with its line and the reason; the rest are written together, or nothing with --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", dest="fmt", choices=importer.FORMATS, help="default: from the extension")
        parser.add_argument("--topic", help="put every question in this topic (slug) instead of the file's categories")
        parser.add_argument("--dry-run", action="store_true", help="show what would be imported; write nothing")

    def handle(self, *args, paths, fmt, topic, dry_run, **options):
        if topic and not TOPIC_SLUG.match(topic):
            raise CommandError(f"--topic {topic!r} is not a topic slug like 'xai' or 'xai/cam'")
        plans = []
        for raw in paths:
            path = Path(raw)
            file_fmt = fmt or importer.guess_format(path.name)
            if file_fmt is None:
                raise CommandError(f"{path}: cannot tell the format from the extension; pass --format")
            try:
                items = importer.read_items(path.read_bytes(), file_fmt)
            except FileNotFoundError as exc:
                raise CommandError(f"{path}: file not found") from exc
            except FormatError as exc:
                raise CommandError(f"{path}: {exc}") from exc
            plans.append((path, file_fmt, importer.plan(items, topic=topic, fmt=file_fmt)))
        # Every file is read and planned before anything is written.
        for path, file_fmt, plan in plans:
            # Moodle XML positions are question numbers (the parser keeps no line numbers).
            where = "question " if file_fmt == "moodle-xml" else "line "
            for p in plan.questions:
                for note in p.notes:
                    self.stdout.write(f"{path}: {where}{p.line}: {p.entry['key']}: note: {note}")
            for s in plan.skipped:
                self.stdout.write(f"{path}: {where}{s.line}: {s.name or '(untitled)'}: skipped: {s.reason}")
            verb = "would import" if dry_run else "imported"
            self.stdout.write(f"{path}: {verb} {len(plan.questions)} as drafts, skipped {len(plan.skipped)}")
            if not dry_run:
                importer.apply(plan)
