"""The stored RNN / LSTM / GRU runs: at the longest sequence the gated networks remember the first
token and the vanilla RNN does not, and measurably less gradient reaches the RNN's first step."""

from __future__ import annotations

import pytest

from apps.demos.engines.rnn import LENGTHS, SPEC, run
from apps.demos.training import ensure_trained

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def result():
    return run(SPEC.load(ensure_trained(SPEC, echo=None).path), LENGTHS[-1])


def test_every_network_learns_the_shortest_sequences(result):
    for cell in ("rnn", "lstm", "gru"):
        assert result["cells"][cell]["accuracy"][0] > 0.9, cell


def test_at_the_longest_length_the_lstm_remembers_and_the_rnn_does_not(result):
    rnn, lstm = result["cells"]["rnn"], result["cells"]["lstm"]
    assert lstm["accuracy"][-1] > 0.9
    assert rnn["accuracy"][-1] < 0.5
    assert lstm["accuracy"][-1] - rnn["accuracy"][-1] > 0.4


def test_the_gradient_reaching_the_first_step_vanishes_in_the_rnn(result):
    rnn, lstm = result["cells"]["rnn"], result["cells"]["lstm"]
    before = rnn["first_step_gradient_before"]
    assert before[-1] < before[0] * 1e-6  # geometric decay with length
    assert lstm["first_step_gradient_before"][-1] > 1e3 * before[-1]
    profile = result["profiles"]["rnn"]
    assert len(profile) == LENGTHS[-1] and profile[0] < profile[-1] * 1e-6
