"""What the qlearning page and API show: tabular Q-learning learned per request, stored DQN runs."""

from __future__ import annotations

from typing import Any

from apps.demos.engines.errors import InputError, number, whole_number
from apps.demos.engines.qlearning import gridworld as grid
from apps.demos.engines.qlearning import tabular
from apps.demos.engines.qlearning.trainer import RECIPE, SEEDS, summarise, variant_name
from apps.demos.engines.text import gettext_noop

DEFAULTS: dict[str, Any] = {"alpha": 0.5, "epsilon": 0.1, "episodes": 300, "seed": 0, "replay": True, "target": True}
EPISODES_MAX = 1000
SEED_MAX = 999
ALPHA_MIN = 0.01


def grid_json() -> dict[str, Any]:
    return {
        "layout": list(grid.LAYOUT),
        "rows": grid.ROWS,
        "cols": grid.COLS,
        "start": grid.START,
        "goal": grid.GOAL,
        "pit": grid.PIT,
        "walls": sorted(grid.WALLS),
        "actions": list(grid.ACTIONS),
        "shortest_path": grid.shortest_path_length(),
    }


def _policy_json(policy: list[int]) -> dict[str, Any]:
    path, solved = grid.greedy_path(policy)
    return {"actions": [grid.ACTIONS[a] for a in policy], "path": path, "solved": solved}


def run(
    dqn_runs: list[dict[str, Any]],
    *,
    alpha: float = DEFAULTS["alpha"],
    epsilon: float = DEFAULTS["epsilon"],
    episodes: int = DEFAULTS["episodes"],
    seed: int = DEFAULTS["seed"],
    replay: bool = DEFAULTS["replay"],
    target: bool = DEFAULTS["target"],
) -> dict[str, Any]:
    """Tabular Q-learning with these settings, beside the stored DQN run with these switches."""
    alpha = number("alpha", alpha, ALPHA_MIN, 1.0)
    epsilon = number("epsilon", epsilon, 0.0, 1.0)
    episodes = whole_number("episodes", episodes, 1, EPISODES_MAX)
    seed = whole_number("seed", seed, 0, SEED_MAX)
    for field, value in (("replay", replay), ("target", target)):
        if not isinstance(value, bool):
            raise InputError(field, gettext_noop("Choose on or off."))
    table = tabular.learn(episodes=episodes, alpha=alpha, gamma=RECIPE["gamma"], epsilon=epsilon, seed=seed)
    tabular_policy = _policy_json(tabular.greedy_policy(table.q_table))
    dqn_seed = seed % len(SEEDS)
    chosen = next(
        r for r in dqn_runs if r["replay"] == replay and r["target"] == target and r["seed"] == SEEDS[dqn_seed]
    )
    dqn_policy = _policy_json([max(range(grid.N_ACTIONS), key=row.__getitem__) for row in chosen["q_table"]])
    return {
        "grid": grid_json(),
        "gamma": RECIPE["gamma"],
        "tabular": {
            "alpha": alpha,
            "epsilon": epsilon,
            "episodes": episodes,
            "seed": seed,
            "returns": [round(r, 3) for r in table.returns],
            "td_errors": [round(e, 4) for e in table.td_errors],
            "q_table": [[round(v, 4) for v in row] for row in table.q_table],
            "policy": tabular_policy,
            "solved": tabular_policy["solved"],
            "example_update": table.first_update,
        },
        "dqn": {
            "replay": replay,
            "target": target,
            "seed": chosen["seed"],
            "episodes": RECIPE["episodes"],
            "returns": chosen["returns"],
            "checkpoints": chosen["checkpoints"],
            "q_table": chosen["q_table"],
            "policy": dqn_policy,
            "solved": chosen["solved"],
        },
        "dqn_stability": summarise(dqn_runs),
        "variant": variant_name(replay, target),
    }
