"""The project's question bank meets the coverage and quality bar of the exam (issue: the bank)."""

import difflib
import io
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from apps.demos.manifest import SLUGS as DEMO_SLUGS

ROOT = Path(__file__).resolve().parents[2]
BANK = sorted((ROOT / "fixtures" / "questions").glob("*.yaml"))
MINIMUMS = {
    "nlp/gpt": 8, "nlp/bert": 10, "nlp/spanbert": 6, "nlp/roberta": 8, "nlp/electra": 10, "nlp/bart": 10,
    "nlp/compare": 6, "finetune/lora": 10, "finetune/pretrain-finetune": 8, "xai/cam": 10, "xai/gradcam": 10,
    "xai/scorecam": 8, "xai/surrogate-linear-logistic": 8, "mlops/level0": 10, "mlops/level1": 12,
    "mlops/level2": 10, "mlops/serving": 8, "paradigms/shot-learning": 12, "paradigms/dl-stages": 10,
    "automl-rl/nas": 8, "automl-rl/darts": 8, "automl-rl/q-learning": 8, "automl-rl/dqn": 8,
    "fundamentals/fitting": 12, "fundamentals/dl-vs-sklearn": 8, "fundamentals/neural-basics": 8,
    "sequence/rnn": 6, "sequence/embeddings": 6, "sequence/attention-transformer": 6,
}  # fmt: skip
TYPE_SHARE = {"single": 0.45, "multi": 0.10, "true_false": 0.08, "numeric": 0.05, "ordering": 0.04, "short": 0.03}


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    found = []
    for path in BANK:
        found += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return [q for q in found if q.get("status", "published") == "published"]


def texts(q):
    """Every translated text of a question, with a label."""
    yield "stem", q["stem"]
    yield "explanation", q["explanation"]
    for i, c in enumerate(q.get("choices") or [], 1):
        yield f"choice {i}", c["text"]
        yield f"choice {i} feedback", c["feedback"]


def test_every_topic_meets_its_minimum(questions):
    counts = Counter(q["topic"] for q in questions)
    short = {t: (counts[t], n) for t, n in MINIMUMS.items() if counts[t] < n}
    assert not short, f"topics below their minimum (have, need): {short}"
    assert len(questions) >= sum(MINIMUMS.values()) == 252


def test_type_mix(questions):
    counts = Counter(q["type"] for q in questions)
    shares = {t: counts[t] / len(questions) for t in TYPE_SHARE}
    assert all(shares[t] >= share for t, share in TYPE_SHARE.items()), shares


def test_korean_and_english_everywhere(questions):
    missing = [
        f"{q['key']}: {label}.{lang}"
        for q in questions
        for label, text in texts(q)
        for lang in ("ko", "en")
        if not (text or {}).get(lang, "").strip()
    ]
    assert not missing, missing[:20]


def test_korean_text_is_korean(questions):
    hangul = re.compile(r"[\uac00-\ud7a3]")
    assert all(hangul.search(q["stem"]["ko"]) for q in questions)


def test_keys_are_unambiguous(questions):
    for q in questions:
        choices = q.get("choices") or []
        correct = sum(1 for c in choices if c.get("correct"))
        if q["type"] == "single":
            assert correct == 1, q["key"]
        if q["type"] == "multi":
            assert 1 <= correct < len(choices), q["key"]  # all-correct would need no thought
        if choices:
            distinct = {c["text"]["ko"].strip() for c in choices}
            assert len(distinct) == len(choices), f"{q['key']}: two choices read the same"


def test_numeric_answers_are_derived_in_the_explanation(questions):
    for q in (q for q in questions if q["type"] == "numeric"):
        value = q["answer"]["value"]
        digits = f"{value:,}" if isinstance(value, int) else str(value)
        plain = str(value).rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        # LaTeX writes 15,625 as 15{,}625 and may space digits: compare without those marks.
        explanation = re.sub(r"[{}\s]|\\,", "", q["explanation"]["ko"])
        assert any(d in explanation for d in {digits, plain, str(value)}), q["key"]


def normalised(stem: str) -> str:
    return re.sub(r"[\W_]+", "", stem.casefold())


def test_no_duplicate_or_near_duplicate_stems(questions):
    stems = [(q["key"], normalised(q["stem"]["ko"])) for q in questions]
    dupes = [k for k, n in Counter(s for _, s in stems).items() if n > 1]
    assert not dupes
    near = []
    for i, (key_a, a) in enumerate(stems):
        for key_b, b in stems[i + 1 :]:
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            if matcher.real_quick_ratio() > 0.92 and matcher.quick_ratio() > 0.92 and matcher.ratio() > 0.92:
                near.append((key_a, key_b))
    assert not near, near


def test_demo_links(questions):
    linked = [q for q in questions if q.get("demo")]
    assert len(linked) >= 60
    assert {q["demo"]["slug"] for q in linked} <= set(DEMO_SLUGS)


def test_sources_and_difficulty(questions):
    assert all(q.get("source", "").strip() and q["source"][:3].isdigit() for q in questions)
    assert {q["difficulty"] for q in questions} == {1, 2, 3}


@pytest.mark.django_db
def test_committed_bank_is_in_canonical_export_form(tmp_path):
    """Export of a fresh load equals the files in git, so admin edits exported back give clean diffs."""
    call_command("load_bank", stdout=io.StringIO())
    call_command("export_bank", "--out", str(tmp_path), stdout=io.StringIO())
    for path in BANK:
        assert (tmp_path / "questions" / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            path.name
        )
    quizzes = ROOT / "fixtures" / "quizzes.yaml"
    assert (tmp_path / "quizzes.yaml").read_text(encoding="utf-8") == quizzes.read_text(encoding="utf-8")
