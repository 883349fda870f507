"""The cue audit finds keys a test-wise student could pick without the material, and
``load_bank --check`` refuses a bank that carries them (issue 12)."""

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from apps.questions.bank import cue_audit
from tests.questions.bankdata import bank, choice, question, t, write

BANK = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "questions").glob("*.yaml"))


def single(key: str, texts: list[str], correct: int, stem: str = "질문?") -> dict:
    return question(key, choices=[choice(text, i == correct) for i, text in enumerate(texts)], stem=t(stem))


def multi(key: str, texts: list[str], correct: set[int]) -> dict:
    return question(key, "multi", choices=[choice(text, i in correct) for i, text in enumerate(texts)])


def test_text_length_ignores_markup():
    assert cue_audit.text_length("**GAP** 뒤의 `fc` 가중치 $w$") == len("GAP 뒤의 fc 가중치 w")


def test_key_longest_counts_ties_as_a_cue():
    assert cue_audit.key_is_longest(single("a", ["긴 정답 보기", "짧음", "중간 길이"], 0), "ko")
    assert cue_audit.key_is_longest(single("b", ["같은길이", "다른길이"], 0), "ko")
    assert not cue_audit.key_is_longest(single("c", ["정답", "더 긴 오답 보기"], 0), "ko")


def test_shares_over_a_bank_with_keys_first_and_longest_fail():
    questions = [single(f"q{i}", ["가장 길게 쓴 정답 보기", "오답 하나", "오답 둘"], 0) for i in range(20)]
    report = cue_audit.audit(questions)
    assert report.key_longest == {"ko": 1.0, "en": 1.0}
    assert report.positions == {0: 1.0}
    failures = report.failures()
    assert any("longest option in 100% (ko)" in f for f in failures)
    assert any("position 1 in 100%" in f for f in failures)


def test_a_bank_without_cues_passes():
    texts = ["첫째", "둘째 보기", "셋째 보기 문장", "넷째 보기 문장이 김"]
    # Keys spread over positions 0–3, and so over length ranks: the longest is the key in 5 of 20.
    questions = [single(f"q{i}", texts, i % 4) for i in range(20)]
    questions += [multi(f"m{i}", ["보기 가", "보기 나", "보기 다", "보기 라"], {i % 4, (i + 1) % 4}) for i in range(20)]
    report = cue_audit.audit(questions)
    assert report.key_longest["ko"] == 0.25
    assert max(report.positions.values()) == 0.25
    assert report.length_ratio == {"ko": 1.0, "en": 1.0}
    assert report.correct_first == 0.25  # {0,1} in 5 of 20
    assert report.failures() == []


def test_longer_correct_multi_options_are_a_cue():
    questions = [multi(f"m{i}", ["정답 보기는 길게 썼다", "오답 짧게", "오답 짧음"], {0}) for i in range(20)]
    report = cue_audit.audit(questions)
    assert report.length_ratio["ko"] > 1.05
    assert any("length ratio" in f for f in report.failures())


def test_share_limits_wait_for_enough_questions():
    report = cue_audit.audit([single("q", ["긴 정답 보기", "짧음"], 0)])
    assert report.key_longest["ko"] == 1.0 and report.failures() == []


@pytest.mark.parametrize(
    ("ko", "en", "flagged"),
    [
        ("CAM에 대한 설명으로 옳지 않은 것은?", "Which statement is NOT correct?", ["ko", "en"]),
        ("CAM에 대한 설명으로 옳지 **않은** 것은?", "Which statement is **not** correct?", []),
        ("CAM에 대한 설명으로 **옳지 않은 것**은?", "Which statement is **false**?", []),
        ("다음 중 틀린 것은?", "Which statement is **wrong**?", ["ko"]),
        ("다음 발언 중 사실과 다른 발언은?", "Which remark is factually wrong?", ["ko", "en"]),
        # Negation that is not the question's polarity: a reason, a scenario, a problem.
        ("표 Q-learning이 현실적이지 않은 이유는?", "Why is this impractical?", []),
        ("수렴하지 않는 모델이다. 원인은?", "What goes wrong, and how is it fixed?", []),
    ],
)
def test_negative_stems_must_bold_the_negation(ko, en, flagged):
    q = question("neg", stem={"ko": ko, "en": en})
    assert cue_audit.unbolded_negations(q) == flagged


def test_negation_in_an_earlier_sentence_does_not_count():
    q = question(
        "neg", stem=t("학습이 잘되지 않은 모델이 있다. 가장 적절한 조치는?", "A model did not train. Best fix?")
    )
    assert cue_audit.unbolded_negations(q) == []


def test_true_false_statements_are_not_negative_stems():
    q = question("tf", "true_false", stem=t("다음은 옳지 않은 설명이 아니다.", "This is not false."))
    assert cue_audit.unbolded_negations(q) == []


@pytest.mark.django_db
def test_check_prints_the_table_and_refuses_a_guessable_bank(tmp_path):
    questions = [single(f"q-{i}", ["가장 길게 쓴 정답 보기", "오답 하나", "오답 둘"], 0) for i in range(20)]
    path = write(tmp_path / "xai.yaml", bank(*questions))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="cue audit"):
        call_command("load_bank", str(path), "--check", stdout=out, stderr=err)
    assert "key is the longest option (ko)" in out.getvalue()
    assert "position 1 in 100%" in err.getvalue()


@pytest.mark.django_db
def test_check_flags_an_unbolded_negative_stem(tmp_path):
    path = write(tmp_path / "xai.yaml", bank(question("q-neg", stem=t("옳지 않은 것은?", "Which is NOT correct?"))))
    err = io.StringIO()
    with pytest.raises(CommandError, match="cue audit"):
        call_command("load_bank", str(path), "--check", stdout=io.StringIO(), stderr=err)
    assert "q-neg (ko, en)" in err.getvalue()


def test_length_rank_counts_longer_distractors():
    q = single("r", ["정답 보기", "더 길게 쓴 오답 하나", "짧은 오답", "아주 아주 길게 쓴 오답 둘"], 0)
    assert cue_audit.key_length_rank(q, "ko") == 2


def test_second_longest_key_is_a_cue_too():
    """Lengthening one distractor past the key only moves the cue to 'pick the second longest'."""
    questions = [
        single(f"q{i}", ["조금 긴 정답 보기", "가장 길게 늘려 쓴 오답 보기", "오답", "짧음"], 0) for i in range(20)
    ]
    report = cue_audit.audit(questions)
    assert report.key_longest["ko"] == 0
    assert any("length rank 2 (ko) in 100%" in f for f in report.failures())


def test_the_committed_bank_carries_no_cues():
    """The bank in fixtures/ passes the audit that ``load_bank --check`` runs (issue 12)."""
    questions = []
    for path in BANK:
        questions += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    report = cue_audit.audit(questions)
    assert report.failures() == [], report.table()
    assert report.singles >= 150 and report.multis >= 40
