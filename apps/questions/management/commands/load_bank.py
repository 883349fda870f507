from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.questions.bank import cue_audit
from apps.questions.bank.loader import BankInvalid, load, parse

QUIZ_FILE_NAME = "quizzes.yaml"


def split_paths(paths: list[str]) -> tuple[list[Path], Path | None]:
    """Bank files and the quiz file from files or directories (``quizzes.yaml`` is the quiz file)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files.extend(sorted(path.rglob("*.yaml")) if path.is_dir() else [path])
    quiz_files = [f for f in files if f.name == QUIZ_FILE_NAME]
    if len(quiz_files) > 1:
        raise CommandError(f"more than one {QUIZ_FILE_NAME}: {', '.join(map(str, quiz_files))}")
    return [f for f in files if f.name != QUIZ_FILE_NAME], (quiz_files[0] if quiz_files else None)


class Command(BaseCommand):
    help = (
        "Validate the question bank YAML and load it: all files or nothing, upserting by key. "
        "PATH may be files or directories; a file named quizzes.yaml holds quizzes. Default: fixtures/."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", metavar="PATH")
        parser.add_argument(
            "--check", action="store_true", help="Validate and audit the answer cues only; write nothing."
        )

    def handle(self, *args, paths, check, **options):
        bank_files, quiz_file = split_paths(paths or [str(settings.BASE_DIR / "fixtures")])
        try:
            if check:
                _, questions, _ = parse(bank_files, quiz_file)
            else:
                report = load(bank_files, quiz_file)
        except BankInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) found; nothing was loaded.") from exc
        if check:
            self.stdout.write(
                f"OK: {len(bank_files)} bank file(s) and {'a' if quiz_file else 'no'} quiz file are valid."
            )
            cues = cue_audit.audit([q for q, _ in questions])
            self.stdout.write(cues.table())
            if failures := cues.failures():
                for failure in failures:
                    self.stderr.write(failure)
                raise CommandError(f"cue audit: {len(failures)} problem(s) make keys guessable.")
            return
        self.stdout.write(report.summary() if report.changed else "Bank is up to date; nothing changed.")
        if report.changed:
            self.stdout.write(self.style.SUCCESS("Loaded."))
