"""The data every fundamentals demo uses: generated 1-D curves and scikit-learn's bundled sets.

Nothing is downloaded: ``load_digits`` (1,797 8×8 handwritten digits, pixels 0–16) and
``load_breast_cancer`` (569 tumours, 30 measurements, malignant/benign) ship with scikit-learn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.model_selection import train_test_split

DIGITS_SPLIT_SEED = 0
# One fixed stratified split of load_digits, shared by the black box, the fitting curves and the
# five stages: a pool of other writers' digits that only pre-training sees, the task's labelled
# training pool, and the test images every number on the pages is measured on.
PRETRAIN_SHARE, TEST_SHARE = 0.45, 0.2


@dataclass(frozen=True)
class Split:
    x: np.ndarray  # (n, 64) float pixels 0–16
    y: np.ndarray  # (n,) int labels 0–9
    index: np.ndarray  # (n,) row numbers in load_digits, for showing an image

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class DigitSplits:
    pretrain: Split
    train: Split
    test: Split


def _frozen(*arrays: np.ndarray) -> None:
    for array in arrays:
        array.setflags(write=False)


@lru_cache(maxsize=1)
def digit_splits() -> DigitSplits:
    images, y = _digits()
    x = images.reshape(len(y), 64)
    rows = np.arange(len(y))
    rest, test = train_test_split(rows, test_size=TEST_SHARE, random_state=DIGITS_SPLIT_SEED, stratify=y)
    pretrain, train = train_test_split(
        rest, test_size=1 - PRETRAIN_SHARE / (1 - TEST_SHARE), random_state=DIGITS_SPLIT_SEED, stratify=y[rest]
    )
    parts = []
    for part in (pretrain, train, test):
        part = np.sort(part)
        split = Split(x[part], y[part], part)
        _frozen(split.x, split.y, split.index)
        parts.append(split)
    return DigitSplits(*parts)


@lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    """load_digits' images (1797, 8, 8) and labels, read once (parsing its CSV takes ~60 ms)."""
    bunch = load_digits()
    images, labels = bunch.images.astype(np.float64), bunch.target.astype(np.int64)
    _frozen(images, labels)
    return images, labels


def digits_sha256() -> str:
    images, labels = _digits()
    return hashlib.sha256(images.reshape(len(labels), 64).tobytes() + labels.tobytes()).hexdigest()


def digit_image(row: int) -> list[list[int]]:
    """One load_digits image as 8 rows of 0–16 pixel values (for drawing)."""
    return _digits()[0][row].astype(int).tolist()


@dataclass(frozen=True)
class Tumours:
    x: np.ndarray  # (569, 30)
    y: np.ndarray  # (569,) 1 = malignant, 0 = benign
    features: tuple[str, ...]


@lru_cache(maxsize=1)
def tumours() -> Tumours:
    """Breast-cancer data with malignant as the positive class (scikit-learn codes benign as 1)."""
    bunch = load_breast_cancer()
    x, y = bunch.data.astype(np.float64), (bunch.target == 0).astype(np.int64)
    _frozen(x, y)
    return Tumours(x, y, tuple(str(name) for name in bunch.feature_names))


def true_curve(x: np.ndarray) -> np.ndarray:
    """The function the noisy 1-D points are drawn around: a smooth cubic-like wave."""
    return np.sin(2.2 * x) + 0.3 * x


def noisy_points(n: int, noise: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points with x ~ U(-1, 1) and y = true_curve(x) + N(0, noise²), reproducible by seed."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, n)
    return x, true_curve(x) + rng.normal(0.0, noise, n)
