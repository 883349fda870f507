"""Drawing an attempt's questions: pure and reproducible from the attempt's seed."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class FixedSlot:
    question_id: int


@dataclass(frozen=True)
class RandomSlot:
    candidates: tuple[int, ...]  # published question ids in the topic (and below it)
    count: int


def draw(slots: list[FixedSlot | RandomSlot], *, seed: int, shuffle: bool) -> list[int]:
    """Question ids for an attempt. A question appears at most once; a random slot whose pool
    is short gives what it has. The same seed always gives the same list."""
    rng = random.Random(seed)
    fixed = {s.question_id for s in slots if isinstance(s, FixedSlot)}
    chosen: list[int] = []
    taken: set[int] = set()
    for slot in slots:
        if isinstance(slot, FixedSlot):
            if slot.question_id not in taken:
                chosen.append(slot.question_id)
                taken.add(slot.question_id)
            continue
        pool = sorted(set(slot.candidates) - taken - fixed)
        picked = rng.sample(pool, min(slot.count, len(pool)))
        chosen.extend(picked)
        taken.update(picked)
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def choice_rng(seed: int, question_id: int) -> random.Random:
    """Each question's choice order has its own stream, so it does not depend on the others."""
    return random.Random(f"{seed}:{question_id}")
