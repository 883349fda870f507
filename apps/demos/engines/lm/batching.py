"""Turning tokenised sentences into padded id tensors, finding their words, and a reproducible batch order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import torch

from apps.demos.engines.lm.subwords import Vocabulary
from apps.demos.engines.lm.tokenizer import CLS, SEP

BUCKET_BATCHES = 16  # batches drawn together and sorted by length, to cut padding


def encode(vocab: Vocabulary, tokens: Sequence[str]) -> list[int]:
    """``[CLS] pieces of the words [SEP]`` as ids."""
    return vocab.encode([CLS, *tokens, SEP])


def pad(sequences: Sequence[Sequence[int]]) -> torch.Tensor:
    """Right-pad with id 0 (``[PAD]``) to the longest sequence."""
    batch = torch.zeros(len(sequences), max(len(s) for s in sequences), dtype=torch.long)
    for row, sequence in enumerate(sequences):
        batch[row, : len(sequence)] = torch.tensor(sequence)
    return batch


def content_mask(ids: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """True at real text tokens: not padding, not the [CLS]/[SEP] markers."""
    return (ids != vocab.pad_id) & (ids != vocab.cls_id) & (ids != vocab.sep_id)


def word_starts(ids: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """True at the first piece of every word (and at the special tokens)."""
    return ~torch.tensor(vocab.continuation)[ids]


def start_of_word(ids: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """For every position, the position of the first piece of its word."""
    positions = torch.arange(ids.shape[1]).expand_as(ids)
    return positions.masked_fill(~word_starts(ids, vocab), 0).cummax(dim=1).values


def whole_words(chosen_starts: torch.Tensor, ids: torch.Tensor, vocab: Vocabulary) -> torch.Tensor:
    """Widen a choice of word starts to every piece of those words (whole-word masking)."""
    return chosen_starts.gather(1, start_of_word(ids, vocab))


def batch_stream(lengths: Sequence[int], batch_size: int, generator: torch.Generator) -> Iterator[list[int]]:
    """Endless batches of example indices: each epoch shuffled, similar lengths together."""
    while True:
        order = torch.randperm(len(lengths), generator=generator).tolist()
        batches = []
        span = batch_size * BUCKET_BATCHES
        for start in range(0, len(order), span):
            bucket = sorted(order[start : start + span], key=lambda i: lengths[i])
            batches += [bucket[i : i + batch_size] for i in range(0, len(bucket), batch_size)]
        for b in torch.randperm(len(batches), generator=generator).tolist():
            yield batches[b]
