"""The item analysis report and command over real attempts, checked against numpy on the stored responses."""

import csv
import io
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.questions import services
from apps.questions.models import Response
from tests.questions.factories import load_small_bank, make_quiz, make_student, right_answer

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
KEYS = ["q-single", "q-multi", "q-true-false", "q-short", "q-numeric", "q-ordering"]
# Which questions each student answers right (the rest left blank, scoring 0).
PATTERNS = [
    {"q-single", "q-multi", "q-true-false", "q-short", "q-numeric", "q-ordering"},
    {"q-single", "q-multi", "q-true-false", "q-short"},
    {"q-single", "q-true-false", "q-ordering"},
    {"q-single", "q-numeric"},
    {"q-single"},
]


def take(quiz, user, right: set[str], now):
    attempt = services.start_attempt(user=user, quiz=quiz, now=now)
    for seq, response in enumerate(attempt.responses.all(), 1):
        if response.snapshot["key"] in right:
            services.save_answer(
                user=user, attempt_id=attempt.pk, position=response.position,
                answer=right_answer(response.snapshot, attempt.pk), seq=seq, now=now,
            )  # fmt: skip
    return services.submit(attempt, now=now + timedelta(minutes=1))


@pytest.fixture
def quiz(tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz(minutes=None)
    students = [make_student(f"s{i}") for i in range(len(PATTERNS))]
    for student, right in zip(students, PATTERNS, strict=True):
        take(quiz, student, right, T0)
    take(quiz, students[4], set(KEYS), T0 + timedelta(hours=1))  # a second attempt: counted only with "all"
    return quiz


def matrix(attempt_ids):
    rows = Response.objects.filter(attempt_id__in=attempt_ids).values_list("attempt_id", "snapshot__key", "score")
    by_attempt = {}
    for attempt, key, score in rows:
        by_attempt.setdefault(attempt, {})[key] = score
    return np.array([[by_attempt[a][k] for k in KEYS] for a in sorted(by_attempt)])


def run_csv(*args):
    out = io.StringIO()
    call_command("quiz_statistics", "exam", "--csv", *args, stdout=out)
    lines = out.getvalue().splitlines()
    blank = lines.index("")
    items = {row["question_key"]: row for row in csv.DictReader(lines[:blank])}
    summary = next(csv.DictReader(lines[blank + 1 :]))
    return items, summary


@pytest.mark.parametrize("which", ["first", "all"])
def test_command_csv_matches_numpy_on_the_stored_responses(quiz, which):
    attempts = quiz.attempts.order_by("user_id", "number")
    ids = [a.pk for a in attempts if which == "all" or a.number == 1]
    x = matrix(ids)
    items, summary = run_csv("--attempts", which)
    assert len(x) == (6 if which == "all" else 5)
    totals = x.sum(axis=1)
    for j, key in enumerate(KEYS):
        row = items[key]
        assert int(row["attempts"]) == len(x)
        assert float(row["facility"]) == pytest.approx(100 * x[:, j].mean(), abs=1e-4)
        assert float(row["sd"]) == pytest.approx(100 * x[:, j].std(ddof=1), abs=1e-4)
        rest = totals - x[:, j]
        if x[:, j].std() == 0:  # q-single: everybody right
            assert row["discrimination_index"] == "" and row["discriminative_efficiency"] == ""
            continue
        assert float(row["discrimination_index"]) == pytest.approx(100 * np.corrcoef(x[:, j], rest)[0, 1], abs=1e-4)
        cov = np.cov(x[:, j], rest)[0, 1]
        cov_max = np.cov(np.sort(x[:, j]), np.sort(rest))[0, 1]
        assert float(row["discriminative_efficiency"]) == pytest.approx(100 * cov / cov_max, abs=1e-4)
    k = len(KEYS)
    alpha = k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / totals.var(ddof=1))
    assert float(summary["cronbach_alpha"]) == pytest.approx(100 * alpha, abs=1e-4)
    assert float(summary["error_ratio"]) == pytest.approx(100 * np.sqrt(1 - alpha), abs=1e-4)
    se = np.sqrt(1 - alpha) * totals.std(ddof=1) / k * 100
    assert float(summary["standard_error"]) == pytest.approx(se, abs=1e-4)


def test_command_text_output_and_unknown_quiz(quiz):
    out = io.StringIO()
    call_command("quiz_statistics", "exam", stdout=out)
    assert "5 attempts (first)" in out.getvalue()
    single = next(line for line in out.getvalue().splitlines() if line.startswith("q-single"))
    assert single.endswith("too_easy") and "100.0" in single
    with pytest.raises(CommandError, match="no quiz"):
        call_command("quiz_statistics", "nope", stdout=io.StringIO())


def test_admin_report_flags_questions_and_is_linked_from_quiz_and_question(client, quiz, instructor):
    url = f"/admin/questions/quiz/{quiz.pk}/statistics/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.text
    # Everybody got q-single right on a first attempt: too easy, highlighted, with its reason.
    single_row = html.split('<tr id="q-q-single" class="flagged">', 1)[1].split("</tr>", 1)[0]
    assert "100.0" in single_row and "정답률(facility) 95 % 초과" in single_row
    assert '<tr id="q-q-multi">' in html  # not flagged
    # How often each option was chosen: all five first attempts picked the key of q-single.
    options = html.split('<tr id="q-q-single"', 1)[1].split('class="options">', 2)[2].split("</td>", 1)[0]
    assert "✓ GAP: 5" in options and "Flatten: 0" in options
    assert url in client.get(f"/admin/questions/quiz/{quiz.pk}/change/").text
    question_id = Response.objects.filter(snapshot__key="q-single").values_list("question_id", flat=True).first()
    assert f"{url}#q-q-single" in client.get(f"/admin/questions/question/{question_id}/change/").text
    assert client.get(url + "?attempts=all").status_code == 200


def test_admin_report_needs_the_view_permission(client, quiz):
    user = get_user_model().objects.create_user("staff", password="pw-123456!", is_staff=True)
    client.force_login(user)
    assert client.get(f"/admin/questions/quiz/{quiz.pk}/statistics/").status_code == 403
