"""MLOps levels 0/1/2 run over the simulated digits stream: what each level sees and does."""

from __future__ import annotations

import tempfile

import numpy as np
import pytest

from apps.demos.engines.mlops import DEFAULT_SEED, EVENT_TYPES, simulate
from apps.demos.engines.mlops.model_validation import evaluate, promotion_gate
from apps.demos.engines.mlops.pipeline_code import BASELINE
from apps.demos.engines.mlops.stream import ProductionStream
from apps.demos.engines.registry import GateRejected, Registry

pytestmark = pytest.mark.model

SEEDS = range(20)


def accuracy(run: dict) -> np.ndarray:
    return np.array([day["accuracy"] for day in run["timeline"]])


def event_days(run: dict, kind: str) -> list[int]:
    return [day["day"] for day in run["timeline"] for e in day["events"] if e["type"] == kind]


def events(run: dict, kind: str) -> list[dict]:
    return [e for day in run["timeline"] for e in day["events"] if e["type"] == kind]


def test_level_1_detects_value_skew_on_time_for_the_default_seed_and_almost_all_seeds():
    on_time = 0
    for seed in SEEDS:
        run = simulate(1, "value_skew", 12, seed)
        onset = run["onset_day"]
        detected = [day for day in event_days(run, "value_skew_detected") if day >= onset]
        hit = bool(detected) and detected[0] - onset <= 2
        if seed == DEFAULT_SEED:
            assert hit
            day = run["timeline"][detected[0] - 1]
            assert [e["type"] for e in day["events"]][:2] == ["value_skew_detected", "retrained"]
            assert "value skew" in day["events"][1]["detail"]
        on_time += hit
    assert on_time >= 0.95 * len(SEEDS)


def test_level_1_raises_almost_no_false_drift_alarms_without_skew():
    alarmed = sum(bool(event_days(simulate(1, "none", 30, seed), "value_skew_detected")) for seed in SEEDS)
    assert alarmed <= 0.05 * len(SEEDS)


@pytest.mark.parametrize("seed", [DEFAULT_SEED, 1, 2, 3])
def test_after_value_skew_level_0_decays_silently_and_level_1_recovers(seed):
    manual, automated = simulate(0, "value_skew", 20, seed), simulate(1, "value_skew", 20, seed)
    onset = manual["onset_day"]
    before = slice(0, onset - 1)
    after = slice(onset - 1, None)

    level0 = accuracy(manual)
    assert (level0[after] <= level0[before].mean() - 0.10).all()
    assert not any(day["events"] for day in manual["timeline"])

    level1 = accuracy(automated)
    target = level1[before].mean() - 0.03
    assert (level1[onset : onset + 3] >= target).any()  # back within three days...
    assert level1[onset + 2 : onset + 9].mean() >= target  # ...and it stays there


def test_schema_skew_stops_the_level_1_pipeline_with_a_named_reason_and_promotes_nothing():
    run = simulate(1, "schema_skew", 16, DEFAULT_SEED)
    onset = run["onset_day"]
    stopped = event_days(run, "schema_skew_stopped")
    assert stopped == list(range(onset, 17))
    for day in run["timeline"][onset - 1 :]:
        assert {e["type"] for e in day["events"]} == {"schema_skew_stopped"}
        detail = day["events"][0]["detail"]
        assert "px_3_4 missing" in detail and "outside 0-16" in detail
    promoted_days = {v["promoted_on_day"] for v in run["registry"]}
    assert not promoted_days & set(stopped)


def test_training_serving_skew_hurts_the_model_only_hand_over_but_not_the_one_artifact_pipeline():
    manual = simulate(0, "training_serving_skew", 20, DEFAULT_SEED)
    automated = simulate(1, "training_serving_skew", 20, DEFAULT_SEED)
    onset = manual["onset_day"]
    level0, level1 = accuracy(manual), accuracy(automated)
    assert level0[onset - 1 :].mean() <= level0[: onset - 1].mean() - 0.08
    assert level1[onset - 1 :].mean() >= level1[: onset - 1].mean() - 0.02


def test_level_2_blocks_the_buggy_pipeline_change_and_deploys_the_good_one():
    run = simulate(2, "pipeline_bug", 30, DEFAULT_SEED)
    onset = run["onset_day"]
    blocked, deployed = events(run, "pipeline_blocked"), events(run, "pipeline_deployed")
    assert event_days(run, "pipeline_blocked") == [onset]
    assert "v2" in blocked[0]["detail"] and "feature_logic" in blocked[0]["detail"]
    assert event_days(run, "pipeline_deployed") == [onset + 4]
    assert "v3" in deployed[0]["detail"]
    runs_on_deploy = run["timeline"][onset + 3]["events"]
    assert "new pipeline code v3" in runs_on_deploy[1]["detail"]
    assert {v["pipeline"] for v in run["registry"]} >= {"v3"}
    assert "v2" not in {v["pipeline"] for v in run["registry"]}
    level2 = accuracy(run)
    assert level2[onset - 1 :].min() >= level2[: onset - 1].mean() - 0.05


def test_level_1_ships_the_buggy_pipeline_unchecked_and_production_suffers():
    run = simulate(1, "pipeline_bug", 30, DEFAULT_SEED)
    onset = run["onset_day"]
    shipped = events(run, "pipeline_deployed")[0]
    assert event_days(run, "pipeline_deployed")[0] == onset
    assert "v2" in shipped["detail"] and "without tests" in shipped["detail"]
    assert not events(run, "pipeline_blocked")
    buggy = [v for v in run["registry"] if v["pipeline"] == "v2" and v["promoted_on_day"]]
    assert buggy and buggy[0]["metrics"]["accuracy"] >= 0.95  # it looked fine offline
    level1 = accuracy(run)
    assert level1[onset : onset + 3].max() <= level1[: onset - 1].mean() - 0.25


def test_the_gate_keeps_a_candidate_that_neglects_one_digit_out_of_the_registry():
    """Integration: real models, the real gate, the project's registry."""
    stream = ProductionStream("none", 10, DEFAULT_SEED)
    pool_x, pool_y = stream.pool()
    holdout = [stream.batch(day) for day in (1, 2)]
    holdout_x = np.vstack([b.features for b in holdout])
    holdout_y = np.concatenate([b.labels for b in holdout])
    # Production was tuned never to miss an 8; the candidate saw only 40 eights.
    production = BASELINE.build().fit(pool_x, pool_y, classify__sample_weight=np.where(pool_y == 8, 20.0, 1.0))
    keep = (pool_y != 8) | (np.cumsum(pool_y == 8) <= 40)
    candidate = BASELINE.build().fit(pool_x[keep], pool_y[keep])
    scores = {
        name: evaluate(holdout_y, model.predict(holdout_x))
        for name, model in (("candidate", candidate), ("production", production))
    }
    assert scores["candidate"]["accuracy"] > scores["production"]["accuracy"]

    def gate(meta: dict) -> str | None:
        reason = promotion_gate(meta["metrics"], meta["production_metrics"])
        return None if reason is None else str(reason)  # the registry logs plain English

    with tempfile.TemporaryDirectory() as root:
        registry = Registry(root)
        registry.save("digits", lambda directory: None, {"metrics": scores["production"]})
        with pytest.raises(GateRejected) as rejected:
            registry.save(
                "digits",
                lambda directory: None,
                {"metrics": scores["candidate"], "production_metrics": scores["production"]},
                gate=gate,
            )
        assert "digit 8" in rejected.value.reason
        assert registry.current("digits").version == "v1"
        assert registry.history("digits")[-1]["promoted"] is False


def test_level_1_records_every_trigger_and_every_version_in_the_registry():
    run = simulate(1, "value_skew", 30, DEFAULT_SEED)
    details = " ".join(e["detail"] for e in events(run, "retrained"))
    for trigger in ("schedule", "new data", "value skew", "performance drop"):
        assert trigger in details
    retrained = len(events(run, "retrained"))
    assert len(run["registry"]) == retrained + 1  # plus the initial model
    promoted = [v for v in run["registry"] if v["promoted_on_day"] is not None]
    assert len(promoted) == len(events(run, "promoted")) + 1
    assert all(v["decision"] != "passed validation gate" for v in run["registry"] if v not in promoted)
    assert run["timeline"][-1]["model"] == promoted[-1]["version"]


def test_the_same_seed_gives_the_same_run_and_only_known_event_types_appear():
    first = simulate(2, "pipeline_bug", 26, 7)
    assert simulate(2, "pipeline_bug", 26, 7) == first
    assert simulate(2, "pipeline_bug", 26, 8) != first
    kinds = {
        e["type"] for s in ("value_skew", "schema_skew") for d in simulate(1, s, 14, 7)["timeline"] for e in d["events"]
    }
    kinds |= {e["type"] for d in first["timeline"] for e in d["events"]}
    assert kinds <= set(EVENT_TYPES)
    assert set(first) >= {"level", "scenario", "timeline", "registry"}
    day = first["timeline"][0]
    assert set(day) >= {"day", "accuracy", "events"} and day["day"] == 1
    assert set(first["registry"][0]) >= {"version", "promoted_on_day", "metrics"}
