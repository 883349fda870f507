"""The study loop against simulated learners whose truth we know (issue 13's calibration evidence).

    .venv/bin/python -m bench.study_calibration     (also part of make bench; ~20 s, no database)

Three checks, each a table:

1. Retention. A learner's true memory follows FSRS's own forgetting curve but with their own speed:
   true stability = m × the stability FSRS believes, m ~ lognormal(0, 0.25) per learner (FSRS is
   not told m). Every scheduled review (Review state, not the 10-minute learning step) is recalled
   with the true probability at that moment; we compare the share recalled with the desired
   retention the card was scheduled for. Without an exam (0.90) and with an exam 45 days after
   the start (desired retention rising along R(d)); reviews held for the exam are counted apart.
   Aim: achieved within ±5 points of desired.
2. Drill targeting. Learners know each of the 8 mock-exam domains with probability 0.5 (right
   ~U(0.75, 0.95) if known, ~U(0.25, 0.55) if weak); after k mock exams the drill ranks topics by
   mastery; we report the share of the drill's first topics (as many as the learner has weak ones,
   at most the 3 a drill draws from) that are truly weak, and of the drilled questions. Aim ≥ 80 %.
3. Readiness calibration. The same kind of learners, after k mock exams: predicted P(pass) against
   whether they pass a fresh mock exam (30 questions, pass at 18), in bins of 0.1. Aim: expected
   calibration error (bin-weighted |predicted − actual|) ≤ 0.10.
"""

from __future__ import annotations

import math
import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.questions.study import drills, estimates, spacing  # pure modules: no Django setup
from bench._table import table

LEARNERS = int(os.environ.get("BENCH_LEARNERS", "60"))
SEED = int(os.environ.get("BENCH_SEED", "13"))
BLUEPRINT = [6, 3, 4, 4, 3, 3, 4, 3]  # mock-exam-1: questions per domain, 30 in all
PASS_FRACTION = 0.6
T0 = datetime(2026, 1, 1, tzinfo=UTC)
DECAY = -fsrs.scheduler.DEFAULT_PARAMETERS[20]
FACTOR = 0.9 ** (1 / DECAY) - 1


def true_recall(elapsed_days: float, stability: float) -> float:
    return (1 + FACTOR * elapsed_days / stability) ** DECAY


# --- 1. retention ---------------------------------------------------------------------------


def simulate_retention(rng: random.Random, *, learners: int, questions: int, days: int, exam_day: int | None):
    """Returns [(desired, recalled, held)] for every scheduled review."""
    exam = T0 + timedelta(days=exam_day) if exam_day is not None else None
    out = []
    for _ in range(learners):
        speed = math.exp(rng.gauss(0, 0.25))
        for q in range(questions):
            now = T0 + timedelta(days=q % 10, hours=9)
            card = fsrs.Card(card_id=q + 1, due=now)
            right = rng.random() < 0.6  # first meeting: a mock-exam answer
            desired, held = spacing.desired_retention(_days_left(exam, now)), False
            end = T0 + timedelta(days=days)
            while now < end and (exam is None or now < exam):
                rating = spacing.rating_for(1.0 if right else 0.0, flagged=False, saves=1)
                sched = spacing.scheduler(round(desired, 3))
                card, _log = sched.review_card(card, rating, review_datetime=now)
                due, held = spacing.hold_for_exam(card.due, now=now, exam_start=exam)
                scheduled = card.state == fsrs.State.Review
                elapsed = (due - now).total_seconds() / 86400
                recall = true_recall(elapsed, speed * card.stability) if scheduled else 0.999
                now = due
                right = rng.random() < recall
                if scheduled and now < end and (exam is None or now < exam):
                    out.append((desired, right, held))
                desired = spacing.desired_retention(_days_left(exam, now))
    return out


def _days_left(exam: datetime | None, now: datetime) -> float | None:
    return (exam - now).total_seconds() / 86400 if exam else None


def retention_table(rng: random.Random) -> str:
    rows = []
    for label, exam_day in (("no exam date (R = 0.90)", None), ("exam on day 45 (R rises to 0.97)", 45)):
        reviews = simulate_retention(rng, learners=LEARNERS, questions=40, days=120, exam_day=exam_day)
        for part, subset in (
            ("scheduled", [r for r in reviews if not r[2]]),
            ("held for exam", [r for r in reviews if r[2]]),
        ):
            if not subset:
                continue
            desired = sum(r[0] for r in subset) / len(subset)
            achieved = sum(r[1] for r in subset) / len(subset)
            gap = 100 * (achieved - desired)
            aim = "" if part != "scheduled" else ("yes" if abs(gap) <= 5 else "NO")
            rows.append(
                [label, part, str(len(subset)), f"{100 * desired:.1f}%", f"{100 * achieved:.1f}%", f"{gap:+.1f}", aim]
            )
    return table(["scenario", "reviews", "n", "desired", "achieved", "gap (pts)", "within ±5"], rows)


# --- 2 and 3. learners with known weak domains ------------------------------------------------


def make_learner(rng: random.Random) -> list[tuple[float, bool]]:
    """(chance of a right answer, truly weak?) per domain; at least one weak and one known."""
    while True:
        weak = [rng.random() < 0.5 for _ in BLUEPRINT]
        if any(weak) and not all(weak):
            break
    return [(rng.uniform(0.25, 0.55), True) if w else (rng.uniform(0.75, 0.95), False) for w in weak]


def sit_exams(rng: random.Random, learner, k: int) -> dict[int, estimates.Evidence]:
    """k mock exams three days apart; evidence as of the last one."""
    buckets: dict[int, list[tuple[float, float, int]]] = {t: [] for t in range(len(BLUEPRINT))}
    for e in range(k):
        age = 3 * (k - 1 - e)
        for t, count in enumerate(BLUEPRINT):
            right = sum(rng.random() < learner[t][0] for _ in range(count))
            buckets[t].append((age, float(right), count))
    return {t: estimates.evidence(b) for t, b in buckets.items()}


def masteries(evidence: dict[int, estimates.Evidence]) -> dict[int, estimates.Mastery]:
    prior = estimates.prior_mean(sum(evidence.values(), estimates.Evidence()))
    return {t: estimates.mastery(ev, prior=prior) for t, ev in evidence.items()}


def drill_table(rng: random.Random) -> str:
    rows = []
    for k in (1, 2, 3):
        topic_hits = topic_total = question_hits = question_total = 0
        random_hits = 0
        for _ in range(2000):
            learner = make_learner(rng)
            weak = {t for t, (_, w) in enumerate(learner) if w}
            ranked = drills.weakest_first(masteries(sit_exams(rng, learner, k)))
            first = ranked[: min(len(weak), 3)]
            topic_hits += sum(t in weak for t in first)
            random_hits += sum(t in weak for t in rng.sample(range(len(BLUEPRINT)), len(first)))
            topic_total += len(first)
            # The drill itself, from a bank of 20 questions per domain (ids: domain × 100 + n).
            drill = drills.assemble([[t * 100 + n for n in range(20)] for t in ranked])
            drilled_weak = sum(q // 100 in weak for q in drill)
            question_hits += drilled_weak
            question_total += min(len(drill), 5 * len(weak)) if len(weak) < 3 else len(drill)
        share = topic_hits / topic_total
        rows.append(
            [
                f"after {k} mock exam{'s' if k > 1 else ''}",
                f"{100 * share:.1f}%",
                f"{100 * random_hits / topic_total:.1f}%",
                f"{100 * question_hits / question_total:.1f}%",
                "yes" if share >= 0.8 else "NO",
            ]
        )
    return table(["evidence", "drill topics truly weak", "(random pick)", "drilled questions weak*", "≥ 80 %"], rows)


def calibration_table(rng: random.Random) -> tuple[str, str]:
    summary = []
    detail = []
    for k in (1, 2, 3):
        bins: list[list[tuple[float, bool]]] = [[] for _ in range(10)]
        n = 3000
        for _ in range(n):
            learner = make_learner(rng)
            m = masteries(sit_exams(rng, learner, k))
            predicted = estimates.pass_probability([(c, m[t]) for t, c in enumerate(BLUEPRINT)], PASS_FRACTION)
            score = sum(rng.random() < learner[t][0] for t, c in enumerate(BLUEPRINT) for _ in range(c))
            passed = score >= estimates.pass_count(sum(BLUEPRINT), PASS_FRACTION)
            bins[min(int(predicted * 10), 9)].append((predicted, passed))
        ece = sum(len(b) / n * abs(sum(p for p, _ in b) / len(b) - sum(a for _, a in b) / len(b)) for b in bins if b)
        summary.append(
            [f"after {k} mock exam{'s' if k > 1 else ''}", str(n), f"{ece:.3f}", "yes" if ece <= 0.10 else "NO"]
        )
        if k == 1:
            for i, b in enumerate(bins):
                if b:
                    detail.append(
                        [
                            f"{i / 10:.1f}–{(i + 1) / 10:.1f}",
                            str(len(b)),
                            f"{sum(p for p, _ in b) / len(b):.2f}",
                            f"{sum(a for _, a in b) / len(b):.2f}",
                        ]
                    )
    return (
        table(["evidence", "learners", "calibration error", "≤ 0.10"], summary),
        table(["predicted bin (1 exam)", "learners", "mean predicted", "actual pass rate"], detail),
    )


def main() -> int:
    rng = random.Random(SEED)
    print("Study loop calibration (simulated learners, seed", SEED, ")\n")
    print("1. Retention FSRS achieves against the desired retention")
    print(retention_table(rng), "\n")
    print("2. Does 'Drill my weakest topics' pick truly weak topics?")
    print(drill_table(rng))
    print("   * drilled questions from weak domains, out of as many as could be (5 per weak domain, 15 at most)\n")
    print("3. Readiness: predicted P(pass) against passing a fresh mock exam")
    summary, detail = calibration_table(rng)
    print(summary, "\n")
    print(detail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
