"""The demos' drawing code on its own: colour scales, PNG pictures, SVG chart geometry."""

import base64
import io

import numpy as np
import pytest
from PIL import Image

from apps.demos.pictures import colour, png, svg


def test_scales_start_and_end_at_their_stops_and_interpolate_between():
    assert colour.on_scale(colour.REDS, 0) == colour.REDS[0] and colour.on_scale(colour.REDS, 1) == colour.REDS[-1]
    assert colour.on_scale(colour.REDS, -3) == colour.REDS[0] and colour.on_scale(colour.REDS, 7) == colour.REDS[-1]
    assert colour.on_scale(("#000000", "#ffffff"), 0.5) == "#808080"
    table = colour.lookup_table(colour.VIRIDIS)
    assert table.shape == (256, 3)
    assert tuple(np.round(table[0])) == colour.rgb(colour.VIRIDIS[0])
    assert tuple(np.round(table[-1])) == colour.rgb(colour.VIRIDIS[-1])


def test_wcag_contrast_and_the_ink_on_every_heat_colour():
    assert colour.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colour.contrast("#777777", "#777777") == pytest.approx(1)
    for p in np.linspace(0, 1, 51):
        background, ink = colour.heat(p)
        other = colour.INK_LIGHT if ink == colour.INK_DARK else colour.INK_DARK
        assert colour.contrast(background, ink) >= colour.contrast(background, other)
        assert colour.contrast(background, ink) >= 4.5  # WCAG AA for the token text
    assert colour.heat(0)[1] == colour.INK_DARK and colour.heat(1)[1] == colour.INK_LIGHT


def decode(uri: str) -> np.ndarray:
    head, _, body = uri.partition(",")
    assert head == "data:image/png;base64"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(body))))


def test_input_picture_scales_each_pixel_to_a_square_and_outlines_the_box():
    pixels = np.zeros((4, 4), dtype=np.float32)
    pixels[1, 2] = 1.0
    picture = decode(png.input_png(pixels, None, 5))
    assert picture.shape == (20, 20, 3)
    assert (picture[5:10, 10:15] == 255).all() and picture[:5].max() == 0
    boxed = decode(png.input_png(np.zeros((8, 8), dtype=np.float32), [2, 2, 6, 6], 5))
    assert tuple(boxed[10, 20]) == png.BOX_COLOUR  # the pink line on the box's top edge


def test_heatmap_overlay_blends_viridis_over_the_input():
    pixels = np.zeros((4, 4), dtype=np.float32)
    cold = decode(png.overlay_png(pixels, np.zeros((4, 4)), None, 5))
    hot = decode(png.overlay_png(pixels, np.ones((4, 4)), None, 5))
    expected_hot = np.round(png.HEAT_ALPHA * np.array(colour.rgb(colour.VIRIDIS[-1])))
    assert (hot == expected_hot).all()
    assert (cold == np.round(png.HEAT_ALPHA * np.array(colour.rgb(colour.VIRIDIS[0])))).all()


def test_every_marker_shape_is_a_distinct_closed_path():
    paths = [svg.marker_path(shape) for shape in svg.SHAPES]
    assert len(set(paths)) == len(svg.SHAPES) and all(p.startswith("M") and p.endswith("Z") for p in paths)


def test_timeline_chart_places_days_lines_events_and_the_onset():
    series = {0: [(1, 0.9), (2, 0.5), (3, 0.6)], 1: [(1, 0.9), (2, 0.8), (3, 0.95)]}
    chart = svg.timeline_chart(
        series, 1, [(2, "b")], ["a", "b"], {"a": "circle", "b": "square"}, {"a": "A", "b": "B"}, onset=2
    )
    assert [line["level"] for line in chart["lines"]] == [0, 1]  # the chosen one last, on top
    first, *_, last = chart["lines"][1]["points"].split()
    assert first.startswith(f"{svg.LEFT}.0,") and last.startswith(f"{svg.WIDTH - svg.RIGHT}.0,")
    assert [d["y"] for d in chart["dots"]][2] < [d["y"] for d in chart["dots"]][1]  # higher accuracy, higher up
    (marker,) = chart["markers"]
    assert marker["label"] == "B" and marker["y"] == chart["lanes"][1]["mid"] and marker["x"] == chart["onset_x"]
    assert len(chart["y_ticks"]) <= 6 and chart["y_ticks"][-1]["label"] == "100%"
    assert svg.timeline_chart(series, 1, [], ["a"], {"a": "circle"}, {}, onset=None)["onset_x"] is None
