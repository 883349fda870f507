"""Stage 1 of the five: a digit classifier written by hand, as if-then rules over shapes.

No data is learnt from: a person looked at digits and wrote down loops (holes), width and where
the ink sits. The rules are honest first guesses, and their accuracy is what it is — stage 1's
point is that hand-written rules break on handwriting they did not foresee.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

INK = 6  # a pixel (0–16) counts as ink above this


def shape_facts(pixels: np.ndarray) -> dict[str, float]:
    """Loops, their position and the ink's extent for one 8×8 image (64 pixels, 0–16)."""
    ink = pixels.reshape(8, 8) > INK
    background, count = ndimage.label(~ink)  # 4-connected background regions
    border = set(np.unique(np.concatenate([background[0], background[-1], background[:, 0], background[:, -1]])))
    holes = [region for region in range(1, count + 1) if region not in border]
    hole_rows = [float(np.argwhere(background == region)[:, 0].mean()) for region in holes]
    hole_size = sum(int((background == region).sum()) for region in holes)
    columns = np.flatnonzero(ink.any(axis=0))
    mass = ink.sum() or 1
    return {
        "holes": len(holes),
        "hole_row": float(np.mean(hole_rows)) if holes else -1.0,
        "hole_size": hole_size,
        "width": int(columns[-1] - columns[0] + 1) if len(columns) else 0,
        "top": float(ink[:2].sum() / mass),
        "bottom_left": float(ink[5:, :4].sum() / mass),
        "bottom": float(ink[6:].sum() / mass),
        "left": float(ink[:, :4].sum() / mass),
    }


def classify(pixels: np.ndarray) -> int:
    facts = shape_facts(pixels)
    if facts["holes"] >= 2:
        return 8
    if facts["holes"] == 1:
        if facts["hole_row"] < 3.0:
            return 9 if facts["bottom_left"] < 0.15 else 8
        if facts["hole_row"] > 4.0:
            return 6
        return 0 if facts["hole_size"] >= 4 else 4
    if facts["width"] <= 3:
        return 1
    if facts["top"] > 0.3 and facts["bottom_left"] < 0.1:
        return 7
    if facts["bottom"] > 0.25 and facts["bottom_left"] > 0.15:
        return 2
    if facts["left"] < 0.35:
        return 3
    return 5


def predict(images: np.ndarray) -> np.ndarray:
    return np.array([classify(image) for image in images])
