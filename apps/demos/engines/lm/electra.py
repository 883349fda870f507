"""ELECTRA replaced-token detection: corruption, joint training, and the held-out checks.

A small generator (an MLM half the discriminator's width) fills 15% of the words, masked whole,
with sampled WordPiece pieces; the discriminator labels every piece of the result "original" or
"replaced". Both share the token and position embeddings; the generator projects them down to its
width and back up. A word's probability of having been replaced is the highest of its pieces'
(``word_probabilities``): one odd piece is enough to give a word away, and unlike a noisy-or the
maximum does not grow with the number of pieces, so a long clean word that merely splits into
many pieces is not flagged for that.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from sklearn.metrics import roc_auc_score
from torch import nn

from apps.demos.engines.lm.batching import content_mask, encode, pad, word_starts
from apps.demos.engines.lm.corpus import Sentence
from apps.demos.engines.lm.mlm import (
    MASK_RATE,
    fitting_pieces,
    pretraining,
    recipe_adamw,
    select_words,
    unigram_log_prior,
)
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM, ReplacedTokenDetector
from apps.demos.engines.lm.subwords import Vocabulary
from apps.demos.engines.lm.tokenizer import SPECIAL_TOKENS
from apps.demos.engines.spec import Progress

DISCRIMINATOR_WEIGHT = 50.0  # the paper's lambda: the per-token BCE is much smaller than the MLM loss
# The flag threshold is not a fixed 0.5: it is set after training so that this share of the words
# of the validation sentences (clean, never trained on) would be flagged (``flag_threshold``).
CLEAN_FLAG_TARGET = 0.03
NEW_WORD_PIECES = (2, 4)  # an invented word: a word-start piece and 1-3 continuations
GENERATOR_ONLY = {"generator": 1.0, "corpus_word": 0.0, "new_word": 0.0}


PAPER_DIFFERENCES = {
    "en": (
        "In the ELECTRA paper every corrupted word is sampled from the generator. Here the "
        "generator's sample is kept for 40% of the masked words; 40% get another word of the "
        "corpus instead and 20% an invented word of two to four random WordPiece pieces. With a "
        "model this small and about a minute of training, the generator never gets much beyond "
        'guessing frequent words such as "the" or a comma, so its samples are either identical to '
        "the original (which counts as not replaced) or give the discriminator no pattern to "
        "learn: trained on generator samples alone, an earlier version of this demo scored about "
        "0.53 ROC-AUC, barely better than a coin. Other corpus words teach the discriminator what "
        "a word that does not fit its context looks like, and invented words that an unfamiliar "
        "run of pieces was probably put there: the earlier version, which read every word it had "
        "not seen as [UNK], gave such a word the lowest probability in the sentence (ROC-AUC "
        "0.005). Everything else follows the paper at a much smaller scale: shared embeddings, "
        "a generator half as wide as the discriminator, loss = MLM + 50 x discriminator loss, "
        "and only the discriminator is kept for downstream use."
    ),
    "ko": (
        "ELECTRA 논문에서는 바뀐 단어를 모두 생성기(generator)가 샘플링합니다. 여기서는 가린 단어의 "
        "40%에만 생성기의 샘플을 쓰고, 40%에는 코퍼스의 다른 단어를, 20%에는 무작위 WordPiece 조각 "
        "2~4개로 지어낸 단어를 넣습니다. 모델이 이렇게 작고 학습이 1분 남짓이면 생성기는 "
        '"the"나 쉼표 같은 자주 나오는 단어를 고르는 수준을 거의 벗어나지 못합니다. 그래서 생성기의 '
        "샘플은 원래 단어와 같거나(이 경우 '바뀌지 않음'으로 침) 판별기가 배울 만한 패턴을 주지 "
        "못해, 생성기 샘플만으로 학습한 이 데모의 이전 버전은 ROC-AUC 약 0.53으로 동전 던지기와 "
        "거의 같았습니다. 코퍼스의 다른 단어는 판별기에게 '문맥에 맞지 않는 단어'가 어떤 모습인지, "
        "지어낸 단어는 낯선 조각의 연속이 끼어든 것일 가능성이 높다는 것을 가르칩니다. 처음 보는 "
        "단어를 모두 [UNK]로 읽던 이전 버전은 그런 단어에 문장에서 가장 낮은 확률을 주었습니다"
        "(ROC-AUC 0.005). 나머지는 규모만 훨씬 작을 뿐 논문과 같습니다: 임베딩 공유, 판별기 절반 "
        "너비의 생성기, 손실 = MLM + 50 × 판별 손실, 그리고 학습 뒤에는 판별기만 다운스트림 작업에 "
        "씁니다."
    ),
}


class Electra(nn.Module):
    """Generator and discriminator wired together for training; they share one embedding table."""

    def __init__(self, discriminator: EncoderConfig, generator: EncoderConfig):
        super().__init__()
        self.discriminator = ReplacedTokenDetector(discriminator)
        self.generator = MaskedLM(generator, embeddings=self.discriminator.encoder.embeddings)


SHARED_PREFIX = "encoder.embeddings."


def generator_own_state(generator: MaskedLM) -> dict[str, torch.Tensor]:
    """The generator's weights without the embeddings it borrows from the discriminator."""
    return {k: v for k, v in generator.state_dict().items() if not k.startswith(SHARED_PREFIX)}


def piece_pools(vocab: Vocabulary) -> tuple[torch.Tensor, torch.Tensor]:
    """Ids of the pieces that start a word and of the ``##`` pieces that continue one."""
    ids = torch.arange(len(vocab))
    continuation = torch.tensor(vocab.continuation)
    text = ids >= vocab.num_special
    return ids[text & ~continuation], ids[text & continuation]


def sample_pieces(
    logits: torch.Tensor, starts: torch.Tensor, vocab: Vocabulary, generator: torch.Generator
) -> torch.Tensor:
    """One piece per row from the generator's softmax, of the kind the position needs (so the
    words keep their shape; see ``mlm.fitting_pieces``)."""
    probabilities = fitting_pieces(logits, starts, vocab).softmax(dim=-1)
    return torch.multinomial(probabilities, 1, generator=generator).squeeze(1)


def corpus_words(train: Sequence[Sentence], min_count: int) -> list[str]:
    """Every training word seen at least ``min_count`` times, in alphabetical order."""
    counts = Counter(w for s in train for w in s.tokens if w not in SPECIAL_TOKENS)
    return sorted(w for w, c in counts.items() if c >= min_count)


@dataclass(frozen=True)
class Corruption:
    selected: torch.Tensor  # pieces of the 15% of words the generator saw masked (original layout)
    corrupted: torch.Tensor  # what the discriminator sees (words may have changed length)
    replaced: torch.Tensor  # per piece of ``corrupted``: differs from the original


def corrupt(
    generator_model: MaskedLM,
    ids: torch.Tensor,
    vocab: Vocabulary,
    generator: torch.Generator,
    shares: dict[str, float],
    corpus_words: Sequence[tuple[int, ...]] = (),
) -> tuple[Corruption, torch.Tensor]:
    """Mask 15% of the words whole and let the generator refill them; with the other ``shares``
    a selected word is instead replaced by another corpus word or by an invented one (random
    pieces), both marked replaced in every piece. Returns the corruption and the generator's
    logits at the selected pieces (for its MLM loss, which covers all of them)."""
    selected = select_words(ids, vocab, MASK_RATE, generator)
    starts = word_starts(ids, vocab)
    logits = generator_model(ids.masked_fill(selected, vocab.mask_id), selected)
    with torch.no_grad():
        sampled = ids.clone()
        sampled[selected] = sample_pieces(logits.detach(), starts[selected], vocab, generator)
        kind = torch.rand(ids.shape, generator=generator)
        pick = torch.randint(max(len(corpus_words), 1), ids.shape, generator=generator)
        start_pool, continuation_pool = piece_pools(vocab)
        length = torch.randint(*NEW_WORD_PIECES, ids.shape, generator=generator)
        invented = torch.cat(
            [
                start_pool[torch.randint(len(start_pool), (*ids.shape, 1), generator=generator)],
                continuation_pool[torch.randint(len(continuation_pool), (*ids.shape, 3), generator=generator)],
            ],
            dim=-1,
        )
    to_generator, to_corpus = shares["generator"], shares["generator"] + shares["corpus_word"]
    chosen, kinds, picks, lengths = (t.tolist() for t in (selected, kind, pick, length))
    rows, labels = [], []
    for r, row in enumerate(ids.tolist()):
        out, label = [], []
        for begin, end in _word_spans(starts[r].tolist(), int((ids[r] != vocab.pad_id).sum())):
            original = tuple(row[begin:end])
            if not chosen[r][begin] or kinds[r][begin] < to_generator:
                pieces = tuple(sampled[r, begin:end].tolist()) if chosen[r][begin] else original
                out += pieces
                label += [a != b for a, b in zip(pieces, original, strict=True)]
                continue
            if kinds[r][begin] < to_corpus:
                pieces = corpus_words[picks[r][begin]]
            else:
                pieces = tuple(invented[r, begin, : lengths[r][begin]].tolist())
            out += pieces
            label += [pieces != original] * len(pieces)
        rows.append(out)
        labels.append(label)
    corrupted = pad(rows)
    replaced = pad(labels).bool()
    return Corruption(selected, corrupted, replaced), logits


def _word_spans(starts: list[bool], length: int) -> list[tuple[int, int]]:
    """(begin, end) of every word among the first ``length`` positions of a row ([CLS] and
    [SEP] are words of their own)."""
    begins = [i for i in range(length) if starts[i]]
    return list(zip(begins, [*begins[1:], length], strict=True))


def train_electra(recipe: dict[str, Any], progress: Progress) -> tuple[Electra, Vocabulary, dict[str, Any]]:
    """Joint training; returns (model, vocabulary, stats incl. the learning-signal counts)."""
    generator, train, vocab, sequences, batches = pretraining(recipe)
    electra = Electra(
        EncoderConfig(vocab_size=len(vocab), **recipe["discriminator"]),
        EncoderConfig(vocab_size=len(vocab), **recipe["generator"]),
    )
    with torch.no_grad():  # as for the MLM: the generator starts from piece frequencies
        electra.generator.output_bias.copy_(unigram_log_prior(vocab, train))
    replacements = [tuple(vocab.encode([w])) for w in corpus_words(train, recipe["min_count"])]
    steps = recipe["steps"]
    optimizer, schedule = recipe_adamw(electra.parameters(), recipe)
    signal = torch.zeros(4, dtype=torch.long)  # text pieces, MLM loss, BCE loss, replaced
    electra.train()
    running = torch.zeros(2)
    for step in range(steps):
        ids = pad([sequences[i] for i in next(batches)])
        corruption, generator_logits = corrupt(
            electra.generator, ids, vocab, generator, recipe["replacements"], replacements
        )
        mlm_loss = F.cross_entropy(generator_logits, ids[corruption.selected])
        scored = content_mask(corruption.corrupted, vocab)  # every text piece gets a discriminator loss
        detector_logits = electra.discriminator(corruption.corrupted)
        detector_loss = F.binary_cross_entropy_with_logits(detector_logits[scored], corruption.replaced[scored].float())
        loss = mlm_loss + DISCRIMINATOR_WEIGHT * detector_loss
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(electra.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        signal += torch.stack(
            [
                content_mask(ids, vocab).sum(),
                corruption.selected.sum(),
                scored.sum(),
                corruption.replaced.sum(),
            ]
        )
        losses = torch.tensor([mlm_loss.item(), detector_loss.item()])
        running = losses if step == 0 else 0.98 * running + 0.02 * losses
        if step % 50 == 0 or step == steps - 1:
            progress(
                (step + 1) / steps,
                f"step {step + 1}/{steps}, generator MLM {running[0]:.2f}, discriminator BCE {running[1]:.3f}",
            )
    electra.eval()
    tokens, mlm_positions, detector_positions, replaced = signal.tolist()
    stats = {
        "steps": steps,
        "final_generator_loss": round(float(running[0]), 4),
        "final_discriminator_loss": round(float(running[1]), 4),
        "learning_signal": {
            "text_tokens": tokens,
            "mlm_loss_positions": mlm_positions,
            "discriminator_loss_positions": detector_positions,
            "replaced_positions": replaced,
            "mlm_fraction": round(mlm_positions / tokens, 4),
            "discriminator_fraction": round(detector_positions / tokens, 4),
            "replaced_fraction": round(replaced / tokens, 4),
            "batches": steps,
            "batch_size": recipe["batch_size"],
        },
    }
    return electra, vocab, stats


def word_probabilities(probabilities: Sequence[float], word_of_piece: Sequence[int]) -> list[float]:
    """Per word, the highest replaced-probability of its pieces (see the module docstring)."""
    best: list[float] = []
    for p, word in zip(probabilities, word_of_piece, strict=True):
        if word == len(best):
            best.append(p)
        else:
            best[word] = max(best[word], p)
    return best


@torch.inference_mode()
def score_words(
    discriminator: ReplacedTokenDetector, vocab: Vocabulary, sentences: Sequence[Sequence[str]]
) -> list[list[float]]:
    """The discriminator's replaced-probability for every word of every sentence."""
    ids = pad([encode(vocab, words) for words in sentences])
    probabilities = discriminator(ids).sigmoid()
    return [
        word_probabilities(row[1 : 1 + len(vocab.pieces(words))].tolist(), vocab.word_of_piece(words))
        for row, words in zip(probabilities, sentences, strict=True)
    ]


@dataclass(frozen=True)
class DetectionScores:
    swap_roc_auc: float
    swap_top1: float
    clean_flagged: float
    sentences: int


def flag_threshold(
    discriminator: ReplacedTokenDetector,
    vocab: Vocabulary,
    sentences: Sequence[Sequence[str]],
    target: float = CLEAN_FLAG_TARGET,
) -> float:
    """The lowest probability at which at most ``target`` of the words of the clean ``sentences``
    reach it: the (1 - target) quantile of their probabilities, just above the word at that rank."""
    clean = sorted((p for row in score_words(discriminator, vocab, sentences) for p in row), reverse=True)
    allowed = int(target * len(clean))  # words that may be flagged
    return float(torch.nextafter(torch.tensor(clean[allowed]), torch.tensor(1.0)))


def swap_one_word(words: Sequence[str], replacements: Sequence[str], rng: random.Random) -> tuple[list[str], int]:
    """``words`` with one random text word replaced by a different word from ``replacements``."""
    index = rng.choice([i for i, w in enumerate(words) if w not in SPECIAL_TOKENS])
    new = rng.choice([r for r in replacements if r != words[index]])
    return [*words[:index], new, *words[index + 1 :]], index


def evaluate_detection(
    discriminator: ReplacedTokenDetector,
    vocab: Vocabulary,
    sentences: Sequence[Sequence[str]],
    replacements: Sequence[str],
    threshold: float,
    seed: int = 7,
) -> DetectionScores:
    """One word of each sentence swapped for one of ``replacements``: ROC-AUC of the swapped word
    against the sentences' other words, how often it is the most suspicious word, and the share
    of the words of the clean sentences flagged (probability >= ``threshold``)."""
    rng = random.Random(seed)
    swaps = [swap_one_word(words, replacements, rng) for words in sentences]
    scores = score_words(discriminator, vocab, [words for words, _ in swaps])
    labels = [i == where for (_, where), row in zip(swaps, scores, strict=True) for i in range(len(row))]
    auc = roc_auc_score(labels, [p for row in scores for p in row])
    top1 = sum(
        max(range(len(row)), key=row.__getitem__) == where for (_, where), row in zip(swaps, scores, strict=True)
    )
    clean = [p for row in score_words(discriminator, vocab, sentences) for p in row]
    flagged = sum(p >= threshold for p in clean) / len(clean)
    return DetectionScores(float(auc), top1 / len(sentences), flagged, len(sentences))
