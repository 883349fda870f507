"""Word-embedding lab: CBOW and skip-gram neighbours, the analogy a - b + c, one-hot vs dense; page and API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from pydantic import StrictStr

from apps.demos import loaded, manifest
from apps.demos.engines import embeddings
from apps.demos.web.forms import run_page
from apps.demos.web.heat_tables import heat_rows

router = Router(tags=["word-embedding lab"])
(NAME,) = manifest.demo("embeddings").requires
ARCHITECTURE_NAMES = {"cbow": "CBOW", "skipgram": "Skip-gram"}
FAMILY_NAMES = {
    "people": _("People (male, female)"),
    "places": _("Countries and capitals"),
    "verbs": _("Verbs (present, past)"),
    "animals": _("Animals"),
    "fruits": _("Fruits"),
    "vehicles": _("Vehicles"),
}
FIELDS = tuple(embeddings.DEFAULTS)


class EmbeddingsIn(Schema):
    word: StrictStr = Field(embeddings.DEFAULTS["word"], description="Word whose nearest neighbours to show.")
    a: StrictStr = Field(embeddings.DEFAULTS["a"], description="Analogy a - b + c: a.")
    b: StrictStr = Field(embeddings.DEFAULTS["b"], description="Analogy a - b + c: b.")
    c: StrictStr = Field(embeddings.DEFAULTS["c"], description="Analogy a - b + c: c.")
    words: StrictStr = Field(
        embeddings.DEFAULTS["words"], description="2 to 6 words, separated by spaces, to compare one-hot with dense."
    )
    split: StrictStr = Field(
        embeddings.DEFAULTS["split"], description="A word (letters a-z) to split into the LM lab's WordPiece pieces."
    )


@router.post(
    "/embeddings/",
    summary="CBOW and skip-gram neighbours, an analogy, one-hot vs dense cosines, a word's WordPiece pieces",
)
def embeddings_api(request: HttpRequest, payload: EmbeddingsIn) -> dict[str, Any]:
    return embeddings.explore(loaded.get(NAME), *(getattr(payload, name) for name in FIELDS))


def _compute(context: dict[str, Any]) -> dict[str, Any]:
    result = embeddings.explore(loaded.get(NAME), *(context[name] for name in FIELDS))
    compared = result["compared"]
    names = compared["words"]
    result["columns"] = [
        {"name": ARCHITECTURE_NAMES[arch], "neighbours": result["neighbours"][arch], "answers": answers}
        for arch, answers in result["analogy"]["answers"].items()
    ]
    result["one_hot_rows"] = [
        {"word": w, "bits": [int(i == j) for j in compared["indices"]]}
        for w, i in zip(names, compared["indices"], strict=True)
    ]
    result["one_hot_columns"] = list(zip(names, compared["indices"], strict=True))
    result["other_columns"] = compared["vocabulary"] - len(names)
    result["one_hot_heat"] = heat_rows(names, compared["one_hot_cosine"])
    result["dense_heat"] = [
        {"key": arch, "name": ARCHITECTURE_NAMES[arch], "rows": heat_rows(names, matrix)}
        for arch, matrix in compared["dense_cosine"].items()
    ]
    result["dense_rows"] = list(zip(names, compared["dense_first"], strict=True))
    return result


def _prepare(context: dict[str, Any]) -> None:
    context["families"] = [(FAMILY_NAMES[name], words) for name, words in embeddings.families().items()]
    context["sample"] = [" ".join(s) for s in embeddings.sentences(6, seed=embeddings.RECIPE["seed"])]
    context["recipe"] = embeddings.RECIPE


def page(request: HttpRequest):
    context: dict[str, Any] = {name: request.GET.get(name, default) for name, default in embeddings.DEFAULTS.items()}
    context["analogy_fields"] = [(name, context[name]) for name in ("a", "b", "c")]
    return run_page(request, "embeddings", context, lambda: _compute(context), _prepare)
