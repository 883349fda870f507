"""The recurrent-network lab's page and API, in both languages."""

from __future__ import annotations

import html
import re

import pytest

from apps.demos.engines import rnn
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module", autouse=True)
def model():
    return ensure_trained(rnn.SPEC, echo=None)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return html.unescape(response.content.decode())


def test_the_page_speaks_both_languages(client):
    korean, english = page(client, "/demos/rnn/"), page(client, "/en/demos/rnn/")
    assert HANGUL.search(korean.split("<main", 1)[1])
    main = english.split("<main", 1)[1]
    assert not HANGUL.search(main), HANGUL.findall(main)[:5]
    for text in (korean, english):
        assert 'role="alert"' not in text
        for chart in ("rnn-accuracy", "rnn-gradient", "rnn-profile"):
            assert f'<svg id="{chart}"' in text
        assert text.count("<title id=") >= 3 and 'id="rnn-table"' in text


def test_the_table_shows_accuracy_and_gradient_per_network_and_length(client):
    text = page(client, "/en/demos/rnn/?length=20")
    table = text.split('id="rnn-table"', 1)[1].split("</table>", 1)[0]
    for name in ("vanilla RNN", "LSTM", "GRU"):
        assert f'<th scope="row">{name}</th>' in table
    assert "length 50" in table and re.search(r"\d\.\de-\d\d", table)
    assert "length 20, log scale" in text  # the profile chart follows the chosen length


def test_htmx_gets_the_partial_only(client):
    response = client.get("/demos/rnn/?length=5", headers={"hx-request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content and b"rnn-profile" in response.content


def test_api_returns_the_numbers_and_rejects_a_length_not_trained(client):
    body = client.post("/api/demos/rnn/", {"length": 20}, content_type="application/json").json()
    assert body["length"] == 20 and len(body["profiles"]["lstm"]) == 20
    assert body["cells"]["lstm"]["accuracy"][-1] > body["cells"]["rnn"]["accuracy"][-1]
    response = client.post("/api/demos/rnn/", {"length": 30}, content_type="application/json")
    assert response.status_code in (400, 422) and "length" in response.content.decode()
