"""Fair short-answer and numeric matching: each rule, and the near misses it must not let through."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from apps.questions.grading import grade
from apps.questions.kinds import KINDS
from apps.questions.matching import initials, parse_number, short_answer_matches

ICL = ["In-context Learning", "인컨텍스트 러닝"]
GZSL = ["Generalized Zero-Shot Learning", "일반화 제로샷 학습"]
MAAS = ["Model-as-a-Service", "서비스형 모델"]
FIT = ["fit", "fit()"]
GPT = ["Autoregressive LM", "causal language modeling (CLM)", "자기회귀 언어 모델"]


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("in-context learning (ICL)", ICL),  # term + its initials
        ("ICL (in-context learning)", [*ICL, "ICL"]),
        ("In Context Learning", ICL),  # case, hyphen vs space
        ("incontext-learning", ICL),
        ("인 컨텍스트 러닝", ICL),  # Korean spacing
        ("generalized zero-shot learning (GZSL)", GZSL),
        ("Model as a Service (MaaS)", MAAS),
        ("fit(X, y)", FIT),  # a call names the method
        ("fit(X,y)", FIT),
        ("model.fit(X, y)", ["model.fit()"]),
        ("causal language modeling", GPT),  # the term of "term (ABBR)" alone
        ("CLM", GPT),  # or its abbreviation alone
        ("Causal Language Modeling (CLM)", GPT),
        ("ＲｅＬＵ", ["ReLU"]),  # full-width
        ("인컨텍스트 러닝 (ICL)", [*ICL, "ICL"]),
    ],
)
def test_accepts_what_a_correct_learner_writes(answer, accepted):
    assert short_answer_matches(answer, accepted)


@pytest.mark.parametrize(
    ("answer", "accepted"),
    [
        ("zero-shot learning", GZSL),  # a different concept
        ("zero-shot learning (ZSL)", GZSL),
        ("generalized zero-shot learning (ZSL)", GZSL),  # the abbreviation must fit
        ("masked language modeling", GPT),
        ("masked language modeling (MLM)", GPT),
        ("causal language modeling (MLM)", GPT),
        ("predict(X)", FIT),
        ("few-shot learning (ICL)", ICL),
        ("ICL", ICL),  # an abbreviation no accepted answer gives
        ("", ICL),
    ],
)
def test_rejects_near_misses(answer, accepted):
    assert not short_answer_matches(answer, accepted)


def test_initials():
    assert initials("Model as a Service") == "maas"
    assert initials("generalized zero-shot learning") == "gzsl"
    assert initials("in-context learning") == "icl"


@pytest.mark.parametrize(("text", "unit", "value"), [("34 ms", "ms", 34), ("34ms", "ms", 34), ("34 MS", "ms", 34),
                                                      ("32%", "%", 32), ("1,200 ms", "ms", 1200), ("34", "ms", 34)])  # fmt: skip
def test_numbers_with_their_unit(text, unit, value):
    assert parse_number(text, unit) == value


@pytest.mark.parametrize(("text", "unit"), [("34 ms", None), ("34 s", "ms"), ("ms", "ms"), ("34 ms ms", "ms")])
def test_numbers_with_another_or_no_declared_unit_are_refused(text, unit):
    assert parse_number(text, unit) is None


def test_numeric_grading_uses_the_questions_unit():
    snap = {"type": "numeric", "key_data": {"value": 34, "tolerance": 0, "unit": "ms"}}
    assert grade(snap, "34 ms") == 1.0 and grade(snap, "34") == 1.0 and grade(snap, "35 ms") == 0.0
    assert grade({"type": "numeric", "key_data": {"value": 34, "tolerance": 0}}, "34 ms") == 0.0


@cache
def _bank_questions() -> dict[str, dict]:
    questions = {}
    for path in sorted((Path(settings.BASE_DIR) / "fixtures" / "questions").glob("*.yaml")):
        questions.update({q["key"]: q for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]})
    return questions


@pytest.mark.parametrize(
    ("key", "answer", "score"),
    [
        ("paradigms-dl-stages-icl-name", "in-context learning (ICL)", 1.0),
        ("paradigms-shot-learning-gzsl-name", "generalized zero-shot learning (GZSL)", 1.0),
        ("paradigms-shot-learning-gzsl-name", "zero-shot learning", 0.0),
        ("mlops-serving-maas-short", "Model as a Service (MaaS)", 1.0),
        ("fundamentals-dl-vs-sklearn-short-fit", "fit(X, y)", 1.0),
        ("fundamentals-dl-vs-sklearn-short-fit", "predict(X)", 0.0),
        ("nlp-gpt-short-autoregressive", "causal language modeling", 1.0),
        ("nlp-gpt-short-autoregressive", "masked language modeling", 0.0),
        ("mlops-serving-latency-calc", "34 ms", 1.0),
        ("mlops-serving-latency-calc", "34 s", 0.0),
    ],
)
def test_the_answers_issue_12_found_wrongly_rejected_now_pass_on_the_committed_bank(key, answer, score):
    q = _bank_questions()[key]
    snap = {"type": q["type"], "key_data": KINDS[q["type"]].key_data(q.get("answer"), [])}
    assert grade(snap, answer) == score
