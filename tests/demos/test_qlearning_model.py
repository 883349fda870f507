"""Gridworld, tabular Q-learning and the stored DQN runs: who solves the grid, and how stably.

Stability is measured per replay/target switch over the seeds in ``SEEDS``: the share of seeds whose
final greedy policy reaches the goal, and the late solve rate (the share of greedy-policy checks, every
10 episodes in the second half of training, that reach the goal).
"""

from __future__ import annotations

import pytest

from apps.demos.engines.qlearning import SPEC, run
from apps.demos.engines.qlearning import gridworld as grid
from apps.demos.engines.qlearning.tabular import greedy_policy, learn
from apps.demos.engines.qlearning.trainer import gate, late_solve_rate, variant_name
from apps.demos.training import ensure_trained

FULL = variant_name(True, True)
ABLATIONS = [variant_name(r, t) for r, t in ((True, False), (False, True), (False, False))]


@pytest.fixture(scope="module")
def dqn_runs():
    return SPEC.load(ensure_trained(SPEC, echo=None).path)


def test_grid_moves_walls_and_terminals():
    assert grid.step(grid.START, grid.ACTIONS.index("up")).state == grid.START  # the edge
    below_start = grid.START + grid.COLS
    assert grid.step(below_start, grid.ACTIONS.index("right")).state == below_start  # a wall
    into_pit = grid.step(grid.PIT - 1, grid.ACTIONS.index("right"))
    assert (into_pit.reward, into_pit.done) == (grid.PIT_REWARD, True)
    into_goal = grid.step(grid.GOAL - grid.COLS, grid.ACTIONS.index("down"))
    assert (into_goal.reward, into_goal.done) == (grid.GOAL_REWARD, True)
    assert grid.shortest_path_length() == 8


def test_the_first_informative_update_follows_the_rule():
    table = learn(episodes=5, alpha=0.5, gamma=0.95, epsilon=1.0, seed=0)
    update = table.first_update
    assert update["td_error"] == pytest.approx(update["target"] - update["q_before"])
    assert update["q_after"] == pytest.approx(update["q_before"] + 0.5 * update["td_error"])


@pytest.mark.parametrize("seed", range(5))
def test_tabular_q_learning_greedy_policy_takes_a_shortest_path(seed):
    table = learn(episodes=300, alpha=0.5, gamma=0.95, epsilon=0.1, seed=seed)
    path, solved = grid.greedy_path(greedy_policy(table.q_table))
    assert solved and len(path) - 1 == grid.shortest_path_length()
    assert grid.PIT not in path


def test_too_few_episodes_do_not_solve_it():
    table = learn(episodes=1, alpha=0.5, gamma=0.95, epsilon=0.1, seed=0)
    assert not grid.greedy_path(greedy_policy(table.q_table))[1]


def test_late_solve_rate_and_gate():
    assert late_solve_rate([False] * 10 + [True, False] * 5) == 0.5
    assert gate({"metrics": {FULL: {"solved": 2 / 3}}}) is not None
    assert gate({"metrics": {FULL: {"solved": 1.0}}}) is None


@pytest.mark.model
def test_dqn_with_replay_and_target_network_solves_every_seed_and_stays_solved(dqn_runs):
    metrics = ensure_trained(SPEC, echo=None).metadata["metrics"]
    assert metrics[FULL]["solved"] == 1.0
    assert metrics[FULL]["late_solve_rate"] >= 0.8
    for name in ABLATIONS:
        assert metrics[name]["solved"] < 1.0, name
        assert metrics[name]["late_solve_rate"] <= metrics[FULL]["late_solve_rate"] - 0.2, name


@pytest.mark.model
def test_run_shows_both_learners(dqn_runs):
    result = run(dqn_runs, alpha=0.5, epsilon=0.1, episodes=300, seed=1, replay=False, target=False)
    assert result["tabular"]["solved"] and len(result["tabular"]["returns"]) == 300
    assert len(result["tabular"]["q_table"]) == grid.N_STATES
    dqn = result["dqn"]
    assert (dqn["replay"], dqn["target"], dqn["seed"]) == (False, False, 1)
    assert dqn["policy"]["solved"] == dqn["solved"]
    assert set(result["dqn_stability"]) == {FULL, *ABLATIONS}
