"""The optimiser every model in the lab uses: AdamW, linear warm-up then linear decay to zero.

``params`` may be parameter groups; a group's own ``lr`` is scaled by the same schedule.
"""

from __future__ import annotations

from collections.abc import Iterable

import torch


def warmup_linear_adamw(
    params: Iterable[torch.nn.Parameter] | Iterable[dict],
    *,
    lr: float,
    steps: int,
    warmup: int,
    weight_decay: float = 0.01,
) -> tuple[torch.optim.AdamW, torch.optim.lr_scheduler.LambdaLR]:
    optimizer = torch.optim.AdamW(params, lr=lr, betas=(0.9, 0.98), weight_decay=weight_decay)

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (steps - step) / max(1, steps - warmup))

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
