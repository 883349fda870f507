"""The ``qlearning-dqn`` artifact: DQN learning curves for every replay / target-network switch and seed.

Training a DQN takes seconds, too long for a request, so every combination the page offers is
trained here once and stored as JSON (returns, greedy-policy checkpoints, final Q-values).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from itertools import product
from pathlib import Path
from typing import Any

from apps.demos.engines.qlearning import gridworld as grid
from apps.demos.engines.registry import Artifact
from apps.demos.engines.spec import Progress, TrainSpec

SEEDS: tuple[int, ...] = (0, 1, 2)
SWITCHES: tuple[tuple[bool, bool], ...] = tuple(product((True, False), repeat=2))  # (replay, target)
_RUNS = "runs.json"

RECIPE: dict[str, Any] = {
    "layout": list(grid.LAYOUT),
    "rewards": {"goal": grid.GOAL_REWARD, "pit": grid.PIT_REWARD, "step": grid.STEP_REWARD},
    "max_steps": grid.MAX_STEPS,
    "features": "one-hot row + one-hot column",
    "hidden": 64,
    "episodes": 200,
    "gamma": 0.95,
    "lr": 0.001,
    "optimizer": "Adam (foreach)",
    "loss": "smooth L1",
    "epsilon_min": 0.05,
    "explore_fraction": 0.5,  # ε falls linearly from 1 to epsilon_min over this share of episodes
    "buffer": 2000,
    "batch": 32,
    "target_sync": 100,  # updates between copies of the online network into the target network
    "seeds": list(SEEDS),
}


def late_solve_rate(checkpoints: list[bool]) -> float:
    """Stability: the share of greedy-policy checks in the second half of training that reach the goal.
    A stable learner, once it has found the goal, keeps it; an unstable one loses it again."""
    late = checkpoints[len(checkpoints) // 2 :]
    return sum(late) / len(late)


def summarise(runs: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per switch setting, over seeds: the share solved at the end and the late solve rate."""
    summary = {}
    for replay, target in SWITCHES:
        chosen = [r for r in runs if r["replay"] == replay and r["target"] == target]
        summary[variant_name(replay, target)] = {
            "solved": sum(r["solved"] for r in chosen) / len(chosen),
            "late_solve_rate": sum(late_solve_rate(r["checkpoints"]) for r in chosen) / len(chosen),
        }
    return summary


def variant_name(replay: bool, target: bool) -> str:
    return f"replay={'on' if replay else 'off'},target={'on' if target else 'off'}"


def train(directory: Path, progress: Progress, required: Mapping[str, Artifact] | None = None) -> dict[str, Any]:
    from apps.demos.engines.qlearning import dqn  # torch, only when training

    started = time.process_time()
    runs = []
    jobs = [(replay, target, seed) for replay, target in SWITCHES for seed in SEEDS]
    for done, (replay, target, seed) in enumerate(jobs):
        progress(done / len(jobs), f"DQN {variant_name(replay, target)} seed {seed}")
        runs.append(dqn.learn(replay=replay, target=target, seed=seed, recipe=RECIPE).to_json())
    (directory / _RUNS).write_text(json.dumps(runs))
    summary = summarise(runs)
    progress(1.0, f"full DQN solved {summary[variant_name(True, True)]['solved']:.0%} of seeds")
    return {
        "metrics": {**summary, "train_cpu_seconds": round(time.process_time() - started, 2)},
        "seed": list(SEEDS),
        "data": {"recipe": "generated gridworld", "layout": list(grid.LAYOUT)},
    }


def gate(metadata: dict[str, Any]) -> str | None:
    full = metadata.get("metrics", {}).get(variant_name(True, True), {}).get("solved", 0.0)
    if full < 1.0:
        return f"DQN with replay and a target network solved only {full:.0%} of seeds"
    return None


def load(directory: Path) -> list[dict[str, Any]]:
    return json.loads((directory / _RUNS).read_text())


SPEC = TrainSpec(
    name="qlearning-dqn", demo="qlearning", recipe=RECIPE, train=train, load=load, gate=gate, expected_seconds=40.0
)
TRAIN_SPECS: list[TrainSpec] = [SPEC]
