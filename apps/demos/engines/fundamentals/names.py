"""The lab's choices by name, free of numpy, scikit-learn and torch: the manifest and the forms offer these."""

from __future__ import annotations

GATE_NAMES: tuple[str, ...] = ("and", "or", "xor")
KNOBS: tuple[str, ...] = ("tree", "width")  # digits capacity: decision-tree depth, MLP hidden width
REMEDIES: tuple[str, ...] = ("none", "more_data", "l2", "dropout")
TREE_DEPTHS: tuple[int, ...] = tuple(range(1, 11))  # the black box's tree surrogates
SURROGATES: tuple[str, ...] = (*(f"tree-{d}" for d in TREE_DEPTHS), "logistic")
STAGES: tuple[str, ...] = ("rules", "features", "scratch", "finetune", "prompt")
