"""Colour scales and contrast: hex colours, interpolated scales, WCAG luminance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

# viridis (matplotlib) at 9 evenly spaced stops: perceptually ordered, readable in greyscale and
# by colour-blind readers.
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#fde725")
# White to dark red (ColorBrewer "Reds"), for a probability from 0 to 1.
REDS = ("#fff5f0", "#fcbba1", "#fb6a4a", "#cb181d", "#67000d")
# Black, not the page's #1d1f23: only black reaches WCAG AA (4.5:1) on every colour of the red scale.
INK_DARK, INK_LIGHT = "#000000", "#ffffff"


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#rrggbb"`` as three 0–255 channels."""
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def hex_colour(channels: Iterable[float]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in channels)


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    channels = [c / 255 for c in rgb(colour)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (none) to 21."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def on_scale(stops: Sequence[str], value: float) -> str:
    """The colour at ``value`` (clipped to 0..1) on the scale through ``stops``, linearly."""
    x = min(max(value, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(x), len(stops) - 2)
    a, b = rgb(stops[i]), rgb(stops[i + 1])
    return hex_colour(ca + (cb - ca) * (x - i) for ca, cb in zip(a, b, strict=True))


def ink_on(background: str) -> str:
    """Dark or white text, whichever contrasts more with ``background``."""
    return INK_DARK if contrast(background, INK_DARK) >= contrast(background, INK_LIGHT) else INK_LIGHT


def heat(p: float, stops: Sequence[str] = REDS) -> tuple[str, str]:
    """Background for probability ``p`` and the ink to write on it."""
    background = on_scale(stops, p)
    return background, ink_on(background)


def lookup_table(stops: Sequence[str], size: int = 256) -> np.ndarray:
    """``size`` × 3 RGB floats along the scale, for colouring an array by index."""
    points = np.array([rgb(c) for c in stops], dtype=np.float32)
    where = np.linspace(0, 1, len(stops))
    return np.stack([np.interp(np.linspace(0, 1, size), where, points[:, ch]) for ch in range(3)], axis=1)
