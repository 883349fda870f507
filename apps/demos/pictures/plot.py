"""Geometry of a plain x–y line chart (the fundamentals lab's curves): the template draws, this places.

``line_chart`` maps each series' points into an SVG viewBox, with "nice" ticks on linear axes and
powers of ten on logarithmic ones; ``marks`` (single points) and ``rules`` (vertical lines) use the
same scales. Every chart still needs a ``<title>``, a ``<desc>`` and a table beside it: the shapes
alone carry nothing a screen reader can read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 44  # margins for tick labels and the axis captions


def nice_ticks(low: float, high: float, count: int = 6) -> list[float]:
    """Round tick values covering ``low``..``high``: steps of 1, 2 or 5 times a power of ten."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _label(value: float) -> str:
    return f"{value:g}"


def line_chart(
    series: Sequence[Mapping[str, Any]],
    *,
    log_x: bool = False,
    log_y: bool = False,
    y_range: tuple[float, float] | None = None,
    marks: Sequence[Mapping[str, Any]] = (),
    rules: Sequence[Mapping[str, Any]] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
) -> dict[str, Any]:
    """Each series is ``{"key", "points": [(x, y), ...], "dots": bool}``; each mark ``{"key", "x", "y"}``,
    each rule ``{"key", "x"}`` (a vertical line). Non-finite points and, on log axes, non-positive
    ones are left out of the line."""

    def usable(x: float, y: float) -> bool:
        return math.isfinite(x) and math.isfinite(y) and (not log_x or x > 0) and (not log_y or y > 0)

    xs = [x for s in series for x, y in s["points"] if usable(x, y)]
    ys = [y for s in series for x, y in s["points"] if usable(x, y)]
    if not xs:
        xs, ys = [0.0, 1.0], [0.0, 1.0]
    if log_x:
        x_ticks = [10.0**e for e in range(math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs))) + 1)]
    else:
        x_ticks = nice_ticks(min(xs), max(xs))
    if log_y:
        low, high = min(ys), max(ys)
        y_ticks = [10.0**e for e in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)]
    else:
        low, high = y_range or (min(ys), max(ys))
        y_ticks = nice_ticks(low, high)
    x_low, x_high = x_ticks[0], x_ticks[-1]
    y_low, y_high = y_ticks[0], y_ticks[-1]
    span_x, span_y = width - LEFT - RIGHT, height - TOP - BOTTOM

    def fx(x: float) -> float:
        a, b, v = (math.log10(x_low), math.log10(x_high), math.log10(x)) if log_x else (x_low, x_high, x)
        return round(LEFT + (0.5 if b == a else (v - a) / (b - a)) * span_x, 1)

    def fy(y: float) -> float:
        a, b, v = (math.log10(y_low), math.log10(y_high), math.log10(y)) if log_y else (y_low, y_high, y)
        v = min(max(v, a), b)  # clip into the plot: a runaway value sits on the edge
        return round(TOP + span_y - (0.5 if b == a else (v - a) / (b - a)) * span_y, 1)

    lines = []
    for s in series:
        kept = [(x, y) for x, y in s["points"] if usable(x, y)]
        lines.append(
            {
                "key": s["key"],
                "points": " ".join(f"{fx(x)},{fy(y)}" for x, y in kept),
                "dots": [{"x": fx(x), "y": fy(y)} for x, y in kept] if s.get("dots") else [],
            }
        )
    return {
        "width": width,
        "height": height,
        "left": LEFT,
        "top": TOP,
        "right": width - RIGHT,
        "bottom": height - BOTTOM,
        "plot_width": span_x,
        "plot_height": span_y,
        "x_caption_y": height - 8,
        "center_x": round(LEFT + span_x / 2),
        "center_y": round(TOP + span_y / 2),
        "x_ticks": [{"x": fx(v), "label": _label(v)} for v in x_ticks if x_low <= v <= x_high],
        "y_ticks": [{"y": fy(v), "label": _label(v)} for v in y_ticks],
        "lines": lines,
        "marks": [{**m, "cx": fx(m["x"]), "cy": fy(m["y"])} for m in marks if usable(m["x"], m["y"])],
        "rules": [{**r, "cx": fx(r["x"])} for r in rules if usable(r["x"], 1.0)],
    }


def digit_cells(pixels: Sequence[int]) -> list[dict[str, Any]]:
    """The inked pixels of an 8×8 digit (64 values 0–16, row by row) as SVG cells (0–16 → opacity)."""
    return [{"x": i % 8, "y": i // 8, "opacity": round(value / 16, 3)} for i, value in enumerate(pixels) if value]
