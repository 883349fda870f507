"""The optimiser every model in the lab uses: AdamW with warm-up, a plateau and a linear cool-down.

Pretraining holds the peak learning rate until the last quarter of the steps: with a fixed,
small step budget that reached a clearly better MLM than decaying linearly from the start
(held-out top-1 about 0.29 against 0.25 for the same time). Fine-tuning decays over all steps.
``params`` may be parameter groups; a group's own ``lr`` follows the same schedule.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch


def scheduled_adamw(
    params: Iterable[torch.nn.Parameter] | Iterable[dict],
    *,
    lr: float,
    steps: int,
    warmup: int,
    cooldown: float,
    weight_decay: float = 0.01,
) -> tuple[torch.optim.AdamW, torch.optim.lr_scheduler.LambdaLR]:
    """Linear warm-up over ``warmup`` steps, then constant, then linearly to zero over the last
    ``cooldown`` fraction of ``steps`` (``cooldown=1`` decays all the way from the warm-up)."""
    optimizer = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.98), weight_decay=weight_decay)
    cooldown_steps = max(1, round(cooldown * steps))

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return min(1.0, max(0.0, (steps - step) / cooldown_steps))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
