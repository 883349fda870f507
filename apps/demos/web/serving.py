"""Model-in-Service vs Model-as-a-Service: one digits model, called in-process and over HTTP."""

from __future__ import annotations

import math
import time
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyHeader
from ninja.throttling import BaseThrottle

from apps.demos import loaded, manifest
from apps.demos.engines.errors import whole_number
from apps.demos.engines.mlops import SERVING_KEYWORDS, predict, sample_inputs
from apps.demos.models import ApiKey
from apps.demos.pictures.plot import digit_cells
from apps.demos.web.forms import lang, query_int, run_page

(ARTIFACT,) = manifest.demo("serving").requires
RATE_WINDOW_SECONDS = 60

router = Router(tags=["serving"])


class KeyAuth(APIKeyHeader):
    """``X-API-Key``: missing → 401, unknown or revoked → 403."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiKey | None:
        if not key:
            return None
        api_key = ApiKey.objects.authenticate(key)
        if api_key is None:
            raise HttpError(403, "The API key is not valid or has been revoked.")
        return api_key


class PerKeyRate(BaseThrottle):
    """At most ``rate_limit_per_minute`` requests per key per clock minute, counted in the cache.

    ``cache.add`` + ``cache.incr`` are atomic on locmem and on Redis, so concurrent workers
    sharing a Redis cache share one count per key.
    """

    def allow_request(self, request: HttpRequest) -> bool:
        api_key: ApiKey = request.auth
        window = int(time.time() // RATE_WINDOW_SECONDS)
        counter = f"demos:serving:rate:{api_key.pk}:{window}"
        cache.add(counter, 0, timeout=RATE_WINDOW_SECONDS + 5)
        try:
            count = cache.incr(counter)
        except ValueError:  # evicted between add and incr: this request starts the count again
            cache.add(counter, 1, timeout=RATE_WINDOW_SECONDS + 5)
            count = 1
        return count <= api_key.rate_limit_per_minute

    def wait(self) -> float:
        """Seconds until the next minute window opens."""
        return RATE_WINDOW_SECONDS - time.time() % RATE_WINDOW_SECONDS


class PredictIn(Schema):
    pixels: list[float] | list[list[float]] = Field(
        ..., description="One 8×8 image as 64 numbers 0–16 (row by row), or a list of up to 100 such images."
    )


class PredictOut(Schema):
    model: str
    version: str
    predictions: list[int]
    probabilities: list[list[float]]


class Detail(Schema):
    detail: str


@router.post(
    "/serving/predict/",
    response={200: PredictOut, 401: Detail, 403: Detail, 429: Detail},
    auth=KeyAuth(),
    throttle=[PerKeyRate()],
    summary="Classify 8×8 digits with the served model (Model-as-a-Service)",
)
def predict_api(request: HttpRequest, payload: PredictIn, response: HttpResponse):
    request.auth.record_use()
    version, model = loaded.get_versioned(ARTIFACT)
    started = time.perf_counter()
    result = predict(model, payload.pixels)
    # The page shows how much of the HTTP round trip the model itself took.
    response["Server-Timing"] = f"predict;dur={(time.perf_counter() - started) * 1000:.3f}"
    return {"model": ARTIFACT, "version": version, **result}


# The notes' comparison table (문항17), plus what each side is in this demo.
OWNERSHIP = (
    (_("Where the model lives"), _("Inside the service's code"), _("A separate API, called from outside")),
    (_("Who manages it"), _("The application developers"), _("The model provider or platform")),
    (
        _("Scaling and infrastructure"),
        _("The developers scale and run it themselves"),
        _("Scales on the provider's (cloud) infrastructure"),
    ),
    (_("Who can call it"), _("Mainly the service itself"), _("Anyone inside or outside with an API key")),
    (_("Suited to"), _("A model built into one feature"), _("Organisations that want AI features quickly")),
    (
        _("In this demo"),
        _(
            "The Django process loads the artifact into memory and calls it directly: no network, no key; the web app's deploy decides the model version."
        ),
        _(
            "Each call carries an API key that an instructor issued; the API checks it, applies its per-minute rate limit, counts the call and reports the model version."
        ),
    ),
)


def page(request: HttpRequest):
    samples = sample_inputs()
    for index, sample in enumerate(samples):
        sample["index"] = index
        sample["cells"] = digit_cells(sample["pixels"])
    context: dict[str, Any] = {
        "samples": samples,
        "sample": request.GET.get("sample", "0"),
        "ownership": OWNERSHIP,
        "keywords": {style: words[lang()] for style, words in SERVING_KEYWORDS.items()},
        "endpoint": reverse("api:predict_api"),
    }

    def compute() -> dict[str, Any]:
        index = whole_number("sample", query_int(request.GET.get("sample"), "sample", 0), 0, len(samples) - 1)
        chosen = samples[index]
        version, model = loaded.get_versioned(ARTIFACT)
        started = time.perf_counter()
        answer = predict(model, chosen["pixels"])
        elapsed_ms = (time.perf_counter() - started) * 1000
        skew = loaded.artifact(ARTIFACT).metadata["metrics"].get("training_serving_skew")
        return {
            "sample": chosen,
            "version": version,
            "prediction": answer["predictions"][0],
            "probabilities": answer["probabilities"][0],
            "bars": [
                {"digit": d, "p": p, "percent": math.floor(p * 1000) / 10}
                for d, p in enumerate(answer["probabilities"][0])
            ],
            "elapsed_ms": elapsed_ms,
            "demo_key": ApiKey.objects.demo_key(),
            "skew": skew,
        }

    return run_page(request, "serving", context, compute)
