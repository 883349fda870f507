"""The attention demo: the MLM's attention weights, the two masks, and one query worked out by hand
against the model's own output; its page in Korean and English and its API."""

import html

import numpy as np
import pytest

from apps.demos.engines.errors import InputError
from apps.demos.engines.lm import MLM_SPEC, attention
from apps.demos.training import ensure_trained

SENTENCE = "Return a copy of the list."


@pytest.fixture(scope="module")
def lab():
    return MLM_SPEC.load(ensure_trained(MLM_SPEC, echo=None).path)


@pytest.mark.model
def test_every_row_of_every_head_is_a_distribution(lab):
    result = attention(lab, SENTENCE)
    weights = np.array(result["weights"])
    n = len(result["tokens"])
    assert result["tokens"][0] == "[CLS]" and result["tokens"][-1] == "[SEP]"
    assert weights.shape == (result["layers"], result["heads"], n, n)
    assert (weights >= 0).all() and np.allclose(weights.sum(axis=-1), 1, atol=1e-3)


@pytest.mark.model
def test_causal_mask_is_lower_triangular_and_encoder_mask_full(lab):
    result = attention(lab, SENTENCE)
    causal, full = np.array(result["masks"]["causal"]), np.array(result["masks"]["bidirectional"])
    assert (causal == np.tril(np.ones_like(causal))).all() and (full == 1).all()
    masked = np.array(result["causal_weights"])
    assert np.allclose(np.triu(masked, k=1), 0) and np.allclose(masked.sum(axis=-1), 1, atol=1e-3)


@pytest.mark.model
@pytest.mark.parametrize(("layer", "head", "query"), [(1, 1, 1), (2, 3, 4), (2, 4, 9)])
def test_step_by_step_equals_the_models_own_head_output(lab, layer, head, query):
    step = attention(lab, SENTENCE, layer, head, query)["step"]
    assert step["max_abs_difference"] < 1e-5
    assert step["output"] == pytest.approx(step["model_output"], abs=1e-4)
    scaled = np.array(step["scores"]) / step["scale"]
    assert np.allclose(scaled, step["scaled"], atol=1e-3)
    softmax = np.exp(scaled) / np.exp(scaled).sum()
    assert np.allclose(softmax, step["softmax"], atol=1e-3)


@pytest.mark.parametrize(
    ("values", "field"), [({"layer": 3}, "layer"), ({"head": 0}, "head"), ({"query": 10}, "query")]
)
def test_out_of_range_choices_name_their_field(lab, values, field):
    with pytest.raises(InputError) as caught:
        attention(lab, SENTENCE, **values)
    assert caught.value.field == field


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "heading"), [("", "셀프 어텐션"), ("/en", "Inside self-attention")])
def test_page_shows_maps_masks_and_steps(client, lab, prefix, heading):
    response = client.get(f"{prefix}/demos/attention/", {"text": SENTENCE, "layer": 2, "head": 3, "query": 4})
    body = html.unescape(response.content.decode())
    assert response.status_code == 200 and heading in body
    assert body.count('class="heat-table') == 2 * 4 + 3  # every head, two masks, the masked head
    assert "copy" in body and "√d_k" in body


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "expected"), [("", "정수를 입력"), ("/en", "Enter a whole number")])
def test_page_bad_input_is_400_in_the_pages_language(client, lab, prefix, expected):
    response = client.get(f"{prefix}/demos/attention/", {"text": SENTENCE, "head": 9})
    assert response.status_code == 400 and expected in response.content.decode()
    assert 'id="head-error"' in response.content.decode()


@pytest.mark.django_db
def test_api(client, lab):
    ok = client.post("/api/demos/attention/", {"text": SENTENCE, "layer": 2}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["step"]["layer"] == 2
    bad = client.post("/api/demos/attention/", {"text": "", "layer": 2}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "text"
