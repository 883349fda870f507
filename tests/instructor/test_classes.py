"""Classes: create, join with a code, assign quizzes, results per student and topic; privacy."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from apps.classes.models import Assignment, ClassGroup, Membership
from apps.questions import services
from tests.questions.factories import load_small_bank, make_instructor, make_quiz, make_student, right_answer

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def take(quiz, user, right: int, now):
    """An attempt answering the first ``right`` questions correctly."""
    attempt = services.start_attempt(user=user, quiz=quiz, now=now)
    for response in list(attempt.responses.order_by("position"))[:right]:
        services.save_answer(
            user=user, attempt_id=attempt.pk, position=response.position,
            answer=right_answer(response.snapshot, attempt.pk), seq=1, now=now,
        )  # fmt: skip
    return services.submit(attempt, now=now + timedelta(minutes=1))


def test_instructor_creates_a_class_and_a_student_joins_with_its_code(client, instructor):
    response = client.post("/classes/new/", {"name": "AI 역량평가 A반"})
    group = ClassGroup.objects.get(name="AI 역량평가 A반")
    assert response.status_code == 302 and group.instructor == instructor
    assert group.join_code in client.get(f"/classes/{group.pk}/").text
    student = make_student("kim")
    client.force_login(student)
    typed = f" {group.join_code[:4].lower()}-{group.join_code[4:].lower()} "  # as read off a board
    assert client.post("/classes/join/", {"code": typed}).status_code == 302
    assert Membership.objects.filter(class_group=group, student=student).exists()
    assert client.post("/classes/join/", {"code": typed}).status_code == 302  # twice: still one membership
    assert Membership.objects.filter(class_group=group, student=student).count() == 1
    page = client.get("/classes/").text
    assert "AI 역량평가 A반" in page and "class-form" not in page


def test_a_wrong_code_is_a_form_error(client):
    client.force_login(make_student("lee"))
    response = client.post("/classes/join/", {"code": "NOPE1234"})
    assert response.status_code == 400 and 'id="join-form"' in response.text
    assert "errorlist" in response.text and Membership.objects.count() == 0


def test_students_cannot_create_classes(client):
    client.force_login(make_student("park"))
    assert client.post("/classes/new/", {"name": "mine"}).status_code == 404
    assert ClassGroup.objects.count() == 0


def test_assignments_with_dates_and_their_errors(client, instructor, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz()
    group = ClassGroup.objects.create(name="A", instructor=instructor)
    bad = client.post(
        f"/classes/{group.pk}/assign/", {"quiz": quiz.pk, "open_at": "2026-12-02T09:00", "close_at": "2026-12-01T09:00"}
    )
    assert bad.status_code == 400 and 'id="assign-form"' in bad.text and Assignment.objects.count() == 0
    ok = client.post(
        f"/classes/{group.pk}/assign/", {"quiz": quiz.pk, "open_at": "2026-12-01T09:00", "close_at": "2026-12-02T09:00"}
    )
    assert ok.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.close_at - assignment.open_at == timedelta(days=1)
    again = client.post(f"/classes/{group.pk}/assign/", {"quiz": quiz.pk})
    assert again.status_code == 400 and Assignment.objects.count() == 1


def test_results_per_student_and_topic_with_csv(client, instructor, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz(grading_method="highest", minutes=None)
    group = ClassGroup.objects.create(name="A", instructor=instructor)
    Assignment.objects.create(class_group=group, quiz=quiz)
    kim, lee, outsider = make_student("kim"), make_student("lee"), make_student("zzz-outsider")
    for student in (kim, lee):
        Membership.objects.create(class_group=group, student=student)
    take(quiz, kim, 3, T0)  # 50 %
    take(quiz, kim, 6, T0 + timedelta(hours=1))  # 100 %: highest counts
    take(quiz, lee, 0, T0)  # 0 %
    take(quiz, outsider, 6, T0)  # not in the class: not counted
    page = client.get(f"/classes/{group.pk}/quizzes/{quiz.key}/")
    assert page.status_code == 200
    table = page.text.split('id="student-results"', 1)[1].split("</table>", 1)[0]
    assert "kim" in table and "50%, 100%" in table and "100.0%" in table and "zzz-outsider" not in table
    assert '<span id="class-average">50.0%</span>' in page.text  # (100 + 0) / 2
    rows = list(csv.reader(io.StringIO(client.get(f"/classes/{group.pk}/quizzes/{quiz.key}/?format=csv").text)))
    assert rows[0] == ["student", "attempts", "finished", "grade_percent"]
    assert rows[1:3] == [["kim", "2", "2", "100.0"], ["lee", "1", "1", "0.0"]]
    topics = rows[rows.index(["topic", "average_percent", "responses"]) + 1 :]
    # Every question is in xai/cam: (3 + 6 + 0) right of 18 answered in the class's three attempts.
    assert topics == [["xai/cam", "50.0", "18"]]


def test_instructors_see_only_their_own_classes(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz()
    mine = ClassGroup.objects.create(name="Mine", instructor=make_instructor("a"))
    theirs = ClassGroup.objects.create(name="Theirs", instructor=make_instructor("b"))
    Assignment.objects.create(class_group=theirs, quiz=quiz)
    client.force_login(mine.instructor)
    page = client.get("/classes/").text
    assert "Mine" in page and "Theirs" not in page
    assert client.get(f"/classes/{theirs.pk}/").status_code == 404
    assert client.get(f"/classes/{theirs.pk}/quizzes/{quiz.key}/").status_code == 404
    assert client.get(f"/classes/{theirs.pk}/quizzes/{quiz.key}/?format=csv").status_code == 404
    assert client.post(f"/classes/{theirs.pk}/assign/", {"quiz": quiz.pk}).status_code == 404
    assert Assignment.objects.filter(class_group=theirs).count() == 1


def test_students_see_only_classes_they_joined_and_no_results(client, tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz()
    instructor = make_instructor("t")
    a = ClassGroup.objects.create(name="Class A", instructor=instructor)
    b = ClassGroup.objects.create(name="Class B", instructor=instructor)
    Assignment.objects.create(class_group=a, quiz=quiz)
    student = make_student("kim")
    Membership.objects.create(class_group=a, student=student)
    client.force_login(student)
    page = client.get(f"/classes/{a.pk}/")
    assert page.status_code == 200 and quiz.title in page.text and a.join_code not in page.text
    assert client.get(f"/classes/{b.pk}/").status_code == 404
    assert client.get(f"/classes/{a.pk}/quizzes/{quiz.key}/").status_code == 404
    assert "Class B" not in client.get("/classes/").text


def test_a_class_assignment_dates_replace_the_quiz_dates_for_its_students(tmp_path):
    load_small_bank(tmp_path)
    quiz = make_quiz(minutes=60, open_at=T0, close_at=T0 + timedelta(days=30))
    group = ClassGroup.objects.create(name="A", instructor=make_instructor("t"))
    Assignment.objects.create(class_group=group, quiz=quiz, open_at=T0 + timedelta(days=1), close_at=None)
    member, other = make_student("kim"), make_student("lee")
    Membership.objects.create(class_group=group, student=member)
    with pytest.raises(services.NotAllowed):  # the class opens a day later than the quiz
        services.start_attempt(user=member, quiz=quiz, now=T0 + timedelta(hours=1))
    assert services.start_attempt(user=other, quiz=quiz, now=T0 + timedelta(hours=1))  # not in the class
    # The empty close date keeps the quiz's own; a class closing earlier caps the deadline.
    Assignment.objects.filter(quiz=quiz).update(close_at=T0 + timedelta(days=1, minutes=20))
    attempt = services.start_attempt(user=member, quiz=quiz, now=T0 + timedelta(days=1))
    assert attempt.deadline == T0 + timedelta(days=1, minutes=20)
    with pytest.raises(services.NotAllowed):
        services.start_attempt(user=make_student("park"), quiz=quiz, now=T0 + timedelta(days=31))


def test_widest_window_of_two_classes():
    from apps.classes.windows import widest

    a = (T0, T0 + timedelta(days=1))
    b = (T0 + timedelta(hours=1), T0 + timedelta(days=2))
    assert widest([a, b]) == (T0, T0 + timedelta(days=2))
    assert widest([a, (None, T0)]) == (None, T0 + timedelta(days=1))
