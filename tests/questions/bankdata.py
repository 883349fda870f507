"""Small, valid bank documents for tests, and a writer for them."""

import copy
from pathlib import Path

import yaml


def t(ko: str, en: str = "") -> dict:
    return {"ko": ko, "en": en or f"{ko} (en)"}


TOPICS = [
    {"slug": "xai", "name": t("설명 가능한 AI", "Explainable AI")},
    {"slug": "xai/cam", "name": t("CAM", "CAM")},
]


def choice(text: str, correct: bool = False) -> dict:
    out = {"text": t(text), "feedback": t(f"{text} 해설")}
    if correct:
        out["correct"] = True
    return out


def question(key: str, qtype: str = "single", **overrides) -> dict:
    q = {
        "key": key,
        "topic": "xai/cam",
        "type": qtype,
        "difficulty": 2,
        "source": "003 · 문항11",
        "stem": t(f"{key} 질문?"),
        "explanation": t(f"{key} 설명"),
    }
    if qtype == "single":
        q["choices"] = [choice("GAP", True), choice("Flatten"), choice("Dropout")]
    elif qtype == "multi":
        q["choices"] = [choice("A", True), choice("B", True), choice("C")]
    elif qtype == "ordering":
        q["choices"] = [choice("first"), choice("second"), choice("third")]
    elif qtype == "true_false":
        q["answer"] = True
    elif qtype == "short":
        q["answer"] = {"ko": ["판별자"], "en": ["discriminator"]}
    elif qtype == "numeric":
        q["answer"] = {"value": 24576, "tolerance": 0}
    q.update(overrides)
    return q


def bank(*questions) -> dict:
    return {"topics": copy.deepcopy(TOPICS), "questions": list(questions)}


def all_types_bank() -> dict:
    return bank(
        *(
            question(f"q-{kind.replace('_', '-')}", kind)
            for kind in ("single", "multi", "true_false", "short", "numeric", "ordering")
        )
    )


def write(path: Path, document: dict) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
