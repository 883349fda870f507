"""Recurrent-network lab: vanishing gradients in a vanilla RNN and the gates' remedy (LSTM, GRU).

Only training needs torch; the page reads the stored runs.
"""

from apps.demos.engines.rnn.lab import run
from apps.demos.engines.rnn.names import CELL_NAMES, LENGTHS
from apps.demos.engines.rnn.trainer import SPEC, TRAIN_SPECS

__all__ = ["CELL_NAMES", "LENGTHS", "SPEC", "TRAIN_SPECS", "run"]
