"""Nothing in an exam page identifies the key: choices go out as per-attempt tokens."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from apps.questions.kinds import InvalidAnswer
from apps.questions.models import Attempt
from apps.questions.tokens import ChoiceTokens, attempt_tokens
from tests.questions.factories import key_answer, load_small_bank, make_quiz, make_student, right_answer

TOKEN = re.compile(r"^[0-9a-f]{16}$")


def test_tokens_round_trip_and_differ_between_attempts():
    ids = [101, 102, 103]
    first, second = ChoiceTokens("secret", 1, ids), ChoiceTokens("secret", 2, ids)
    assert [first.decode(first.encode(i)) for i in ids] == ids
    assert all(TOKEN.match(first.encode(i)) for i in ids)
    assert {first.encode(i) for i in ids}.isdisjoint(second.encode(i) for i in ids)
    assert ChoiceTokens("other secret", 1, ids).encode(101) != first.encode(101)
    for forged in (101, "101", second.encode(101), None, ["x"]):
        with pytest.raises(InvalidAnswer):
            first.decode(forged)


def test_the_lowest_token_is_the_key_only_by_chance():
    """Over many attempts the key (authored first, lowest id) is the lowest value ~1/n of the time."""
    ids, key, attempts = [10, 11, 12, 13], 10, 800
    lowest = sum(min(ids, key=ChoiceTokens("secret", a, ids).encode) == key for a in range(attempts))
    assert abs(lowest / attempts - 1 / len(ids)) < 0.05


class _Controls(HTMLParser):
    """Every answer control's value and every ordering item's data-id, in page order."""

    def __init__(self):
        super().__init__()
        self.values: list[str] = []
        self.order_ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "answer" and attrs.get("type") in ("radio", "checkbox", "hidden"):
            self.values.append(attrs["value"])
        if tag == "li" and "data-id" in attrs:
            self.order_ids.append(attrs["data-id"])


def controls(html: str) -> _Controls:
    parser = _Controls()
    parser.feed(html)
    return parser


@pytest.mark.django_db
def test_exam_pages_show_tokens_never_ids_or_the_key_order(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz("mock", minutes=10)
    client.force_login(make_student())
    assert client.post(f"/quizzes/{quiz.key}/start/").status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    choice_ids = {str(c["id"]) for r in attempt.responses.all() for c in r.snapshot["choices"]}
    for r in attempt.responses.all():
        if not r.snapshot["choices"]:
            continue
        tokens = attempt_tokens(attempt.pk, r.snapshot)
        shown = [tokens.encode(c["id"]) for c in r.snapshot["choices"]]
        for prefix in ("", "/en"):
            page = controls(client.get(f"{prefix}/attempts/{attempt.pk}/{r.position}/").text)
            assert page.values == shown
            assert not choice_ids & set(page.values + page.order_ids)
            assert all(TOKEN.match(v) for v in page.values)
        if r.snapshot["type"] == "ordering":
            key_order = [tokens.encode(i) for i in r.snapshot["key_data"]["order"]]
            assert page.order_ids == shown != key_order
        # Saved and reloaded: the stored answer is ids, the page still shows tokens.
        saved = client.post(
            f"/attempts/{attempt.pk}/{r.position}/save/",
            json.dumps({"answer": right_answer(r.snapshot, attempt.pk), "seq": 1}),
            content_type="application/json",
        )
        assert saved.status_code == 200 and set(saved.json()) == {
            "status",
            "seq",
            "saved_at",
            "answered",
            "server_time",
        }
        r.refresh_from_db()
        assert r.answer == key_answer(r.snapshot)
        reloaded = controls(client.get(f"/attempts/{attempt.pk}/{r.position}/").text)
        assert not choice_ids & set(reloaded.values + reloaded.order_ids)


@pytest.mark.django_db
def test_a_database_id_is_refused_as_an_answer(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz("mock", minutes=10)
    client.force_login(make_student())
    client.post(f"/quizzes/{quiz.key}/start/")
    attempt = Attempt.objects.get(quiz=quiz)
    single = attempt.responses.get(snapshot__type="single")
    correct_id = single.snapshot["key_data"]["correct"][0]
    for answer in (correct_id, str(correct_id)):
        response = client.post(
            f"/attempts/{attempt.pk}/{single.position}/save/",
            json.dumps({"answer": answer, "seq": 1}),
            content_type="application/json",
        )
        assert response.status_code == 400 and response.json()["field"] == "answer"
