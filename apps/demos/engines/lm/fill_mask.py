"""Inference for the masked language model: fill in every [MASK] of a sentence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.lm.artifacts import load_vocabulary, load_weights, read_json
from apps.demos.engines.lm.batching import encode
from apps.demos.engines.lm.mlm import suppress_special
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM
from apps.demos.engines.lm.tokenizer import MASK, Vocabulary
from apps.demos.engines.lm.validation import bounded_int, masked_text_tokens

MODEL_FILE, VOCAB_FILE, CONFIG_FILE = "model.pt", "vocab.json", "config.json"
MAX_TOP_K = 20

# Sentences in the style of the training text on which the trained model's first guess is right
# (checked by tests/demos/test_lm_mlm.py); users can edit them on the page.
EXAMPLE_SENTENCES: tuple[str, ...] = (
    "the [MASK] statement is used for conditional execution .",
    "return a copy of the string with all the cased characters converted to [MASK] .",
    "if the [MASK] is omitted , it defaults to zero .",
    "a class definition is an executable [MASK] .",
    "this method is called when the instance is about to be [MASK] .",
    "the default value is [MASK] .",
)


@dataclass(frozen=True)
class FillMaskModel:
    model: MaskedLM
    vocab: Vocabulary


def load_fill_mask(directory: Path) -> FillMaskModel:
    config = EncoderConfig(**read_json(directory / CONFIG_FILE))
    model = MaskedLM(config)
    model.load_state_dict(load_weights(directory / MODEL_FILE))
    model.eval()
    return FillMaskModel(model, load_vocabulary(directory / VOCAB_FILE))


def fill_mask(lab: FillMaskModel, text: str, top_k: int = 5) -> dict[str, Any]:
    """``{"tokens": [...], "predictions": [{"position", "candidates": [{"token", "probability"}]}]}``

    ``tokens`` is the text as the model sees it (unknown words shown as ``[UNK]``); each
    prediction is for one ``[MASK]``, ``position`` indexing into ``tokens``.
    """
    tokens = lab.vocab.known(masked_text_tokens(text))
    top_k = bounded_int("top_k", top_k, 1, MAX_TOP_K)
    ids = torch.tensor([encode(lab.vocab, tokens)])
    selected = ids == lab.vocab.mask_id
    with torch.inference_mode():
        probabilities = suppress_special(lab.model(ids, selected), lab.vocab).softmax(dim=-1)
        best = probabilities.topk(top_k, dim=-1)
    positions = [i for i, token in enumerate(tokens) if token == MASK]
    return {
        "tokens": tokens,
        "predictions": [
            {
                "position": position,
                "candidates": [
                    {"token": lab.vocab.tokens[i], "probability": round(p, 6)}
                    for i, p in zip(ids_row.tolist(), probs_row.tolist(), strict=True)
                ],
            }
            for position, ids_row, probs_row in zip(
                positions, best.indices, best.values, strict=True
            )
        ],
    }
