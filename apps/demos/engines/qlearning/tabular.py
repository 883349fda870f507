"""Tabular Q-learning with ε-greedy exploration: Q(s,a) ← Q(s,a) + α·[r + γ·maxₐ' Q(s',a') − Q(s,a)].

Plain Python lists: the grid has 25 states, and a request can afford to learn it from scratch.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from apps.demos.engines.qlearning import gridworld as grid


@dataclass(frozen=True)
class TabularRun:
    q_table: list[list[float]]  # [state][action]
    returns: list[float]  # per episode
    td_errors: list[float]  # mean |TD error| per episode
    first_update: dict  # one worked update, for the page to spell out


def learn(*, episodes: int, alpha: float, gamma: float, epsilon: float, seed: int) -> TabularRun:
    rng = random.Random(seed)
    q = [[0.0] * grid.N_ACTIONS for _ in range(grid.N_STATES)]
    returns: list[float] = []
    td_errors: list[float] = []
    first_update: dict = {}
    for _ in range(episodes):
        state, total, errors, steps = grid.START, 0.0, 0.0, 0
        for _ in range(grid.MAX_STEPS):
            row = q[state]
            if rng.random() < epsilon:
                action = rng.randrange(grid.N_ACTIONS)
            else:  # ties broken at random, so an all-zero row does not always go "up"
                best = max(row)
                action = rng.choice([a for a in range(grid.N_ACTIONS) if row[a] == best])
            moved = grid.step(state, action)
            target = moved.reward + (0.0 if moved.done else gamma * max(q[moved.state]))
            td_error = target - row[action]
            if not first_update and moved.reward != grid.STEP_REWARD:
                first_update = {
                    "state": state,
                    "action": grid.ACTIONS[action],
                    "reward": moved.reward,
                    "next_state": moved.state,
                    "q_before": row[action],
                    "target": target,
                    "td_error": td_error,
                    "q_after": row[action] + alpha * td_error,
                }
            row[action] += alpha * td_error
            total += moved.reward
            errors += abs(td_error)
            steps += 1
            state = moved.state
            if moved.done:
                break
        returns.append(total)
        td_errors.append(errors / steps)
    return TabularRun(q, returns, td_errors, first_update)


def greedy_policy(q_table: list[list[float]]) -> list[int]:
    return [max(range(grid.N_ACTIONS), key=row.__getitem__) for row in q_table]
