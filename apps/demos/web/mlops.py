"""MLOps lab: one production scenario under levels 0, 1 and 2, as a timeline chart and API."""

from __future__ import annotations

import math
from typing import Any, Literal

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
    SCENARIOS,
    render,
    simulate,
)
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
    level: Level
    scenario: Scenario
    days: int = Field(MAX_DAYS, ge=1, le=MAX_DAYS)
    seed: int = Field(DEFAULT_SEED, ge=0, le=2**32 - 1)


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


# --- the chart: server-rendered SVG ------------------------------------------------------------
WIDTH, LEFT, RIGHT = 720, 88, 16
PLOT_TOP, PLOT_BOTTOM = 32, 236  # room above the plot for the onset label
TICK_LABEL_Y, CAPTION_Y = PLOT_BOTTOM + 8, PLOT_BOTTOM + 42  # x tick labels; "day" and the lanes' caption
LANE_TOP, LANE_HEIGHT = PLOT_BOTTOM + 76, 28
MARKER_R = 6.5


def marker_path(kind: str, r: float = MARKER_R) -> str:
    """An SVG path for an event marker centred on (0, 0): one shape per event type."""
    h = r * 0.87
    shapes = {
        "value_skew_detected": f"M0 {-r}L{h} {r / 2}L{-h} {r / 2}Z",  # triangle up
        "schema_skew_stopped": f"M{-r * 0.8} {-r * 0.8}h{r * 1.6}v{r * 1.6}h{-r * 1.6}Z",  # square
        "retrained": f"M{-r} 0a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0Z",  # circle
        "promoted": f"M0 {-r}L{r} 0L0 {r}L{-r} 0Z",  # diamond
        "promotion_rejected": (  # X
            f"M{-r} {-r * 0.6}L{-r * 0.6} {-r}L0 {-r * 0.4}L{r * 0.6} {-r}L{r} {-r * 0.6}L{r * 0.4} 0"
            f"L{r} {r * 0.6}L{r * 0.6} {r}L0 {r * 0.4}L{-r * 0.6} {r}L{-r} {r * 0.6}L{-r * 0.4} 0Z"
        ),
        "pipeline_blocked": f"M0 {r}L{h} {-r / 2}L{-h} {-r / 2}Z",  # triangle down
        "pipeline_deployed": f"M{r} 0L{-r / 2} {h}L{-r / 2} {-h}Z",  # triangle right
    }
    return shapes[kind]


def _y_scale(lowest: float) -> tuple[float, float]:
    """The accuracy axis's lower end and tick step: at most six labelled ticks."""
    lowest = max(0.0, lowest - 0.02)
    step = 0.2 if lowest < 0.5 else 0.1 if lowest < 0.75 else 0.05
    return math.floor(lowest / step) * step, step


def chart(runs: dict[int, dict], chosen: int) -> dict[str, Any]:
    """Geometry of the accuracy chart (one line per level) and the event lanes of ``chosen``."""
    days = len(runs[chosen]["timeline"])
    low, step = _y_scale(min(d["accuracy"] for run in runs.values() for d in run["timeline"]))
    span = WIDTH - LEFT - RIGHT

    def x(day: float) -> float:
        return round(LEFT + (span / 2 if days == 1 else (day - 1) / (days - 1) * span), 1)

    def y(accuracy: float) -> float:
        return round(PLOT_BOTTOM - (accuracy - low) / (1 - low) * (PLOT_BOTTOM - PLOT_TOP), 1)

    y_ticks = [{"y": y(v), "label": f"{v:.0%}"} for v in _steps(low, 1.0, step)]
    day_step = next(s for s in (1, 2, 5, 10, 20) if days / s <= 8)
    x_ticks = [{"x": x(d), "label": d} for d in range(1, days + 1) if d == 1 or d % day_step == 0]
    lines = []
    for level in sorted(runs):
        points = " ".join(f"{x(d['day'])},{y(d['accuracy'])}" for d in runs[level]["timeline"])
        lines.append({"level": level, "points": points, "chosen": level == chosen})
    lines.sort(key=lambda line: line["chosen"])  # the chosen level is drawn last, on top
    markers = []
    for day in runs[chosen]["timeline"]:
        for event in day["events"]:
            lane = EVENT_TYPES.index(event["type"])
            markers.append(
                {
                    "type": event["type"],
                    "x": x(day["day"]),
                    "y": LANE_TOP + lane * LANE_HEIGHT + LANE_HEIGHT / 2,
                    "path": marker_path(event["type"]),
                    "day": day["day"],
                    "label": EVENT_LABELS[event["type"]],
                }
            )
    lanes = [
        {
            "y": LANE_TOP + i * LANE_HEIGHT,
            "mid": LANE_TOP + i * LANE_HEIGHT + LANE_HEIGHT / 2,
            "type": kind,
            "path": marker_path(kind),
        }
        for i, kind in enumerate(EVENT_TYPES)
    ]
    onset = runs[chosen]["onset_day"]
    onset_x = x(onset) if runs[chosen]["scenario"] != "none" and onset <= days else None
    height = LANE_TOP + len(EVENT_TYPES) * LANE_HEIGHT + 4
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "plot_top": PLOT_TOP,
        "plot_bottom": PLOT_BOTTOM,
        "plot_width": span,
        "plot_height": PLOT_BOTTOM - PLOT_TOP,
        "lane_bottom": height - 4,
        "tick_label_y": TICK_LABEL_Y,
        "caption_y": CAPTION_Y,
        "center": round(LEFT + span / 2),
        "y_ticks": y_ticks,
        "x_ticks": x_ticks,
        "lines": lines,
        "dots": [{"x": x(d["day"]), "y": y(d["accuracy"])} for d in runs[chosen]["timeline"]] if days <= 20 else [],
        "markers": markers,
        "lanes": lanes,
        "onset_x": onset_x,
        "after_onset_width": round(WIDTH - RIGHT - onset_x, 1) if onset_x is not None else None,
    }


def _steps(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [round(start + i * step, 2) for i in range(count + 1)]


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
                "path": marker_path(event["type"]),
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
        "event_legend": [
            {"type": kind, "label": EVENT_LABELS[kind], "path": marker_path(kind)} for kind in EVENT_TYPES
        ],
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
                    "path": marker_path(kind),
                    "count": events.count(kind),
                    "words": EVENT_KEYWORDS[kind][lang()],
                }
                for kind in EVENT_TYPES
            ],
            "summaries": [_summary(runs[other]) for other in LEVELS],
            "levels_1_2_coincide": runs[1]["timeline"] == runs[2]["timeline"],
        }

    return run_page(request, "mlops", context, compute)
