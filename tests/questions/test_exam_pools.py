"""The project's bank is split: mock exams draw only exam-only questions, practice never sees them,
and every topic keeps enough of both (issue 18, point 6)."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.questions import services
from apps.questions.models import Question, Quiz, Topic
from apps.questions.study import selectors
from tests.questions.bankdata import all_types_bank, write
from tests.questions.factories import make_student

pytestmark = pytest.mark.django_db

MOCK_EXAMS = {"mock-exam-1", "mock-exam-2", "mock-exam-3"}
MIN_PRACTICE_PER_LEAF = 5


@pytest.fixture
def project_bank():
    call_command("load_bank", stdout=io.StringIO())
    return set(Question.objects.filter(exam_only=True).values_list("pk", flat=True))


def drawn(quiz: Quiz, student: str) -> list[int]:
    attempt = services.start_attempt(user=make_student(student), quiz=quiz, now=timezone.now())
    return list(attempt.responses.values_list("question_id", flat=True))


def test_each_mock_exam_draws_a_full_paper_from_the_exam_only_pool(project_bank):
    mocks = Quiz.objects.filter(exam_only_pool=True)
    assert set(mocks.values_list("key", flat=True)) == MOCK_EXAMS
    for quiz in mocks:
        wanted = sum(slot.count for slot in quiz.slots.all())
        assert wanted == 30
        for n in range(4):  # different seeds, different draws: every one full and exam-only
            ids = drawn(quiz, f"{quiz.key}-{n}")
            assert len(ids) == len(set(ids)) == wanted
            assert set(ids) <= project_bank


def test_each_mock_exam_slot_has_more_exam_only_questions_than_it_draws(project_bank):
    for quiz in Quiz.objects.filter(exam_only_pool=True):
        for slot in quiz.slots.filter(topic__isnull=False).select_related("topic"):
            pool = Question.objects.filter(
                pk__in=project_bank, topic__slug__startswith=slot.topic.slug, status=Question.Status.PUBLISHED
            ).count()
            assert pool >= 2 * slot.count, (quiz.key, slot.topic.slug, pool)  # room to vary between attempts


def test_practice_quizzes_and_drills_never_draw_exam_only_questions(project_bank):
    practice = Quiz.objects.filter(mode=Quiz.Mode.PRACTICE)
    assert practice.count() == 8
    for quiz in practice:
        ids = drawn(quiz, f"p-{quiz.key}")
        assert len(ids) == sum(slot.count for slot in quiz.slots.all())  # still fills completely
        assert not set(ids) & project_bank
    drill = selectors.drill_question_ids(make_student("driller"), now=timezone.now())
    assert drill and not set(drill) & project_bank


def test_every_topic_keeps_practice_questions_and_gives_about_a_third_to_exams(project_bank):
    published = Question.objects.filter(status=Question.Status.PUBLISHED).select_related("topic")
    practice = Counter(q.topic.slug for q in published if not q.exam_only)
    exam = Counter(q.topic.slug for q in published if q.exam_only)
    leaves = set(Topic.objects.filter(children__isnull=True).values_list("slug", flat=True))
    for leaf in leaves:
        assert practice[leaf] >= MIN_PRACTICE_PER_LEAF, leaf
        assert exam[leaf] >= 1, leaf
    for domain in Topic.objects.filter(parent__isnull=True).values_list("slug", flat=True):
        ex = sum(n for slug, n in exam.items() if slug.startswith(f"{domain}/"))
        pr = sum(n for slug, n in practice.items() if slug.startswith(f"{domain}/"))
        assert 0.25 <= ex / (ex + pr) <= 0.40, domain
    # spread over difficulties: each level has exam-only questions
    assert {q.difficulty for q in published if q.exam_only} == {1, 2, 3}


def test_the_exam_only_pool_is_refused_on_a_practice_quiz(tmp_path):
    data = all_types_bank()
    bank = write(tmp_path / "xai.yaml", data)
    quizzes = tmp_path / "quizzes.yaml"
    quizzes.write_text(
        "quizzes:\n- key: p\n  title: {ko: 연습, en: Practice}\n  mode: practice\n  exam_only_pool: true\n"
        "  slots:\n  - random: {topic: xai, count: 2}\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_bank", str(bank), str(quizzes), stdout=out, stderr=out)
    assert "exam_only_pool needs mode: exam" in out.getvalue()
