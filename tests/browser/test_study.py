"""The study loop in chromium: a student misses questions, finds them due on /study/, reviews
them, retries the misses from the review page, and sees their progress."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.questions.models import Attempt, Card, Question, QuizSlot
from tests.browser.conftest import log_in, start_quiz
from tests.questions.factories import make_quiz, right_answer, wrong_answer

pytestmark = pytest.mark.browser


def warm_up():
    """An exam of four fixed questions whose answers are typed or clicked the same way every time."""
    quiz = make_quiz("warm-up", count=1)
    quiz.slots.all().delete()
    for position, key in enumerate(["q-true-false", "q-single", "q-short", "q-numeric"]):
        QuizSlot.objects.create(quiz=quiz, position=position, question=Question.objects.get(key=key))
    quiz.shuffle_questions = False
    quiz.save()
    return quiz


def go_to(page, attempt, position):
    page.goto(f"/en/attempts/{attempt.pk}/{position}/")
    expect(page.locator("#attempt")).to_have_attribute("data-position", str(position))


def answer(page, attempt, snapshot, *, right: bool):
    kind = snapshot["type"]
    if kind == "true_false":
        page.locator(f'#answer-form input[value="{"true" if right else "false"}"]').click()
    elif kind == "single":
        target = right_answer(snapshot, attempt.pk) if right else wrong_answer(snapshot, attempt.pk)
        page.locator(f'#answer-form label.choice:has(input[value="{target}"])').click()
    elif kind == "short":
        page.locator("#answer-input").fill("discriminator" if right else "generator")
    elif kind == "numeric":
        page.locator("#answer-input").fill("24576" if right else "12")


def test_misses_come_due_get_reviewed_retried_and_show_on_progress(bank, student, page, shots_dir):
    quiz = warm_up()
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    responses = list(attempt.responses.order_by("position"))
    # One right, two wrong, one left blank: three misses.
    answer(page, attempt, responses[0].snapshot, right=True)
    for r in responses[1:3]:
        go_to(page, attempt, r.position)
        answer(page, attempt, r.snapshot, right=False)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    page.goto(f"/en/attempts/{attempt.pk}/summary/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r"/review/$"))
    missed = {r.question_id for r in responses[1:]}
    expect(page.get_by_role("button", name="Retry the 3 I missed")).to_be_visible()

    # /study/ shows the three misses due and starts a review session of exactly them.
    page.goto("/en/study/")
    expect(page.locator("#due-count")).to_have_text("3")
    page.get_by_role("button", name="Start the review session").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    session = Attempt.objects.get(pk=int(re.search(r"/attempts/(\d+)/1/$", page.url).group(1)))
    assert {r.question_id for r in session.responses.all()} == missed
    for r in session.responses.order_by("position"):
        go_to(page, session, r.position)
        answer(page, session, r.snapshot, right=True)
        page.locator("#check-button").click()
        expect(page.locator("#feedback .verdict")).to_have_text("Correct")
    tomorrow = timezone.now() + timedelta(hours=23)  # at least a day after each check
    assert all(card.due >= tomorrow for card in Card.objects.filter(user=student, question_id__in=missed))
    page.goto("/en/study/")
    expect(page.locator("#due-count")).to_have_text("0")

    # "Retry the ones I missed" from the exam's review page: exactly the missed questions.
    page.goto(f"/en/attempts/{attempt.pk}/review/")
    page.get_by_role("button", name="Retry the 3 I missed").click()
    page.wait_for_url(re.compile(r"/attempts/\d+/1/$"))
    retry = Attempt.objects.get(pk=int(re.search(r"/attempts/(\d+)/1/$", page.url).group(1)))
    assert sorted(retry.responses.values_list("question_id", flat=True)) == sorted(missed)

    # /progress/ shows the attempt's topic with its mastery, and the charts as SVG with tables.
    page.goto("/en/progress/")
    expect(page.locator(".mastery-table")).to_contain_text("CAM")
    expect(page.locator("svg.chart[role=img]")).to_have_count(2)
    expect(page.locator("#readiness")).to_have_text(re.compile(r"^\d+%$"))
    if shots_dir:
        page.screenshot(path=f"{shots_dir}/progress-desktop-en.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/progress/")
        page.screenshot(path=f"{shots_dir}/progress-phone-ko.png", full_page=True)
        page.goto("/study/")
        page.screenshot(path=f"{shots_dir}/study-phone-ko.png", full_page=True)
