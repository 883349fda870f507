"""When a quiz is open for one student: a class assignment's dates replace the quiz's own
(as Moodle's group overrides do); a date the assignment leaves empty keeps the quiz's."""

from __future__ import annotations

from datetime import datetime

from apps.classes.models import Assignment

Window = tuple[datetime | None, datetime | None]  # (opens, closes); None: no bound


def widest(windows: list[Window]) -> Window:
    """The union's bounds of several windows: a student in two classes gets the earlier opening
    and the later closing."""
    opens = [o for o, _ in windows]
    closes = [c for _, c in windows]
    return (None if None in opens else min(opens), None if None in closes else max(closes))


def quiz_window(user, quiz) -> Window:
    dates = Assignment.objects.filter(quiz=quiz, class_group__memberships__student=user).values_list(
        "open_at", "close_at"
    )
    windows = [(o or quiz.open_at, c or quiz.close_at) for o, c in dates]
    return widest(windows) if windows else (quiz.open_at, quiz.close_at)
