"""Which format types become which of our types, and back; what is skipped, and why.

All three formats are Moodle's, so one table keyed by Moodle's question type names serves
GIFT, Moodle XML and Aiken alike; EXPORT says what each format can hold of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from apps.questions.interchange.items import Answer, Item
from apps.questions.kinds import kind

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")


@dataclass(frozen=True)
class Rule:
    ours: str | None  # our type(s); None: skipped
    how: str  # how it maps, or why it is skipped


IMPORT: dict[str, Rule] = {
    "multichoice": Rule(
        "single | multi", "one answer → single, several → multi; options with a fraction > 0 are correct"
    ),
    "multichoiceset": Rule("multi", "all-or-nothing multiple choice → multi, all or nothing"),
    "truefalse": Rule("true_false", "the answer at 100 %; per-answer feedback has no place and is reported"),
    "shortanswer": Rule("short", "the answers at 100 % are accepted; partial-credit answers are reported and dropped"),
    "numerical": Rule(
        "numeric",
        "the answer at 100 % with its tolerance and unit (multiplier 1); other answers and units are reported",
    ),
    "ordering": Rule("ordering", "items in their correct order; graded all-or-nothing"),
    "essay": Rule(None, "an essay is marked by hand; QuizLab marks every answer automatically"),
    "matching": Rule(None, "matching has no QuizLab type"),
    "multianswer": Rule(None, "cloze (embedded answers) has no QuizLab type"),
    "description": Rule(None, "a description is text, not a question"),
    "calculated": Rule(None, "calculated questions (formulas with random values) have no QuizLab type"),
    "calculatedsimple": Rule(None, "calculated questions (formulas with random values) have no QuizLab type"),
    "calculatedmulti": Rule(None, "calculated questions (formulas with random values) have no QuizLab type"),
    "randomsamatch": Rule(None, "random short-answer matching has no QuizLab type"),
    "random": Rule(None, "a placeholder for a random question, not a question"),
    "ddwtos": Rule(None, "drag-and-drop has no QuizLab type"),
    "ddimageortext": Rule(None, "drag-and-drop has no QuizLab type"),
    "ddmarker": Rule(None, "drag-and-drop has no QuizLab type"),
    "gapselect": Rule(None, "select-missing-words has no QuizLab type"),
}

# Our type → the format's type, or why the format cannot hold it.
EXPORT: dict[str, dict[str, str]] = {
    "gift": {
        "single": "multichoice", "multi": "multichoice", "true_false": "truefalse", "short": "shortanswer",
        "numeric": "numerical", "ordering": "!GIFT has no ordering type",
    },
    "moodle-xml": {
        "single": "multichoice", "multi": "multichoice", "true_false": "truefalse", "short": "shortanswer",
        "numeric": "numerical", "ordering": "ordering",
    },
    "aiken": {
        "single": "multichoice", "multi": "!Aiken holds single-answer multiple choice only",
        "true_false": "!Aiken holds single-answer multiple choice only",
        "short": "!Aiken holds single-answer multiple choice only",
        "numeric": "!Aiken holds single-answer multiple choice only",
        "ordering": "!Aiken holds single-answer multiple choice only",
    },
}  # fmt: skip

# What a format never carries, for the export report and the docs.
NOT_CARRIED = {
    "gift": "the second language, difficulty, source, demo link, topic names, all-or-nothing marking, units",
    "moodle-xml": "the second language, difficulty, source, demo link, topic names",
    "aiken": "the second language, key, topic, feedback, explanation, difficulty, source, demo link",
}


def detect_lang(text: str) -> str:
    """'ko' for text with Hangul, else 'en'."""
    return "ko" if HANGUL.search(text) else "en"


def _in(lang: str, text: str) -> dict[str, str]:
    return {"ko": text if lang == "ko" else "", "en": text if lang == "en" else ""}


@dataclass
class Mapped:
    entry: dict[str, Any] | None
    notes: list[str] = field(default_factory=list)
    skipped: str = ""  # why, when entry is None
    lang: str = ""


def number_text(value: float) -> str:
    """Shortest exact text of a number: 24576, 0.1, 2.5e-07."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:g} %"


def to_entry(item: Item, *, key: str, topic: str) -> Mapped:
    """A bank entry (the loader's canonical shape) for an item, as a draft in the item's language."""
    if item.problems:
        return Mapped(None, skipped="; ".join(item.problems))
    rule = IMPORT.get(item.qtype)
    if rule is None:
        return Mapped(None, skipped=f"unknown question type {item.qtype!r}")
    if rule.ours is None:
        return Mapped(None, skipped=rule.how)
    if not item.text.strip():
        return Mapped(None, skipped="the question has no text")
    lang = detect_lang(item.text)
    notes = list(item.notes)
    entry: dict[str, Any] = {
        "key": key, "topic": topic, "type": "", "difficulty": 2, "source": "", "status": "draft",
        "stem": _in(lang, item.text),
    }  # fmt: skip
    answers = item.answers
    if item.qtype in ("multichoice", "multichoiceset"):
        qtype = "single" if item.single and item.qtype == "multichoice" else "multi"
        if qtype == "single":
            correct = [a.fraction >= 1 for a in answers]
            for a in answers:
                if 0 < a.fraction < 1:
                    notes.append(f"partial credit {_percent(a.fraction)} for {a.text!r} dropped: it scores 0 here")
        else:
            correct = [a.fraction > 0 for a in answers]
            shares = {round(a.fraction, 4) for a in answers if a.fraction > 0}
            if item.qtype == "multichoice" and len(shares) > 1:
                notes.append("correct options had different weights; here each gets an equal share")
        entry["type"] = qtype
        entry["choices"] = [
            {"text": _in(lang, a.text), **({"correct": True} if ok else {}), "feedback": _in(lang, a.feedback)}
            for a, ok in zip(answers, correct, strict=True)
        ]
        if item.qtype == "multichoiceset":
            entry["all_or_nothing"] = True
    elif item.qtype == "ordering":
        entry["type"] = "ordering"
        entry["choices"] = [{"text": _in(lang, a.text), "feedback": _in(lang, a.feedback)} for a in answers]
    elif item.qtype == "truefalse":
        entry["type"] = "true_false"
        right = [a for a in answers if a.fraction >= 1]
        entry["answer"] = bool(right) and right[0].text.strip().lower() == "true"
        if any(a.feedback.strip() for a in answers):
            notes.append("per-answer feedback of a true/false question has no place here and was dropped")
    elif item.qtype == "shortanswer":
        entry["type"] = "short"
        accepted = [a.text.strip() for a in answers if a.fraction >= 1]
        for a in answers:
            if 0 < a.fraction < 1:
                notes.append(f"partial-credit answer {a.text!r} ({_percent(a.fraction)}) dropped")
        if item.usecase:
            notes.append("case-sensitive matching dropped: answers are compared ignoring case")
        entry["answer"] = {"ko": accepted if lang == "ko" else [], "en": accepted if lang == "en" else []}
    elif item.qtype == "numerical":
        entry["type"] = "numeric"
        best = next((a for a in answers if a.fraction >= 1), None)
        if best is None:
            return Mapped(None, skipped="a numerical question needs an answer at 100 %")
        try:
            value = float(best.text)
        except ValueError:
            return Mapped(None, skipped=f"the numerical answer {best.text!r} is not a number")
        entry["answer"] = {"value": int(value) if value.is_integer() else value, "tolerance": best.tolerance}
        if item.unit:
            entry["answer"]["unit"] = item.unit
        if len(answers) > 1:
            notes.append(f"{len(answers) - 1} other numerical answer(s) dropped: only the 100 % answer is kept")
    entry["explanation"] = _in(lang, item.general_feedback)
    problems = _problems(entry, lang)
    if problems:
        return Mapped(None, skipped="; ".join(problems))
    return Mapped(entry, notes, lang=lang)


def _problems(entry: dict, lang: str) -> list[str]:
    """The kind's own rules (choice counts, correct flags, answer shape) on an entry in one language."""
    qkind = kind(entry["type"])
    problems = []
    if qkind.has_choices:
        if any(not c["text"][lang].strip() for c in entry["choices"]):
            problems.append("an option has no text")
        return problems + qkind.choice_problems([bool(c.get("correct")) for c in entry["choices"]])
    answer = entry.get("answer")
    if entry["type"] == "short":  # the rules ask for Korean answers; an English draft has them in 'en'
        if not answer[lang]:
            return ["no answer at 100 %"]
        answer = {"ko": answer[lang], "en": []}
    return qkind.answer_problems(answer)


# --- export ---------------------------------------------------------------------------------


def _pick(text: dict[str, str], lang: str) -> str:
    return text.get(lang) or text.get("ko") or text.get("en") or ""


def to_item(entry: dict, fmt: str, lang: str) -> tuple[Item | None, list[str]]:
    """The format's item for a bank entry, with notes on what it loses; (None, [reason]) if it cannot."""
    target = EXPORT[fmt][entry["type"]]
    if target.startswith("!"):
        return None, [target[1:]]
    notes = []
    if not entry["stem"].get(lang):
        notes.append(f"no {lang} text: written in {'ko' if lang == 'en' else 'en'}")
    item = Item(
        qtype=target, name=entry["key"], text=_pick(entry["stem"], lang), category=entry["topic"],
        general_feedback=_pick(entry["explanation"], lang),
    )  # fmt: skip
    qtype = entry["type"]
    choices = entry.get("choices", [])
    if qtype == "single":
        item.answers = [
            Answer(_pick(c["text"], lang), 1.0 if c.get("correct") else 0.0, _pick(c["feedback"], lang))
            for c in choices
        ]
    elif qtype == "multi":
        k = sum(1 for c in choices if c.get("correct"))
        # Our rule (+1/k per correct option chosen, −1/k per wrong one) in Moodle's fractions.
        item.single = False
        item.answers = [
            Answer(_pick(c["text"], lang), (1 if c.get("correct") else -1) / k, _pick(c["feedback"], lang))
            for c in choices
        ]
        if entry.get("all_or_nothing"):
            if fmt == "moodle-xml":
                item.qtype = "multichoiceset"
                item.answers = [
                    Answer(a.text, 1.0 if a.fraction > 0 else 0.0, a.feedback) for a in item.answers
                ]  # fmt: skip
            else:
                notes.append("all-or-nothing marking not carried: written with partial credit")
    elif qtype == "ordering":
        item.answers = [Answer(_pick(c["text"], lang), 1.0, _pick(c["feedback"], lang)) for c in choices]
    elif qtype == "true_false":
        value = bool(entry["answer"])
        item.answers = [Answer("true", 1.0 if value else 0.0), Answer("false", 0.0 if value else 1.0)]
    elif qtype == "short":
        accepted = list(entry["answer"].get("ko", [])) + list(entry["answer"].get("en", []))
        item.answers = [Answer(a, 1.0) for a in accepted]
    elif qtype == "numeric":
        answer = entry["answer"]
        item.answers = [Answer(number_text(answer["value"]), 1.0, tolerance=answer.get("tolerance", 0))]
        item.unit = answer.get("unit", "")
        if item.unit and fmt == "gift":
            notes.append(f"unit {item.unit!r} not carried: GIFT numbers have no units")
    return item, notes
