"""The body rows of a heat table (a matrix of numbers on a colour scale), as HTML.

Built here rather than cell by cell in a template: the attention page has eight tables of up to
65 × 65 cells, and the template engine spent ~30 µs a cell (lookups, ``floatformat``, the colour)
— most of a page that took 0.8 s for a 22-token sentence. Each cell is coloured by the value it
shows (two decimals), so there are at most a few hundred distinct cells, each formatted once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.demos.pictures.colour import INK_DARK, heat


@lru_cache(maxsize=1024)
def _cell(shown: str) -> str:
    background, ink = heat(float(shown))  # the scale clips below 0 and above 1
    light = "" if ink == INK_DARK else ' class="ink-light"'  # dark ink is the tables' default (app.css)
    return f'<td{light} style="background: {background}">{shown}</td>'


def heat_rows(labels: Sequence[str], matrix: Sequence[Sequence[float]]) -> SafeString:
    """``<tr>`` per row: the row's label as its header, then each value to two decimals."""
    rows = (
        f'<tr><th scope="row">{escape(label)}</th>{"".join(_cell(f"{v:.2f}") for v in values)}</tr>'
        for label, values in zip(labels, matrix, strict=True)
    )
    return mark_safe("".join(rows))  # noqa: S308 - labels escaped above; cells are formatted floats and our colours


def mask_rows(matrix: Sequence[Sequence[int]]) -> SafeString:
    """``<tr>`` per row of an attention mask: 1 where a query may attend, a greyed 0 where not."""
    cell = {1: "<td>1</td>", 0: '<td class="masked">0</td>'}
    return mark_safe("".join(f"<tr>{''.join(cell[int(m)] for m in row)}</tr>" for row in matrix))  # noqa: S308 - fixed cells
