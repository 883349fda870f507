"""Vanilla RNN, LSTM and GRU on "remember the first token": the sequence opens with one of
``symbols`` tokens, the rest is noise from a separate alphabet, and the last step must name the
first token. Only the first step carries the answer, so the gradient must travel back all of it."""

from __future__ import annotations

from typing import Any

import torch
from torch import nn

from apps.demos.engines.seeding import deterministic

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def batch(
    recipe: dict[str, Any], length: int, size: int, generator: torch.Generator
) -> tuple[torch.Tensor, torch.Tensor]:
    """Token ids ``(size, length)``: the target symbol first, then noise symbols (ids after it)."""
    symbols, noise = recipe["symbols"], recipe["noise"]
    target = torch.randint(symbols, (size,), generator=generator)
    tokens = torch.randint(symbols, symbols + noise, (size, length), generator=generator)
    tokens[:, 0] = target
    return tokens, target


class Recall(nn.Module):
    def __init__(self, cell: str, recipe: dict[str, Any]):
        super().__init__()
        hidden = recipe["hidden"]
        self.embed = nn.Embedding(recipe["symbols"] + recipe["noise"], hidden)
        self.cell = CELLS[cell](hidden, hidden, batch_first=True)
        self.read = nn.Linear(hidden, recipe["symbols"])
        if cell == "lstm":  # forget-gate bias: remember by default (gate order i, f, g, o)
            with torch.no_grad():
                for name, bias in self.cell.named_parameters():
                    if name.startswith("bias_ih"):
                        bias[hidden : 2 * hidden].fill_(recipe["forget_bias"])

    def forward(self, embedded: torch.Tensor) -> torch.Tensor:
        states, _ = self.cell(embedded)
        return self.read(states[:, -1])


def gradient_profile(model: Recall, tokens: torch.Tensor, target: torch.Tensor) -> list[float]:
    """‖∂loss/∂x_t‖ for every input step t (mean over the batch): how much of the error signal reaches it."""
    embedded = model.embed(tokens).detach().requires_grad_(True)
    loss = nn.functional.cross_entropy(model(embedded), target, reduction="sum")
    (grad,) = torch.autograd.grad(loss, embedded)
    return (grad.norm(dim=2).mean(dim=0)).tolist()


def accuracy(model: Recall, tokens: torch.Tensor, target: torch.Tensor) -> float:
    with torch.no_grad():
        return (model(model.embed(tokens)).argmax(dim=1) == target).float().mean().item()


def learn(cell: str, length: int, recipe: dict[str, Any]) -> dict[str, Any]:
    """Train one cell at one length; the gradient profile before and after, held-out accuracy."""
    with deterministic(recipe["seed"]):
        data = torch.Generator().manual_seed(recipe["seed"] + length)
        held_out = batch(recipe, length, recipe["test_size"], torch.Generator().manual_seed(10_000 + length))
        model = Recall(cell, recipe)
        before = gradient_profile(model, *held_out)
        optimiser = torch.optim.Adam(model.parameters(), lr=recipe["lr"])
        for _ in range(recipe["steps"]):
            tokens, target = batch(recipe, length, recipe["batch"], data)
            loss = nn.functional.cross_entropy(model(model.embed(tokens)), target)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), recipe["clip"])
            optimiser.step()
        return {
            "cell": cell,
            "length": length,
            "accuracy": accuracy(model, *held_out),
            "gradient_before": before,
            "gradient_after": gradient_profile(model, *held_out),
        }
