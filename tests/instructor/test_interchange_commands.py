"""Import and export through the commands: our bank round-trips through each format."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.questions.bank.exporter import question_to_dict
from apps.questions.models import Question, Quiz, Topic

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def bank_dicts() -> dict[str, dict]:
    return {q.key: question_to_dict(q) for q in Question.objects.select_related("topic").prefetch_related("choices")}


def empty_the_database():
    Quiz.objects.all().delete()
    Question.objects.all().delete()
    for topic in Topic.objects.order_by("-slug"):  # children before their domain
        topic.delete()


def carried(d: dict, fmt: str) -> dict:
    """What the format carries of a question, in the language written (ko)."""
    answer = d.get("answer")
    if d["type"] == "numeric" and fmt == "gift":  # GIFT numbers have no units
        answer = {k: v for k, v in answer.items() if k != "unit"}
    if d["type"] == "short":  # the formats keep the accepted answers, not which language each is in
        answer = sorted(answer["ko"] + answer["en"])
    return {
        "type": d["type"],
        "stem": d["stem"]["ko"],
        "choices": [(c["text"]["ko"], c.get("correct", False), c["feedback"]["ko"]) for c in d.get("choices", [])],
        "answer": answer,
        "explanation": d["explanation"]["ko"],
        "topic": d["topic"],
        "all_or_nothing": d.get("all_or_nothing", False),
    }


@pytest.mark.parametrize(
    ("fmt", "types"),
    [
        ("gift", {"single", "multi", "true_false", "short", "numeric"}),
        ("moodle-xml", {"single", "multi", "true_false", "short", "numeric", "ordering"}),
    ],
)
def test_our_bank_round_trips_into_an_empty_database(tmp_path, fmt, types):
    run("load_bank")
    before = bank_dicts()
    out = tmp_path / "bank.out"
    report = run("export_questions", "--format", fmt, "--out", str(out))
    expected = {k: d for k, d in before.items() if d["type"] in types}
    assert f"wrote {len(expected)} questions" in report
    empty_the_database()
    assert "skipped 0" in run("import_questions", str(out), "--format", fmt)
    after = bank_dicts()
    assert set(after) == set(expected)  # keys carried as titles / names
    assert {k: carried(d, fmt) for k, d in after.items()} == {k: carried(d, fmt) for k, d in expected.items()}
    assert {d["status"] for d in after.values()} == {"draft"}
    assert all(d["stem"]["en"] == "" for d in after.values())  # the other language is left to fill


def test_aiken_round_trip_carries_single_choice_text_and_key(tmp_path):
    run("load_bank")
    singles = {d["stem"]["ko"]: d for d in bank_dicts().values() if d["type"] == "single"}
    out = tmp_path / "bank.txt"
    report = run("export_questions", "--format", "aiken", "--out", str(out))
    assert "left out" in report and "Aiken holds single-answer multiple choice only" in report
    empty_the_database()
    run("import_questions", str(out), "--format", "aiken", "--topic", "xai")
    after = {d["stem"]["ko"]: d for d in bank_dicts().values()}
    assert set(after) == set(singles)
    for stem, d in after.items():
        want = [(c["text"]["ko"], c.get("correct", False)) for c in singles[stem]["choices"]]
        assert [(c["text"]["ko"], c.get("correct", False)) for c in d["choices"]] == want
        assert d["topic"] == "xai"


def test_dry_run_lists_problems_by_line_and_writes_nothing():
    report = run("import_questions", str(SAMPLES / "features.gift"), "--dry-run")
    assert Question.objects.count() == 0
    assert "features.gift: line 30: essay: skipped: an essay is marked by hand" in report
    assert "features.gift: line 32: matching: skipped: matching has no QuizLab type" in report
    assert "would import 8 as drafts, skipped 3" in report


def test_import_creates_drafts_in_topics_from_categories():
    run("import_questions", str(SAMPLES / "all_types.xml"))
    assert Topic.objects.get(slug="nlp/bert").parent.slug == "nlp"
    questions = Question.objects.filter(topic__slug="nlp/bert")
    assert questions.count() == 7 and set(questions.values_list("status", flat=True)) == {"draft"}
    assert Question.objects.get(key="encoder-model").stem_en == "Which model is *encoder-only*?"
    # Importing again never overwrites: new keys.
    run("import_questions", str(SAMPLES / "all_types.xml"))
    assert Question.objects.filter(key="encoder-model-2").exists()


def test_command_errors_are_clear(tmp_path):
    with pytest.raises(CommandError, match="cannot tell the format"):
        call_command("import_questions", str(tmp_path / "file.doc"))
    with pytest.raises(CommandError, match="file not found"):
        call_command("import_questions", str(tmp_path / "missing.gift"))
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(b'<!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>')
    with pytest.raises(CommandError, match="refused"):
        call_command("import_questions", str(bomb))
    with pytest.raises(CommandError, match="no topic"):
        call_command("export_questions", "--format", "gift", "--out", str(tmp_path / "x"), "--topic", "nope")
