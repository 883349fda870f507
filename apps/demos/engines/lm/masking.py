"""Pre-training corruption schemes of GPT, BERT, RoBERTa, SpanBERT and BART, shown on a text.

No model is involved: ``apply`` tokenises a text and returns, per epoch, the corrupted input the
encoder/decoder would see and the target it is trained to produce. The schemes work on words,
except BERT's whole-word variant, which shows the lab's WordPiece pieces (``subwords``) and masks
every piece of a chosen word together. Everything is deterministic for
a given seed; every call builds its own ``numpy`` Generator, so concurrent calls share no state.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import numpy as np

from apps.demos.engines.errors import one_of, whole_number
from apps.demos.engines.lm.subwords import corpus_vocabulary
from apps.demos.engines.lm.tokenizer import MASK
from apps.demos.engines.lm.validation import sentence_tokens

EOS = "[EOS]"  # GPT's end-of-text token: the target of the last position

MAX_TOKENS = 256
MAX_CHARS = 8192  # bounds the regex scan before the token count is known
MAX_EPOCHS = 5
MAX_SEED = 2**63 - 1

MLM_RATE = 0.15  # BERT, RoBERTa, SpanBERT, BART token masking / deletion
INFILL_RATE = 0.30  # BART text infilling (the paper's final configuration)
GEOMETRIC_P = 0.2
MAX_SPAN = 10
POISSON_LAMBDA = 3.0
_PLACEMENT_TRIES = 100  # consecutive failed span placements before giving up on the budget

_SENTENCE_END = frozenset(".!?")

# Replacement words for the "10% random token" branch: a fixed list, so no trained vocabulary
# is needed and a seed always produces the same words.
RANDOM_WORDS: tuple[str, ...] = (
    "the",
    "of",
    "and",
    "to",
    "in",
    "is",
    "was",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "this",
    "it",
    "he",
    "she",
    "they",
    "we",
    "you",
    "his",
    "her",
    "their",
    "our",
    "have",
    "had",
    "are",
    "were",
    "be",
    "been",
    "not",
    "but",
    "or",
    "an",
    "which",
    "who",
    "one",
    "two",
    "three",
    "first",
    "new",
    "old",
    "good",
    "small",
    "large",
    "long",
    "high",
    "time",
    "year",
    "day",
    "world",
    "life",
    "hand",
    "part",
    "place",
    "case",
    "week",
    "house",
    "city",
    "water",
    "school",
    "music",
    "game",
    "river",
    "market",
    "story",
    "light",
    "road",
    "make",
    "take",
    "know",
    "see",
    "come",
    "think",
    "look",
    "want",
    "give",
    "use",
    "find",
    "tell",
    "work",
    "call",
    "play",
    "move",
    "live",
    "write",
    "read",
    "run",
    "open",
    "learn",
    "very",
    "often",
    "never",
    "again",
    "still",
    "here",
    "there",
    "today",
    "also",
    "only",
)


def _scheme(name: str, title_ko: str, title_en: str, dynamic: bool, ko: str, en: str) -> dict:
    return {
        "name": name,
        "title_ko": title_ko,
        "title_en": title_en,
        "dynamic": dynamic,
        "description_ko": ko,
        "description_en": en,
    }


SCHEMES: list[dict[str, Any]] = [
    _scheme(
        "gpt",
        "GPT 인과적 언어 모델링",
        "GPT causal language modelling",
        False,
        "각 위치가 다음 토큰을 예측합니다. 타깃은 입력을 한 칸 민 것이고, 하삼각 마스크 때문에 "
        "앞쪽 토큰만 볼 수 있습니다.",
        "Every position predicts the next token: the target is the input shifted by one, and the "
        "lower-triangular mask lets each position attend only to itself and earlier tokens.",
    ),
    _scheme(
        "bert",
        "BERT 정적 마스킹",
        "BERT static masking",
        False,
        "토큰의 15%를 골라 80%는 [MASK], 10%는 임의 단어, 10%는 그대로 둡니다. 마스크는 전처리 때 "
        "한 번 정해져 매 에폭 같습니다(원 논문은 데이터를 10벌 복제해 서로 다른 마스크 10개를 썼습니다).",
        "15% of tokens are selected: 80% become [MASK], 10% a random word, 10% stay. The mask is "
        "fixed once in preprocessing, so every epoch sees the same one (the original BERT "
        "duplicated its data 10 times, giving each sequence 10 different masks).",
    ),
    _scheme(
        "roberta",
        "RoBERTa 동적 마스킹",
        "RoBERTa dynamic masking",
        True,
        "BERT와 같은 15%·80/10/10 규칙이지만, 시퀀스를 모델에 넣을 때마다 새 마스크를 뽑아 에폭마다 달라집니다.",
        "The same 15% and 80/10/10 rule as BERT, but a fresh mask is drawn every time the "
        "sequence is fed to the model, so each epoch differs.",
    ),
    _scheme(
        "spanbert",
        "SpanBERT 스팬 마스킹",
        "SpanBERT span masking",
        True,
        "기하분포(p=0.2, 최대 10) 길이의 연속된 단어 스팬을 약 15%가 될 때까지 가리고, 80/10/10을 "
        "스팬 단위로 적용합니다. 스팬 경계 목표(SBO)는 양옆 경계 토큰으로 스팬 안 토큰을 예측합니다.",
        "Contiguous whole-word spans with Geometric(p=0.2) lengths clipped at 10 are masked until "
        "about 15% of tokens are covered, with 80/10/10 applied per span; the span-boundary "
        "objective (SBO) predicts each span token from the two tokens just outside the span.",
    ),
    _scheme(
        "bert-wwm",
        "BERT 전체 단어 마스킹",
        "BERT whole-word masking",
        True,
        "글을 WordPiece 조각으로 나눕니다(드문 단어는 여러 조각, “##”는 단어가 이어짐). 단어의 15%를 "
        "골라 그 단어의 조각을 모두 함께 가리고, 80/10/10은 단어 단위로 적용합니다. 그래서 모델이 "
        "같은 단어의 나머지 조각에서 가린 조각을 쉽게 맞힐 수 없습니다. 이 실습의 ELECTRA가 이렇게 "
        "학습하고, MLM은 같은 방식으로 단어의 40%를 가려 학습하며(한 걸음에 배울 거리가 더 많음), "
        "에폭마다 새로 뽑습니다.",
        "The text is split into WordPiece pieces (a rare word into several, “##” continuing it). "
        "15% of the words are selected and every piece of a selected word is masked together, "
        "80/10/10 per word, so the model cannot guess a piece from the rest of its own word. This "
        "lab's ELECTRA is trained this way, and its MLM the same way on 40% of the words (more to "
        "learn from per step), with a fresh draw every epoch.",
    ),
    _scheme(
        "bart-token-masking",
        "BART 토큰 마스킹",
        "BART token masking",
        True,
        "임의의 토큰 15%를 [MASK]로 바꾸고, 디코더가 원문 전체를 복원합니다.",
        "15% of tokens are replaced by [MASK]; the decoder reconstructs the whole original text.",
    ),
    _scheme(
        "bart-token-deletion",
        "BART 토큰 삭제",
        "BART token deletion",
        True,
        "임의의 토큰 15%를 표시 없이 지웁니다. 모델은 어느 위치가 비었는지도 알아내야 합니다.",
        "15% of tokens are deleted without a trace; the model must also work out where text is missing.",
    ),
    _scheme(
        "bart-text-infilling",
        "BART 텍스트 채우기",
        "BART text infilling",
        True,
        "포아송(λ=3) 길이의 스팬을 약 30%가 될 때까지 골라 스팬마다 [MASK] 하나로 바꿉니다. 길이 0인 "
        "스팬은 [MASK]를 끼워 넣으므로, 모델은 빠진 토큰 수도 예측해야 합니다.",
        "Spans with Poisson(λ=3) lengths are each replaced by a single [MASK] until about 30% of "
        "tokens are covered; a zero-length span inserts a [MASK], so the model must also predict "
        "how many tokens are missing.",
    ),
    _scheme(
        "bart-sentence-permutation",
        "BART 문장 순서 섞기",
        "BART sentence permutation",
        True,
        "문장(. ! ?로 끝나는 단위)의 순서를 무작위로 섞습니다. 문장 자체는 그대로입니다.",
        "The sentences (ending in . ! ?) are shuffled into a random order; each sentence is kept intact.",
    ),
    _scheme(
        "bart-document-rotation",
        "BART 문서 회전",
        "BART document rotation",
        True,
        "균등하게 고른 토큰에서 시작하도록 문서를 순환 이동합니다. 모델은 원래 시작점을 찾아야 합니다.",
        "A token is chosen uniformly at random and the document is rotated to start with it; the "
        "model must find the real start.",
    ),
]
SCHEME_NAMES: tuple[str, ...] = tuple(s["name"] for s in SCHEMES)


def _budget(n: int, rate: float) -> int:
    return max(1, round(rate * n))


def _random_word(rng: np.random.Generator) -> str:
    return RANDOM_WORDS[int(rng.integers(len(RANDOM_WORDS)))]


def _mlm_action(rng: np.random.Generator) -> str:
    """BERT's 80/10/10 rule for one selected token (or, in SpanBERT, one span)."""
    u = rng.random()
    return "mask" if u < 0.8 else "random" if u < 0.9 else "keep"


def _replacement(action: str, token: str, rng: np.random.Generator) -> str:
    return MASK if action == "mask" else _random_word(rng) if action == "random" else token


def _geometric_length(rng: np.random.Generator) -> int:
    # SpanBERT clips by renormalising Geo(0.2) over 1..10 (rejection does the same). Its mean is
    #   sum_{k=1}^{10} k p q^(k-1) / (1 - q^10) = (1 - 11 q^10 + 10 q^11) / (p (1 - q^10))
    #   = (1 - 1.18112 + 0.85899) / (0.2 * 0.89263) = 3.797 with q = 0.8,
    # the paper's 3.8; clamping with min(l, 10) instead would give (1 - q^10) / p = 4.46.
    while True:
        length = int(rng.geometric(GEOMETRIC_P))
        if length <= MAX_SPAN:
            return length


def _poisson_length(rng: np.random.Generator) -> int:
    return int(rng.poisson(POISSON_LAMBDA))


def _place_spans(
    rng: np.random.Generator, n: int, budget: int, draw_length: Callable[[np.random.Generator], int]
) -> list[tuple[int, int, bool]]:
    """Sample (start, length, clipped) spans covering ``budget`` tokens, sorted by start.

    Each span is drawn a length, clipped to the budget left (as the reference implementations
    trim the last span; ``clipped`` marks that one), then a start uniformly among the places
    where it neither overlaps nor touches an earlier span: at least one unmasked token separates
    spans, so every [MASK] run is its own span and SpanBERT's boundary tokens are real text.
    A zero-length span is an insertion point before token ``start`` (``start == n``: at the end);
    it takes no budget.
    """
    # Boundary point p sits just before token p (0..n). A span [s, s+l) closes the points
    # s..s+l and an insertion closes its own point; a new span or insertion needs all of its
    # points open, which is exactly "no overlap, no contact".
    closed = np.zeros(n + 1, dtype=np.int64)
    spans: list[tuple[int, int, bool]] = []
    masked = failures = 0
    while masked < budget and failures < _PLACEMENT_TRIES:
        drawn = draw_length(rng)
        length = min(drawn, budget - masked)
        closed_before = np.concatenate(([0], np.cumsum(closed)))
        starts = np.arange(n - length + 1)
        free = starts[closed_before[starts + length + 1] == closed_before[starts]]
        if free.size == 0:
            failures += 1
            continue
        failures = 0
        start = int(free[rng.integers(free.size)])
        closed[start : start + length + 1] = 1
        spans.append((start, length, length < drawn))
        masked += length
    return sorted(spans)


def _gpt(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    return {"input": list(tokens), "target": [*tokens[1:], EOS]}


def _causal_mask(n: int) -> list[list[int]]:
    """Row i may attend to columns 0..i: the lower triangle, n(n+1)/2 ones."""
    return [[1 if j <= i else 0 for j in range(n)] for i in range(n)]


def _token_mlm(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    n = len(tokens)
    selected = sorted(int(i) for i in rng.choice(n, size=_budget(n, MLM_RATE), replace=False))
    corrupted = list(tokens)
    target: list[str | None] = [None] * n
    actions: list[str | None] = [None] * n
    for i in selected:
        actions[i] = _mlm_action(rng)
        corrupted[i] = _replacement(actions[i], tokens[i], rng)
        target[i] = tokens[i]
    return {"input": corrupted, "target": target, "actions": actions, "selected": selected}


def _whole_word_mlm(words: list[str], rng: np.random.Generator) -> dict[str, Any]:
    """15% of the words, each with all its WordPiece pieces; one 80/10/10 action per word."""
    vocab = corpus_vocabulary()
    split = [vocab.word_pieces(w) for w in words]
    chosen = sorted(int(i) for i in rng.choice(len(words), size=_budget(len(words), MLM_RATE), replace=False))
    actions: list[list[str | None]] = [[None] * len(p) for p in split]
    corrupted = [list(p) for p in split]
    for w in chosen:
        action = _mlm_action(rng)
        actions[w] = [action] * len(split[w])
        corrupted[w] = [_replacement(action, piece, rng) for piece in split[w]]
    starts = np.cumsum([0, *(len(p) for p in split)])
    return {
        "input": [x for p in corrupted for x in p],
        "target": [
            piece if a else None
            for p, acts in zip(split, actions, strict=True)
            for piece, a in zip(p, acts, strict=True)
        ],
        "actions": [a for acts in actions for a in acts],
        "selected": [int(i) for w in chosen for i in range(starts[w], starts[w + 1])],
        "selected_words": chosen,
    }


def _spanbert(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    n = len(tokens)
    corrupted = list(tokens)
    target: list[str | None] = [None] * n
    actions: list[str | None] = [None] * n
    spans = []
    for start, length, clipped in _place_spans(rng, n, _budget(n, MLM_RATE), _geometric_length):
        end = start + length - 1
        action = _mlm_action(rng)
        for i in range(start, end + 1):
            actions[i] = action
            corrupted[i] = _replacement(action, tokens[i], rng)
            target[i] = tokens[i]
        spans.append(
            {
                "start": start,
                "length": length,
                "clipped": clipped,
                "action": action,
                # SBO inputs x_{s-1} and x_{e+1}; None where the span touches the text's edge
                "left": tokens[start - 1] if start > 0 else None,
                "right": tokens[end + 1] if end + 1 < n else None,
            }
        )
    return {"input": corrupted, "target": target, "actions": actions, "spans": spans}


def _bart_positions(tokens: list[str], rng: np.random.Generator, keep_one: bool) -> list[int]:
    n = len(tokens)
    count = min(_budget(n, MLM_RATE), n - 1) if keep_one else _budget(n, MLM_RATE)
    return sorted(int(i) for i in rng.choice(n, size=count, replace=False))


def _bart_token_masking(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    masked = _bart_positions(tokens, rng, keep_one=False)
    corrupted = list(tokens)
    for i in masked:
        corrupted[i] = MASK
    return {"input": corrupted, "target": list(tokens), "masked": masked}


def _bart_token_deletion(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    # at least one token survives, so a one-token text is left as it is
    deleted = _bart_positions(tokens, rng, keep_one=True)
    gone = set(deleted)
    corrupted = [t for i, t in enumerate(tokens) if i not in gone]
    return {"input": corrupted, "target": list(tokens), "deleted": deleted}


def _bart_text_infilling(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    n = len(tokens)
    corrupted: list[str] = []
    spans = []
    cursor = 0
    for start, length, clipped in _place_spans(rng, n, _budget(n, INFILL_RATE), _poisson_length):
        corrupted.extend(tokens[cursor:start])
        spans.append(
            {
                "start": start,
                "length": length,
                "clipped": clipped,
                "tokens": tokens[start : start + length],
                "mask_index": len(corrupted),
            }
        )
        corrupted.append(MASK)
        cursor = start + length
    corrupted.extend(tokens[cursor:])
    return {"input": corrupted, "target": list(tokens), "spans": spans}


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Split after each run of . ! ? (the punctuation stays with its sentence)."""
    sentences: list[list[str]] = [[]]
    for i, token in enumerate(tokens):
        sentences[-1].append(token)
        next_ends = i + 1 < len(tokens) and tokens[i + 1] in _SENTENCE_END
        if token in _SENTENCE_END and not next_ends and i + 1 < len(tokens):
            sentences.append([])
    return sentences


def _bart_sentence_permutation(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    sentences = _sentences(tokens)
    order = [int(i) for i in rng.permutation(len(sentences))]
    corrupted = [t for i in order for t in sentences[i]]
    return {"input": corrupted, "target": list(tokens), "sentences": sentences, "order": order}


def _bart_document_rotation(tokens: list[str], rng: np.random.Generator) -> dict[str, Any]:
    start = int(rng.integers(len(tokens)))  # start 0 leaves the document as it is
    return {"input": tokens[start:] + tokens[:start], "target": list(tokens), "rotation": start}


_CORRUPT: dict[str, Callable[[list[str], np.random.Generator], dict[str, Any]]] = {
    "gpt": _gpt,
    "bert": _token_mlm,
    "roberta": _token_mlm,
    "spanbert": _spanbert,
    "bert-wwm": _whole_word_mlm,
    "bart-token-masking": _bart_token_masking,
    "bart-token-deletion": _bart_token_deletion,
    "bart-text-infilling": _bart_text_infilling,
    "bart-sentence-permutation": _bart_sentence_permutation,
    "bart-document-rotation": _bart_document_rotation,
}
_DYNAMIC = {s["name"]: s["dynamic"] for s in SCHEMES}


def _validate(text: object, scheme: object, seed: object, epochs: object) -> list[str]:
    tokens = sentence_tokens(text, max_chars=MAX_CHARS, max_tokens=MAX_TOKENS)
    one_of("scheme", scheme, SCHEME_NAMES)
    whole_number("seed", seed, 0, MAX_SEED)
    whole_number("epochs", epochs, 1, MAX_EPOCHS)
    return tokens


def apply(text: str, scheme: str, *, seed: int, epochs: int = 1) -> dict[str, Any]:
    """Corrupt ``text`` with ``scheme`` for ``epochs`` epochs, deterministically for ``seed``.

    Returns ``{"scheme", "tokens", "epochs": [{"epoch", "input", "target", ...}]}`` where
    ``epoch`` counts from 1. For gpt the result also holds ``attention_mask`` (n x n lists of
    0/1, lower-triangular), once rather than per epoch since it fills most of the payload.
    Scheme-specific fields per epoch:

    - gpt: none; the target is the input shifted left, ending with [EOS].
    - bert / roberta: ``selected`` positions, ``actions`` per token (None, "mask", "random",
      "keep"); ``target`` holds the original token at selected positions, None elsewhere.
    - bert-wwm: as bert, over the WordPiece pieces (``tokens`` holds the pieces), plus
      ``selected_words`` (indices of the chosen words); all pieces of a word share one action.
    - spanbert: as bert, plus ``spans`` [{"start", "length", "clipped", "action", "left",
      "right"}] where left/right are the SBO boundary tokens (None at the text's edge).
    - bart-token-masking: ``masked`` positions. bart-token-deletion: ``deleted`` positions.
    - bart-text-infilling: ``spans`` [{"start", "length", "clipped", "tokens", "mask_index"}],
      each span (zero-length ones included) shown as one [MASK] at ``input[mask_index]``.
    - bart-sentence-permutation: ``sentences`` (token lists) and ``order`` (original index of
      each sentence in the input). bart-document-rotation: ``rotation`` (index of the new start).

    ``clipped`` marks a span the masking budget cut short. Every BART target is the original
    token sequence. BERT and GPT give the same output in every epoch; the other schemes draw
    anew per epoch from (seed, scheme, epoch).
    """
    tokens = _validate(text, scheme, seed, epochs)
    corrupt = _CORRUPT[scheme]
    key = zlib.crc32(scheme.encode())  # independent streams per scheme for one seed
    if _DYNAMIC[scheme]:
        draws = [corrupt(tokens, np.random.default_rng([seed, key, e])) for e in range(epochs)]
    else:  # one draw "in preprocessing", seen again every epoch
        draws = [corrupt(tokens, np.random.default_rng([seed, key]))] * epochs
    shown = corpus_vocabulary().pieces(tokens) if scheme == "bert-wwm" else tokens
    result: dict[str, Any] = {"scheme": scheme, "tokens": shown}
    if scheme == "gpt":
        result["attention_mask"] = _causal_mask(len(tokens))
    result["epochs"] = [{"epoch": e + 1, **data} for e, data in enumerate(draws)]
    return result
