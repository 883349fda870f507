"""CAM, Grad-CAM and Score-CAM, written from the papers, sharing one pipeline.

Every method produces a map the same way: take the last conv activations A (K x h x w) of
one image, weight each channel, sum, ReLU, upsample bilinearly to the input size and
min-max normalise to [0, 1]. Only the channel weights differ:

* CAM (Zhou et al. 2016): the linear layer's weights w_k^c after global average pooling.
* Grad-CAM (Selvaraju et al. 2017): alpha_k^c, the spatial mean of d y^c / d A^k.
* Score-CAM (Wang et al. 2020): the target's softmax score on the input masked by each
  upsampled, min-max normalised activation map; no gradients at all.

CAM's paper stops at the weighted sum; the shared ReLU keeps the three maps comparable and,
because every later step commutes with a positive scale, makes CAM equal Grad-CAM exactly on
a GAP model (there alpha_k^c = w_k^c / (h w)). Methods register no hooks and leave the
model's train/eval flags as they found them; the model only needs ``features`` and ``classify``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from apps.demos.engines.cam.errors import MethodNotApplicable

Score = Literal["logit", "probability"]

# A rectified map whose peak is this small relative to the channels' total absolute
# contribution is rounding noise, not evidence: it is reported as all zeros.
_EMPTY_PEAK = 1e-6


@dataclass(frozen=True)
class Explanation:
    heatmap: np.ndarray  # (H, W) float32 in [0, 1]; all zeros when no evidence for the target
    forward: int  # images passed forward through the model
    backward: int  # backward passes
    ms: float


@dataclass
class _Passes:
    forward: int = 0
    backward: int = 0


@contextmanager
def evaluating(model: nn.Module) -> Iterator[None]:
    """Run ``model`` in eval mode, then restore every submodule's own train/eval flag.

    A served model is already in eval mode and is then never written to, so concurrent
    requests sharing it stay safe."""
    modes = [(module, module.training) for module in model.modules()]
    if any(training for _, training in modes):
        model.eval()
    try:
        yield
    finally:
        for module, training in modes:
            if module.training != training:
                module.train(training)


def normalised_map(weights: torch.Tensor, activations: torch.Tensor, size: tuple[int, int]) -> np.ndarray:
    """ReLU(sum_k weights_k A^k), upsampled bilinearly to ``size`` and scaled to [0, 1]."""
    weights, activations = weights.double(), activations.double()
    contributions = weights[:, None, None] * activations
    rectified = contributions.sum(dim=0).clamp(min=0)
    if rectified.max() <= _EMPTY_PEAK * contributions.abs().sum(dim=0).max():
        return np.zeros(size, dtype=np.float32)
    up = F.interpolate(rectified[None, None], size=size, mode="bilinear", align_corners=False)[0, 0]
    low, high = up.min(), up.max()
    return ((up - low) / (high - low)).float().numpy()


class CamMethod:
    """Shared pipeline; a subclass supplies ``weights`` and, if needed, ``check``."""

    name: ClassVar[str]

    def check(self, model: nn.Module) -> None:
        """Raise MethodNotApplicable when the model's architecture rules the method out."""

    def weights(
        self, model: nn.Module, image: torch.Tensor, activations: torch.Tensor, target: int, passes: _Passes
    ) -> torch.Tensor:
        """(K,) channel weights for ``target``; ``activations`` is (1, K, h, w)."""
        raise NotImplementedError

    def __call__(self, model: nn.Module, image: torch.Tensor, target: int) -> Explanation:
        """Explain class ``target`` for ``image`` of shape (1, 1, H, W)."""
        self.check(model)
        started = time.perf_counter()
        passes = _Passes(forward=1)
        with evaluating(model), torch.no_grad():
            activations = model.features(image)
            weights = self.weights(model, image, activations, target, passes)
            heatmap = normalised_map(weights, activations[0], tuple(image.shape[-2:]))
        ms = (time.perf_counter() - started) * 1000.0
        return Explanation(heatmap, passes.forward, passes.backward, ms)


class Cam(CamMethod):
    name = "cam"

    def check(self, model: nn.Module) -> None:
        if getattr(model, "head", None) != "gap":
            raise MethodNotApplicable()

    def weights(self, model, image, activations, target, passes):
        return model.top.weight[target]


class GradCam(CamMethod):
    name = "gradcam"

    def __init__(self, score: Score = "logit"):
        if score not in ("logit", "probability"):
            raise ValueError(f"unknown score {score!r}")
        self.score = score

    def weights(self, model, image, activations, target, passes):
        # Differentiate the head only: the gradient w.r.t. A needs nothing below it, and a
        # detached leaf keeps the model's parameters out of the graph.
        leaf = activations.detach().requires_grad_(True)
        with torch.enable_grad():
            logits = model.classify(leaf)
            scores = logits if self.score == "logit" else logits.softmax(dim=1)
            (grad,) = torch.autograd.grad(scores[0, target], leaf)
        passes.backward += 1
        return grad[0].mean(dim=(1, 2))


class ScoreCam(CamMethod):
    name = "scorecam"

    def weights(self, model, image, activations, target, passes):
        maps = F.interpolate(activations, size=image.shape[-2:], mode="bilinear", align_corners=False)[0]
        low = maps.amin(dim=(1, 2), keepdim=True)
        span = maps.amax(dim=(1, 2), keepdim=True) - low
        # A constant map carries no spatial information: it masks everything out.
        masks = torch.where(span > 0, (maps - low) / span.clamp(min=1e-12), torch.zeros_like(maps))
        masked = image * masks[:, None]  # (K, 1, H, W), one masked copy per channel
        passes.forward += masked.shape[0]
        return model(masked).softmax(dim=1)[:, target]


METHODS: dict[str, type[CamMethod]] = {m.name: m for m in (Cam, GradCam, ScoreCam)}
