"""load_bank validates everything before writing, reports each problem with file and key,
loads all or nothing, and upserts by key so a second run changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.questions.models import Choice, Question, Quiz, Topic
from tests.questions.bankdata import all_types_bank, bank, choice, question, write

pytestmark = pytest.mark.django_db


def run_load(*paths) -> str:
    out = io.StringIO()
    call_command("load_bank", *map(str, paths), stdout=out)
    return out.getvalue()


def load_errors(tmp_path, document, capsys=None) -> str:
    path = write(tmp_path / "bank.yaml", document)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_bank", str(path), stderr=err)
    return err.getvalue()


def test_valid_bank_with_every_type_loads(tmp_path):
    run_load(write(tmp_path / "xai.yaml", all_types_bank()))
    assert Question.objects.count() == 6
    single = Question.objects.get(key="q-single")
    assert [c.is_correct for c in single.choices.all()] == [True, False, False]
    assert single.stem_ko == "q-single 질문?" and single.status == "published"
    assert Topic.objects.get(slug="xai/cam").parent.slug == "xai"


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (bank(question("a", topic="xai/nope")), "bank.yaml: a: unknown topic 'xai/nope'"),
        (
            bank(question("a", choices=[choice("x", True), choice("y", True)])),
            "bank.yaml: a: single needs exactly one correct choice, found 2",
        ),
        (
            bank(question("a", choices=[choice("x"), choice("y")])),
            "bank.yaml: a: single needs exactly one correct choice, found 0",
        ),
        (
            bank(question("a", "multi", choices=[choice("x"), choice("y"), choice("z")])),
            "bank.yaml: a: multi needs at least one correct choice, found none",
        ),
        (bank(question("a", stem={"en": "English only"})), "bank.yaml: a: stem is missing its Korean text (ko)"),
        (bank(question("a", "numeric", answer={"tolerance": 0})), "bank.yaml: a: numeric needs 'answer: {value"),
        (bank(question("a", "numeric", answer={"value": "lots"})), "numeric answer value must be a number"),
        (bank(question("a", type="essay")), "bank.yaml: a: unknown type 'essay'"),
        (bank(question("a", demo={"slug": "gradio"})), "bank.yaml: a: unknown demo slug 'gradio'"),
        (bank(question("a", demo={"slug": "cam", "params": {"model": "vgg"}})), "parameter 'model' must be one of"),
        (bank(question("a"), question("a")), "bank.yaml: a: duplicate key"),
        (bank(question("a", "true_false", answer="yes")), "true_false needs 'answer: true'"),
        (bank(question("a", "ordering", choices=[choice("x", True), choice("y"), choice("z")])), "remove 'correct'"),
        (bank(question("a", difficulty=5)), "difficulty must be 1, 2 or 3"),
        (bank(question("a", colour="red")), "unknown field(s) ['colour']"),
        (
            bank(question("a", choices=[{"text": {"ko": "x"}, "correct": True}, choice("y")])),
            "choice 1 feedback must be a mapping",
        ),
    ],
)
def test_each_problem_is_reported_with_file_and_key(tmp_path, document, expected):
    errors = load_errors(tmp_path, document)
    assert expected in errors
    assert Question.objects.count() == 0


def test_all_problems_of_all_files_are_reported_and_nothing_is_loaded(tmp_path):
    good = write(tmp_path / "good.yaml", all_types_bank())
    bad = write(tmp_path / "bad.yaml", bank(question("b1", topic="nope/x"), question("b2", type="essay")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_bank", str(good), str(bad), stderr=err)
    assert "bad.yaml: b1: unknown topic" in err.getvalue()
    assert "bad.yaml: b2: unknown type" in err.getvalue()
    assert Question.objects.count() == 0 and Topic.objects.count() == 0


def test_duplicate_keys_across_files(tmp_path):
    one = write(tmp_path / "one.yaml", bank(question("same")))
    two = write(tmp_path / "two.yaml", bank(question("same")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_bank", str(one), str(two), stderr=err)
    assert "two.yaml: same: duplicate key (also in" in err.getvalue()


def test_invalid_yaml_is_reported(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("questions: [unclosed", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_bank", str(path), stderr=err)
    assert "broken.yaml: not valid YAML" in err.getvalue()


def test_second_run_changes_nothing(tmp_path):
    path = write(tmp_path / "xai.yaml", all_types_bank())
    run_load(path)
    stamps = dict(Question.objects.values_list("key", "updated_at"))
    choice_ids = list(Choice.objects.order_by("id").values_list("id", flat=True))
    assert "nothing changed" in run_load(path)
    assert dict(Question.objects.values_list("key", "updated_at")) == stamps
    assert list(Choice.objects.order_by("id").values_list("id", flat=True)) == choice_ids


def test_upsert_updates_content_keeps_choice_ids_and_bumps_version(tmp_path):
    path = write(tmp_path / "xai.yaml", all_types_bank())
    run_load(path)
    q = Question.objects.get(key="q-single")
    ids = list(q.choices.values_list("id", flat=True))
    document = all_types_bank()
    document["questions"][0]["stem"]["ko"] = "고친 질문?"
    run_load(write(path, document))
    q.refresh_from_db()
    assert q.stem_ko == "고친 질문?" and q.version == 2
    assert list(q.choices.values_list("id", flat=True)) == ids
    assert Question.objects.get(key="q-multi").version == 1


def test_check_only_writes_nothing(tmp_path):
    path = write(tmp_path / "xai.yaml", all_types_bank())
    out = io.StringIO()
    call_command("load_bank", str(path), "--check", stdout=out)
    assert "valid" in out.getvalue() and Question.objects.count() == 0


def test_quiz_file_loads_and_validates_slots(tmp_path):
    bank_file = write(tmp_path / "xai.yaml", all_types_bank())
    quizzes = write(
        tmp_path / "quizzes.yaml",
        {
            "quizzes": [
                {
                    "key": "warm-up",
                    "title": {"ko": "워밍업", "en": "Warm-up"},
                    "time_limit_minutes": 5,
                    "slots": [{"question": "q-single"}, {"random": {"topic": "xai", "count": 3}}],
                }
            ]
        },
    )
    run_load(bank_file, quizzes)
    quiz = Quiz.objects.get(key="warm-up")
    assert quiz.time_limit_minutes == 5 and quiz.slots.count() == 2
    write(quizzes, {"quizzes": [{"key": "bad", "title": {"ko": "x"}, "slots": [{"question": "missing"}]}]})
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_bank", str(bank_file), str(quizzes), stderr=err)
    assert "quizzes.yaml: bad: slot 1: unknown question 'missing'" in err.getvalue()
