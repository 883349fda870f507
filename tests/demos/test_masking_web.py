"""The masking demo's page and JSON API."""

import pytest

pytestmark = pytest.mark.django_db


def test_api_returns_the_scheme_per_epoch(client):
    response = client.post(
        "/api/demos/masking/",
        {"text": "a b c d e f g h i j k l m n o p q r s t", "scheme": "roberta", "seed": 1, "epochs": 3},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scheme"] == "roberta" and len(body["epochs"]) == 3
    assert len({tuple(e["selected"]) for e in body["epochs"]}) > 1  # dynamic: a new mask per epoch


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": "hello", "scheme": "xlnet"}, "scheme"),
        ({"text": "", "scheme": "bert"}, "text"),
        ({"text": "hello", "scheme": "bert", "epochs": 9}, "epochs"),
        ({"text": "hello", "scheme": "bert", "seed": -1}, "seed"),
        ({"text": "word " * 300, "scheme": "bert"}, "text"),
    ],
)
def test_api_errors_name_the_field(client, payload, field):
    response = client.post("/api/demos/masking/", payload, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert field in response.text


def test_api_rejects_bad_json(client):
    response = client.post("/api/demos/masking/", "{not json", content_type="application/json")
    assert 400 <= response.status_code < 500


def test_page_renders_preset_from_query_and_shows_errors(client):
    page = client.get("/en/demos/masking/?scheme=gpt&text=the+cat+sat+on+the+mat")
    assert page.status_code == 200 and "Causal attention mask" in page.text and "mask-grid" in page.text
    partial = client.get("/demos/masking/?scheme=spanbert&seed=3", headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and "tok-boundary" in partial.text
    bad = client.get("/en/demos/masking/?scheme=bert&epochs=zero")
    assert bad.status_code == 400 and "Enter a whole number." in bad.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("text=+", "먼저 문장을 입력하세요."),
        ("epochs=9", "1부터 5까지의 정수를 입력하세요."),
        ("scheme=xlnet", "다음 중 하나를 고르세요: gpt, bert, roberta"),
    ],
)
def test_page_errors_speak_korean_on_the_korean_page(client, query, message):
    page = client.get(f"/demos/masking/?{query}")
    assert page.status_code == 400 and message in page.text


def test_openapi_document_lists_the_endpoint(client):
    schema = client.get("/api/openapi.json").json()
    assert "/api/demos/masking/" in schema["paths"]


def test_whole_word_masking_page_shows_the_pieces_in_both_languages(client):
    query = "?scheme=bert-wwm&seed=2&text=The+banana+and+the+violin+are+masked+whole+or+not+at+all."
    english = client.get("/en/demos/masking/" + query)
    assert english.status_code == 200 and "BERT whole-word masking" in english.text and "##an" in english.text
    korean = client.get("/demos/masking/" + query)
    assert korean.status_code == 200 and "BERT 전체 단어 마스킹" in korean.text
