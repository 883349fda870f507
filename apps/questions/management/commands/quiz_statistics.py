import csv

from django.core.management.base import BaseCommand, CommandError

from apps.questions import item_analysis
from apps.questions.models import Quiz

ITEM_COLUMNS = ("question_key", "facility", "sd", "discrimination_index", "discriminative_efficiency", "attempts")
SUMMARY_COLUMNS = ("cronbach_alpha", "error_ratio", "standard_error")


def _num(value) -> str:
    return "" if value is None else f"{value:.4f}"


class Command(BaseCommand):
    help = (
        "Item analysis of a quiz (Moodle's definitions; figures in percent). --csv: one row per question "
        f"({', '.join(ITEM_COLUMNS)}), a blank line, then {', '.join(SUMMARY_COLUMNS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("quiz_key")
        parser.add_argument("--csv", dest="as_csv", action="store_true", help="CSV on standard output")
        parser.add_argument(
            "--attempts", choices=item_analysis.WHICH_ATTEMPTS, default="first",
            help="each student's first finished attempt (default) or every finished attempt",
        )  # fmt: skip

    def handle(self, *args, quiz_key, as_csv: bool, attempts: str, **options):
        quiz = Quiz.objects.filter(key=quiz_key).first()
        if quiz is None:
            raise CommandError(f"no quiz with key {quiz_key!r}")
        report = item_analysis.build(quiz, attempts)
        (self._csv if as_csv else self._text)(report)

    def _csv(self, report):
        out = csv.writer(self.stdout, lineterminator="\n")
        out.writerow(ITEM_COLUMNS)
        for row in report.rows:
            s = row.stats
            out.writerow(
                (s.question, _num(s.facility), _num(s.sd), _num(s.discrimination_index),
                 _num(s.discriminative_efficiency), s.attempts)
            )  # fmt: skip
        out.writerow(())
        out.writerow(("attempts", *SUMMARY_COLUMNS))
        t = report.test
        out.writerow((t.attempts, _num(t.cronbach_alpha), _num(t.error_ratio), _num(t.standard_error)))

    def _text(self, report):
        t = report.test
        self.stdout.write(f"{report.quiz.key}: {t.attempts} attempts ({report.which})")
        for label, value in (
            ("mean %", t.mean), ("median %", t.median), ("sd %", t.sd), ("skewness", t.skewness),
            ("kurtosis", t.kurtosis), ("cronbach alpha %", t.cronbach_alpha), ("error ratio %", t.error_ratio),
            ("standard error %", t.standard_error),
        ):  # fmt: skip
            self.stdout.write(f"  {label:<18} {_num(value) or '-'}")
        self.stdout.write(f"\n{'question':<32} {'n':>5} {'F%':>7} {'SD%':>7} {'D%':>7} {'DE%':>7}  flags")
        for row in report.rows:
            s = row.stats
            cols = (s.facility, s.sd, s.discrimination_index, s.discriminative_efficiency)
            nums = " ".join(f"{(f'{v:.1f}' if v is not None else '-'):>7}" for v in cols)
            self.stdout.write(f"{s.question:<32} {s.attempts:>5} {nums}  {', '.join(row.flags)}")
