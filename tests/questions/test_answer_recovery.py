"""Encrypted answer files: the key pair, reading a file, and recovering an attempt from one."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from apps.questions import answer_files, recovery, services
from apps.questions.answer_files import AnswerFileError
from apps.questions.models import AnswerRecovery, Attempt
from tests.questions.factories import key_answer, load_small_bank, make_quiz, make_student, right_answer, wrong_answer
from tests.questions.sealing import seal

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
AFTER = T0 + timedelta(hours=1)  # when the instructor uploads


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):  # the messages matched below are the English ones
        yield


@pytest.fixture
def bank(tmp_path):
    load_small_bank(tmp_path)


@pytest.fixture
def attempt(bank, answer_key):
    """A 10-minute exam: the wrong single-choice answer and the right multi-choice one reached the server."""
    attempt = services.start_attempt(user=make_student(), quiz=make_quiz(minutes=10), now=T0)
    for qtype, answer, seq in (("single", wrong_answer, 1), ("multi", right_answer, 5)):
        response = attempt.responses.get(snapshot__type=qtype)
        services.save_answer(
            user=attempt.user, attempt_id=attempt.pk, position=response.position,
            answer=answer(response.snapshot, attempt.pk), seq=seq, now=T0 + timedelta(minutes=1),
        )  # fmt: skip
    return attempt


def entry(attempt, qtype, answer, *, seq, at):
    response = attempt.responses.get(snapshot__type=qtype)
    return {"position": response.position, "answer": answer(response.snapshot, attempt.pk), "seq": seq, "at": ms(at)}


def snapshot_of(attempt):
    return {r.position: (r.answer, r.seq, r.score) for r in attempt.responses.all()}


# --- the key pair ---------------------------------------------------------------------------------


def test_the_key_is_made_once_under_the_data_dir_readable_by_its_owner_only(settings, tmp_path):
    path = tmp_path / "data" / "answer_file_key.pem"
    settings.QUIZLAB = {**settings.QUIZLAB, "ANSWER_FILE_KEY": "", "ANSWER_FILE_KEY_PATH": path}
    answer_files.private_key.cache_clear()
    answer_files.public_key.cache_clear()
    try:
        first = answer_files.public_key()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and b"PRIVATE KEY" in path.read_bytes()
        answer_files.private_key.cache_clear()
        answer_files.public_key.cache_clear()
        assert answer_files.public_key() == first  # read back, not made again
        assert answer_files.private_key().key_size == answer_files.KEY_BITS
    finally:
        answer_files.private_key.cache_clear()
        answer_files.public_key.cache_clear()


def test_a_key_another_process_wrote_first_is_the_key(tmp_path):
    path = tmp_path / "answer_file_key.pem"
    first = answer_files._generate(path)
    assert answer_files._generate(path) == first  # never replaced
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left


def test_the_environment_key_wins_and_the_page_gets_only_the_public_half(answer_key):
    context = answer_files.page_context(7)
    der = base64.b64decode(context["key"])
    assert b"PRIVATE" not in der and len(context["token"]) == 32
    assert context["token"] == answer_files.attempt_token(7) != answer_files.attempt_token(8)


# --- recovering ---------------------------------------------------------------------------------


def test_recovery_applies_what_was_made_in_time_and_newer_grades_and_audits(attempt):
    instructor = make_student("teacher")
    late = T0 + timedelta(minutes=10, seconds=30)
    data = seal(
        attempt.pk,
        [
            entry(attempt, "single", right_answer, seq=2, at=T0 + timedelta(minutes=9)),
            entry(attempt, "multi", wrong_answer, seq=4, at=T0 + timedelta(minutes=9)),  # the server has seq 5
            entry(attempt, "true_false", right_answer, seq=1, at=T0 + timedelta(minutes=9, seconds=30)),
            entry(attempt, "short", right_answer, seq=1, at=late),
            {**entry(attempt, "ordering", right_answer, seq=1, at=T0), "answer": ["not", "its", "choices"]},
            {"position": 99, "answer": "x", "seq": 1, "at": ms(T0)},
        ],
        made_at_ms=ms(T0 + timedelta(minutes=11)),
    )
    done = recovery.recover(attempt_id=attempt.pk, data=data, by=instructor, now=AFTER)

    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.FINISHED and attempt.ending == Attempt.Ending.TIME_UP
    assert attempt.finished_at == attempt.deadline
    by_type = {r.snapshot["type"]: r for r in attempt.responses.all()}
    assert by_type["single"].answer == key_answer(by_type["single"].snapshot) and by_type["single"].seq == 2
    assert by_type["multi"].seq == 5 and by_type["multi"].score == 1  # the save that arrived stands
    assert by_type["true_false"].answer == key_answer(by_type["true_false"].snapshot)
    assert by_type["short"].answer is None and by_type["ordering"].answer is None
    assert attempt.score == 3

    assert AnswerRecovery.objects.get() == done
    assert (done.recovered_by, done.recovered_at, done.applied, done.rejected) == (instructor, AFTER, 2, 4)
    assert (done.score_before, done.score_after) == (1, 3)
    assert done.file_made_at == T0 + timedelta(minutes=11) and len(done.file_sha256) == 64
    outcomes = {o["position"]: o["outcome"] for o in done.outcomes}
    assert outcomes == {
        by_type["single"].position: recovery.APPLIED,
        by_type["multi"].position: recovery.STALE,
        by_type["true_false"].position: recovery.APPLIED,
        by_type["short"].position: recovery.LATE,
        by_type["ordering"].position: recovery.INVALID,
        99: recovery.NO_QUESTION,
    }
    assert next(o for o in done.outcomes if o["outcome"] == recovery.LATE)["at"] == late.isoformat()


def test_the_same_file_twice_changes_nothing_the_second_time(attempt):
    data = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0)])
    recovery.recover(attempt_id=attempt.pk, data=data, by=None, now=AFTER)
    before = snapshot_of(attempt)
    again = recovery.recover(attempt_id=attempt.pk, data=data, by=None, now=AFTER)
    assert (again.applied, again.outcomes[0]["outcome"]) == (0, recovery.STALE)
    assert snapshot_of(attempt) == before


def test_a_submitted_attempt_closes_at_its_submission(attempt):
    services.submit(attempt, now=T0 + timedelta(minutes=5))
    data = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0 + timedelta(minutes=6))])
    done = recovery.recover(attempt_id=attempt.pk, data=data, by=None, now=AFTER)
    assert done.outcomes[0]["outcome"] == recovery.LATE and done.applied == 0


def test_an_overdue_attempt_is_finished_at_its_deadline(bank, answer_key):
    attempt = services.start_attempt(
        user=make_student(), quiz=make_quiz(minutes=10, expiry="graceperiod", grace=30), now=T0
    )
    data = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0 + timedelta(minutes=2))])
    done = recovery.recover(attempt_id=attempt.pk, data=data, by=None, now=T0 + timedelta(minutes=12))
    attempt.refresh_from_db()
    assert done.applied == 1 and attempt.state == Attempt.State.FINISHED and attempt.score == 1
    assert attempt.finished_at == attempt.deadline and attempt.ending == Attempt.Ending.TIME_UP


def test_a_running_attempt_is_refused(attempt):
    data = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0)])
    with pytest.raises(recovery.StillRunning):
        recovery.recover(attempt_id=attempt.pk, data=data, by=None, now=T0 + timedelta(minutes=5))
    assert not AnswerRecovery.objects.exists()


# --- files that must change nothing ------------------------------------------------------------------


def _edited(data: bytes, **changes) -> bytes:
    return json.dumps({**json.loads(data), **changes}).encode()


def _flipped(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 1
    return base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d, other: _edited(d, ciphertext=_flipped(json.loads(d)["ciphertext"])), "changed after it was made"),
        (lambda d, other: _edited(d, iv=_flipped(json.loads(d)["iv"])), "changed after it was made"),
        (lambda d, other: _edited(d, wrapped_key=_flipped(json.loads(d)["wrapped_key"])), "changed after it was made"),
        (lambda d, other: _edited(d, attempt=other), "belongs to attempt"),
        (lambda d, other: _edited(d, key_id="0" * 16), "another server key"),
        (lambda d, other: _edited(d, version=2), "version"),
        (lambda d, other: _edited(d, iv="not base64!"), "not a QuizLab answer file"),
        (lambda d, other: b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not a QuizLab answer file"),
        (lambda d, other: b'{"format": "something else"}', "not a QuizLab answer file"),
        (lambda d, other: b"[]", "not a QuizLab answer file"),
    ],
    ids=[
        "ciphertext",
        "iv",
        "wrapped-key",
        "other-attempt",
        "other-key",
        "version",
        "base64",
        "binary",
        "json",
        "list",
    ],
)
def test_tampered_or_garbage_files_are_refused_and_change_nothing(attempt, spoil, message):
    other = services.start_attempt(user=make_student("other"), quiz=attempt.quiz, now=T0).pk
    good = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0)])
    services.sync_state(attempt, now=AFTER)
    before = snapshot_of(attempt)
    with pytest.raises(AnswerFileError, match=message):
        recovery.recover(attempt_id=attempt.pk, data=spoil(good, other), by=None, now=AFTER)
    assert snapshot_of(attempt) == before and not AnswerRecovery.objects.exists()


def test_a_file_made_for_another_attempt_does_not_open_here(attempt):
    other = services.start_attempt(user=make_student("other"), quiz=attempt.quiz, now=T0)
    theirs = seal(other.pk, [entry(other, "true_false", right_answer, seq=1, at=T0)])
    with pytest.raises(AnswerFileError, match="belongs to attempt"):
        recovery.recover(attempt_id=attempt.pk, data=theirs, by=None, now=AFTER)
    # Relabelled as this attempt's, it fails the tag (the token and id are bound into it).
    with pytest.raises(AnswerFileError, match="changed after it was made"):
        recovery.recover(attempt_id=attempt.pk, data=_edited(theirs, attempt=attempt.pk), by=None, now=AFTER)
    # Made with this attempt's id but without its token (which only its pages carry): refused too.
    forged = seal(attempt.pk, [entry(attempt, "true_false", right_answer, seq=1, at=T0)], token="0" * 32)
    with pytest.raises(AnswerFileError, match="changed after it was made"):
        recovery.recover(attempt_id=attempt.pk, data=forged, by=None, now=AFTER)
    assert not AnswerRecovery.objects.exists()
