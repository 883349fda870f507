"""Reinforcement-learning lab: tabular Q-learning vs DQN on a gridworld — page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, Router, Schema
from pydantic import StrictBool

from apps.demos import loaded, manifest
from apps.demos.engines.errors import one_of
from apps.demos.engines.qlearning.lab import ALPHA_MIN, DEFAULTS, EPISODES_MAX, SEED_MAX
from apps.demos.pictures.plot import line_chart
from apps.demos.web.fields import Number, WholeNumber
from apps.demos.web.forms import query_int, query_number, run_page

router = Router(tags=["reinforcement-learning lab"])
(NAME,) = manifest.demo("qlearning").requires
SWITCH = ("on", "off")
ARROWS = {"up": "↑", "right": "→", "down": "↓", "left": "←"}
ACTION_NAMES = {
    "up": gettext_noop("up"),
    "right": gettext_noop("right"),
    "down": gettext_noop("down"),
    "left": gettext_noop("left"),
}
CELL = 44  # px per grid cell in the SVG


class QLearningIn(Schema):
    alpha: Number = Field(DEFAULTS["alpha"], description=f"Learning rate α ({ALPHA_MIN}-1).")
    epsilon: Number = Field(DEFAULTS["epsilon"], description="ε-greedy exploration rate (0-1).")
    episodes: WholeNumber = Field(DEFAULTS["episodes"], description=f"Tabular episodes (1-{EPISODES_MAX}).")
    seed: WholeNumber = Field(DEFAULTS["seed"], description=f"Seed (0-{SEED_MAX}); the DQN run shown is seed mod 3.")
    replay: StrictBool = Field(True, description="DQN with an experience-replay buffer.")
    target: StrictBool = Field(True, description="DQN with a target network.")


class QLearningOut(Schema):
    grid: dict[str, Any]
    gamma: float
    tabular: dict[str, Any] = Field(..., description="returns, td_errors, q_table, policy, solved, example_update")
    dqn: dict[str, Any] = Field(..., description="returns, checkpoints, q_table, policy, solved")
    dqn_stability: dict[str, dict[str, float]] = Field(
        ..., description="Per replay/target setting over 3 seeds: share solved, late solve rate."
    )
    variant: str


def _run(**settings: Any) -> dict[str, Any]:
    from apps.demos.engines.qlearning import run

    return run(loaded.get(NAME), **settings)


@router.post("/qlearning/", response=QLearningOut, summary="Tabular Q-learning and a DQN on the same gridworld")
def qlearning_api(request: HttpRequest, payload: QLearningIn):
    return _run(**payload.dict())


def _moving_mean(values: list[float], window: int = 10) -> list[tuple[int, float]]:
    points, total = [], 0.0
    for i, v in enumerate(values):
        total += v - (values[i - window] if i >= window else 0.0)
        points.append((i + 1, total / min(i + 1, window)))
    return points


def grid_cells(grid: dict[str, Any], policy: dict[str, Any], q_table: list[list[float]]) -> dict[str, Any]:
    """SVG cells: walls, start, goal, pit, the greedy action as an arrow and max Q as a number."""
    on_path = set(policy["path"])
    cells = []
    for state in range(grid["rows"] * grid["cols"]):
        row, col = divmod(state, grid["cols"])
        if state in grid["walls"]:
            kind, mark = "wall", ""
        elif state == grid["goal"]:
            kind, mark = "goal", "G"
        elif state == grid["pit"]:
            kind, mark = "pit", "P"
        else:
            kind, mark = ("path" if state in on_path else ""), ARROWS[policy["actions"][state]]
        value = "" if kind in ("wall", "goal", "pit") else f"{max(q_table[state]):.2f}"
        cells.append({"x": col * CELL, "y": row * CELL, "kind": kind, "mark": mark, "value": value})
    return {"cells": cells, "size": CELL, "width": grid["cols"] * CELL, "height": grid["rows"] * CELL}


def _switch(request: HttpRequest, name: str) -> bool:
    return one_of(name, request.GET.get(name) or "on", SWITCH) == "on"


def _compute(request: HttpRequest) -> dict[str, Any]:
    result = _run(
        alpha=query_number(request.GET.get("alpha"), "alpha", DEFAULTS["alpha"]),
        epsilon=query_number(request.GET.get("epsilon"), "epsilon", DEFAULTS["epsilon"]),
        episodes=query_int(request.GET.get("episodes"), "episodes", DEFAULTS["episodes"]),
        seed=query_int(request.GET.get("seed"), "seed", DEFAULTS["seed"]),
        replay=_switch(request, "replay"),
        target=_switch(request, "target"),
    )
    tabular, dqn = result["tabular"], result["dqn"]
    stability = [
        {"name": name, "solved": round(100 * row["solved"]), "late": round(100 * row["late_solve_rate"])}
        for name, row in result["dqn_stability"].items()
    ]
    update = tabular["example_update"]
    if update:
        update["action_shown"] = f"{ARROWS[update['action']]} {_(ACTION_NAMES[update['action']])}"
    return {
        **result,
        "tabular_grid": grid_cells(result["grid"], tabular["policy"], tabular["q_table"]),
        "dqn_grid": grid_cells(result["grid"], dqn["policy"], dqn["q_table"]),
        "curve": line_chart(
            [
                {"key": "tabular", "points": _moving_mean(tabular["returns"])},
                {"key": "dqn", "points": _moving_mean(dqn["returns"])},
            ]
        ),
        "curve_keys": [
            {"key": "tabular", "name": _("tabular Q-learning")},
            {"key": "dqn", "name": _("DQN (the chosen switches)")},
        ],
        "stability": stability,
        "dqn_checks": "".join("✓" if c else "·" for c in dqn["checkpoints"]),
    }


def page(request: HttpRequest):
    context: dict[str, Any] = {
        **{k: request.GET.get(k, v) for k, v in DEFAULTS.items() if k not in ("replay", "target")},
        "replay": request.GET.get("replay", "on"),
        "target": request.GET.get("target", "on"),
        "episodes_max": EPISODES_MAX,
        "alpha_min": ALPHA_MIN,
        "seed_max": SEED_MAX,
    }
    return run_page(request, "qlearning", context, lambda: _compute(request))
