"""The word-embedding lab's page and API, in both languages."""

from __future__ import annotations

import html
import re

import pytest

from apps.demos.engines import embeddings
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module", autouse=True)
def model():
    return ensure_trained(embeddings.SPEC, echo=None)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return html.unescape(response.content.decode())


def table(text: str, id_: str) -> str:
    return text.split(f'id="{id_}"', 1)[1].split("</table>", 1)[0]


def test_the_page_speaks_both_languages(client):
    korean, english = page(client, "/demos/embeddings/"), page(client, "/en/demos/embeddings/")
    assert HANGUL.search(korean.split("<main", 1)[1])
    main = english.split("<main", 1)[1]
    assert not HANGUL.search(main), HANGUL.findall(main)[:5]
    for text in (korean, english):
        assert 'role="alert"' not in text
        for id_ in (
            "neighbours-1",
            "neighbours-2",
            "analogy-1",
            "analogy-2",
            "one-hot",
            "cosine-one-hot",
            "subword-pieces",
        ):
            assert f'id="{id_}"' in text


def test_neighbours_and_analogy_for_typed_words(client):
    text = page(client, "/en/demos/embeddings/?word=apple&a=seoul&b=korea&c=japan&words=cat+dog+bus")
    for n in (1, 2):
        neighbours = re.findall(r'<th scope="row">(\w+)</th>', table(text, f"neighbours-{n}"))
        assert set(neighbours[:7]) <= set(embeddings.corpus.GROUPS["fruits"])
        assert re.search(r'<tr class="expected"><td>1</td><th scope="row">tokyo</th>', table(text, f"analogy-{n}"))
    assert "seoul − korea + japan ≈ ?" in text and "the answer is “tokyo”" in text


def test_one_hot_cosines_are_zero_off_the_diagonal_and_dense_are_not(client):
    text = page(client, "/en/demos/embeddings/?words=cat+dog+bus")
    one_hot = re.findall(r">(-?\d\.\d\d)</td>", table(text, "cosine-one-hot"))
    assert one_hot == ["1.00", "0.00", "0.00", "0.00", "1.00", "0.00", "0.00", "0.00", "1.00"]
    dense = [float(v) for v in re.findall(r">(-?\d\.\d\d)</td>", table(text, "cosine-skipgram"))]
    assert dense[1] > 0.5 > dense[2]  # cat-dog close, cat-bus not
    assert "227 × 32 = 7264 learned numbers" in text


def test_htmx_gets_the_partial_only(client):
    response = client.get("/demos/embeddings/?word=queen", headers={"hx-request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content and b"neighbours-1" in response.content


def test_an_unknown_word_is_a_400_in_the_pages_language(client):
    korean = page(client, "/demos/embeddings/?word=xylophone", 400)
    english = page(client, "/en/demos/embeddings/?word=xylophone", 400)
    assert 'id="word-error"' in korean and HANGUL.search(korean.split('id="word-error">', 1)[1][:80])
    assert "“xylophone” is not one of the" in english


def test_api_returns_both_models_and_refuses_unknown_words(client):
    body = client.post("/api/demos/embeddings/", {"word": "walked"}, content_type="application/json").json()
    assert set(body["neighbours"]) == {"cbow", "skipgram"} and body["analogy"]["expected"] == "queen"
    assert body["compared"]["one_hot_cosine"][0][1] == 0
    response = client.post("/api/demos/embeddings/", {"a": "blorp"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "a"


def test_the_subword_section_shows_the_pieces_of_the_typed_word(client):
    text = page(client, "/en/demos/embeddings/?split=tokenizer")
    pieces = re.findall(r"<li><code>([^<]+)</code></li>", text.split('id="subword-pieces"', 1)[1].split("</ol>", 1)[0])
    assert len(pieces) >= 2 and pieces[0] == "to" and all(p.startswith("##") for p in pieces[1:])
    assert "never saw this one" in text
    korean = page(client, "/demos/embeddings/?split=queen")
    assert "단어 자신의 벡터가 있습니다" in korean
