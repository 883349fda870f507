"""The one input error the CAM engine adds: a method its model's architecture rules out."""

from __future__ import annotations

from apps.demos.engines.errors import InputError
from apps.demos.engines.text import gettext_noop

# Why CAM refuses the ``fc`` model; the page shows it as the lesson of the missing panel.
CAM_NEEDS_GAP = gettext_noop(
    "CAM needs global average pooling followed by a single linear layer; this model flattens "
    "the feature maps into a hidden fully connected layer, so there is no per-channel class "
    "weight. Use Grad-CAM or Score-CAM."
)


class MethodNotApplicable(InputError):
    """CAM asked of the model without global average pooling (an ``InputError`` on ``methods``)."""

    def __init__(self) -> None:
        super().__init__("methods", CAM_NEEDS_GAP)
