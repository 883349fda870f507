"""The language-model lab's pages and JSON APIs: MLM fill-mask, ELECTRA replaced tokens, LoRA ranks."""

import html
from urllib.parse import urlencode

import pytest

from apps.demos.engines.lm import ELECTRA_EXAMPLES, ELECTRA_SPEC, MLM_EXAMPLES, PAPER_DIFFERENCES, TRAIN_SPECS
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db

MLM, ELECTRA, LORA = "/api/demos/mlm/", "/api/demos/electra/", "/api/demos/lora/"
TWO_MASKS = "Return [MASK] copy of the [MASK]."
CLEAN = "A class definition is an executable statement."
TOO_MANY_TOKENS = "word " * 64 + "[MASK]"  # 65 tokens


@pytest.fixture(scope="session", autouse=True)
def lm_models():
    """The three artifacts, trained once (up to about 90 s each on a busy machine) and cached under var/."""
    return [ensure_trained(spec, echo=None) for spec in TRAIN_SPECS]


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# --- MLM API ------------------------------------------------------------------------------------
def test_mlm_api_fills_every_mask_with_top_k_candidates(client):
    response = post(client, MLM, {"text": TWO_MASKS, "top_k": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["tokens"] == ["return", "[MASK]", "copy", "of", "the", "[MASK]", "."]
    assert [p["position"] for p in body["predictions"]] == [1, 5]
    for prediction in body["predictions"]:
        probabilities = [c["probability"] for c in prediction["candidates"]]
        assert len(probabilities) == 3 and probabilities == sorted(probabilities, reverse=True)
        assert 0 < sum(probabilities) <= 1 + 1e-6
    example = MLM_EXAMPLES[0]
    first = post(client, MLM, {"text": example["text"]}).json()["predictions"][0]
    assert len(first["candidates"]) == 5 and first["candidates"][0]["token"] == example["answers"][0]


def test_mlm_api_splits_a_word_it_never_saw_into_pieces_and_only_non_ascii_is_unk(client):
    body = post(client, MLM, {"text": "The zxqvw is [mask]."}).json()
    assert body["tokens"][0] == "the" and body["tokens"][-2:] == ["[MASK]", "."]
    assert len(body["tokens"]) > 5 and "[UNK]" not in body["tokens"]  # "zxqvw" is several pieces
    assert body["tokens"][2].startswith("##")
    body = post(client, MLM, {"text": "The 한글 is [mask]."}).json()
    assert body["tokens"] == ["the", "[UNK]", "is", "[MASK]", "."]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "no mask in this sentence"}, "text"),
        ({"text": TOO_MANY_TOKENS}, "text"),
        ({"text": "x" * 1001 + " [MASK]"}, "text"),
        ({"text": "[CLS] the [MASK] ."}, "text"),
        ({"text": 42}, "text"),
        ({}, "text"),
        ({"text": TWO_MASKS, "top_k": 0}, "top_k"),
        ({"text": TWO_MASKS, "top_k": 21}, "top_k"),
        ({"text": TWO_MASKS, "top_k": "5"}, "top_k"),
        ({"text": TWO_MASKS, "top_k": True}, "top_k"),
        ({"text": TWO_MASKS, "top_k": 2.5}, "top_k"),
    ],
)
def test_mlm_api_errors_name_the_field(client, payload, field):
    response = post(client, MLM, payload)
    assert 400 <= response.status_code < 500
    assert field in response.text


# --- ELECTRA API --------------------------------------------------------------------------------
def test_electra_api_gives_one_probability_per_token(client):
    response = post(client, ELECTRA, {"text": CLEAN})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"tokens", "pieces", "replaced_probability", "piece_probability"}
    assert len(body["tokens"]) == len(body["pieces"]) == len(body["replaced_probability"]) == 8
    assert all(0 <= p <= 1 for p in body["replaced_probability"])
    assert body["replaced_probability"] == [max(p) for p in body["piece_probability"]]


def test_electra_api_shows_the_pieces_of_a_word_the_corpus_never_uses(client):
    body = post(client, ELECTRA, {"text": "A class definition is an executable banana."}).json()
    assert body["tokens"][6] == "banana" and len(body["pieces"][6]) > 1 and "[UNK]" not in body["pieces"][6]
    assert body["replaced_probability"][6] == max(body["piece_probability"][6])


def test_electra_api_lets_the_generator_corrupt_the_sentence(client):
    payload = {"text": ELECTRA_EXAMPLES[1], "corrupt": True, "seed": 1}
    body = post(client, ELECTRA, payload).json()
    n = len(body["tokens"])
    assert len(body["corrupted_tokens"]) == len(body["replaced"]) == len(body["replaced_probability"]) == n
    assert [len(p) for p in body["corrupted_pieces"]] == [len(p) for p in body["pieces"]]
    assert body["replaced"] == [a != b for a, b in zip(body["tokens"], body["corrupted_tokens"], strict=True)]
    assert any(body["replaced"])
    assert post(client, ELECTRA, payload).json() == body  # the seed decides


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "word " * 65}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": "the [MASK] is here"}, "text"),
        ({}, "text"),
        ({"text": CLEAN, "seed": -1}, "seed"),
        ({"text": CLEAN, "seed": 2**31}, "seed"),
        ({"text": CLEAN, "seed": "1"}, "seed"),
        ({"text": CLEAN, "corrupt": "yes"}, "corrupt"),
        ({"text": CLEAN, "corrupt": 1}, "corrupt"),
    ],
)
def test_electra_api_errors_name_the_field(client, payload, field):
    response = post(client, ELECTRA, payload)
    assert 400 <= response.status_code < 500
    assert field in response.text


# --- LoRA API -----------------------------------------------------------------------------------
def test_lora_api_counts_parameters_and_reports_the_measured_results(client):
    response = post(client, LORA, {"rank": 8})
    assert response.status_code == 200
    body = response.json()
    d, k = body["per_matrix"]["d"], body["per_matrix"]["k"]
    assert body["rank"] == 8 and body["per_matrix"]["lora"] == 8 * (d + k) and body["per_matrix"]["full"] == d * k
    head = body["trainable_parameters"] - body["adapted_matrices"] * 8 * (d + k)
    assert body["full_finetune_trainable_parameters"] == body["adapted_matrices"] * d * k + head > 0
    assert 0 < body["accuracy"] <= 1 and 0 < body["full_finetune_accuracy"] <= 1
    assert 0 < body["adapter_bytes"] < body["model_bytes"]
    assert body["merge_max_abs_diff"] < 1e-5
    assert body["scaling"] == body["alpha"] / 8


@pytest.mark.parametrize("body", [{"rank": 3}, {"rank": 0}, {"rank": 65}, {"rank": "8"}, {"rank": None}, {}])
def test_lora_api_errors_name_the_rank(client, body):
    response = post(client, LORA, body)
    assert 400 <= response.status_code < 500
    assert "rank" in response.text


def test_lora_api_says_which_ranks_were_trained(client):
    body = post(client, LORA, {"rank": 3}).json()
    assert body["field"] == "rank" and "1, 2, 4, 8, 16" in body["detail"]


# --- every API ----------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [MLM, ELECTRA, LORA])
def test_api_rejects_bad_json(client, url):
    for body in ("{not json", "[1, 2]", '"text"', ""):
        response = client.post(url, body, content_type="application/json")
        assert 400 <= response.status_code < 500, body


@pytest.mark.parametrize(
    ("url", "body", "name"),
    [(MLM, {"text": TWO_MASKS}, "lm-mlm"), (ELECTRA, {"text": CLEAN}, "lm-electra"), (LORA, {"rank": 8}, "lm-lora")],
)
def test_api_says_503_with_progress_while_a_model_is_not_trained(client, settings, tmp_path, url, body, name):
    settings.DATA_DIR = tmp_path
    response = post(client, url, body)
    assert response.status_code == 503 and "training" in response.json() and name in response.json()["detail"]
    korean = client.post(url, body, content_type="application/json", headers={"Accept-Language": "ko"})
    assert korean.status_code == 503 and "준비하고 있습니다" in korean.json()["detail"]


def test_openapi_document_lists_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for url in (MLM, ELECTRA, LORA):
        assert "post" in paths[url]


# --- MLM page -----------------------------------------------------------------------------------
def test_mlm_page_presets_from_the_query(client):
    page = client.get("/en/demos/mlm/?" + urlencode({"text": TWO_MASKS, "top_k": 3}))
    assert page.status_code == 200
    text = text_of(page)
    assert text.count('class="mask-guess"') == 2 and text.count('<li class="top">') == 2
    assert '<li class="tok tok-mask">[MASK]</li>' in text and 'value="3"' in text
    assert "Return [MASK] copy of the [MASK].</textarea>" in text


def test_mlm_page_defaults_to_an_example_and_marks_unknown_words(client):
    page = text_of(client.get("/en/demos/mlm/"))
    assert MLM_EXAMPLES[0]["text"] in page and "tok-guess" in page
    unknown = text_of(client.get("/en/demos/mlm/?" + urlencode({"text": "The 한글 is [MASK]."})))
    assert '<li class="tok tok-unk">[UNK]</li>' in unknown and "outside the model's vocabulary" in unknown


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"text": "no mask here"}, "Put at least one [MASK] where the model should fill in a word."),
        ({"text": " "}, "Type a sentence first."),
        ({"text": TOO_MANY_TOKENS}, "The sentence has 65 tokens; at most 64 are allowed."),
        ({"text": TWO_MASKS, "top_k": "many"}, "Enter a whole number."),
        ({"text": TWO_MASKS, "top_k": "50"}, "Enter a whole number from 1 to 20."),
    ],
)
def test_mlm_page_errors_are_shown_beside_the_field(client, query, message):
    page = client.get("/en/demos/mlm/?" + urlencode(query))
    assert page.status_code == 400
    text = text_of(page)
    assert message in text and 'aria-invalid="true"' in text and "mask-guess" not in text


def test_mlm_htmx_request_gets_the_partial(client):
    partial = client.get("/demos/mlm/?" + urlencode({"text": TWO_MASKS}), headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and "mask-guess" in partial.text
    bad = client.get("/en/demos/mlm/?text=nothing", headers={"hx-request": "true"})
    assert bad.status_code == 400 and "<html" not in bad.text and 'role="alert"' in bad.text


# --- ELECTRA page -------------------------------------------------------------------------------
def test_electra_page_shows_a_heat_strip_of_word_buttons(client):
    page = client.get("/en/demos/electra/?" + urlencode({"text": CLEAN}))
    assert page.status_code == 200
    text = text_of(page)
    assert text.count('class="heat-tok') == 8 and text.count('<button type="button" class="heat-tok') == 8
    assert 'data-index="7" data-token="."' in text and 'id="swap-editor"' in text
    assert 'data-swap-word="loop"' in text and 'data-swap-word="banana"' in text
    assert "Learning signal" in text and "WordPiece" in text
    assert PAPER_DIFFERENCES["en"] in text
    assert "js/electra.js" in text


def test_electra_page_lists_the_pieces_of_a_split_word_only(client):
    text = text_of(
        client.get("/en/demos/electra/?" + urlencode({"text": "A class definition is an executable banana."}))
    )
    assert text.count('class="heat-pieces"') == 1  # only "banana" splits
    korean = text_of(
        client.get("/demos/electra/?" + urlencode({"text": "A class definition is an executable banana."}))
    )
    assert "WordPiece 조각" in korean


def test_electra_page_in_korean_shows_the_korean_paper_differences(client):
    page = client.get("/demos/electra/")
    assert page.status_code == 200 and PAPER_DIFFERENCES["ko"] in text_of(page)


def test_electra_page_names_the_swapped_word(client):
    query = {"text": "A class definition is an executable loop.", "swapped": "6", "was": "statement"}
    text = text_of(client.get("/en/demos/electra/?" + urlencode(query)))
    assert "You replaced “statement” with “loop”" in text and "is-swapped" in text
    assert text.count("✓ caught") + text.count("✗ missed") == 1 and "false alarm" not in text
    forgotten = text_of(client.get("/en/demos/electra/?" + urlencode({**query, "was": ""})))
    assert "You replaced" not in forgotten and "is-swapped" not in forgotten


def test_electra_page_shows_what_the_generator_replaced_and_what_was_caught(client):
    query = {"text": ELECTRA_EXAMPLES[1], "corrupt": "1", "seed": "1"}
    page = client.get("/en/demos/electra/?" + urlencode(query))
    assert page.status_code == 200
    text = text_of(page)
    body = post(client, ELECTRA, {"text": ELECTRA_EXAMPLES[1], "corrupt": True, "seed": 1}).json()
    replaced = sum(body["replaced"])
    threshold = ELECTRA_SPEC.load(ensure_trained(ELECTRA_SPEC, echo=None).path).threshold
    flags = [r and p >= threshold for r, p in zip(body["replaced"], body["replaced_probability"], strict=True)]
    caught = sum(flags)
    assert f"The generator replaced {replaced} of {len(body['tokens'])} tokens (seed 1)." in text
    assert f"The discriminator caught {caught} of them at {round(100 * threshold)}%." in text
    assert text.count("heat-cell is-replaced") == replaced
    assert text.count("✓ caught") == caught and text.count("✗ missed") == replaced - caught
    assert '<button type="button" class="heat-tok' not in text  # the generator's sentence is not edited
    assert "seed=2" in text  # another sample


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"text": ""}, "text", "Type a sentence first."),
        ({"text": "word " * 65}, "text", "The sentence has 65 tokens; at most 64 are allowed."),
        ({"text": CLEAN, "corrupt": "1", "seed": "abc"}, "seed", "Enter a whole number."),
        ({"text": CLEAN, "corrupt": "1", "seed": "-4"}, "seed", "Enter a whole number from 0 to 2147483647."),
    ],
)
def test_electra_page_errors_are_shown_beside_the_field(client, query, field, message):
    page = client.get("/en/demos/electra/?" + urlencode(query))
    assert page.status_code == 400
    text = text_of(page)
    assert message in text and f'id="{field}-error"' in text and "heat-strip" not in text


def test_electra_htmx_request_gets_the_partial(client):
    partial = client.get("/demos/electra/?" + urlencode({"text": CLEAN}), headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and "heat-strip" in partial.text


# --- LoRA page ----------------------------------------------------------------------------------
def test_lora_page_presets_the_rank_and_fills_in_the_formula(client):
    page = client.get("/en/demos/lora/?rank=4")
    assert page.status_code == 200
    text = text_of(page)
    assert 'value="4" checked' in text
    assert r"r(d+k) = 4 \times (128 + 128) = 1{,}024" in text and r"d \cdot k = 128 \times 128 = 16{,}384" in text
    assert text.count('class="lora-row') == 7  # head only, five ranks, full fine-tuning
    assert 'class="lora-row lora-lora chosen" aria-current="true"' in text
    assert '<a href="?rank=8">LoRA r = 8</a>' in text and '<a href="?rank=4">' not in text
    assert "Merging the adapter into W" in text


def test_lora_page_default_rank_is_8(client):
    assert 'value="8" checked' in client.get("/en/demos/lora/").text


@pytest.mark.parametrize(
    ("rank", "message"),
    [
        ("3", "Rank 3 was not trained; choose one of 1, 2, 4, 8, 16."),
        ("x", "Enter a whole number."),
    ],
)
def test_lora_page_errors_are_shown_beside_the_field(client, rank, message):
    page = client.get(f"/en/demos/lora/?rank={rank}")
    assert page.status_code == 400 and message in text_of(page) and 'id="rank-error"' in page.text


def test_lora_htmx_request_gets_the_partial(client):
    partial = client.get("/demos/lora/?rank=16", headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text and "16 \\times (128 + 128)" in partial.text


# --- the lab ------------------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ["masking", "mlm", "electra", "lora"])
def test_every_lab_page_links_the_other_three(client, slug):
    text = client.get(f"/en/demos/{slug}/").text
    for other in ("masking", "mlm", "electra", "lora"):
        current = ' aria-current="page"' if other == slug else ""
        assert f'href="/en/demos/{other}/"{current}>' in text


@pytest.mark.parametrize(("slug", "name"), [("mlm", "lm-mlm"), ("electra", "lm-electra"), ("lora", "lm-lora")])
def test_pages_show_training_progress_instead_of_the_form(client, settings, tmp_path, slug, name):
    settings.DATA_DIR = tmp_path
    page = client.get(f"/en/demos/{slug}/")
    assert page.status_code == 200
    assert (
        "not ready yet" in page.text
        and f"<code>{name}</code>" in page.text
        and "<form data-swap-errors" not in page.text
    )


def test_the_demos_index_links_the_three_pages(client):
    text = client.get("/en/demos/").text
    for slug in ("mlm", "electra", "lora"):
        assert f'href="/en/demos/{slug}/"' in text
