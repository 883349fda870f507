"""pictures.plot: ticks and the placement of points in a line chart."""

from apps.demos.pictures.plot import digit_cells, line_chart, nice_ticks


def test_nice_ticks_cover_the_range_with_round_steps():
    assert nice_ticks(0, 12) == [0, 2, 4, 6, 8, 10, 12]
    assert nice_ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert nice_ticks(0.03, 0.97) == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ticks = nice_ticks(-0.28, 1.47)
    assert ticks[0] <= -0.28 and ticks[-1] >= 1.47


def test_points_map_into_the_plot_and_runaways_sit_on_the_edge():
    chart = line_chart(
        [{"key": "a", "points": [(0, 0.0), (10, 1.0), (5, 99.0)], "dots": True}],
        y_range=(0.0, 1.0),
        marks=[{"key": "m", "x": 10, "y": 1.0}],
        rules=[{"key": "r", "x": 5}],
    )
    first, last, runaway = chart["lines"][0]["dots"]
    assert (first["x"], first["y"]) == (chart["left"], chart["bottom"])
    assert (last["x"], last["y"]) == (chart["right"], chart["top"])
    assert runaway["y"] == chart["top"]  # clipped, not drawn off the chart
    assert chart["marks"][0]["cx"] == chart["right"] and chart["rules"][0]["cx"] == chart["center_x"]


def test_log_axes_use_powers_of_ten_and_skip_non_positive_values():
    chart = line_chart([{"key": "a", "points": [(1, 0.001), (10, 0.1), (100, 0.0)]}], log_x=True, log_y=True)
    assert [t["label"] for t in chart["x_ticks"]] == ["1", "10"]
    assert [t["label"] for t in chart["y_ticks"]] == ["0.001", "0.01", "0.1"]
    assert chart["lines"][0]["points"].count(",") == 2  # the zero is left out


def test_digit_cells_keep_inked_pixels_only():
    cells = digit_cells([0] * 63 + [16])
    assert cells == [{"x": 7, "y": 7, "opacity": 1.0}]
