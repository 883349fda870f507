"""The gridworld both learners solve: walls, a goal (+1) and a pit (−1), deterministic moves.

Every step costs a little, so the shortest safe path scores best; bumping into a wall or the edge
leaves the agent where it was. An episode ends in the goal, in the pit or after ``MAX_STEPS``.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYOUT: tuple[str, ...] = (
    "S....",
    ".##.#",
    "...P.",
    ".#...",
    "...#G",
)
ACTIONS: tuple[str, ...] = ("up", "right", "down", "left")
MOVES: tuple[tuple[int, int], ...] = ((-1, 0), (0, 1), (1, 0), (0, -1))
GOAL_REWARD = 1.0
PIT_REWARD = -1.0
STEP_REWARD = -0.04
MAX_STEPS = 50

ROWS, COLS = len(LAYOUT), len(LAYOUT[0])
N_STATES = ROWS * COLS
N_ACTIONS = len(ACTIONS)


def _find(mark: str) -> int:
    return next(r * COLS + c for r, row in enumerate(LAYOUT) for c, cell in enumerate(row) if cell == mark)


START, GOAL, PIT = _find("S"), _find("G"), _find("P")
WALLS = frozenset(r * COLS + c for r, row in enumerate(LAYOUT) for c, cell in enumerate(row) if cell == "#")
TERMINAL = frozenset({GOAL, PIT})


@dataclass(frozen=True)
class Step:
    state: int
    reward: float
    done: bool


def step(state: int, action: int) -> Step:
    row, col = divmod(state, COLS)
    d_row, d_col = MOVES[action]
    row2, col2 = row + d_row, col + d_col
    target = row2 * COLS + col2
    if not (0 <= row2 < ROWS and 0 <= col2 < COLS) or target in WALLS:
        target = state
    if target == GOAL:
        return Step(target, GOAL_REWARD, True)
    if target == PIT:
        return Step(target, PIT_REWARD, True)
    return Step(target, STEP_REWARD, False)


def greedy_path(policy: list[int]) -> tuple[list[int], bool]:
    """Follow ``policy`` (an action per state) from the start: the cells visited and whether it reached the goal."""
    state, path = START, [START]
    for _ in range(MAX_STEPS):
        state = step(state, policy[state]).state
        path.append(state)
        if state in TERMINAL:
            return path, state == GOAL
    return path, False


def shortest_path_length() -> int:
    """Steps on the shortest wall- and pit-free path from start to goal (breadth-first search)."""
    frontier, seen, steps = [START], {START}, 0
    while frontier:
        if GOAL in frontier:
            return steps
        following = []
        for state in frontier:
            for action in range(N_ACTIONS):
                nxt = step(state, action).state
                if nxt not in seen and nxt != PIT:
                    seen.add(nxt)
                    following.append(nxt)
        frontier, steps = following, steps + 1
    raise ValueError("the goal is unreachable")
