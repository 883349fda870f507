"""MLOps lab: one production scenario under levels 0, 1 and 2, as a timeline chart and API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema

from apps.demos.engines.mlops import (
    DEFAULT_SEED,
    EVENT_KEYWORDS,
    EVENT_TYPES,
    LEVEL_KEYWORDS,
    LEVELS,
    MAX_DAYS,
    MAX_SEED,
    SCENARIOS,
    render,
    simulate,
)
from apps.demos.pictures.svg import marker_path, timeline_chart
from apps.demos.web.fields import WHOLE_NUMBERS_ONLY, WholeNumber
from apps.demos.web.forms import lang, query_int, run_page

router = Router(tags=["mlops"])

# simulate() is deterministic, so a result can be kept; bump the version when the engine changes.
CACHE_VERSION = 2
CACHE_SECONDS = 24 * 3600

LEVEL_TEXT = {
    0: (
        _("Level 0: manual process"),
        _(
            "A model trained once in a notebook is handed over; the serving team re-implements its preprocessing. Nothing is monitored, so nothing reacts."
        ),
    ),
    1: (
        _("Level 1: ML pipeline automation"),
        _(
            "Continuous training: each day's data are validated (schema skew stops the pipeline, value skew triggers it), and a retrained model is promoted only if it beats production on held-out recent data."
        ),
    ),
    2: (
        _("Level 2: CI/CD pipeline automation"),
        _("Level 1 plus CI/CD of the pipeline code: a code change is deployed only if the pipeline's own tests pass."),
    ),
}
SCENARIO_TEXT = {
    "none": (_("No change"), _("Stationary stream: serving data look like the training data every day.")),
    "value_skew": (
        _("Value skew"),
        _(
            "From the onset day a new scanner gives a brighter background and weaker ink contrast, and digits 1, 4 and 7 become more common."
        ),
    ),
    "schema_skew": (
        _("Schema skew"),
        _("From the onset day an upstream export change sends pixels on a 0–255 scale and drops the px_3_4 column."),
    ),
    "training_serving_skew": (
        _("Training–serving skew"),
        _(
            "From the onset day a rewritten serving path forgets the standardisation that training applied. Only a model handed over without its preprocessing is exposed."
        ),
    ),
    "pipeline_bug": (
        _("Pipeline bug"),
        _(
            "On the onset day pipeline code v2 is proposed: better offline, but its contrast normalisation uses the batch maximum instead of each image's maximum. Four days later v3 fixes it."
        ),
    ),
}
EVENT_LABELS = {
    "value_skew_detected": _("Value skew detected"),
    "schema_skew_stopped": _("Schema skew: pipeline stopped"),
    "retrained": _("Retrained"),
    "promoted": _("Promoted"),
    "promotion_rejected": _("Promotion rejected"),
    "pipeline_blocked": _("Pipeline change blocked by CI"),
    "pipeline_deployed": _("Pipeline change deployed"),
}

Level = Literal[LEVELS]  # type: ignore[valid-type]
Scenario = Literal[SCENARIOS]  # type: ignore[valid-type]
EventType = Literal[EVENT_TYPES]  # type: ignore[valid-type]


class MlopsIn(Schema):
    level: Annotated[Level, WHOLE_NUMBERS_ONLY]
    scenario: Scenario
    days: WholeNumber = Field(MAX_DAYS, ge=1, le=MAX_DAYS)
    seed: WholeNumber = Field(DEFAULT_SEED, ge=0, le=MAX_SEED)


class EventOut(Schema):
    type: EventType
    detail: str


class DayOut(Schema):
    day: int
    accuracy: float
    events: list[EventOut]
    model: str = Field(..., description="The registry version that served this day.")
    records: int


class VersionOut(Schema):
    version: str
    promoted_on_day: int | None
    trained_on_day: int
    trigger: str
    pipeline: str
    training_records: int
    metrics: dict[str, Any]
    decision: str


class MlopsOut(Schema):
    level: int
    scenario: str
    onset_day: int
    timeline: list[DayOut]
    registry: list[VersionOut]


def simulated(level: int, scenario: str, days: int, seed: int) -> dict[str, Any]:
    key = f"demos:mlops:{CACHE_VERSION}:{level}:{scenario}:{days}:{seed}"
    result = cache.get(key)
    if result is None:
        result = simulate(level, scenario, days, seed)  # validates; bad input never reaches the cache
        cache.set(key, result, CACHE_SECONDS)
    return result


@router.post("/mlops/", response=MlopsOut, summary="Simulate an MLOps level under a production scenario")
def mlops_api(request: HttpRequest, payload: MlopsIn):
    return simulated(payload.level, payload.scenario, payload.days, payload.seed)


# Each event kind's marker: a shape of its own, so the chart does not rely on colour alone.
EVENT_SHAPES = {
    "value_skew_detected": "triangle-up",
    "schema_skew_stopped": "square",
    "retrained": "circle",
    "promoted": "diamond",
    "promotion_rejected": "cross",
    "pipeline_blocked": "triangle-down",
    "pipeline_deployed": "triangle-right",
}


def marker(kind: str) -> str:
    return marker_path(EVENT_SHAPES[kind])


def chart(runs: dict[int, dict], chosen: int) -> dict[str, Any]:
    """The accuracy chart (one line per level) and the event lanes of ``chosen``."""
    run = runs[chosen]
    return timeline_chart(
        {level: [(d["day"], d["accuracy"]) for d in other["timeline"]] for level, other in runs.items()},
        chosen,
        [(day["day"], event["type"]) for day in run["timeline"] for event in day["events"]],
        EVENT_TYPES,
        EVENT_SHAPES,
        EVENT_LABELS,
        None if run["scenario"] == "none" else run["onset_day"],
    )


# --- the page -----------------------------------------------------------------------------------
def _event_groups(timeline: list[dict]) -> list[dict[str, Any]]:
    """Events in day order; an event repeated on consecutive days (a pipeline stopped every day)
    is one item spanning those days, keeping each day's detail (in the page's language)."""
    groups: list[dict[str, Any]] = []
    open_runs: dict[str, dict[str, Any]] = {}
    for day in timeline:
        for event in day["events"]:
            detail = {"day": day["day"], "detail": render(event["text"], gettext)}
            run = open_runs.get(event["type"])
            if run and run["last"] == day["day"] - 1:
                run["last"] = day["day"]
                run["details"].append(detail)
                continue
            run = {
                "type": event["type"],
                "label": EVENT_LABELS[event["type"]],
                "path": marker(event["type"]),
                "first": day["day"],
                "last": day["day"],
                "details": [detail],
            }
            open_runs[event["type"]] = run
            groups.append(run)
    return groups


def _registry_rows(registry: list[dict]) -> list[dict[str, Any]]:
    """The registry's versions with their trigger and decision in the page's language."""
    return [
        {**v, "trigger": render(v["trigger_text"], gettext), "decision": render(v["decision_text"], gettext)}
        for v in registry
    ]


def _summary(run: dict) -> dict[str, Any]:
    timeline = run["timeline"]
    after = [d["accuracy"] for d in timeline if d["day"] >= run["onset_day"]]
    events = [e["type"] for d in timeline for e in d["events"]]
    return {
        "level": run["level"],
        "name": LEVEL_TEXT[run["level"]][0],
        "mean_after_onset": sum(after) / len(after) if after else None,
        "lowest": min(d["accuracy"] for d in timeline),
        "retrained": events.count("retrained"),
        "promoted": events.count("promoted"),
        "final_model": timeline[-1]["model"],
    }


def page(request: HttpRequest):
    params = request.GET
    context: dict[str, Any] = {
        "level": params.get("level", "1"),
        "scenario": params.get("scenario", "value_skew"),
        "days": params.get("days", str(MAX_DAYS)),
        "seed": params.get("seed", str(DEFAULT_SEED)),
        "max_days": MAX_DAYS,
        "levels": [{"value": level, "name": LEVEL_TEXT[level][0]} for level in LEVELS],
        "scenarios": [{"value": name, "name": SCENARIO_TEXT[name][0]} for name in SCENARIOS],
        "event_legend": [{"type": kind, "label": EVENT_LABELS[kind], "path": marker(kind)} for kind in EVENT_TYPES],
    }

    def compute() -> dict[str, Any]:
        level = query_int(context["level"], "level", 1)
        scenario = context["scenario"]
        days = query_int(context["days"], "days", MAX_DAYS)
        seed = query_int(context["seed"], "seed", DEFAULT_SEED)
        run = simulated(level, scenario, days, seed)  # the chosen level first: its errors name the field
        runs = {other: run if other == level else simulated(other, scenario, days, seed) for other in LEVELS}
        events = [e["type"] for d in run["timeline"] for e in d["events"]]
        return {
            "run": run,
            "chart": chart(runs, level),
            "level_name": LEVEL_TEXT[level][0],
            "level_text": LEVEL_TEXT[level][1],
            "level_keywords": LEVEL_KEYWORDS[level][lang()],
            "scenario_name": SCENARIO_TEXT[scenario][0],
            "scenario_text": SCENARIO_TEXT[scenario][1],
            "events": _event_groups(run["timeline"]),
            "registry": _registry_rows(run["registry"]),
            "keywords": [
                {
                    "type": kind,
                    "label": EVENT_LABELS[kind],
                    "path": marker(kind),
                    "count": events.count(kind),
                    "words": EVENT_KEYWORDS[kind][lang()],
                }
                for kind in EVENT_TYPES
            ],
            "summaries": [_summary(runs[other]) for other in LEVELS],
            "levels_1_2_coincide": runs[1]["timeline"] == runs[2]["timeline"],
        }

    return run_page(request, "mlops", context, compute)
