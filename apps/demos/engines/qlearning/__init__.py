"""Reinforcement-learning lab: tabular Q-learning and a small DQN (replay buffer, target network) on a gridworld.

Only training the DQN needs torch; the tabular learner, the page's answer and the stored runs do not.
"""

from apps.demos.engines.qlearning.gridworld import ACTIONS, LAYOUT
from apps.demos.engines.qlearning.lab import DEFAULTS, EPISODES_MAX, run
from apps.demos.engines.qlearning.trainer import SPEC, TRAIN_SPECS

__all__ = ["ACTIONS", "DEFAULTS", "EPISODES_MAX", "LAYOUT", "SPEC", "TRAIN_SPECS", "run"]
