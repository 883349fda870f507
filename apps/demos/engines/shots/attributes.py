"""Class descriptions for zero-shot learning: which strokes each handwritten digit is drawn with.

Written here by hand (not learned): a digit either has an attribute or not, as a person would
describe it. The network learns to see the attributes on the seen digits only; an unseen digit
is then recognised from its description alone.
"""

from __future__ import annotations

import numpy as np

# (key, Korean, English)
ATTRIBUTES: tuple[tuple[str, str, str], ...] = (
    ("loop", "닫힌 고리", "a closed loop"),
    ("loop_top", "위쪽 고리", "a loop at the top"),
    ("loop_bottom", "아래쪽 고리", "a loop at the bottom"),
    ("vertical", "곧은 세로획", "a straight vertical stroke"),
    ("horizontal", "곧은 가로획", "a straight horizontal stroke"),
    ("diagonal", "사선 획", "a diagonal stroke"),
    ("curve_top", "위가 둥긂", "a rounded top"),
    ("curve_bottom", "아래가 둥긂", "a rounded bottom"),
    ("open_left", "왼쪽으로 열린 곡선", "a curve open to the left"),
)
ATTRIBUTE_KEYS = tuple(key for key, _, _ in ATTRIBUTES)

DESCRIPTIONS: dict[int, tuple[str, ...]] = {
    0: ("loop", "curve_top", "curve_bottom"),
    1: ("vertical",),
    2: ("horizontal", "diagonal", "curve_top"),
    3: ("curve_top", "curve_bottom", "open_left"),
    4: ("vertical", "horizontal"),
    5: ("horizontal", "curve_bottom", "open_left"),
    6: ("loop", "loop_bottom", "curve_bottom"),
    7: ("horizontal", "diagonal"),
    8: ("loop", "loop_top", "loop_bottom", "curve_top", "curve_bottom"),
    9: ("loop", "loop_top", "vertical", "curve_top"),
}
CLASSES = tuple(sorted(DESCRIPTIONS))
# Every attribute occurs in some seen digit and is absent from another, so each can be learned.
UNSEEN: tuple[int, ...] = (4, 6, 9)
SEEN: tuple[int, ...] = tuple(c for c in CLASSES if c not in UNSEEN)


def matrix() -> np.ndarray:
    """``(10, n_attributes)`` 0/1 matrix, row ``c`` describing digit ``c``."""
    rows = np.zeros((len(CLASSES), len(ATTRIBUTE_KEYS)), dtype=np.float32)
    for digit, keys in DESCRIPTIONS.items():
        for key in keys:
            rows[digit, ATTRIBUTE_KEYS.index(key)] = 1.0
    return rows
