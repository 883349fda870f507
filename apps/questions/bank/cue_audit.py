"""Cue audit: can a test-wise student find a key without knowing the material?

Pure functions over parsed bank questions (the YAML's dicts). They measure the cues the exam
must not carry: the single-choice key being the longest option, the key's position in stored
order, correct multi options being longer than the distractors, and a negative stem ("옳지 않은",
"NOT") whose negation is easy to read past because it is not bold. ``load_bank --check`` prints
the table and fails when a limit is broken.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

LANGS = ("ko", "en")

# Limits from issue 12. Chance for the longest option is about 1 in 4 with four options.
MAX_KEY_LONGEST = 0.30
MAX_POSITION_SHARE = 0.35
# Making one distractor longer than the key would only move the cue to "pick the second longest":
# no length rank (0 = longest) may hold the key more often than a position may.
MAX_LENGTH_RANK_SHARE = 0.35
MULTI_LENGTH_RATIO = (1 / 1.05, 1.05)  # correct mean / incorrect mean: neither side may be a cue
MAX_MULTI_CORRECT_FIRST = 0.35
# Shares over a handful of questions say nothing; the share limits apply from this many on.
MIN_QUESTIONS_FOR_SHARES = 20

_MARKUP = re.compile(r"\*\*|`|\$")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
# The asking phrase of a negative stem, in the question's last sentence.
_NEGATION = {
    "ko": re.compile(r"옳지\s*(?:\*\*)?\s*않|틀린|아닌|사실과\s*(?:\*\*)?\s*다른|잘못된"),
    "en": re.compile(r"\b(?:is|are|factually)\s+(?:\*\*)?(?:NOT|not|false|wrong|incorrect)\b"),
}


def text_length(text: str) -> int:
    """Characters a student sees: markdown and LaTeX delimiters do not count."""
    return len(_MARKUP.sub("", text).strip())


def _choices(q: dict, lang: str) -> list[tuple[int, bool]]:
    return [(text_length(c["text"].get(lang) or ""), bool(c.get("correct"))) for c in q.get("choices") or []]


def key_is_longest(q: dict, lang: str) -> bool:
    """The single-choice key is at least as long as every distractor (a tie still points at it)."""
    choices = _choices(q, lang)
    key = next(length for length, correct in choices if correct)
    return all(key >= length for length, correct in choices if not correct)


def key_length_rank(q: dict, lang: str) -> int:
    """How many distractors are strictly longer than the key: 0 means the key is (joint) longest."""
    choices = _choices(q, lang)
    key = next(length for length, correct in choices if correct)
    return sum(1 for length, correct in choices if not correct and length > key)


def key_position(q: dict) -> int:
    return next(i for i, c in enumerate(q["choices"]) if c.get("correct"))


def correct_all_first(q: dict) -> bool:
    flags = [bool(c.get("correct")) for c in q["choices"]]
    return flags == sorted(flags, reverse=True)


def multi_length_ratio(questions: list[dict], lang: str) -> float:
    """Mean length of correct multi options over the mean length of incorrect ones."""
    pairs = [pair for q in questions for pair in _choices(q, lang)]
    correct = [length for length, ok in pairs if ok]
    wrong = [length for length, ok in pairs if not ok]
    return mean(correct) / mean(wrong) if correct and wrong else 1.0


def question_sentence(stem: str) -> str:
    """The last sentence of a stem: where a stem asks for the right or the wrong option."""
    sentences = [s for s in re.split(r"(?<=[.!?。])\s+|\n+", stem.strip()) if s.strip()]
    return sentences[-1] if sentences else ""


def unbolded_negations(q: dict) -> list[str]:
    """Languages whose asking sentence negates ("옳지 않은 것은?", "is NOT correct?") outside bold."""
    if q.get("type") not in ("single", "multi"):
        return []
    found = []
    for lang in LANGS:
        sentence = question_sentence(q["stem"].get(lang) or "")
        bold = [m.span(1) for m in _BOLD.finditer(sentence)]
        for match in _NEGATION[lang].finditer(sentence):
            start = match.end() - 1  # the negation's last character (않, 린, 닌, T…) must sit in bold
            if not any(a <= start < b for a, b in bold):
                found.append(lang)
                break
    return found


@dataclass
class CueReport:
    singles: int = 0
    multis: int = 0
    key_longest: dict[str, float] = field(default_factory=dict)
    length_ranks: dict[str, dict[int, float]] = field(default_factory=dict)
    positions: dict[int, float] = field(default_factory=dict)
    length_ratio: dict[str, float] = field(default_factory=dict)
    correct_first: float = 0.0
    negations: list[str] = field(default_factory=list)  # "key (ko, en)"

    def failures(self) -> list[str]:
        out = []
        if self.singles >= MIN_QUESTIONS_FOR_SHARES:
            for lang, share in self.key_longest.items():
                if share > MAX_KEY_LONGEST:
                    out.append(f"single: key is the longest option in {share:.0%} ({lang}) > {MAX_KEY_LONGEST:.0%}")
            for lang, ranks in self.length_ranks.items():
                for rank, share in ranks.items():
                    if rank and share > MAX_LENGTH_RANK_SHARE:
                        out.append(
                            f"single: key is length rank {rank + 1} ({lang}) in {share:.0%} > {MAX_LENGTH_RANK_SHARE:.0%}"
                        )
            for position, share in self.positions.items():
                if share > MAX_POSITION_SHARE:
                    out.append(f"single: key at position {position + 1} in {share:.0%} > {MAX_POSITION_SHARE:.0%}")
        if self.multis >= MIN_QUESTIONS_FOR_SHARES:
            low, high = MULTI_LENGTH_RATIO
            for lang, ratio in self.length_ratio.items():
                if not low <= ratio <= high:
                    out.append(
                        f"multi: correct/incorrect length ratio {ratio:.2f} ({lang}) outside {low:.2f}–{high:.2f}"
                    )
            if self.correct_first > MAX_MULTI_CORRECT_FIRST:
                out.append(
                    f"multi: all correct options first in {self.correct_first:.0%} > {MAX_MULTI_CORRECT_FIRST:.0%}"
                )
        out += [f"negative stem not bold: {item}" for item in self.negations]
        return out

    def table(self) -> str:
        rows = [
            ("single-choice questions", str(self.singles), ""),
            *(
                (f"key is the longest option ({lang})", f"{share:.0%}", f"≤ {MAX_KEY_LONGEST:.0%}")
                for lang, share in self.key_longest.items()
            ),
            *(
                (f"key is length rank {rank + 1} ({lang})", f"{share:.0%}", f"≤ {MAX_LENGTH_RANK_SHARE:.0%}")
                for lang, ranks in self.length_ranks.items()
                for rank, share in sorted(ranks.items())
                if rank
            ),
            *(
                (f"key at position {position + 1}", f"{share:.0%}", f"≤ {MAX_POSITION_SHARE:.0%}")
                for position, share in sorted(self.positions.items())
            ),
            ("multi-choice questions", str(self.multis), ""),
            *(
                (f"correct/incorrect mean length ({lang})", f"{ratio:.2f}", "{:.2f}–{:.2f}".format(*MULTI_LENGTH_RATIO))
                for lang, ratio in self.length_ratio.items()
            ),
            ("all correct options first", f"{self.correct_first:.0%}", f"≤ {MAX_MULTI_CORRECT_FIRST:.0%}"),
            ("negative stems not bold", str(len(self.negations)), "0"),
        ]
        width = max(len(r[0]) for r in rows)
        lines = [f"{'cue':<{width}}  {'value':>6}  limit"]
        lines += [f"{name:<{width}}  {value:>6}  {limit}" for name, value, limit in rows]
        if self.singles < MIN_QUESTIONS_FOR_SHARES or self.multis < MIN_QUESTIONS_FOR_SHARES:
            lines.append(f"(share limits apply from {MIN_QUESTIONS_FOR_SHARES} questions of a type)")
        return "\n".join(lines)


def audit(questions: list[dict]) -> CueReport:
    """Measure the cues over published questions."""
    published = [q for q in questions if q.get("status", "published") == "published"]
    singles = [q for q in published if q["type"] == "single"]
    multis = [q for q in published if q["type"] == "multi"]
    report = CueReport(singles=len(singles), multis=len(multis))
    if singles:
        report.key_longest = {lang: mean(key_is_longest(q, lang) for q in singles) for lang in LANGS}
        for lang in LANGS:
            ranks = Counter(key_length_rank(q, lang) for q in singles)
            report.length_ranks[lang] = {rank: n / len(singles) for rank, n in sorted(ranks.items())}
        counts = Counter(key_position(q) for q in singles)
        report.positions = {position: n / len(singles) for position, n in sorted(counts.items())}
    if multis:
        report.length_ratio = {lang: multi_length_ratio(multis, lang) for lang in LANGS}
        report.correct_first = mean(correct_all_first(q) for q in multis)
    report.negations = [f"{q['key']} ({', '.join(langs)})" for q in published if (langs := unbolded_negations(q))]
    return report
