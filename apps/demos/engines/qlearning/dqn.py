"""A small deep Q-network on the same grid, with experience replay and a target network each switchable.

The network sees a state as a one-hot vector and outputs one Q-value per action. With replay, each
update learns from a random minibatch of past transitions (breaking the correlation between
consecutive steps); without, from the latest transition alone. With a target network, the TD target
r + γ·maxₐ' Q̂(s',a') comes from a copy of the network refreshed every ``target_sync`` updates;
without, from the network being updated (the target moves with every step).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from apps.demos.engines.qlearning import gridworld as grid
from apps.demos.engines.seeding import deterministic

EVAL_EVERY = 10  # episodes between checks of the greedy policy


N_FEATURES = grid.ROWS + grid.COLS


def network(hidden: int) -> nn.Module:
    return nn.Sequential(nn.Linear(N_FEATURES, hidden), nn.ReLU(), nn.Linear(hidden, grid.N_ACTIONS))


# A state is its row and its column, each one-hot: cells in the same row or column share features,
# so (unlike a table) an update to one cell moves the Q-values of others.
_FEATURES = torch.cat(
    [
        F.one_hot(torch.arange(grid.N_STATES) // grid.COLS, grid.ROWS),
        F.one_hot(torch.arange(grid.N_STATES) % grid.COLS, grid.COLS),
    ],
    dim=1,
).float()


def one_hot(states: list[int]) -> torch.Tensor:
    return _FEATURES[states]


def q_values(net: nn.Module) -> list[list[float]]:
    with torch.no_grad():
        return net(_FEATURES).tolist()


def greedy_policy(net: nn.Module) -> list[int]:
    with torch.no_grad():
        return net(_FEATURES).argmax(dim=1).tolist()


@dataclass(frozen=True)
class DqnRun:
    replay: bool
    target: bool
    seed: int
    returns: list[float]  # per episode
    checkpoints: list[bool]  # greedy policy solved the grid, every EVAL_EVERY episodes
    q_table: list[list[float]]  # the final network's Q-values, one row per state
    solved: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "replay": self.replay,
            "target": self.target,
            "seed": self.seed,
            "returns": [round(r, 3) for r in self.returns],
            "checkpoints": self.checkpoints,
            "q_table": [[round(v, 4) for v in row] for row in self.q_table],
            "solved": self.solved,
        }


def learn(*, replay: bool, target: bool, seed: int, recipe: dict[str, Any]) -> DqnRun:
    rng = random.Random(seed)
    with deterministic(seed):
        online = network(recipe["hidden"])
        frozen = copy.deepcopy(online) if target else online
        optimizer = torch.optim.Adam(online.parameters(), lr=recipe["lr"], foreach=True)
        buffer: list[tuple[int, int, float, int, bool]] = []
        returns, checkpoints, updates = [], [], 0
        episodes = recipe["episodes"]
        for episode in range(episodes):
            # ε decays linearly from 1 to its floor over the first part of training
            epsilon = max(recipe["epsilon_min"], 1.0 - episode / (recipe["explore_fraction"] * episodes))
            state, total = grid.START, 0.0
            for _ in range(grid.MAX_STEPS):
                if rng.random() < epsilon:
                    action = rng.randrange(grid.N_ACTIONS)
                else:
                    with torch.no_grad():
                        action = int(online(one_hot([state])).argmax())
                moved = grid.step(state, action)
                transition = (state, action, moved.reward, moved.state, moved.done)
                if replay:
                    buffer.append(transition)
                    del buffer[: -recipe["buffer"]]
                    batch = rng.sample(buffer, min(recipe["batch"], len(buffer)))
                else:
                    batch = [transition]
                states, actions, rewards, nexts, dones = zip(*batch, strict=True)
                with torch.no_grad():
                    best_next = frozen(one_hot(list(nexts))).max(dim=1).values
                    goal = torch.tensor(rewards) + recipe["gamma"] * best_next * (
                        1 - torch.tensor(dones, dtype=torch.float)
                    )
                predicted = online(one_hot(list(states))).gather(1, torch.tensor(actions)[:, None]).squeeze(1)
                loss = F.smooth_l1_loss(predicted, goal)
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
                updates += 1
                if target and updates % recipe["target_sync"] == 0:
                    frozen.load_state_dict(online.state_dict())
                total += moved.reward
                state = moved.state
                if moved.done:
                    break
            returns.append(total)
            if (episode + 1) % EVAL_EVERY == 0:
                checkpoints.append(grid.greedy_path(greedy_policy(online))[1])
        solved = grid.greedy_path(greedy_policy(online))[1]
        return DqnRun(replay, target, seed, returns, checkpoints, q_values(online), solved)
