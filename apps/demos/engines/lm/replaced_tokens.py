"""Inference for ELECTRA: how likely is each word (and each of its pieces) to have been replaced?

The artifact keeps the discriminator (``discriminator.pt``, all a downstream task would need)
and, in a separate file, the generator (``generator.pt``, without the embeddings it shares with
the discriminator), kept only so the page can let the generator corrupt a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.errors import whole_number
from apps.demos.engines.lm.artifacts import load_vocabulary, load_weights, read_json
from apps.demos.engines.lm.batching import encode
from apps.demos.engines.lm.electra import GENERATOR_ONLY, SHARED_PREFIX, word_probabilities
from apps.demos.engines.lm.electra import corrupt as corrupt_with_generator
from apps.demos.engines.lm.model import EncoderConfig, MaskedLM, ReplacedTokenDetector
from apps.demos.engines.lm.subwords import Vocabulary, join_pieces
from apps.demos.engines.lm.validation import MAX_SEED, boolean, model_pieces, text_tokens

DISCRIMINATOR_FILE, GENERATOR_FILE = "discriminator.pt", "generator.pt"
CONFIG_FILE, VOCAB_FILE, SIGNAL_FILE = "config.json", "tokenizer.json", "learning_signal.json"

# Clean documentation sentences on which the trained discriminator flags nothing (all
# probabilities below its flag threshold; checked by tests/demos/test_lm_electra.py), most of them held out.
EXAMPLE_SENTENCES: tuple[str, ...] = (
    "Return the item of *d* with key *key*.",
    "At most one double star pattern may be in a mapping pattern.",
    "If no arguments are given, all aliases are listed.",
    "Print the return value for the last return of the current function.",
    "Otherwise, any valid keys can be used.",
    "A class definition is an executable statement.",
)


@dataclass(frozen=True)
class ReplacedTokenModel:
    discriminator: ReplacedTokenDetector
    generator: MaskedLM
    vocab: Vocabulary
    signal: dict[str, Any]
    threshold: float  # a word is flagged from this probability on (chosen on validation sentences)


def load_replaced_token_detector(directory: Path) -> ReplacedTokenModel:
    configs = read_json(directory / CONFIG_FILE)
    discriminator = ReplacedTokenDetector(EncoderConfig(**configs["discriminator"]))
    discriminator.load_state_dict(load_weights(directory / DISCRIMINATOR_FILE))
    generator = MaskedLM(EncoderConfig(**configs["generator"]), embeddings=discriminator.encoder.embeddings)
    missing, unexpected = generator.load_state_dict(load_weights(directory / GENERATOR_FILE), strict=False)
    if unexpected or any(not key.startswith(SHARED_PREFIX) for key in missing):
        raise ValueError(f"{directory / GENERATOR_FILE} does not match the generator")
    discriminator.eval()
    generator.eval()
    return ReplacedTokenModel(
        discriminator,
        generator,
        load_vocabulary(directory / VOCAB_FILE),
        read_json(directory / SIGNAL_FILE),
        configs["flag_threshold"],
    )


def _by_word(values: list, word_of_piece: list[int]) -> list[list]:
    grouped: list[list] = [[] for _ in range(word_of_piece[-1] + 1)]
    for value, word in zip(values, word_of_piece, strict=True):
        grouped[word].append(value)
    return grouped


def detect_replaced(lab: ReplacedTokenModel, text: str, corrupt: bool = False, seed: int = 0) -> dict[str, Any]:
    """``{"tokens", "pieces", "replaced_probability", "piece_probability"}``, per word of ``text``:
    its WordPiece pieces, the probability of each piece and of the word (the highest of its
    pieces', see ``electra``) that it was replaced.

    With ``corrupt=True`` the generator first refills ~15% of the words (chosen and sampled with
    ``seed``); the response then adds ``corrupted_tokens`` and ``corrupted_pieces`` and
    ``replaced`` (where the sample differs from the original), and the probabilities are for the
    corrupted words.
    """
    words = text_tokens(text)
    model_pieces(lab.vocab, words)  # checks the length in pieces
    word_of_piece = lab.vocab.word_of_piece(words)
    corrupt = boolean("corrupt", corrupt)
    seed = whole_number("seed", seed, 0, MAX_SEED)
    ids = torch.tensor([encode(lab.vocab, words)])
    with torch.inference_mode():
        if corrupt:  # the generator alone refills the masked words (no other replacements here)
            generator = torch.Generator().manual_seed(seed)
            shown = corrupt_with_generator(lab.generator, ids, lab.vocab, generator, GENERATOR_ONLY)[0].corrupted
        else:
            shown = ids
        piece_probabilities = [round(p, 6) for p in lab.discriminator(shown).sigmoid()[0, 1:-1].tolist()]
    pieces = _by_word(lab.vocab.decode(ids[0, 1:-1].tolist()), word_of_piece)
    response: dict[str, Any] = {
        "tokens": words,
        "pieces": pieces,
        "replaced_probability": word_probabilities(piece_probabilities, word_of_piece),
        "piece_probability": _by_word(piece_probabilities, word_of_piece),
    }
    if corrupt:  # the generator keeps each word's pieces in place, so the words line up
        corrupted = _by_word(lab.vocab.decode(shown[0, 1:-1].tolist()), word_of_piece)
        replaced = [a != b for a, b in zip(pieces, corrupted, strict=True)]
        response["corrupted_tokens"] = [
            join_pieces(p) if changed else word for word, p, changed in zip(words, corrupted, replaced, strict=True)
        ]
        response["corrupted_pieces"] = corrupted
        response["replaced"] = replaced
    return response


def learning_signal(lab: ReplacedTokenModel) -> dict[str, Any]:
    """How many positions per batch produce a loss, measured from the training run's masks."""
    s = lab.signal
    batches = s["batches"]
    return {
        "batch_size": s["batch_size"],
        "tokens_per_batch": round(s["text_tokens"] / batches, 2),
        "mlm": {
            "positions_per_batch": round(s["mlm_loss_positions"] / batches, 2),
            "fraction": s["mlm_fraction"],
        },
        "discriminator": {
            "positions_per_batch": round(s["discriminator_loss_positions"] / batches, 2),
            "fraction": s["discriminator_fraction"],
        },
        "replaced_fraction": s["replaced_fraction"],
    }
