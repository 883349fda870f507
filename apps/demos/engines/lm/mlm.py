"""BERT-style masked language modelling: the masking rule, the training loop, the evaluation.

Masking is whole-word: a share of the words of each sentence is selected (never [CLS]/[SEP]/[PAD],
never [UNK], whose "right answer" says nothing) and every WordPiece piece of a selected word is
masked; per word, 80% become [MASK], 10% random pieces and 10% stay as they are. The loss is
computed only at the selected pieces. BERT's share is 15% (``MASK_RATE``: ELECTRA's generator and
the evaluation use it); lm-mlm trains at its recipe's rate, higher, for more loss per step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import torch
import torch.nn.functional as F

from apps.demos.engines.lm.batching import (
    batch_stream,
    content_mask,
    encode,
    pad,
    start_of_word,
    whole_words,
    word_starts,
)
from apps.demos.engines.lm.corpus import Sentence, split_sentences
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM
from apps.demos.engines.lm.optim import scheduled_adamw
from apps.demos.engines.lm.subwords import Vocabulary, train_vocabulary
from apps.demos.engines.spec import Progress

MASK_RATE = 0.15
MASK_SHARE, RANDOM_SHARE = 0.8, 0.1  # the remaining 10% keep the original token
EVAL_MASK_SEEDS = (101, 202, 303, 404, 505)


def build_vocabulary(train: Sequence[Sentence], size: int, min_count: int) -> Vocabulary:
    return train_vocabulary((s.tokens for s in train), size, min_count)


def maskable(ids: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """The words that may be chosen, marked at their first piece."""
    return content_mask(ids, vocab) & (ids != vocab.unk_id) & word_starts(ids, vocab)


def select_words(ids: torch.Tensor, vocab: Vocabulary, rate: float, generator: torch.Generator) -> torch.Tensor:
    """Every piece of ``rate`` of each row's words (at least one word), chosen at random."""
    return whole_words(select_positions(maskable(ids, vocab), rate, generator), ids, vocab)


def select_positions(candidates: torch.Tensor, rate: float, generator: torch.Generator) -> torch.Tensor:
    """Per row, exactly ``max(1, round(rate * n))`` of its ``n`` candidate positions, at random."""
    scores = torch.rand(candidates.shape, generator=generator).masked_fill(~candidates, 2.0)
    ranks = scores.argsort(dim=1).argsort(dim=1)
    counts = (candidates.sum(dim=1) * rate).round().clamp(min=1)
    return (ranks < counts[:, None]) & candidates


def random_words(count: int, vocab: Vocabulary, generator: torch.Generator) -> torch.Tensor:
    """Uniformly random non-special piece ids."""
    return torch.randint(vocab.num_special, len(vocab), (count,), generator=generator)


def bert_corrupt(
    ids: torch.Tensor, selected: torch.Tensor, vocab: Vocabulary, generator: torch.Generator
) -> torch.Tensor:
    """The 80/10/10 rule applied at ``selected`` positions, one roll per word."""
    roll = torch.rand(ids.shape, generator=generator).gather(1, start_of_word(ids, vocab))
    inputs = ids.masked_fill(selected & (roll < MASK_SHARE), vocab.mask_id)
    swap = selected & (roll >= MASK_SHARE) & (roll < MASK_SHARE + RANDOM_SHARE)
    inputs[swap] = random_words(int(swap.sum()), vocab, generator)
    return inputs


def fitting_pieces(logits: torch.Tensor, starts: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """Logits with every piece that cannot stand at a position ruled out: special tokens always,
    ``##`` continuations where a word starts (``starts``, one per row), word starts inside a word."""
    continuation = torch.tensor(vocab.continuation)
    impossible = continuation[None, :] == starts[:, None]
    impossible[:, : vocab.num_special] = True
    return logits.masked_fill(impossible, float("-inf"))


class Pretraining(NamedTuple):
    """What MLM and ELECTRA pre-training both start from, fixed by the recipe's seed."""

    generator: torch.Generator  # masking and batch order; the global seed drives weight init
    train: list[Sentence]
    vocab: Vocabulary
    sequences: list[list[int]]  # encoded training sentences
    batches: Iterator[list[int]]  # endless batches of indices into ``sequences``


def pretraining(recipe: dict[str, Any]) -> Pretraining:
    torch.manual_seed(recipe["seed"])
    generator = torch.Generator().manual_seed(recipe["seed"])
    train, _ = split_sentences()
    vocab = build_vocabulary(train, recipe["vocab_size"], recipe["min_count"])
    sequences = [encode(vocab, s.tokens) for s in train]
    # Lazy, and drawing only from ``generator``: weight init still sees the same global RNG.
    batches = batch_stream([len(s) for s in sequences], recipe["batch_size"], generator)
    return Pretraining(generator, train, vocab, sequences, batches)


def recipe_adamw(params, recipe: dict[str, Any]):
    """AdamW with the recipe's learning rate, warm-up and cool-down over its steps."""
    return scheduled_adamw(
        params, lr=recipe["lr"], steps=recipe["steps"], warmup=recipe["warmup"], cooldown=recipe["cooldown"]
    )


def train_masked_lm(recipe: dict[str, Any], progress: Progress) -> tuple[MaskedLM, Vocabulary, dict[str, Any]]:
    """Train the MLM described by ``recipe``; returns (model, vocabulary, training stats)."""
    generator, train, vocab, sequences, batches = pretraining(recipe)
    config = EncoderConfig(vocab_size=len(vocab), **recipe["model"])
    model = MaskedLM(config)
    with torch.no_grad():
        model.output_bias.copy_(unigram_log_prior(vocab, train))
    steps = recipe["steps"]
    optimizer, schedule = recipe_adamw(model.parameters(), recipe)
    model.train()
    running = 0.0
    for step in range(steps):
        ids = pad([sequences[i] for i in next(batches)])
        selected = select_words(ids, vocab, recipe["mask"]["rate"], generator)
        logits = model(bert_corrupt(ids, selected, vocab, generator), selected)
        loss = F.cross_entropy(logits, ids[selected])
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        running = loss.item() if step == 0 else 0.98 * running + 0.02 * loss.item()
        if step % 50 == 0 or step == steps - 1:
            progress((step + 1) / steps, f"step {step + 1}/{steps}, MLM loss {running:.2f}")
    model.eval()
    return model, vocab, {"final_loss": round(running, 4), "steps": steps}


def unigram_ids(vocab: Vocabulary, train: Sequence[Sentence]) -> list[int]:
    """Every piece occurrence in the training text as an id (special tokens left out)."""
    return [i for s in train for i in vocab.encode(s.tokens) if i >= vocab.num_special]


def unigram_log_prior(vocab: Vocabulary, train: Sequence[Sentence]) -> torch.Tensor:
    """Log word frequencies (add-one smoothed), the MLM output bias to start from: otherwise the
    first hundred steps of a short budget go into learning that "the" is common."""
    counts = torch.bincount(torch.tensor(unigram_ids(vocab, train)), minlength=len(vocab))
    return torch.log((counts + 1) / (counts.sum() + len(vocab)))


def unigram_ranking(vocab: Vocabulary, train: Sequence[Sentence]) -> list[int]:
    """Piece ids from most to least frequent in the training text: the no-context baseline."""
    counts = Counter(unigram_ids(vocab, train))
    return sorted(range(vocab.num_special, len(vocab)), key=lambda i: (-counts[i], i))


@dataclass(frozen=True)
class FillInScores:
    words: int
    top1: float
    top5: float
    baseline_top1: float
    baseline_top5: float

    def as_metrics(self) -> dict[str, float]:
        return {
            "heldout_words": self.words,
            "top1": round(self.top1, 4),
            "top5": round(self.top5, 4),
            "unigram_top1": round(self.baseline_top1, 4),
            "unigram_top5": round(self.baseline_top5, 4),
        }


@torch.inference_mode()
def evaluate_fill_in(
    model: MaskedLM,
    vocab: Vocabulary,
    sentences: Sequence[Sentence],
    ranking: Sequence[int],
    seeds: Sequence[int] = EVAL_MASK_SEEDS,
) -> FillInScores:
    """Top-1/top-5 on 15% of the held-out words, every piece of each replaced by [MASK], per mask
    seed, next to always guessing the most frequent pieces. A word counts as found only when
    every one of its pieces is the first guess (top-1) or among the five best (top-5)."""
    ids = pad([encode(vocab, s.tokens) for s in sentences])
    word_key = torch.arange(len(ids))[:, None] * ids.shape[1] + start_of_word(ids, vocab)
    baseline = torch.tensor(ranking[:5])
    hits = torch.zeros(4)
    total = 0
    for seed in seeds:
        selected = select_words(ids, vocab, MASK_RATE, torch.Generator().manual_seed(seed))
        logits = model(ids.masked_fill(selected, vocab.mask_id), selected)
        logits = fitting_pieces(logits, word_starts(ids, vocab)[selected], vocab)
        targets = ids[selected]
        top5 = logits.topk(5, dim=-1).indices
        piece_hits = torch.stack(
            [
                top5[:, 0] == targets,
                (top5 == targets[:, None]).any(dim=1),
                targets == baseline[0],
                (targets[:, None] == baseline).any(dim=1),
            ],
            dim=1,
        ).float()
        keys = word_key[selected][:, None].expand_as(piece_hits)
        word_hits = torch.ones(ids.numel(), 4).scatter_reduce(0, keys, piece_hits, "amin")
        words = (selected & word_starts(ids, vocab)).flatten()
        hits += word_hits[words].sum(dim=0)
        total += int(words.sum())
    top1, top5, base1, base5 = (hits / total).tolist()
    return FillInScores(total, top1, top5, base1, base5)
