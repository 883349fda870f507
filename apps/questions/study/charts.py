"""Geometry for the progress page's server-rendered SVG charts: pure functions from numbers to
coordinates in a fixed viewBox; the templates draw them (and carry the text alternatives)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 320
HEIGHT = 140
PAD_LEFT = 28  # room for the y-axis labels
PAD = 8


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


def _y(fraction: float) -> float:
    """0 → bottom of the plot, 1 → top."""
    return round(HEIGHT - PAD - fraction * (HEIGHT - 2 * PAD), 1)


def line(values: list[tuple[str, float]], *, top: float = 100.0) -> list[Point]:
    """Points evenly spaced left to right (one per attempt), y scaled to [0, top]."""
    if not values:
        return []
    span = WIDTH - PAD_LEFT - PAD
    step = span / max(len(values) - 1, 1)
    x0 = PAD_LEFT if len(values) > 1 else PAD_LEFT + span / 2
    return [
        Point(round(x0 + i * step, 1), _y(min(max(v / top, 0.0), 1.0)), label, v) for i, (label, v) in enumerate(values)
    ]


def polyline(points: list[Point]) -> str:
    return " ".join(f"{p.x},{p.y}" for p in points)


def level(value: float, *, top: float = 100.0) -> float:
    """The y of a horizontal rule (the pass mark, a grid line)."""
    return _y(value / top)


def bars(values: list[tuple[str, int]]) -> list[Bar]:
    if not values:
        return []
    span = WIDTH - PAD_LEFT - PAD
    slot = span / len(values)
    highest = max(max(v for _, v in values), 1)
    out = []
    for i, (label, v) in enumerate(values):
        top = _y(v / highest)
        out.append(
            Bar(round(PAD_LEFT + i * slot + slot * 0.15, 1), top, round(slot * 0.7, 1), round(_y(0) - top, 1), label, v)
        )
    return out


def nice_top(values: list[int]) -> int:
    """The y-axis maximum label for a bar chart (its tallest bar)."""
    return max(values, default=0)
