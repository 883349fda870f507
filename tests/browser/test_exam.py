"""A student's attempt, driven through chromium: what they click, what they see, what is stored.

Every check waits on what the page shows (Playwright's ``expect``), never on a clock; the
only deliberate wait is for a deadline that a test has moved a few seconds ahead.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.questions import services
from apps.questions.models import Attempt, Response
from apps.questions.tokens import attempt_tokens
from tests.browser.conftest import local_storage, log_in, start_quiz
from tests.questions.factories import key_answer, make_quiz

pytestmark = pytest.mark.browser

SAVED = re.compile(r"Saved at \d\d:\d\d:\d\d|\d\d:\d\d:\d\d에 저장됨")
OFFLINE = re.compile(r"^(Offline|오프라인) — ")
LOGGED_OUT = re.compile(r"logged out|로그아웃")


# --- helpers ----------------------------------------------------------------------------------


def response_at(attempt: Attempt, qtype: str) -> Response:
    return attempt.responses.get(snapshot__type=qtype)


def token(response: Response, choice_id: int) -> str:
    """The value the page shows for a choice: its attempt token, never its database id."""
    return attempt_tokens(response.attempt_id, response.snapshot).encode(choice_id)


def choice(page, value: str):
    """The label a student clicks for one option (the whole row is the target)."""
    return page.locator(f'#answer-form label.choice:has(input[value="{value}"])')


def expect_saved(page, attempt: Attempt) -> None:
    """The status line says saved and nothing is left in the device's queue."""
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#save-status")).to_have_text(SAVED)
    page.wait_for_function(
        "key => Object.keys(JSON.parse(localStorage.getItem(key) || '{}')).length === 0",
        arg=f"quizlab:pending:{attempt.pk}",
    )


def go_to_question(page, position: int) -> None:
    """Click the question's cell in the navigator, as a student does."""
    page.locator(f"#nav-item-{position}").click()
    page.wait_for_url(re.compile(rf"/attempts/\d+/{position}/$"))
    expect(page.locator("#attempt")).to_have_attribute("data-position", str(position))


def tab_to(page, selector: str, *, limit: int = 60, backwards: bool = False) -> None:
    """Press Tab until the element matching ``selector`` has the keyboard focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{selector} never got the focus after {limit} Tabs")


def answer_every_question(page, attempt: Attempt) -> None:
    """Visit every question through the navigator and answer it the way its type asks for."""
    for response in attempt.responses.order_by("position"):
        go_to_question(page, response.position)
        snap = response.snapshot
        kind = snap["type"]
        if kind == "single":
            choice(page, token(response, snap["choices"][0]["id"])).click()
        elif kind == "multi":
            choice(page, token(response, snap["choices"][0]["id"])).click()
            choice(page, token(response, snap["choices"][1]["id"])).click()
        elif kind == "true_false":
            page.locator('#answer-form input[value="false"]').click()
        elif kind in ("short", "numeric"):
            page.locator("#answer-input").fill("12" if kind == "numeric" else "generator")
            page.locator("#answer-input").press("Tab")
        elif kind == "ordering":
            page.locator("[data-move=down]").first.click()
        expect_saved(page, attempt)


# --- 1. a timed exam, from start to the automatic submission --------------------------------------


def test_timed_exam_saves_survives_offline_and_submits_itself_when_time_runs_out(bank, student, page, context):
    quiz = make_quiz("mock", minutes=1)
    log_in(page, student, next_url=f"/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz, lang="ko")
    single, true_false = response_at(attempt, "single"), response_at(attempt, "true_false")

    # A one-minute quiz starts inside its last minute: the timer is red and it was announced.
    expect(page.locator("#timer")).to_have_text(re.compile(r"^[01]:\d\d$"))
    expect(page.locator("#timer")).to_have_class(re.compile("timer-low"))
    expect(page.locator("#time-announcer")).to_have_text(re.compile(r"1 minute left|1분"))

    # Answer, see it saved, reload: still chosen (the server has it).
    go_to_question(page, single.position)
    correct_id = key_answer(single.snapshot)
    choice(page, token(single, correct_id)).click()
    expect_saved(page, attempt)
    expect(page.locator(f"#nav-item-{single.position}")).to_have_class(re.compile("answered"))
    page.reload()
    expect(page.locator(f'#answer-form input[value="{token(single, correct_id)}"]')).to_be_checked()
    single.refresh_from_db()
    assert single.answer == correct_id and single.seq >= 1

    # Offline: the answer stays on the device, the page says so and keeps retrying.
    go_to_question(page, true_false.position)
    context.set_offline(True)
    page.locator('#answer-form input[value="true"]').click()
    expect(page.locator("#save-status")).to_have_attribute("data-state", "offline")
    expect(page.locator("#save-status")).to_have_text(OFFLINE)
    expect(page.locator(f"#nav-item-{true_false.position}")).to_have_class(re.compile("answered"))
    queued = local_storage(page, f"quizlab:pending:{attempt.pk}")
    assert queued[str(true_false.position)]["answer"] is True
    true_false.refresh_from_db()
    assert true_false.answer is None

    # Back online: the queued save lands by itself.
    context.set_offline(False)
    expect_saved(page, attempt)
    true_false.refresh_from_db()
    assert true_false.answer is True and true_false.seq == queued[str(true_false.position)]["seq"]

    # Let the time run out: move the deadline a few seconds ahead; the page counts to it.
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=3))
    page.reload()
    expect(page.locator("#timer")).to_have_text(re.compile(r"^0:0\d$"))
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"), timeout=30_000)

    # The review page: score and every explanation (Korean page, Korean bank text).
    expect(page.locator(".result-card .score")).to_have_text("33%")
    expect(page.locator(".review-item")).to_have_count(6)
    expect(page.locator(".review-item .explanation")).to_have_count(6)
    expect(page.locator(f"#q{single.position} .explanation")).to_contain_text("q-single 설명")
    # Its navigator marks each verdict; the filter leaves only the four missed questions.
    expect(page.locator(".review-nav .nav-cell.is-right")).to_have_count(2)
    expect(page.locator(".review-nav .nav-cell.is-wrong")).to_have_count(4)
    page.get_by_label("맞히지 못한 문항만 보기").check()
    expect(page.locator(".review-item:visible")).to_have_count(4)
    expect(page.locator(f"#q{single.position}")).to_be_hidden()
    page.locator(".review-nav .nav-cell.is-wrong").first.click()
    expect(page).to_have_url(re.compile(r"#q\d+$"))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.score == 2
    assert attempt.ending == Attempt.Ending.TIME_UP and attempt.finished_at == attempt.deadline
    scores = {r.snapshot["type"]: r.score for r in attempt.responses.all()}
    assert scores == {"single": 1, "true_false": 1, "multi": 0, "short": 0, "numeric": 0, "ordering": 0}


# --- 2. practice mode: Check --------------------------------------------------------------------


def test_practice_check_shows_the_verdict_and_explanation_and_locks_the_question(bank, student, page):
    quiz = make_quiz("drill", mode="practice", minutes=None)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single = response_at(attempt, "single")
    go_to_question(page, single.position)
    wrong = next(c for c in single.snapshot["choices"] if c["id"] != key_answer(single.snapshot))
    wrong_value = token(single, wrong["id"])

    # Check right after clicking: the page saves first, then asks for the verdict.
    choice(page, wrong_value).click()
    page.locator("#check-button").click()
    feedback = page.locator("#feedback .feedback-panel")
    expect(feedback.locator(".verdict")).to_have_text("Not correct")
    expect(feedback.locator(".explanation")).to_contain_text("q-single 설명 (en)")
    expect(feedback.locator(".review-choice.is-correct")).to_contain_text("GAP (en)")
    expect(feedback.locator(".review-choice.is-chosen")).to_contain_text(wrong["text"]["en"])
    for control in page.locator("#answer-form input").all():
        expect(control).to_be_disabled()
    expect(page.locator("#check-button")).to_be_disabled()
    expect(page.locator(f"#nav-item-{single.position}")).to_have_class(re.compile("checked"))
    single.refresh_from_db()
    assert single.checked and single.score == 0 and single.answer == wrong["id"]

    # The lock is the server's: a reload still shows the verdict with the inputs disabled.
    page.reload()
    expect(page.locator("#feedback .verdict")).to_have_text("Not correct")
    expect(page.locator(f'#answer-form input[value="{wrong_value}"]')).to_be_checked()
    expect(page.locator(f'#answer-form input[value="{wrong_value}"]')).to_be_disabled()

    # A right answer elsewhere says so.
    true_false = response_at(attempt, "true_false")
    go_to_question(page, true_false.position)
    page.locator('#answer-form input[value="true"]').click()
    page.locator("#check-button").click()
    expect(page.locator("#feedback .verdict")).to_have_text("Correct")
    expect(page.locator("#feedback .explanation")).to_contain_text("q-true-false 설명 (en)")


# --- 3. keyboard only -------------------------------------------------------------------------


def test_keyboard_only_answer_flag_move_on_and_reorder(bank, student, page):
    quiz = make_quiz("keys", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single, ordering = response_at(attempt, "single"), response_at(attempt, "ordering")
    go_to_question(page, single.position)
    page.locator("body").focus()
    choices = [c["id"] for c in single.snapshot["choices"]]

    # Tab into the options, Space selects, an arrow key moves the selection.
    tab_to(page, '#answer-form input[name="answer"]')
    page.keyboard.press("Space")
    expect(page.locator(f'input[value="{token(single, choices[0])}"]')).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f'input[value="{token(single, choices[1])}"]')).to_be_checked()
    expect_saved(page, attempt)
    single.refresh_from_db()
    assert single.answer == choices[1]

    # Tab to the flag and press Enter: pressed, the navigator shows it, the focus stays put.
    tab_to(page, ".flag-form button")
    page.keyboard.press("Enter")
    flag = page.locator(".flag-form button")
    expect(flag).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#nav-item-{single.position}")).to_have_class(re.compile("flagged"))
    expect(page.locator(f"#nav-item-{single.position} .nav-state")).to_contain_text("flagged")
    expect(flag).to_be_focused()
    single.refresh_from_db()
    assert single.flagged

    # The pager's link, by keyboard, to the next question (or the summary after the last one).
    tab_to(page, ".pager a:last-child")
    page.keyboard.press("Enter")
    if single.position < attempt.responses.count():
        page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/{single.position + 1}/$"))
    else:
        page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/summary/$"))

    # The navigator, by keyboard, to the ordering question.
    page.locator("body").focus()
    tab_to(page, f"#nav-item-{ordering.position}")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/{ordering.position}/$"))
    shown = [c["id"] for c in ordering.snapshot["choices"]]
    expect(page.locator(".order-item")).to_have_count(3)

    # ↓ on the first item, twice with Enter, once back with ↑ (Space): the order is saved each time.
    page.locator("body").focus()
    tab_to(page, ".order-item:first-child [data-move=down]")
    page.keyboard.press("Enter")
    expect(page.locator("#save-status")).to_contain_text("Moved to position 2")
    expect_saved(page, attempt)
    ordering.refresh_from_db()
    assert ordering.answer == [shown[1], shown[0], shown[2]]
    page.keyboard.press("Enter")  # the focus stayed on the same ↓ button
    expect(page.locator(".order-item").nth(2)).to_have_attribute("data-id", token(ordering, shown[0]))
    expect(page.locator("#save-status")).to_contain_text("Moved to position 3")
    expect_saved(page, attempt)
    ordering.refresh_from_db()
    assert ordering.answer == [shown[1], shown[2], shown[0]]
    # At the bottom ↓ is disabled and the focus went to the item's ↑; the ends are inert, names carry the text.
    last = page.locator(".order-item").nth(2)
    expect(last.locator("[data-move=down]")).to_be_disabled()
    expect(last.locator("[data-move=up]")).to_be_focused()
    expect(page.locator(".order-item").first.locator("[data-move=up]")).to_be_disabled()
    expect(last.locator("[data-move=up]")).to_have_accessible_name(
        re.compile(r"^Move up " + re.escape(last.locator(".choice-text").inner_text().strip()))
    )
    tab_to(page, f'.order-item[data-id="{token(ordering, shown[0])}"] [data-move=up]', backwards=True)
    page.keyboard.press("Space")
    expect(page.locator(".order-item").nth(1)).to_have_attribute("data-id", token(ordering, shown[0]))
    expect_saved(page, attempt)
    ordering.refresh_from_db()
    assert ordering.answer == [shown[1], shown[0], shown[2]]


def answer_by_keyboard(page, response: Response) -> None:
    """Give the key's answer to the question on screen with the keys a keyboard user presses."""
    snap, key = response.snapshot, key_answer(response.snapshot)
    shown = [c["id"] for c in snap["choices"]]
    page.locator("body").focus()
    if snap["type"] in ("single", "true_false"):
        # Tab lands on the group's first option; Space picks it, arrows move the pick along.
        tab_to(page, '#answer-form input[name="answer"]')
        page.keyboard.press("Space")
        steps = shown.index(key) if snap["type"] == "single" else (0 if key is True else 1)
        for _ in range(steps):
            page.keyboard.press("ArrowDown")
    elif snap["type"] == "multi":
        for choice_id in shown:  # checkboxes are Tab stops of their own, in the order shown
            if choice_id in key:
                tab_to(page, f'#answer-form input[value="{token(response, choice_id)}"]')
                page.keyboard.press("Space")
    elif snap["type"] in ("short", "numeric"):
        tab_to(page, "#answer-input")
        page.keyboard.type(str(key))
        page.keyboard.press("Tab")
    elif snap["type"] == "ordering":
        # Selection sort with the ↑ buttons: the focus stays on the moved item's button.
        for target, choice_id in enumerate(key):
            now = [page.locator(".order-item").nth(i).get_attribute("data-id") for i in range(len(key))]
            moves = now.index(token(response, choice_id)) - target
            if moves:
                page.locator("body").focus()
                tab_to(page, f'.order-item[data-id="{token(response, choice_id)}"] [data-move=up]')
                for _ in range(moves):
                    page.keyboard.press("Enter")
                expect(page.locator(".order-item").nth(target)).to_have_attribute("data-id", token(response, choice_id))


def test_the_whole_exam_can_be_taken_with_the_keyboard_alone(bank, student, page):
    quiz = make_quiz("keys-all", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    responses = list(attempt.responses.order_by("position"))
    for response in responses:
        expect(page.locator("#attempt")).to_have_attribute("data-position", str(response.position))
        answer_by_keyboard(page, response)
        expect_saved(page, attempt)
        page.locator("body").focus()
        tab_to(page, ".pager a:last-child")  # Next, or the summary after the last question
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/summary/$"))
    page.on("dialog", lambda dialog: dialog.accept())  # the confirm box takes Enter; Playwright answers it
    page.locator("body").focus()
    tab_to(page, "#submit-button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    expect(page.locator(".result-card .score")).to_have_text("100%")
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.score == len(responses)


# --- 4. nothing served during the attempt gives the key away --------------------------------------


def _key_needles(attempt: Attempt) -> dict[str, str]:
    """Text that exists only in the key: explanations, option feedback, accepted answers."""
    needles = {}
    for r in attempt.responses.all():
        snap = r.snapshot
        for lang in ("ko", "en"):
            needles[f"explanation {snap['key']} {lang}"] = snap["explanation"][lang]
            for c in snap["choices"]:
                needles[f"feedback {c['id']} {lang}"] = c["feedback"][lang]
        for accepted in snap["key_data"].get("accepted", []):
            needles[f"accepted {accepted}"] = accepted
    return needles


# Class names and labels that only the review partials produce.
KEY_MARKERS = ("is-correct", "is-right", "is-wrong", "is-partial", "feedback-panel", "review-choice", "explanation",
               "badge badge-ok", "Accepted answers", "Correct order", "key_data")  # fmt: skip


def _leaks(bodies: list[tuple[str, str]], needles: dict[str, str], *, markers=KEY_MARKERS) -> list[str]:
    found = []
    for url, body in bodies:
        found += [f"{name!r} in {url}" for name, text in needles.items() if text and text in body]
        if "/static/" not in url:  # the shared stylesheet and scripts name the classes, of course
            found += [f"{marker!r} in {url}" for marker in markers if marker in body]
    return found


def test_no_page_or_partial_served_during_the_attempt_carries_the_key(bank, student, page):
    quiz = make_quiz("leak", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    bodies: list[tuple[str, str]] = []

    def record(response):
        kind = response.headers.get("content-type", "")
        redirect = 300 <= response.status < 400  # no body to read
        if not redirect and kind.startswith(("text/", "application/json", "application/javascript")):
            bodies.append((response.url, response.text()))

    page.on("response", record)
    attempt = start_quiz(page, quiz)
    needles = _key_needles(attempt)
    answer_every_question(page, attempt)
    page.locator(".flag-form button").click()  # an htmx partial, too
    expect(page.locator(".flag-form button")).to_have_attribute("aria-pressed", "true")
    page.goto(f"/attempts/{attempt.pk}/1/")  # the Korean page as well
    expect(page.locator("#attempt")).to_be_visible()
    page.locator(".navigator a[href$='/summary/']").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator("#submit-button")).to_be_visible()

    urls = {url for url, _ in bodies}
    assert (
        sum("/save/" in u for u in urls) >= 6
        and any("/flag/" in u for u in urls)
        and any("/summary/" in u for u in urls)
    )
    assert _leaks(bodies, needles) == []

    # Sanity check of the scan itself: the review page, after submitting, has all of it.
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(r"/review/$"))
    review = [(page.url, page.content())]
    found = _leaks(review, needles)
    for name in [n for n in needles if n.endswith(" ko")] + ["accepted 판별자", "accepted discriminator"]:
        assert any(repr(name) in f for f in found), name
    assert any("'is-correct'" in f for f in found)


# --- 5. the timer -------------------------------------------------------------------------------

SKEW_DATE = """(() => {
  const skew = %d, RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) { if (args.length) super(...args); else super(RealDate.now() + skew); }
    static now() { return RealDate.now() + skew; }
  }
  window.Date = SkewedDate;
})();"""


def _shown_seconds(page) -> int:
    expect(page.locator("#timer")).to_have_text(re.compile(r"^\d+:\d\d$"))
    minutes, seconds = page.locator("#timer").text_content().split(":")
    return int(minutes) * 60 + int(seconds)


@pytest.mark.parametrize("skew_minutes", [60, -60])
def test_timer_follows_the_server_clock_and_can_be_hidden(bank, student, page, skew_minutes):
    quiz = make_quiz("clock", minutes=10)
    page.add_init_script(SKEW_DATE % (skew_minutes * 60_000))
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    assert abs(page.evaluate("Date.now()") / 1000 - timezone.now().timestamp() - skew_minutes * 60) < 60

    real_left = (attempt.deadline - timezone.now()).total_seconds()
    assert abs(_shown_seconds(page) - real_left) < 20, (page.locator("#timer").text_content(), real_left)
    # A save brings a fresh server time; the countdown stays right.
    true_false = response_at(attempt, "true_false")
    go_to_question(page, true_false.position)
    page.locator('#answer-form input[value="true"]').click()
    expect_saved(page, attempt)
    real_left = (attempt.deadline - timezone.now()).total_seconds()
    assert abs(_shown_seconds(page) - real_left) < 20, (page.locator("#timer").text_content(), real_left)

    toggle = page.locator("#timer-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(toggle).to_have_text("Show timer")
    expect(page.locator("#timer")).to_have_class(re.compile("timer-hidden"))
    assert page.locator("#timer").evaluate("el => getComputedStyle(el).color") == "rgba(0, 0, 0, 0)"
    page.reload()  # the choice is remembered on this device
    expect(page.locator("#timer-toggle")).to_have_attribute("aria-pressed", "true")
    page.locator("#timer-toggle").click()
    expect(page.locator("#timer-toggle")).to_have_attribute("aria-pressed", "false")
    expect(page.locator("#timer")).not_to_have_class(re.compile("timer-hidden"))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.IN_PROGRESS


# Headless chromium never hides a tab, so this stands in for a background tab: the page reports
# itself hidden and interval callbacks are held back while it is, as Chrome's intensive throttling
# does (one wake-up a minute). Nothing else in the page changes.
BACKGROUND_TAB = """(() => {
  let hidden = false;
  Object.defineProperty(document, "visibilityState", { get: () => (hidden ? "hidden" : "visible") });
  Object.defineProperty(document, "hidden", { get: () => hidden });
  const realSetInterval = window.setInterval;
  window.setInterval = (fn, ms, ...args) => realSetInterval(() => { if (!window.__heldBack) fn(...args); }, ms, ...args);
  window.__setHidden = (value, holdTimers) => {
    hidden = value;
    window.__heldBack = holdTimers;
    document.dispatchEvent(new Event("visibilitychange"));
  };
})();"""


def test_timer_in_a_background_tab_shows_the_true_time_when_the_student_comes_back(bank, student, page):
    quiz = make_quiz("background", minutes=10)
    page.add_init_script(BACKGROUND_TAB)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    _shown_seconds(page)

    page.evaluate("window.__setHidden(true, true)")
    frozen = page.locator("#timer").text_content()
    page.wait_for_timeout(4_000)  # the tab sits in the background; its timers do not run
    assert page.locator("#timer").text_content() == frozen, "the stand-in did not hold the timers back"

    # Back in front, with the interval still held back: only the visibilitychange tick can be right.
    page.evaluate("window.__setHidden(false, true)")
    shown = _shown_seconds(page)
    truth = (attempt.deadline - timezone.now()).total_seconds()
    assert abs(shown - math.ceil(truth)) <= 1, (shown, truth)
    # Left hidden past the deadline, the first tick back ends the attempt as time-up does.
    attempt.deadline = timezone.now() + timedelta(seconds=2)
    attempt.save(update_fields=["deadline"])
    page.reload()
    page.evaluate("window.__setHidden(true, true)")
    page.wait_for_timeout(3_000)
    page.evaluate("window.__setHidden(false, true)")
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"), timeout=30_000)
    attempt.refresh_from_db()
    assert attempt.ending == Attempt.Ending.TIME_UP and attempt.finished_at == attempt.deadline


# --- 6. submitting: once, and for good ------------------------------------------------------------


def test_double_submit_finishes_once_and_finished_pages_lead_to_the_review(bank, student, page):
    quiz = make_quiz("final", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    true_false = response_at(attempt, "true_false")
    go_to_question(page, true_false.position)
    page.locator('#answer-form input[value="true"]').click()
    expect_saved(page, attempt)
    question_url = page.url

    page.locator(".navigator a[href$='/summary/']").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator("#main")).to_contain_text("5 questions are not answered")
    dialogs, submits = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.on("request", lambda request: submits.append(request.url) if request.url.endswith("/submit/") else None)
    page.locator("#submit-button").dblclick()
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    expect(page.locator(".result-card .score")).to_have_text("17%")
    assert len(dialogs) == 1 and "cannot change" in dialogs[0]
    assert len(submits) == 1
    expect(page.locator(".messages")).to_have_count(0)  # not "already finished; nothing changed"
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.ending == Attempt.Ending.SUBMITTED
    assert attempt.score == 1

    # Back, and back again, and the old question's address: always the review.
    page.go_back()
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    expect(page.locator(".messages")).to_contain_text("This attempt is finished")
    page.goto(question_url)
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    expect(page.locator(".result-card")).to_be_visible()
    page.reload()
    expect(page.locator(".result-card .score")).to_have_text("17%")
    assert Attempt.objects.get(pk=attempt.pk).finished_at == attempt.finished_at


# --- logged out in the middle of an attempt ------------------------------------------------------


def test_an_answer_made_while_logged_out_is_kept_and_sent_after_logging_in_again(bank, student, page, context):
    quiz = make_quiz("session", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    true_false = response_at(attempt, "true_false")
    go_to_question(page, true_false.position)

    other = context.new_page()  # another tab: log out there
    other.goto("/en/")
    other.locator(".nav-tools form button[type=submit]").click()
    expect(other.locator(".nav-tools")).to_contain_text("Log in")

    page.locator('#answer-form input[value="true"]').click()
    expect(page.locator("#save-status")).to_have_text(LOGGED_OUT)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "error")
    assert local_storage(page, f"quizlab:pending:{attempt.pk}")[str(true_false.position)]["answer"] is True
    true_false.refresh_from_db()
    assert true_false.answer is None

    log_in(other, student)  # logging in again gives a new CSRF token; the open page must still work
    context.set_offline(True)  # a blip of the connection makes the page retry at once
    context.set_offline(False)
    expect_saved(page, attempt)
    true_false.refresh_from_db()
    assert true_false.answer is True


# --- submitting with an answer still queued on the device ------------------------------------------


def test_submit_sends_the_answers_still_queued_on_the_device_first(bank, student, page):
    quiz = make_quiz("queued", minutes=30)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    true_false = response_at(attempt, "true_false")
    go_to_question(page, true_false.position)

    # Saves fail (a flaky connection) until the student confirms the submission.
    failing = [True]
    page.route("**/save/", lambda route: route.abort() if failing[0] else route.continue_())
    page.locator('#answer-form input[value="true"]').click()
    expect(page.locator("#save-status")).to_have_text(OFFLINE)
    # A reload shows the answer kept on the device, though the server does not have it yet.
    page.reload()
    expect(page.locator('#answer-form input[value="true"]')).to_be_checked()
    expect(page.locator("#save-status")).to_have_text(OFFLINE)
    true_false.refresh_from_db()
    assert true_false.answer is None
    page.locator(".navigator a[href$='/summary/']").click()
    page.wait_for_url(re.compile(r"/summary/$"))
    expect(page.locator(f"#nav-item-{true_false.position}")).to_have_class(re.compile("answered"))
    assert local_storage(page, f"quizlab:pending:{attempt.pk}")[str(true_false.position)]["answer"] is True

    def confirm(dialog):
        failing[0] = False
        dialog.accept()

    page.on("dialog", confirm)
    page.locator("#submit-button").click()
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    true_false.refresh_from_db()
    assert true_false.answer is True and true_false.score == 1
    expect(page.locator(".result-card .score")).to_have_text("17%")


# --- layout at phone and desktop width, in both languages -----------------------------------------

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def test_attempt_page_fits_phone_and_desktop_in_both_languages(bank, student, page, shots_dir):
    quiz = make_quiz("layout", minutes=45)
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single, ordering = response_at(attempt, "single"), response_at(attempt, "ordering")
    go_to_question(page, ordering.position)
    page.locator("[data-move=down]").first.click()
    expect_saved(page, attempt)
    go_to_question(page, single.position)
    choice(page, token(single, single.snapshot["choices"][1]["id"])).click()
    expect_saved(page, attempt)
    page.locator("#flag-button").click()
    expect(page.locator("#flag-button")).to_have_attribute("aria-pressed", "true")

    for lang, prefix in (("ko", ""), ("en", "/en")):
        for width, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)
            for position in (single.position, ordering.position):
                page.goto(f"{prefix}/attempts/{attempt.pk}/{position}/")
                expect(page.locator("#timer")).to_have_text(re.compile(r"^\d+:\d\d$"))
                where = f"{lang} {width} question {position}"
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                    f"sideways scroll: {where}"
                )
                # Every control a student taps is at least 44 px high (the small timer toggle: 36 px).
                for selector, least in ((".choice, .nav-cell:not(.nav-legend *), #flag-button, .pager .button", 44),
                                        ("[data-move]", 44), ("#timer-toggle", 36)):  # fmt: skip
                    for control in page.locator(f"#attempt {selector}").all():
                        box = control.bounding_box()
                        assert box and box["height"] >= least - 0.5, f"{selector} too small ({box}): {where}"
                if shots_dir:
                    name = "single" if position == single.position else "ordering"
                    page.screenshot(path=f"{shots_dir}/attempt-{name}-{lang}-{width}.png", full_page=True)


def test_quiz_page_with_attempts_fits_a_phone(bank, student, page):
    quiz = make_quiz("layout", minutes=45)
    for _ in range(2):
        services.submit(services.start_attempt(user=student, quiz=quiz, now=timezone.now()), now=timezone.now())
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    page.set_viewport_size(VIEWPORTS["phone"])
    for prefix in ("", "/en"):
        page.goto(f"{prefix}/quizzes/{quiz.key}/")
        expect(page.locator("table.attempts tbody tr")).to_have_count(2)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"sideways scroll: {prefix}"


def test_a_save_overtaken_by_another_device_says_it_was_ignored(bank, student, page, new_context):
    """Two devices on one question: the second device's save arrives with an older sequence number,
    the server keeps the first device's answer, and the second device says so instead of "Saved"."""
    quiz = make_quiz("two-devices", mode="exam", minutes=30, shuffle_questions=False)
    log_in(page, student, next_url="/en/")
    attempt = start_quiz(page, quiz)
    position = response_at(attempt, "true_false").position
    other = new_context().new_page()
    log_in(other, student, next_url="/en/")
    for device in (page, other):
        device.goto(f"/en/attempts/{attempt.pk}/{position}/")
    page.locator("#answer-form label.choice").first.click()
    expect_saved(page, attempt)
    other.locator("#answer-form label.choice").last.click()
    expect(other.locator("#save-status")).to_have_attribute("data-state", "stale")
    expect(other.locator("#save-status")).to_contain_text("An older save was ignored")
    stored = Response.objects.get(attempt=attempt, position=position)
    assert stored.seq == 1
