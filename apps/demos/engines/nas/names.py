"""The search space's names, torch-free (the page and the manifest read them)."""

NODES = 4  # node 0 (the stem) and three computed nodes
EDGES: tuple[tuple[int, int], ...] = tuple((i, j) for j in range(1, NODES) for i in range(j))
OPERATION_NAMES: tuple[str, ...] = ("zero", "skip", "linear_relu", "linear_tanh", "linear_sigmoid")
N_EDGES = len(EDGES)


def search_space_size() -> int:
    return len(OPERATION_NAMES) ** len(EDGES)
