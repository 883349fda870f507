"""The network goes away during an exam: the real attempt.js, its service worker and the server.

Two minutes offline pass on the page's clock (Playwright's clock), not on the wall: the page's
retry timers run through them as they would, and the server's deadline is far away.
"""

from __future__ import annotations

import contextlib
import io
import re
import socket
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from apps.questions import services
from apps.questions.models import AnswerRecovery, Attempt
from tests.browser.conftest import PASSWORD, local_storage, log_in, start_quiz
from tests.browser.test_accessibility import violations
from tests.browser.test_exam import OFFLINE, choice, expect_saved, go_to_question, response_at, token
from tests.questions.factories import key_answer, make_quiz

pytestmark = pytest.mark.browser


class Cable:
    """A TCP relay between the browser and the live server that can be unplugged. Unplugged, it
    drops every open connection and refuses new ones, so nothing the page sends reaches the server.
    (Chromium's emulated offline alone is not enough: a request a page controlled by a service
    worker sends right after it loads can slip through to the server.)"""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://localhost:{self.listener.getsockname()[1]}"
        self.plugged = True
        self.lock = threading.Lock()
        self.open: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self.lock:
                if not self.plugged:
                    client.close()
                    continue
                server = socket.create_connection(self.target)
                self.open |= {client, server}
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def unplug(self) -> None:
        with self.lock:
            self.plugged = False
            for end in self.open:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.open.clear()

    def plug(self) -> None:
        with self.lock:
            self.plugged = True

    def close(self) -> None:
        self.unplug()
        self.listener.close()


@pytest.fixture
def cable(live_server):
    made = Cable(live_server.thread.host, live_server.thread.port)
    yield made
    made.close()


@pytest.fixture
def context(new_context, cable):
    """The student's browser reaches the server through the cable."""
    return new_context(base_url=cable.url)


CACHED_PAGES = """caches.open("quizlab-attempt-pages-v1").then(cache => cache.keys()).then(
    requests => requests.filter(r => /\\/attempts\\/\\d+\\/\\d+\\/$/.test(new URL(r.url).pathname)).length)"""


def cached_pages(page) -> int:
    """How many attempt question pages the service worker holds copies of."""
    return page.evaluate(f"() => {CACHED_PAGES}")


def go_offline(context, cable) -> None:
    cable.unplug()
    context.set_offline(True)  # and the browser knows it (navigator.onLine, the online event later)


def go_online(context, cable) -> None:
    cable.plug()
    context.set_offline(False)


def test_offline_for_two_minutes_with_a_reload_then_every_answer_reaches_the_server(
    bank, student, page, context, cable
):
    quiz = make_quiz("offline", minutes=30)
    page.clock.install()
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single, multi, short, ordering = (response_at(attempt, t) for t in ("single", "multi", "short", "ordering"))
    options = {r.position: [token(r, c["id"]) for c in r.snapshot["choices"]] for r in (single, multi, ordering)}

    # Online: the student reads every question once (the service worker keeps each page) and answers one.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for response in attempt.responses.order_by("position"):
        go_to_question(page, response.position)
    go_to_question(page, single.position)
    rendered_at = page.locator("#attempt").get_attribute("data-server-now-ms")
    choice(page, options[single.position][0]).click()
    expect_saved(page, attempt)

    # Offline: four questions of four types change, the single choice twice, moving between pages.
    go_offline(context, cable)
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
    go_online(context, cable)
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


def test_time_runs_out_offline_the_page_offers_the_answer_file_and_the_admin_recovers_it(
    bank, student, page, context, cable, new_context
):
    quiz = make_quiz("cutoff", minutes=30)
    page.clock.install()
    log_in(page, student, next_url=f"/en/quizzes/{quiz.key}/")
    attempt = start_quiz(page, quiz)
    single, true_false = response_at(attempt, "single"), response_at(attempt, "true_false")
    right_single, right_tf = key_answer(single.snapshot), key_answer(true_false.snapshot)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    go_to_question(page, true_false.position)
    go_to_question(page, single.position)

    # Offline, two answers; then the deadline comes (the server's is now; the page's clock passes its own).
    go_offline(context, cable)
    choice(page, token(single, right_single)).click()
    go_to_question(page, true_false.position)
    page.locator(f'#answer-form input[value="{str(right_tf).lower()}"]').click()
    expect(page.locator("#save-status")).to_have_text(OFFLINE)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now())
    page.clock.fast_forward("31:00")

    # The page neither submits nor forgets: it offers the encrypted file, and says so to screen readers.
    expect(page.locator("#answer-file")).to_be_visible()
    expect(page.locator("#time-announcer")).to_have_text(re.compile("encrypted answer file"))
    assert violations(page) == []  # axe, as on every page
    with page.expect_download() as download:
        page.locator("#answer-file-button").click()
    path = download.value.path()
    assert b"ciphertext" in path.read_bytes() and b"generator" not in path.read_bytes()
    # The server closes the attempt (its sweep, as it would a few seconds later) with none of them.
    services.close_overdue(now=timezone.now() + timedelta(seconds=services.latency_allowance() + 1))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.score == 0
    # Back online, the server refuses the late saves: the page keeps offering the file.
    go_online(context, cable)
    expect(page.locator("#save-status")).to_have_attribute("data-state", "error")
    expect(page.locator("#answer-file")).to_be_visible()
    assert page.url.endswith(f"/attempts/{attempt.pk}/{true_false.position}/")

    # An instructor uploads the file in the admin: both answers count, the attempt is graded again.
    call_command("setup_roles", stdout=io.StringIO())
    teacher = get_user_model().objects.create_user("teacher", password=PASSWORD, is_staff=True)
    teacher.groups.add(teacher.groups.model.objects.get(name="Instructors"))
    admin = new_context().new_page()
    recover = f"/admin/questions/attempt/{attempt.pk}/recover/"
    admin.goto(f"/admin/login/?next={recover}")
    admin.locator("#id_username").fill("teacher")
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("#login-form input[type=submit]").click()
    admin.wait_for_url(re.compile(re.escape(recover) + "$"))
    admin.locator("input[type=file]").set_input_files(path)
    admin.locator("#content form input[type=submit]").click()
    expect(admin.locator(".messagelist")).to_contain_text("2개 반영, 0개 미반영")
    attempt.refresh_from_db()
    assert attempt.score == 2 and attempt.ending == Attempt.Ending.TIME_UP
    assert {r.position: r.answer for r in attempt.responses.filter(pk__in=[single.pk, true_false.pk])} == {
        single.position: right_single,
        true_false.position: right_tf,
    }
    done = AnswerRecovery.objects.get(attempt=attempt)
    assert done.recovered_by == teacher and (done.applied, done.rejected, done.score_after) == (2, 0, 2)

    # The student opens the attempt again: it is over, and the worker drops its copies of the pages.
    assert cached_pages(page) >= 2
    page.goto(f"/en/attempts/{attempt.pk}/{single.position}/")
    page.wait_for_url(re.compile(rf"/attempts/{attempt.pk}/review/$"))
    # The review page still offers the file this device keeps (the student may not have saved it).
    expect(page.locator("#answer-file")).to_be_visible()
    assert violations(page) == []
    page.wait_for_function(f"() => ({CACHED_PAGES}).then(n => n === 0)")
