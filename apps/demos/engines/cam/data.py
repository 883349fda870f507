"""Synthetic localisation data: one known object per cluttered grayscale image.

Every image is generated from a seed, so the training tensor (and its sha256) is reproducible.
Shapes are rasterised at 4x resolution and box-filtered for soft edges; digits come from
scikit-learn's bundled 8x8 ``load_digits`` images, upscaled. The digit images are split once
into a training pool and a held-out pool so held-out accuracy measures unseen handwriting.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F

SIZE = 40
SHAPES = ("circle", "square", "triangle", "cross")
DIGITS = (0, 2, 5, 7)
CLASSES: tuple[str, ...] = SHAPES + tuple(f"digit {d}" for d in DIGITS)

_SUPERSAMPLE = 4
_MIN_SIDE, _MAX_SIDE = 12, 22
_MAX_TILT_DEGREES = 20.0
_MAX_DIGIT_TILT_DEGREES = 12.0
_MAX_SPECKS = 9
_DIGIT_SPLIT_SEED = 0
_DIGIT_TRAIN_SHARE = 0.75

RECIPE: dict[str, object] = {
    "size": SIZE,
    "classes": list(CLASSES),
    "object_side_px": [_MIN_SIDE, _MAX_SIDE],
    "max_tilt_degrees": _MAX_TILT_DEGREES,
    "object_intensity": [0.65, 1.0],
    "digit_tilt_degrees": _MAX_DIGIT_TILT_DEGREES,
    "digit_width_scale": [0.75, 1.0],
    "box": "tight box of the pixels the object covers by more than 25%",
    "background": "uniform level 0-0.15 + gaussian noise sd 0.05 + 4-9 specks (1-3 px, 0.25-0.6)",
    "digits": "sklearn load_digits, per-digit split seed 0: 75% training pool, 25% held-out pool",
}


@dataclass(frozen=True)
class Dataset:
    images: np.ndarray  # (n, SIZE, SIZE) float32 in [0, 1]
    labels: np.ndarray  # (n,) int64 index into CLASSES
    boxes: np.ndarray  # (n, 4) int64 [left, top, right, bottom), pixel coordinates

    def __len__(self) -> int:
        return len(self.labels)


def tensor_sha256(images: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(images, dtype=np.float32).tobytes()).hexdigest()


@lru_cache(maxsize=2)
def _digit_pool(split: str) -> dict[int, np.ndarray]:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    rng = np.random.default_rng(_DIGIT_SPLIT_SEED)
    pool = {}
    for digit in DIGITS:
        idx = rng.permutation(np.flatnonzero(bunch.target == digit))
        cut = int(len(idx) * _DIGIT_TRAIN_SHARE)
        chosen = idx[:cut] if split == "train" else idx[cut:]
        pool[digit] = (bunch.images[chosen] / 16.0).astype(np.float32)
    return pool


def _shape_alpha(shape: str, side: int, tilt: float) -> np.ndarray:
    """Soft coverage mask (side x side) of a filled shape, tilted by ``tilt`` radians."""
    n = side * _SUPERSAMPLE
    coords = (np.arange(n) + 0.5) / n * 2.0 - 1.0  # [-1, 1] across the object's square
    yy, xx = np.meshgrid(coords, coords, indexing="ij")
    cos, sin = np.cos(tilt), np.sin(tilt)
    u, v = cos * xx + sin * yy, -sin * xx + cos * yy  # rotated coordinates
    if shape == "circle":
        mask = xx**2 + yy**2 <= 0.95**2
    elif shape == "square":
        mask = (np.abs(u) <= 0.68) & (np.abs(v) <= 0.68)
    elif shape == "triangle":
        # Upward triangle: below the two slanted edges, above the base.
        mask = (v <= 0.6) & (v >= 1.73 * np.abs(u) - 0.9)
    elif shape == "cross":
        arm, reach = 0.24, 0.92
        mask = ((np.abs(u) <= arm) & (np.abs(v) <= reach)) | ((np.abs(v) <= arm) & (np.abs(u) <= reach))
    else:
        raise KeyError(shape)
    return mask.reshape(side, _SUPERSAMPLE, side, _SUPERSAMPLE).mean(axis=(1, 3))


def _digit_alpha(glyph: np.ndarray, side: int, tilt: float, squeeze: float) -> np.ndarray:
    """Upscale an 8x8 glyph to side x side, tilted and narrowed (handwriting varies more
    than the 135 training glyphs per digit show)."""
    cos, sin = np.cos(tilt), np.sin(tilt)
    # affine_grid maps output coordinates to input coordinates: undo squeeze, then rotate.
    theta = torch.tensor([[[cos / squeeze, -sin, 0.0], [sin / squeeze, cos, 0.0]]], dtype=torch.float32)
    grid = F.affine_grid(theta, [1, 1, side, side], align_corners=False)
    up = F.grid_sample(torch.from_numpy(glyph)[None, None], grid, align_corners=False)
    return up[0, 0].clamp(0, 1).numpy()


def _backgrounds(n: int, rng: np.random.Generator) -> np.ndarray:
    """Dim uneven level + sensor noise + a few bright specks (clutter that is not an object)."""
    imgs = rng.standard_normal((n, SIZE, SIZE), dtype=np.float32) * np.float32(0.05)
    imgs += rng.uniform(0.0, 0.15, (n, 1, 1)).astype(np.float32)
    counts = rng.integers(4, _MAX_SPECKS + 1, n)
    pixels = np.arange(SIZE)
    for slot in range(_MAX_SPECKS):
        h, w = rng.integers(1, 4, (2, n))
        top, left = rng.integers(0, SIZE - h), rng.integers(0, SIZE - w)
        level = rng.uniform(0.25, 0.6, n)
        rows = (pixels >= top[:, None]) & (pixels < (top + h)[:, None])
        cols = (pixels >= left[:, None]) & (pixels < (left + w)[:, None])
        hit = rows[:, :, None] & cols[:, None, :] & (slot < counts)[:, None, None]
        np.copyto(imgs, np.broadcast_to(level[:, None, None], imgs.shape), where=hit, casting="unsafe")
    return imgs


def _object_alpha(label: int, side: int, rng: np.random.Generator, split: str) -> np.ndarray:
    if label < len(SHAPES):
        tilt = np.deg2rad(rng.uniform(-_MAX_TILT_DEGREES, _MAX_TILT_DEGREES))
        return _shape_alpha(CLASSES[label], side, tilt)
    glyphs = _digit_pool(split)[DIGITS[label - len(SHAPES)]]
    tilt = np.deg2rad(rng.uniform(-_MAX_DIGIT_TILT_DEGREES, _MAX_DIGIT_TILT_DEGREES))
    return _digit_alpha(glyphs[rng.integers(len(glyphs))], side, tilt, rng.uniform(0.75, 1.0))


def generate(n: int, seed: int, split: str = "heldout") -> Dataset:
    """``n`` images with balanced labels; ``split`` picks the digit pool ("train" or "heldout")."""
    if split not in ("train", "heldout"):
        raise ValueError(f"unknown split {split!r}")
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % len(CLASSES)).astype(np.int64)
    images = _backgrounds(n, rng)
    sides = rng.integers(_MIN_SIDE, _MAX_SIDE + 1, n)
    corners = rng.integers(0, SIZE - sides[:, None] + 1, (n, 2))  # top, left
    intensity = rng.uniform(0.65, 1.0, n)
    boxes = np.empty((n, 4), dtype=np.int64)
    for i, (label, side, (top, left)) in enumerate(zip(labels, sides, corners, strict=True)):
        alpha = _object_alpha(int(label), int(side), rng, split)
        patch = images[i, top : top + side, left : left + side]
        patch *= 1.0 - alpha
        patch += alpha * intensity[i]
        rows, cols = np.nonzero(alpha > 0.25)
        boxes[i] = (left + cols.min(), top + rows.min(), left + cols.max() + 1, top + rows.max() + 1)
    return Dataset(np.clip(images, 0.0, 1.0), labels, boxes)
