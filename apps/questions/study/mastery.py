"""Per-topic mastery from the review log: one grouped aggregate (topic × day), then the pure maths."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from apps.questions.models import ReviewLog
from apps.questions.study import estimates


def topic_evidence(user, *, now: datetime) -> dict[int, estimates.Evidence]:
    today = timezone.localtime(now).date()
    rows = (
        ReviewLog.objects.filter(user=user, reviewed_at__lte=now)
        .values_list("topic_id", "reviewed_on")
        .annotate(score_sum=Sum("score"), answers=Count("id"))
        .order_by()
    )
    by_topic: dict[int, list[tuple[float, float, int]]] = {}
    for topic_id, day, score_sum, answers in rows:
        by_topic.setdefault(topic_id, []).append(((today - day).days, score_sum, answers))
    return {topic_id: estimates.evidence(buckets) for topic_id, buckets in by_topic.items()}


def topic_mastery(user, topic_ids, *, now: datetime) -> tuple[dict[int, estimates.Mastery], float]:
    """Mastery of each topic in ``topic_ids`` (unseen ones sit at the prior), and the prior mean."""
    seen = topic_evidence(user, now=now)
    prior = estimates.prior_mean(sum(seen.values(), estimates.Evidence()))
    return {t: estimates.mastery(seen.get(t, estimates.Evidence()), prior=prior) for t in topic_ids}, prior
