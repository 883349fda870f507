"""The bundled scikit-learn digits and the augmentation that stretches them into a stream.

``load_digits`` ships 1,797 8×8 images with integer pixels 0–16, too few for weeks of
daily serving batches, so records are drawn from source images and augmented:

1. sub-pixel shift: dx, dy ~ U(-0.3, 0.3) px, bilinear interpolation, blank fill;
2. noise on the ink only: + N(0, 0.5) on pixels > 0 (the blank background stays exactly 0,
   so border pixels remain constant, as in the original data);
3. round to integers and clip to 0–16, so an augmented record keeps the source schema.

Everything is driven by a ``numpy.random.Generator``: the same seed gives the same records.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from sklearn.datasets import load_digits

N_FEATURES = 64
N_CLASSES = 10
PIXEL_MAX = 16.0
SHIFT_PX = 0.3
INK_NOISE = 0.5
FEATURE_NAMES = tuple(f"px_{row}_{col}" for row in range(8) for col in range(8))


@lru_cache(maxsize=1)
def digits() -> tuple[np.ndarray, np.ndarray]:
    """``(images (1797, 64) float, labels (1797,) int)``; read-only, shared."""
    bunch = load_digits()
    images = bunch.data.astype(float)
    labels = bunch.target.astype(int)
    images.setflags(write=False)
    labels.setflags(write=False)
    return images, labels


def data_sha256() -> str:
    images, labels = digits()
    return hashlib.sha256(images.tobytes() + labels.tobytes()).hexdigest()


def _shift(images: np.ndarray, amount: np.ndarray, axis: int) -> np.ndarray:
    """Move each image by ``amount`` (|amount| ≤ 1) pixels along ``axis``, blank fill."""
    forward = np.roll(images, 1, axis=axis)
    backward = np.roll(images, -1, axis=axis)
    first = [slice(None)] * 3
    last = [slice(None)] * 3
    first[axis], last[axis] = 0, -1
    forward[tuple(first)] = 0.0
    backward[tuple(last)] = 0.0
    ahead = np.clip(amount, 0.0, None)[:, None, None]
    behind = np.clip(-amount, 0.0, None)[:, None, None]
    return (1.0 - ahead - behind) * images + ahead * forward + behind * backward


def augment(images: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """New records from source ``images`` (n, 64): small shifts and ink noise (see module doc)."""
    n = len(images)
    grid = images.reshape(n, 8, 8)
    grid = _shift(grid, rng.uniform(-SHIFT_PX, SHIFT_PX, n), axis=2)
    grid = _shift(grid, rng.uniform(-SHIFT_PX, SHIFT_PX, n), axis=1)
    grid = grid + (grid > 0) * rng.normal(0.0, INK_NOISE, grid.shape)
    return np.clip(np.rint(grid), 0.0, PIXEL_MAX).reshape(n, N_FEATURES)
