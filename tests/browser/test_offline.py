"""The network goes away during an exam: the real attempt.js, its service worker and the server.

Two minutes offline pass on the page's clock (Playwright's clock), not on the wall: the page's
retry timers run through them as they would, and the server's deadline is far away.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import local_storage, log_in, start_quiz
from tests.browser.test_exam import OFFLINE, choice, expect_saved, go_to_question, response_at, token
from tests.questions.factories import make_quiz

pytestmark = pytest.mark.browser


def test_offline_for_two_minutes_with_a_reload_then_every_answer_reaches_the_server(bank, student, page, context):
    quiz = make_quiz("offline", minutes=30)
    page.clock.install()
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single, multi, short, ordering = (response_at(attempt, t) for t in ("single", "multi", "short", "ordering"))
    options = {r.position: [token(r, c["id"]) for c in r.snapshot["choices"]] for r in (single, multi, ordering)}

    # Online: the student reads every question once (the service worker keeps each page) and answers one.
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    for response in attempt.responses.order_by("position"):
        go_to_question(page, response.position)
    go_to_question(page, single.position)
    rendered_at = page.locator("#attempt").get_attribute("data-server-now-ms")
    choice(page, options[single.position][0]).click()
    expect_saved(page, attempt)

    # Offline: four questions of four types change, the single choice twice, moving between pages.
    context.set_offline(True)
    choice(page, options[single.position][1]).click()
    expect(page.locator("#save-status")).to_have_text(OFFLINE)
    go_to_question(page, multi.position)
    choice(page, options[multi.position][0]).click()
    choice(page, options[multi.position][2]).click()
    go_to_question(page, short.position)
    page.locator("#answer-input").fill("generator")
    page.locator("#answer-input").press("Tab")
    go_to_question(page, ordering.position)
    page.locator("[data-move=down]").first.click()
    go_to_question(page, single.position)
    expect(page.locator(f'#answer-form input[value="{options[single.position][1]}"]')).to_be_checked()
    choice(page, options[single.position][2]).click()
    expect(page.locator("#save-status")).to_have_text(OFFLINE)

    # Two minutes pass, then a reload while still offline: the page comes back from the worker's
    # copy, with the answers made since, and nothing has reached the server.
    page.clock.fast_forward("02:00")
    reloaded = page.reload()
    assert reloaded is not None and reloaded.from_service_worker
    expect(page.locator("#attempt")).to_have_attribute("data-server-now-ms", rendered_at)  # the copy
    expect(page.locator(f'#answer-form input[value="{options[single.position][2]}"]')).to_be_checked()
    for position in (single.position, multi.position, short.position, ordering.position):
        expect(page.locator(f"#nav-item-{position}")).to_have_class(re.compile("answered"))
    queued = local_storage(page, f"quizlab:pending:{attempt.pk}")
    assert sorted(queued) == sorted(str(r.position) for r in (single, multi, short, ordering))
    single.refresh_from_db()
    assert single.answer == single.snapshot["choices"][0]["id"]

    # Back online: everything queued goes out by itself, each question with its latest answer.
    context.set_offline(False)
    expect_saved(page, attempt)
    ids = {r.position: [c["id"] for c in r.snapshot["choices"]] for r in (single, multi, ordering)}
    expected = {
        single.position: ids[single.position][2],
        multi.position: sorted([ids[multi.position][0], ids[multi.position][2]]),
        short.position: "generator",
        ordering.position: [ids[ordering.position][1], ids[ordering.position][0], ids[ordering.position][2]],
    }
    for response in (single, multi, short, ordering):
        response.refresh_from_db()
        stored = sorted(response.answer) if response.snapshot["type"] == "multi" else response.answer
        assert stored == expected[response.position], response.snapshot["type"]
        assert response.seq == queued[str(response.position)]["seq"]
