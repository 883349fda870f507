"""Heat-table rows built in Python (the attention and embeddings pages): escaped labels, each
cell coloured by the value it shows, light ink only where the background needs it."""

from apps.demos.pictures.colour import heat
from apps.demos.web.heat_tables import heat_rows, mask_rows


def test_labels_are_escaped_and_cells_show_two_decimals_on_their_colour():
    html = str(heat_rows(["<b>", "x"], [[0.004, 1.0], [-0.3, 0.5]]))
    assert '<th scope="row">&lt;b&gt;</th>' in html and "<b>" not in html
    assert f'<td style="background: {heat(0.0)[0]}">0.00</td>' in html
    assert f'<td class="ink-light" style="background: {heat(1.0)[0]}">1.00</td>' in html
    assert f'style="background: {heat(0.0)[0]}">-0.30</td>' in html  # below the scale: its lightest colour
    assert html.count("<tr>") == 2 and html.count("<td") == 4


def test_mask_rows_grey_out_the_masked_keys():
    assert str(mask_rows([[1, 0], [1, 1]])) == (
        '<tr><td>1</td><td class="masked">0</td></tr><tr><td>1</td><td>1</td></tr>'
    )
