""" "Drill my weakest topics": 15 questions from the topics with the lowest mastery, at most 5 per
topic, preferring questions the student has not seen recently (never seen first)."""

from __future__ import annotations

from datetime import datetime

from apps.questions.models import Card, Question
from apps.questions.study.mastery import topic_mastery

DRILL_SIZE = 15
PER_TOPIC = 5


def pick(user, *, now: datetime) -> list[int]:
    published = list(
        Question.objects.filter(status=Question.Status.PUBLISHED).values_list("pk", "topic_id").order_by("position")
    )
    if not published:
        return []
    last_seen = dict(Card.objects.filter(user=user).values_list("question_id", "last_review"))
    by_topic: dict[int, list[int]] = {}
    for qid, topic_id in published:
        by_topic.setdefault(topic_id, []).append(qid)
    masteries, _prior = topic_mastery(user, by_topic, now=now)
    # Weakest first; among equals, the topic with less evidence (we know least about it).
    order = sorted(by_topic, key=lambda t: (masteries[t].mean, masteries[t].answers, t))
    never = now.replace(year=1)
    queues = [sorted(by_topic[t], key=lambda q: last_seen.get(q) or never) for t in order]
    picked = [q for queue in queues for q in queue[:PER_TOPIC]][:DRILL_SIZE]
    rest = [q for queue in queues for q in queue[PER_TOPIC:]]
    return picked + rest[: DRILL_SIZE - len(picked)]
