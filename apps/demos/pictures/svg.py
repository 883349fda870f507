"""Geometry of the server-rendered SVG charts: the template draws, this module places.

``timeline_chart`` lays out a line per series (accuracy by day) over a band of event lanes, as
the MLOps lab shows it; ``marker_path`` gives each event kind its own shape, so the chart does
not rely on colour alone. The template gives every chart a ``<title>`` and a ``<desc>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

WIDTH, LEFT, RIGHT = 720, 88, 16
PLOT_TOP, PLOT_BOTTOM = 32, 236  # room above the plot for the onset label
TICK_LABEL_Y, CAPTION_Y = PLOT_BOTTOM + 8, PLOT_BOTTOM + 42  # x tick labels; "day" and the lanes' caption
LANE_TOP, LANE_HEIGHT = PLOT_BOTTOM + 76, 28
MARKER_R = 6.5
SHAPES = ("triangle-up", "square", "circle", "diamond", "cross", "triangle-down", "triangle-right")


def marker_path(shape: str, r: float = MARKER_R) -> str:
    """An SVG path for a marker of ``shape`` (one of ``SHAPES``) centred on (0, 0)."""
    h = r * 0.87
    paths = {
        "triangle-up": f"M0 {-r}L{h} {r / 2}L{-h} {r / 2}Z",
        "square": f"M{-r * 0.8} {-r * 0.8}h{r * 1.6}v{r * 1.6}h{-r * 1.6}Z",
        "circle": f"M{-r} 0a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z",
        "diamond": f"M0 {-r}L{r} 0L0 {r}L{-r} 0Z",
        "cross": (
            f"M{-r} {-r * 0.6}L{-r * 0.6} {-r}L0 {-r * 0.4}L{r * 0.6} {-r}L{r} {-r * 0.6}L{r * 0.4} 0"
            f"L{r} {r * 0.6}L{r * 0.6} {r}L0 {r * 0.4}L{-r * 0.6} {r}L{-r} {r * 0.6}L{-r * 0.4} 0Z"
        ),
        "triangle-down": f"M0 {r}L{h} {-r / 2}L{-h} {-r / 2}Z",
        "triangle-right": f"M{r} 0L{-r / 2} {h}L{-r / 2} {-h}Z",
    }
    return paths[shape]


def y_scale(lowest: float) -> tuple[float, float]:
    """The accuracy axis's lower end and tick step: at most six labelled ticks."""
    lowest = max(0.0, lowest - 0.02)
    step = 0.2 if lowest < 0.5 else 0.1 if lowest < 0.75 else 0.05
    return math.floor(lowest / step) * step, step


def steps(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [round(start + i * step, 2) for i in range(count + 1)]


def timeline_chart(
    series: Mapping[int, Sequence[tuple[int, float]]],
    chosen: int,
    events: Sequence[tuple[int, str]],
    lanes: Sequence[str],
    shapes: Mapping[str, str],
    labels: Mapping[str, Any],
    onset: int | None,
) -> dict[str, Any]:
    """Where everything goes: one line per ``series`` (key -> (day, accuracy) pairs, the
    ``chosen`` one on top with dots), the ``events`` (day, kind) of the chosen series in one lane
    per kind of ``lanes``, drawn with ``shapes[kind]`` and titled ``labels[kind]``, and a band
    from the ``onset`` day (None: no band)."""
    days = len(series[chosen])
    low, step = y_scale(min(accuracy for points in series.values() for _, accuracy in points))
    span = WIDTH - LEFT - RIGHT

    def x(day: float) -> float:
        return round(LEFT + (span / 2 if days == 1 else (day - 1) / (days - 1) * span), 1)

    def y(accuracy: float) -> float:
        return round(PLOT_BOTTOM - (accuracy - low) / (1 - low) * (PLOT_BOTTOM - PLOT_TOP), 1)

    def lane_top(kind: str) -> int:
        return LANE_TOP + lanes.index(kind) * LANE_HEIGHT

    def lane_mid(kind: str) -> float:
        return lane_top(kind) + LANE_HEIGHT / 2

    day_step = next(s for s in (1, 2, 5, 10, 20) if days / s <= 8)
    lines = sorted(
        (
            {"level": key, "points": " ".join(f"{x(d)},{y(a)}" for d, a in points), "chosen": key == chosen}
            for key, points in sorted(series.items())
        ),
        key=lambda line: line["chosen"],  # the chosen line is drawn last, on top
    )
    onset_x = x(onset) if onset is not None and onset <= days else None
    height = LANE_TOP + len(lanes) * LANE_HEIGHT + 4
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "plot_top": PLOT_TOP,
        "plot_bottom": PLOT_BOTTOM,
        "plot_width": span,
        "plot_height": PLOT_BOTTOM - PLOT_TOP,
        "lane_bottom": height - 4,
        "tick_label_y": TICK_LABEL_Y,
        "caption_y": CAPTION_Y,
        "center": round(LEFT + span / 2),
        "y_ticks": [{"y": y(v), "label": f"{v:.0%}"} for v in steps(low, 1.0, step)],
        "x_ticks": [{"x": x(d), "label": d} for d in range(1, days + 1) if d == 1 or d % day_step == 0],
        "lines": lines,
        "dots": [{"x": x(d), "y": y(a)} for d, a in series[chosen]] if days <= 20 else [],
        "markers": [
            {
                "type": kind,
                "x": x(day),
                "y": lane_mid(kind),
                "path": marker_path(shapes[kind]),
                "day": day,
                "label": labels[kind],
            }
            for day, kind in events
        ],
        "lanes": [
            {"y": lane_top(kind), "mid": lane_mid(kind), "type": kind, "path": marker_path(shapes[kind])}
            for kind in lanes
        ],
        "onset_x": onset_x,
        "after_onset_width": round(WIDTH - RIGHT - onset_x, 1) if onset_x is not None else None,
    }
