"""The training text: the English reference documentation that ships with Python itself.

``pydoc_data.topics.topics`` maps ~80 help topics ("if", "string-methods", ...) to plain text,
about 65k words. Prose paragraphs are kept, code samples and grammar rules dropped, then the
prose is split into sentences, tokenised, de-duplicated and split 90/10 by a hash of each
sentence's text (so the split does not depend on order or on a random seed). The held-out tenth
is halved again by the same hash: a validation half on which settings are chosen (ELECTRA's flag
threshold, the MLM recipe) and a test half on which the stored metrics and the bench report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pydoc_data.topics import topics as PYDOC_TOPICS

from apps.demos.engines.lm.tokenizer import tokenize

MIN_TOKENS = 4
MAX_TOKENS = 64
HELDOUT_BUCKETS = 10  # one bucket of ten is held out

_SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"‘(*])")
_CODE_MARKERS = (">>>", "::=", "(Pdb)", "***", "===", "---", "+--")
# A sentence end, maybe followed by closing quotes/brackets and a footnote mark like "[1]".
_PROSE_END_RE = re.compile(r"[.:?!][\"’)\]]*(\s*\[\d+\])?$")


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    topic: str

    @property
    def heldout(self) -> bool:
        return is_heldout(self.tokens)


def _digest(tokens: tuple[str, ...]) -> bytes:
    return hashlib.sha256(" ".join(tokens).encode()).digest()


def is_heldout(tokens: tuple[str, ...]) -> bool:
    return int.from_bytes(_digest(tokens)[:4], "big") % HELDOUT_BUCKETS == 0


def is_validation(tokens: tuple[str, ...]) -> bool:
    """Within the held-out sentences: the validation half (the other half is the test half)."""
    return _digest(tokens)[4] % 2 == 0


def _is_prose(paragraph: str) -> bool:
    """Reflowed documentation prose ends like a sentence; code, signatures and headings do not."""
    text = paragraph.strip()
    return bool(_PROSE_END_RE.search(text)) and not any(m in text for m in _CODE_MARKERS)


def topic_sentences(text: str) -> list[str]:
    """Prose sentences of one topic's text, whitespace collapsed, in document order."""
    sentences = []
    for paragraph in re.split(r"\n\s*\n", text):
        if _is_prose(paragraph):
            flat = " ".join(paragraph.split())
            sentences.extend(_SENTENCE_END_RE.split(flat))
    return sentences


@cache
def load_sentences() -> tuple[Sentence, ...]:
    """Every distinct tokenised sentence, topics in alphabetical order, first occurrence wins."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for topic in sorted(PYDOC_TOPICS):
        for raw in topic_sentences(PYDOC_TOPICS[topic]):
            tokens = tuple(tokenize(raw))
            if MIN_TOKENS <= len(tokens) <= MAX_TOKENS and tokens not in seen:
                seen.add(tokens)
                kept.append(Sentence(tokens, topic))
    return tuple(kept)


def split_sentences() -> tuple[tuple[Sentence, ...], tuple[Sentence, ...]]:
    """(train, held-out) sentences."""
    sentences = load_sentences()
    return (
        tuple(s for s in sentences if not s.heldout),
        tuple(s for s in sentences if s.heldout),
    )


def split_heldout() -> tuple[tuple[Sentence, ...], tuple[Sentence, ...]]:
    """(validation, test) halves of the held-out sentences; neither is trained on."""
    _, heldout = split_sentences()
    return (
        tuple(s for s in heldout if is_validation(s.tokens)),
        tuple(s for s in heldout if not is_validation(s.tokens)),
    )


def corpus_fingerprint() -> str:
    """Hash of the sentence list, stored in artifact metadata (the text changes with Python)."""
    blob = "\n".join(f"{s.topic}\t{' '.join(s.tokens)}" for s in load_sentences())
    return hashlib.sha256(blob.encode()).hexdigest()
