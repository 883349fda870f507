"""Reading and writing the lab's artifact files (weights, the WordPiece tokenizer, small JSON documents)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch

from apps.demos.engines.lm.subwords import Vocabulary


@contextmanager
def single_thread() -> Iterator[None]:
    """Train on one thread (the machine is shared), restoring the caller's setting afterwards."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text())


def save_weights(path: Path, state: dict[str, torch.Tensor]) -> int:
    """Save a state dict; returns the file size in bytes."""
    torch.save({key: value.detach().clone() for key, value in state.items()}, path)
    return path.stat().st_size


def load_weights(path: Path) -> dict[str, torch.Tensor]:
    return torch.load(path, map_location="cpu", weights_only=True)


def save_vocabulary(path: Path, vocab: Vocabulary) -> None:
    """The ``tokenizers`` JSON of the WordPiece vocabulary the model was trained with."""
    vocab.save(path)


def load_vocabulary(path: Path) -> Vocabulary:
    return Vocabulary.load(path)
