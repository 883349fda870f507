"""Reads for /study/: what is due, counted in SQL."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.questions.models import Card, Question, StudyProfile
from apps.questions.study import drills
from apps.questions.study.mastery import topic_mastery

LEARN_AHEAD = timedelta(minutes=20)
SESSION_LIMIT = 50  # one review session holds at most this many questions (the most overdue first)


def end_of_today(now: datetime) -> datetime:
    """Site-time midnight after ``now``: everything due before it is "due today"."""
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def due_cutoff(now: datetime) -> datetime:
    """Due now means due before midnight, or within the learn-ahead time (as Anki's 20 minutes):
    a miss made at 23:55 is still in tonight's session."""
    return max(end_of_today(now), now + LEARN_AHEAD)


def _due(user, now: datetime):
    return Card.objects.filter(user=user, due__lt=due_cutoff(now), question__status=Question.Status.PUBLISHED)


def due_count(user, *, now: datetime) -> int:
    return _due(user, now).count()


def due_question_ids(user, *, now: datetime) -> list[int]:
    return list(_due(user, now).order_by("due", "pk").values_list("question_id", flat=True)[:SESSION_LIMIT])


def exam_date(user) -> date | None:
    return StudyProfile.objects.filter(user=user).values_list("exam_date", flat=True).first()


def held_count(user) -> int:
    return Card.objects.filter(user=user, held_for_exam=True).count()


def after_exam_count(user, exam_start: datetime) -> int:
    """Cards reviewed on the eve of the exam keep FSRS's date, after the exam: the page says so."""
    return Card.objects.filter(user=user, due__gte=exam_start).count()


def due_by_day(user, *, now: datetime, days: int = 14) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next ``days`` days (today includes anything overdue)."""
    today = timezone.localtime(now).date()
    end = end_of_today(now) + timedelta(days=days - 1)
    rows = (
        Card.objects.filter(user=user, due__lt=end, question__status=Question.Status.PUBLISHED)
        .annotate(day=TruncDate("due", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("id"))
    )
    counts = {today + timedelta(days=i): 0 for i in range(days)}
    for row in rows:
        day = max(row["day"], today)
        counts[day] += row["n"]
    return sorted(counts.items())


def drill_question_ids(user, *, now: datetime) -> list[int]:
    """The weakest-topics drill for this student now (see drills)."""
    published = Question.objects.filter(status=Question.Status.PUBLISHED, exam_only=False).order_by("position")
    by_topic: dict[int, list[int]] = {}
    for qid, topic_id in published.values_list("pk", "topic_id"):
        by_topic.setdefault(topic_id, []).append(qid)
    if not by_topic:
        return []
    last_seen = dict(Card.objects.filter(user=user).values_list("question_id", "last_review"))
    masteries, _prior = topic_mastery(user, by_topic, now=now)
    never = now.replace(year=1)
    order = drills.weakest_first(masteries)
    return drills.assemble([sorted(by_topic[t], key=lambda q: last_seen.get(q) or never) for t in order])
