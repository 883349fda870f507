import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.demos.manifest import train_specs
from apps.demos.progress import TrainingStatus
from apps.demos.training import board_for, ensure_trained, registry_for, up_to_date


class Command(BaseCommand):
    help = "Train every demo model that is missing or out of date, deterministically, into var/models/."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", metavar="NAME", help="Only these artifacts.")
        parser.add_argument("--force", action="store_true", help="Retrain even if up to date.")

    def handle(self, *args, names, force, **options):
        specs = train_specs()
        if not specs:
            self.stdout.write("No demo models are defined yet; nothing to train.")
            return
        if unknown := set(names) - {s.name for s in specs}:
            raise CommandError(f"unknown artifact(s): {', '.join(sorted(unknown))}")
        chosen = [s for s in specs if not names or s.name in names]
        data_dir = settings.DATA_DIR
        registry, board = registry_for(data_dir), board_for(data_dir)
        todo = [s for s in chosen if force or not up_to_date(s, registry)]
        for spec in chosen:
            if spec not in todo:
                self.stdout.write(f"{spec.name}: up to date ({registry.current(spec.name).version})")
        for spec in todo:  # queued first, so the pages can say what is coming
            board.write(TrainingStatus(spec.name, "queued", 0.0, "", None, time.time()))
        failed = []
        for spec in todo:
            self.stdout.write(f"{spec.name}: training (about {spec.expected_seconds:.0f} s)")
            try:
                artifact = ensure_trained(spec, data_dir=data_dir, echo=self.stdout.write, force=force)
            except Exception as exc:  # one failing demo must not stop the others from training
                failed.append(spec.name)
                self.stderr.write(f"{spec.name}: FAILED: {exc}")
                continue
            metrics = artifact.metadata.get("metrics", {})
            self.stdout.write(
                self.style.SUCCESS(
                    f"{spec.name}: {artifact.version} in {artifact.metadata.get('train_seconds')} s; {metrics}"
                )
            )
        if failed:
            raise CommandError(f"training failed for: {', '.join(failed)}")
