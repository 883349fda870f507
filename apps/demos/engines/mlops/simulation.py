"""MLOps levels 0, 1 and 2 run day by day over the simulated production stream.

Each day the production model serves that day's batch (its accuracy is measured on the
labels for display); at the end of the day the labels arrive and, from level 1 on, the
pipeline checks the data and retrains when a trigger fires:

* level 0 — one model trained once and handed over (classifier plus a note of the
  standardisation to apply); the serving team re-implements the preprocessing; nobody
  monitors anything, so no events.
* level 1 — continuous training: schema check (stop), value-skew check (trigger),
  training on recent labelled data plus the pool, model validation against production,
  promotion into the registry. Pipeline code changes ship without tests.
* level 2 — level 1 plus CI/CD of the pipeline code: a change is deployed only if the
  pipeline's own tests pass.

Model versions live in the project's ``Registry``, rooted in a temporary directory that is
removed when the run ends.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.pipeline import Pipeline

from apps.demos.engines.errors import one_of, whole_number
from apps.demos.engines.mlops.data_validation import FAMILY_ALPHA, schema_problems, value_skew
from apps.demos.engines.mlops.model_validation import (
    CLASS_MARGIN,
    MIN_CLASS_RECORDS,
    evaluate,
    promotion_gate,
)
from apps.demos.engines.mlops.pipeline_ci import run_pipeline_tests
from apps.demos.engines.mlops.pipeline_code import (
    BASELINE,
    CODE_VERSIONS,
    PipelineCode,
    predict_requests,
)
from apps.demos.engines.mlops.stream import SCENARIOS, DayBatch, ProductionStream
from apps.demos.engines.mlops.threads import single_threaded
from apps.demos.engines.registry import GateRejected, Registry
from apps.demos.engines.text import Text, Value, gettext_noop, render

LEVELS = (0, 1, 2)
DEFAULT_SEED = 0
MAX_SEED = 2**32 - 1
MAX_DAYS = 60
MODEL_NAME = "digits-ct"
MODEL_FILE = "model.joblib"

# Pipeline triggers and the data a run trains on.
SCHEDULE_EVERY_DAYS = 7
NEW_DATA_RECORDS = 1500
PERFORMANCE_DROP = 0.05  # accuracy below the validated accuracy by more than this
RECENT_DAYS = 3
HOLDOUT_FRACTION = 0.3

# The registry listing's decision for the first version (nothing to validate it against) and
# for a version that passed the gate (the words the registry's own log uses).
INITIAL_MODEL = Text(gettext_noop("initial model"))
PASSED_GATE = Text(gettext_noop("passed validation gate"))


def simulate(level: int, scenario: str, days: int, seed: int) -> dict[str, Any]:
    """Run ``days`` simulated days of ``scenario`` under MLOps ``level``.

    Returns ``{"level", "scenario", "onset_day", "timeline": [{"day", "accuracy", "events":
    [{"type", "detail", "text"}], "model", "records"}], "registry": [{"version",
    "promoted_on_day", "metrics", "trigger", "trigger_text", "decision", "decision_text", ...}]}``;
    the same arguments always give the same result. ``detail``, ``trigger`` and ``decision`` are
    English; the ``*text`` keys hold the same as ``Text`` values, to render in another language.
    """
    _validate(level, scenario, days, seed)
    level, days, seed = int(level), int(days), int(seed)  # numpy integers are welcome too
    stream = ProductionStream(scenario, days, seed)
    with single_threaded(), tempfile.TemporaryDirectory(prefix="mlops-sim-") as root:
        registry = Registry(root)
        runner = _ManualProcess(stream, registry) if level == 0 else _Pipeline(stream, registry, level)
        timeline = [runner.day(day) for day in range(1, days + 1)]
        versions = _registry_listing(registry, runner.notes)
    return {
        "level": level,
        "scenario": scenario,
        "onset_day": stream.onset,
        "timeline": timeline,
        "registry": versions,
    }


def _validate(level: Any, scenario: Any, days: Any, seed: Any) -> None:
    one_of("level", level, LEVELS)
    one_of("scenario", scenario, SCENARIOS)
    whole_number("days", days, 1, MAX_DAYS)
    whole_number("seed", seed, 0, MAX_SEED)


def _serving_features(batch: DayBatch) -> np.ndarray:
    """What the online service feeds its model: a missing field is filled with 0."""
    return np.nan_to_num(batch.features, nan=0.0)


def _writer(model: Pipeline):
    def write(directory: Path) -> None:
        joblib.dump(model, directory / MODEL_FILE)

    return write


def _day(day: int, accuracy: float, version: str, batch: DayBatch, events: list[tuple[str, Text]]) -> dict:
    return {
        "day": day,
        "accuracy": round(accuracy, 4),
        "events": [{"type": kind, "detail": render(text), "text": text} for kind, text in events],
        "model": version,
        "records": len(batch.labels),
    }


class _ManualProcess:
    """Level 0: a model artifact handed over once; serving re-implements preprocessing."""

    def __init__(self, stream: ProductionStream, registry: Registry):
        self.stream = stream
        pool_x, pool_y = stream.pool()
        launch = stream.batch(0)
        trained = BASELINE.build().fit(pool_x, pool_y)
        scaler = trained.named_steps["standardise"]
        self.classifier = trained.named_steps["classify"]
        self.mean, self.scale = scaler.mean_, scaler.scale_
        metrics = evaluate(launch.labels, trained.predict(launch.features))

        def hand_over(directory: Path) -> None:
            joblib.dump(self.classifier, directory / MODEL_FILE)
            (directory / "preprocessing.json").write_text(
                json.dumps({"standardise": {"mean": self.mean.tolist(), "scale": self.scale.tolist()}})
            )

        trigger = Text(gettext_noop("manual training in a notebook, handed over once"))
        self.version = registry.save(
            MODEL_NAME,
            hand_over,
            {
                "trained_on_day": 0,
                "trigger": render(trigger),
                "pipeline": "notebook",
                "training_records": len(pool_y),
                "metrics": metrics,
            },
        ).version
        self.notes: dict[str, tuple[Value, Text]] = {self.version: (trigger, INITIAL_MODEL)}

    def day(self, day: int) -> dict:
        batch = self.stream.batch(day)
        features = _serving_features(batch)
        if not self.stream.serving_forgets_preprocessing(day):
            features = (features - self.mean) / self.scale
        accuracy = float((self.classifier.predict(features) == batch.labels).mean())
        return _day(day, accuracy, self.version, batch, [])


@dataclass
class _Production:
    model: Pipeline
    version: str
    validated_accuracy: float
    reference: np.ndarray  # the recent data it was trained on, for value-skew checks


class _Pipeline:
    """Levels 1 and 2: continuous training; level 2 adds CI/CD of the pipeline code."""

    def __init__(self, stream: ProductionStream, registry: Registry, level: int):
        self.stream = stream
        self.registry = registry
        self.level = level
        self.code: PipelineCode = BASELINE
        self.pool_x, self.pool_y = stream.pool()
        self.recent: list[DayBatch] = []
        self.window_start = 1  # the last value skew: older data no longer look like serving data
        self.new_records = 0
        launch = stream.batch(0)
        model = self.code.build().fit(self.pool_x, self.pool_y)
        metrics = evaluate(launch.labels, model.predict(launch.features))
        trigger = Text(gettext_noop("initial training"))
        artifact = registry.save(
            MODEL_NAME,
            _writer(model),
            {
                "trained_on_day": 0,
                "trigger": render(trigger),
                "pipeline": self.code.version,
                "training_records": len(self.pool_y),
                "metrics": metrics,
            },
        )
        # Each version's trigger and decision, for the registry listing.
        self.notes: dict[str, tuple[Value, Text]] = {artifact.version: (trigger, INITIAL_MODEL)}
        self.production = _Production(
            joblib.load(artifact.path / MODEL_FILE), artifact.version, metrics["accuracy"], self.pool_x
        )

    def day(self, day: int) -> dict:
        events: list[tuple[str, Text]] = []
        triggers: list[Text] = []
        if proposed := self.stream.code_change(day):
            triggers += self._change_code(CODE_VERSIONS[proposed], events)
        batch = self.stream.batch(day)
        serving = self.production
        predictions = predict_requests(serving.model, _serving_features(batch))
        accuracy = float((predictions == batch.labels).mean())

        # End of day: the labels are in; the pipeline validates the data first.
        problems = schema_problems(batch.features)
        if problems:
            events.append(
                (
                    "schema_skew_stopped",
                    Text(
                        gettext_noop("%(problems)s. Pipeline stopped before training; no model promoted."),
                        {"problems": tuple(problems)},
                    ),
                )
            )
            return _day(day, accuracy, serving.version, batch, events)
        self.recent = [*self.recent[-(RECENT_DAYS - 1) :], batch]
        self.new_records += len(batch.labels)
        skew = value_skew(serving.reference, batch.features)
        if skew.detected:
            self.window_start = day
            shown = ", ".join(f"{name} (D={stat:.2f})" for name, stat in skew.shifted[:3])
            events.append(
                (
                    "value_skew_detected",
                    Text(
                        gettext_noop(
                            "%(shifted)s of %(tested)s features shifted against the training reference "
                            "(two-sample KS, Bonferroni family alpha %(alpha)s): %(shown)s"
                        ),
                        {
                            "shifted": len(skew.shifted),
                            "tested": skew.tested,
                            "alpha": f"{FAMILY_ALPHA:g}",
                            "shown": shown,
                        },
                    ),
                )
            )
            triggers.append(Text(gettext_noop("value skew detected")))
        if accuracy < serving.validated_accuracy - PERFORMANCE_DROP:
            triggers.append(
                Text(
                    gettext_noop("performance drop (%(served)s served vs %(validated)s validated)"),
                    {"served": f"{accuracy:.1%}", "validated": f"{serving.validated_accuracy:.1%}"},
                )
            )
        if day % SCHEDULE_EVERY_DAYS == 0:
            triggers.append(Text(gettext_noop("schedule (weekly run)")))
        if self.new_records >= NEW_DATA_RECORDS:
            triggers.append(
                Text(
                    gettext_noop("new data (%(records)s labelled records since the last run)"),
                    {"records": self.new_records},
                )
            )
        if triggers:
            self._run(day, tuple(triggers), events)
        return _day(day, accuracy, serving.version, batch, events)

    def _change_code(self, code: PipelineCode, events: list) -> list[Text]:
        change = {"version": code.version, "summary": code.summary}
        trigger = Text(gettext_noop("new pipeline code %(version)s"), {"version": code.version})
        if self.level == 1:
            self.code = code
            events.append(
                (
                    "pipeline_deployed",
                    Text(
                        gettext_noop("pipeline %(version)s (%(summary)s) shipped without tests: level 1 has no CI"),
                        change,
                    ),
                )
            )
            return [trigger]
        outcomes = run_pipeline_tests(code)
        failed = [outcome for outcome in outcomes if not outcome.passed]
        if failed:
            events.append(
                (
                    "pipeline_blocked",
                    Text(
                        gettext_noop(
                            "pipeline %(version)s (%(summary)s) blocked by CI: test %(test)s failed: %(error)s. "
                            "Pipeline %(running)s keeps running."
                        ),
                        {**change, "test": failed[0].name, "error": failed[0].error, "running": self.code.version},
                    ),
                )
            )
            return []
        self.code = code
        events.append(
            (
                "pipeline_deployed",
                Text(
                    gettext_noop("pipeline %(version)s (%(summary)s) passed CI (%(tests)s) and was deployed"),
                    {**change, "tests": ", ".join(outcome.name for outcome in outcomes)},
                ),
            )
        )
        return [trigger]

    def _run(self, day: int, triggers: tuple[Text, ...], events: list) -> None:
        """Train on the pool plus recent data, validate against production, promote or not."""
        window = [batch for batch in self.recent if batch.day >= self.window_start]
        rng = np.random.default_rng([self.stream.seed, 2, day])
        train_x, train_y, hold_x, hold_y = [self.pool_x], [self.pool_y], [], []
        for batch in window:
            order = rng.permutation(len(batch.labels))
            cut = round(HOLDOUT_FRACTION * len(order))
            hold_x.append(batch.features[order[:cut]])
            hold_y.append(batch.labels[order[:cut]])
            train_x.append(batch.features[order[cut:]])
            train_y.append(batch.labels[order[cut:]])
        model = self.code.build().fit(np.vstack(train_x), np.concatenate(train_y))
        holdout_x, holdout_y = np.vstack(hold_x), np.concatenate(hold_y)
        recent_records = sum(len(y) for y in train_y[1:])
        if len(window) == 1:
            days = Text(gettext_noop("day %(day)s"), {"day": window[0].day})
        else:
            days = Text(gettext_noop("days %(first)s-%(last)s"), {"first": window[0].day, "last": window[-1].day})
        events.append(
            (
                "retrained",
                Text(
                    gettext_noop(
                        "trigger: %(triggers)s. Pipeline %(pipeline)s trained on %(pool)s pool + "
                        "%(recent)s recent records (%(days)s)."
                    ),
                    {
                        "triggers": triggers,
                        "pipeline": self.code.version,
                        "pool": len(self.pool_y),
                        "recent": recent_records,
                        "days": days,
                    },
                ),
            )
        )
        self.new_records = 0
        # Offline validation scores both models on the held-out slice as one batch.
        candidate = evaluate(holdout_y, model.predict(holdout_x))
        production = evaluate(holdout_y, self.production.model.predict(holdout_x))
        rejection = promotion_gate(candidate, production)
        try:
            artifact = self.registry.save(
                MODEL_NAME,
                _writer(model),
                {
                    "trained_on_day": day,
                    "trigger": render(triggers),
                    "pipeline": self.code.version,
                    "training_records": int(sum(len(y) for y in train_y)),
                    "metrics": candidate,
                    "production_metrics": production,
                },
                gate=lambda meta: None if rejection is None else render(rejection),  # the registry logs English
            )
        except GateRejected as rejected:
            self.notes[rejected.artifact.version] = (triggers, rejection)
            events.append(
                (
                    "promotion_rejected",
                    Text(
                        gettext_noop(
                            "%(version)s kept out of production: %(reason)s "
                            "(held-out slice of %(records)s recent records)"
                        ),
                        {"version": rejected.artifact.version, "reason": rejection, "records": candidate["records"]},
                    ),
                )
            )
            return
        self.notes[artifact.version] = (triggers, PASSED_GATE)
        events.append(
            (
                "promoted",
                Text(
                    gettext_noop(
                        "%(version)s promoted: accuracy %(candidate)s vs production %(production)s on "
                        "%(records)s held-out records; no digit (of those with %(min_records)s+ records) "
                        "worse by more than %(margin)s"
                    ),
                    {
                        "version": artifact.version,
                        "candidate": f"{candidate['accuracy']:.1%}",
                        "production": f"{production['accuracy']:.1%}",
                        "records": candidate["records"],
                        "min_records": MIN_CLASS_RECORDS,
                        "margin": f"{CLASS_MARGIN:.0%}",
                    },
                ),
            )
        )
        self.production = _Production(
            joblib.load(artifact.path / MODEL_FILE),
            artifact.version,
            candidate["accuracy"],
            np.vstack([batch.features for batch in window]),
        )


def _registry_listing(registry: Registry, notes: dict[str, tuple[Value, Text]]) -> list[dict[str, Any]]:
    promoted = {entry["version"]: entry["promoted"] for entry in registry.history(MODEL_NAME)}
    listing = []
    for artifact in registry.versions(MODEL_NAME):
        meta = artifact.metadata
        trigger, decision = notes[artifact.version]
        listing.append(
            {
                "version": artifact.version,
                "promoted_on_day": meta["trained_on_day"] if promoted[artifact.version] else None,
                "trained_on_day": meta["trained_on_day"],
                "trigger": render(trigger),
                "trigger_text": trigger,
                "pipeline": meta["pipeline"],
                "training_records": meta["training_records"],
                "metrics": meta["metrics"],
                "decision": render(decision),
                "decision_text": decision,
            }
        )
    return listing
