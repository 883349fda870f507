"""Inference for the masked language model: fill in every [MASK] of a sentence.

A typed ``[MASK]`` stands for one piece that starts a word: a whole frequent word, or the first
piece of a rarer one. Candidates are therefore never special tokens or ``##`` continuations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.errors import whole_number
from apps.demos.engines.lm.artifacts import load_vocabulary, load_weights, read_json
from apps.demos.engines.lm.batching import encode
from apps.demos.engines.lm.mlm import fitting_pieces
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM
from apps.demos.engines.lm.subwords import Vocabulary
from apps.demos.engines.lm.tokenizer import MASK
from apps.demos.engines.lm.validation import MAX_TOP_K, masked_text_tokens, model_pieces

MODEL_FILE, VOCAB_FILE, CONFIG_FILE = "model.pt", "tokenizer.json", "config.json"

# Documentation-style sentences the trained model fills in well (each answer is its first guess;
# checked by tests/demos/test_lm_mlm.py). Several are held-out sentences it never trained on.
EXAMPLE_SENTENCES: tuple[dict[str, Any], ...] = (
    {"text": "Changed in [MASK] 3.7: dictionary order is guaranteed to be insertion order.", "answers": ["version"]},
    {"text": "[MASK] a reverse iterator over the keys of the dictionary.", "answers": ["return"]},
    {"text": "The global namespace [MASK] searched first.", "answers": ["is"]},
    {"text": "[MASK] that there is nothing special about the statement:", "answers": ["note"]},
    {"text": "Return the number of items in the [MASK].", "answers": ["dictionary"]},
    {
        "text": "The namespace of the [MASK] definition becomes the attribute dictionary of the class.",
        "answers": ["class"],
    },
    {"text": "During handling of the above exception, another [MASK] occurred:", "answers": ["exception"]},
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

    ``tokens`` is the text as the model sees it, WordPiece pieces (``##`` continues a word); each
    prediction is for one ``[MASK]``, ``position`` indexing into ``tokens``.
    """
    words = masked_text_tokens(text)
    tokens = model_pieces(lab.vocab, words)
    top_k = whole_number("top_k", top_k, 1, MAX_TOP_K)
    ids = torch.tensor([encode(lab.vocab, words)])
    selected = ids == lab.vocab.mask_id
    with torch.inference_mode():
        logits = lab.model(ids, selected)  # a typed [MASK] is a word of its own: it starts one
        probabilities = fitting_pieces(logits, torch.ones(len(logits), dtype=torch.bool), lab.vocab).softmax(dim=-1)
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
            for position, ids_row, probs_row in zip(positions, best.indices, best.values, strict=True)
        ],
    }
