"""Two search strategies over ``space`` and one performance estimate (train on one split, score on another).

* Random search: sample architectures, train each briefly, keep the best on the validation split.
* DARTS (first-order): a mixed cell whose edges weight every operation by softmax(α); weights w
  are updated on the training split and α on the validation split in alternation (the bilevel
  problem, approximated), then each edge keeps its argmax operation.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from apps.demos.engines.nas.names import EDGES, OPERATION_NAMES
from apps.demos.engines.nas.space import Cell, Genotype
from apps.demos.engines.seeding import deterministic
from apps.demos.engines.spec import Progress, no_progress


@dataclass(frozen=True)
class Splits:
    train: tuple[torch.Tensor, torch.Tensor]  # weights learn here
    val: tuple[torch.Tensor, torch.Tensor]  # architectures are judged here
    test: tuple[torch.Tensor, torch.Tensor]  # only the final, retrained cells are scored here


def splits(seed: int) -> Splits:
    bunch = load_digits()
    x, y = (bunch.data / 16.0).astype(np.float32), bunch.target
    x_rest, x_test, y_rest, y_test = train_test_split(x, y, test_size=0.25, random_state=seed, stratify=y)
    x_train, x_val, y_train, y_val = train_test_split(
        x_rest, y_rest, test_size=1 / 3, random_state=seed, stratify=y_rest
    )

    def pair(a, b):
        return torch.from_numpy(a), torch.from_numpy(b)

    return Splits(pair(x_train, y_train), pair(x_val, y_val), pair(x_test, y_test))


def accuracy(model: Cell, data: tuple[torch.Tensor, torch.Tensor], weights: torch.Tensor | None = None) -> float:
    with torch.no_grad():
        return float((model(data[0], weights).argmax(dim=1) == data[1]).float().mean())


def train_cell(
    genotype: Genotype, data: tuple[torch.Tensor, torch.Tensor], *, steps: int, lr: float, seed: int
) -> Cell:
    """Full-batch Adam on ``data``; the same budget for every architecture."""
    with deterministic(seed):
        model = Cell(genotype)
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
        for _ in range(steps):
            loss = F.cross_entropy(model(data[0]), data[1])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    return model


def random_genotype(rng: random.Random) -> Genotype:
    return tuple(rng.choice(OPERATION_NAMES) for _ in EDGES)


def random_search(
    data: Splits, *, samples: int, steps: int, lr: float, seed: int, progress: Progress = no_progress
) -> dict[str, Any]:
    rng = random.Random(seed)
    started = time.process_time()
    tried = []
    for n in range(samples):
        genotype = random_genotype(rng)
        model = train_cell(genotype, data.train, steps=steps, lr=lr, seed=seed + n)
        tried.append({"genotype": list(genotype), "val_accuracy": accuracy(model, data.val)})
        progress(n / samples, f"random search {n + 1}/{samples}")
    best = max(tried, key=lambda t: t["val_accuracy"])
    return {
        "genotype": best["genotype"],
        "evaluated": tried,
        "search_seconds": time.process_time() - started,
    }


def softmax_alphas(alphas: torch.Tensor) -> list[list[float]]:
    return F.softmax(alphas, dim=1).tolist()


def discretise(alphas: torch.Tensor) -> Genotype:
    """DARTS' last step: each edge keeps the operation with the largest architecture weight."""
    return tuple(OPERATION_NAMES[i] for i in alphas.argmax(dim=1).tolist())


def darts(
    data: Splits,
    *,
    steps: int,
    lr: float,
    alpha_lr: float,
    seed: int,
    warmup: int,
    record_every: int,
    progress: Progress = no_progress,
) -> dict[str, Any]:
    started = time.process_time()
    with deterministic(seed):
        supernet = Cell()
        alphas = torch.zeros(len(EDGES), len(OPERATION_NAMES), requires_grad=True)
        w_optimizer = torch.optim.Adam(supernet.parameters(), lr=lr)
        a_optimizer = torch.optim.Adam([alphas], lr=alpha_lr)
        history = [softmax_alphas(alphas.detach())]
        for step in range(steps):
            # architecture step: α descends the validation loss (first-order approximation); not
            # during the warm-up, while untrained operations would teach α to favour skip and zero
            if step >= warmup:
                loss = F.cross_entropy(supernet(data.val[0], F.softmax(alphas, dim=1)), data.val[1])
                a_optimizer.zero_grad(set_to_none=True)
                supernet.zero_grad(set_to_none=True)
                loss.backward()
                a_optimizer.step()
            # weight step: w descends the training loss with α fixed
            loss = F.cross_entropy(supernet(data.train[0], F.softmax(alphas, dim=1).detach()), data.train[1])
            w_optimizer.zero_grad(set_to_none=True)
            loss.backward()
            w_optimizer.step()
            if (step + 1) % record_every == 0:
                history.append(softmax_alphas(alphas.detach()))
                progress(step / steps, f"DARTS step {step + 1}/{steps}")
    return {
        "alphas": alphas.detach().tolist(),
        "softmax": softmax_alphas(alphas.detach()),
        "history": history,
        "genotype": list(discretise(alphas.detach())),
        "supernet_val_accuracy": accuracy(supernet, data.val, F.softmax(alphas, dim=1).detach()),
        "search_seconds": time.process_time() - started,
    }
