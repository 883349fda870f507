"""One error-and-language contract for every demo in the manifest: an invalid value its form (or
a hand-edited address) can send is a 400 naming the field, with the message in the page's
language on the page and in the client's language in the API; the API speaks English unless
asked. Adding a demo to the manifest fails ``test_every_demo_has_invalid_inputs`` until its
invalid inputs are listed here."""

import html
import re
from urllib.parse import urlencode

import pytest

from apps.demos.manifest import DEMOS, train_specs
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.django_db

HANGUL = re.compile("[\uac00-\ud7a3]")
ALERT = re.compile(r'<p class="message error" role="alert">(.*?)</p>', re.S)

# slug -> (query the page reads, the field the error must name), each invalid
INVALID: dict[str, list[tuple[dict[str, str], str]]] = {
    "masking": [
        ({"text": " "}, "text"),
        ({"text": "x " * 300}, "text"),
        ({"scheme": "xlnet"}, "scheme"),
        ({"seed": "-1"}, "seed"),
        ({"epochs": "9"}, "epochs"),
        ({"epochs": "zero"}, "epochs"),
    ],
    "mlops": [
        ({"level": "5"}, "level"),
        ({"level": "x"}, "level"),
        ({"scenario": "nope"}, "scenario"),
        ({"days": "99"}, "days"),
        ({"seed": "-4"}, "seed"),
    ],
    "serving": [({"sample": "10"}, "sample"), ({"sample": "two"}, "sample")],
    "cam": [
        ({"model": "resnet"}, "model"),
        ({"method": "lime"}, "method"),
        ({"sample": "99"}, "sample"),
        ({"sample": "x"}, "sample"),
        ({"target": "99"}, "target"),
        ({"source": "camera"}, "source"),
        ({"source": "draw", "drawing": ""}, "drawing"),
        ({"source": "draw", "drawing": "not base64!"}, "drawing"),
        ({"source": "draw", "drawing": "aGVsbG8="}, "drawing"),  # base64 of "hello": not a PNG
    ],
    "mlm": [
        ({"text": "[CLS] the [MASK] ."}, "text"),
        ({"text": "no mask here"}, "text"),
        ({"text": ""}, "text"),
        ({"text": "word " * 64 + "[MASK]"}, "text"),
        ({"text": "the [MASK] .", "top_k": "50"}, "top_k"),
        ({"text": "the [MASK] .", "top_k": "many"}, "top_k"),
    ],
    "electra": [
        ({"text": "the [MASK] ."}, "text"),
        ({"text": ""}, "text"),
        ({"text": "the cat .", "seed": "-4"}, "seed"),
    ],
    "lora": [({"rank": "3"}, "rank"), ({"rank": "x"}, "rank"), ({"rank": "999"}, "rank")],
    "fitting": [
        ({"degree": "16"}, "degree"),
        ({"max_degree": "1"}, "max_degree"),
        ({"max_degree": "4", "degree": "5"}, "degree"),
        ({"points": "x"}, "points"),
        ({"noise": "-1"}, "noise"),
        ({"noise": "nan"}, "noise"),
        ({"l2": "lots"}, "l2"),
        ({"knob": "depth"}, "knob"),
        ({"remedy": "prayer"}, "remedy"),
    ],
    "regression": [
        ({"feature": "height"}, "feature"),
        ({"threshold": "1.5"}, "threshold"),
        ({"threshold": "half"}, "threshold"),
        ({"surrogate": "tree-99"}, "surrogate"),
        ({"sample": "360"}, "sample"),
    ],
    "perceptron": [
        ({"gate": "nand"}, "gate"),
        ({"hidden": "0"}, "hidden"),
        ({"mlp_epochs": "100000"}, "mlp_epochs"),
        ({"learning_rate": "0"}, "learning_rate"),
        ({"perceptron_epochs": "2.5"}, "perceptron_epochs"),
        ({"seed": "-1"}, "seed"),
        ({"step": "21"}, "step"),
        ({"step": "last"}, "step"),
    ],
    "stages": [({"sample": "360"}, "sample"), ({"sample": "first"}, "sample")],
    "shots": [
        ({"calibration": "21"}, "calibration"),
        ({"calibration": "much"}, "calibration"),
        ({"seed": "-1"}, "seed"),
    ],
    "qlearning": [
        ({"alpha": "0"}, "alpha"),
        ({"epsilon": "1.5"}, "epsilon"),
        ({"episodes": "5000"}, "episodes"),
        ({"episodes": "many"}, "episodes"),
        ({"seed": "-1"}, "seed"),
        ({"replay": "maybe"}, "replay"),
        ({"target": "yes"}, "target"),
    ],
    "nas": [({"edge": "6"}, "edge"), ({"edge": "first"}, "edge")],
    "attention": [
        ({"text": ""}, "text"),
        ({"text": "[MASK] here"}, "text"),
        ({"layer": "3"}, "layer"),
        ({"head": "0"}, "head"),
        ({"query": "99"}, "query"),
        ({"query": "first"}, "query"),
    ],
    "rnn": [({"length": "30"}, "length"), ({"length": "long"}, "length")],
    "embeddings": [
        ({"word": ""}, "word"),
        ({"word": "xylophone"}, "word"),
        ({"word": "x" * 31}, "word"),
        ({"word": "king2"}, "word"),
        ({"a": "<b>"}, "a"),
        ({"c": "king"}, "c"),
        ({"words": "king"}, "words"),
        ({"words": "king queen blorp"}, "words"),
        ({"split": "c++"}, "split"),
        ({"split": "y" * 40}, "split"),
    ],
}
# fields whose form control shows the error beside it (the others show it above the result)
FIELD_ERRORS = {
    "masking": ("text",),
    "mlops": ("level", "scenario", "days", "seed"),
    "serving": ("sample",),
    "cam": ("model", "sample", "target", "drawing", "image"),
    "mlm": ("text", "top_k"),
    "electra": ("text", "seed"),
    "lora": ("rank",),
    "fitting": ("degree", "max_degree", "points", "noise", "l2", "seed", "knob", "remedy"),
    "regression": ("feature", "threshold", "surrogate", "sample"),
    "perceptron": ("gate", "hidden", "mlp_epochs", "learning_rate", "perceptron_epochs", "seed", "step"),
    "stages": ("sample",),
    "shots": ("calibration", "seed"),
    "qlearning": ("alpha", "epsilon", "episodes", "seed", "replay", "target"),
    "nas": ("edge",),
    "attention": ("text", "layer", "head", "query"),
    "rnn": ("length",),
    "embeddings": ("word", "a", "b", "c", "words", "split"),
}
CASES = [(slug, query, field) for slug, cases in INVALID.items() for query, field in cases]


@pytest.fixture(scope="module", autouse=True)
def models():
    return [ensure_trained(spec, echo=None) for spec in train_specs()]


def test_every_demo_has_invalid_inputs():
    assert set(INVALID) == {demo.slug for demo in DEMOS}


def error_message(response) -> str:
    """The alert of the htmx result partial: the message the learner reads."""
    assert response.status_code == 400, response.content[:300]
    (message,) = ALERT.findall(response.content.decode())
    return html.unescape(message).strip()


@pytest.mark.parametrize(("slug", "query", "field"), CASES)
def test_page_errors_are_in_the_pages_language(client, slug, query, field):
    headers = {"hx-request": "true"}
    korean = error_message(client.get(f"/demos/{slug}/?{urlencode(query)}", headers=headers))
    english = error_message(client.get(f"/en/demos/{slug}/?{urlencode(query)}", headers=headers))
    assert HANGUL.search(korean), korean
    assert english and not HANGUL.search(english), english
    page = client.get(f"/demos/{slug}/?{urlencode(query)}")
    assert page.status_code == 400 and html.escape(korean) in page.content.decode()
    assert f'id="{field}-error"' in page.content.decode() or field not in FIELD_ERRORS.get(slug, ())


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/demos/masking/", {"text": "x " * 300, "scheme": "bert"}, "text"),
        ("/api/demos/mlm/", {"text": "[CLS] the [MASK] ."}, "text"),
        ("/api/demos/electra/", {"text": "the [MASK] ."}, "text"),  # seed -1 is now the schema's 422
        ("/api/demos/lora/", {"rank": 3}, "rank"),
        ("/api/demos/fitting/", {"noise": 9.0}, "noise"),
        ("/api/demos/regression/", {"surrogate": "tree-99"}, "surrogate"),
        ("/api/demos/perceptron/", {"gate": "nand"}, "gate"),
        ("/api/demos/stages/", {"sample": 360}, "sample"),
        ("/api/demos/cam/", {"model": "fc", "sample": 0, "methods": ["cam"]}, "methods"),
        ("/api/demos/embeddings/", {"word": "xylophone"}, "word"),
    ],
)
def test_api_errors_are_english_unless_the_client_asks(client, url, body, field):
    plain = client.post(url, body, content_type="application/json")
    korean = client.post(url, body, content_type="application/json", headers={"Accept-Language": "ko"})
    for response in (plain, korean):
        assert response.status_code == 400 and set(response.json()) == {"detail", "field"}
        assert response.json()["field"] == field
    assert not HANGUL.search(plain.json()["detail"]) and plain["Content-Language"] == "en"
    assert HANGUL.search(korean.json()["detail"]) and korean["Content-Language"] == "ko"


@pytest.mark.parametrize(
    "upload",
    [
        None,
        ("notes.txt", b"just text"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (1 << 20)),
        ("cut.png", b"\x89PNG\r\n"),
    ],
)
def test_cam_upload_errors_are_in_the_pages_language(client, upload):
    """The one form that posts a file: a missing, foreign, oversized or truncated upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"source": "upload", "model": "gap"}
    if upload:
        data["image"] = SimpleUploadedFile(upload[0], upload[1], content_type="image/png")
    korean = error_message(client.post("/demos/cam/", data, headers={"hx-request": "true"}))
    if upload:
        data["image"] = SimpleUploadedFile(upload[0], upload[1], content_type="image/png")
    english = error_message(client.post("/en/demos/cam/", data, headers={"hx-request": "true"}))
    assert HANGUL.search(korean) and not HANGUL.search(english), (korean, english)


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/demos/masking/", {"text": "the cat", "scheme": "xlnet"}, "scheme"),
        ("/api/demos/masking/", {"text": "the cat", "scheme": "bert", "epochs": 9}, "epochs"),
        ("/api/demos/mlm/", {"text": "the [MASK] .", "top_k": "many"}, "top_k"),
        ("/api/demos/lora/", {}, "rank"),
    ],
)
def test_api_schema_errors_have_the_same_shape(client, url, body, field):
    """A body the schema refuses (before any engine runs) is a 422 shaped like the engines' 400s."""
    plain = client.post(url, body, content_type="application/json")
    korean = client.post(url, body, content_type="application/json", headers={"Accept-Language": "ko"})
    for response in (plain, korean):
        assert response.status_code == 422 and set(response.json()) == {"detail", "field", "errors"}
        assert response.json()["field"] == field and response.json()["errors"][0]["loc"][-1] == field
    assert not HANGUL.search(plain.json()["detail"]) and HANGUL.search(korean.json()["detail"])
