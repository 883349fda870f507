"""The two CNNs the lab compares: one convolutional body, two heads.

``gap``: body -> global average pooling -> one linear layer, the architecture CAM requires.
``fc``: body -> 2x2 max-pool -> flatten -> hidden fully connected layer -> linear, the VGG
pattern Grad-CAM was demonstrated on; CAM does not apply because no single weight links a
channel to a class. Both expose ``features(x)`` (the last conv layer's rectified activations)
and ``classify(features)``, so the explanation methods need no hooks.

Training uses batch norm after every convolution; ``fold_batch_norm`` merges it into the
convolutions afterwards, so the stored model is plain conv + ReLU with identical outputs.
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval

from apps.demos.engines.cam.data import CLASSES, SIZE
from apps.demos.engines.cam.names import HEADS, Head

# (out_channels, kernel, stride): 40x40 -> 20x20 -> 10x10 -> 10x10 with K = 64 maps.
BODY: tuple[tuple[int, int, int], ...] = ((16, 4, 2), (32, 4, 2), (64, 3, 1))
HIDDEN = 64


class CamNet(nn.Module):
    def __init__(self, head: Head, *, batch_norm: bool = False, n_classes: int = len(CLASSES)):
        super().__init__()
        if head not in HEADS:
            raise ValueError(f"unknown head {head!r}")
        self.head = head
        self.batch_norm = batch_norm
        self.n_classes = n_classes
        layers: list[nn.Module] = []
        cin, side = 1, SIZE
        for cout, kernel, stride in BODY:
            padding = (kernel - 1) // 2 if stride == 1 else (kernel - stride) // 2
            layers.append(nn.Conv2d(cin, cout, kernel, stride=stride, padding=padding))
            if batch_norm:
                layers.append(nn.BatchNorm2d(cout))
            layers.append(nn.ReLU())
            cin, side = cout, side // stride
        self.body = nn.Sequential(*layers)
        if head == "gap":
            self.top = nn.Linear(cin, n_classes)
        else:
            pooled = side // 2
            self.top = nn.Sequential(
                nn.MaxPool2d(2),
                nn.Flatten(),
                nn.Linear(cin * pooled * pooled, HIDDEN),
                nn.ReLU(),
                nn.Linear(HIDDEN, n_classes),
            )

    @property
    def channels(self) -> int:
        """K, the number of feature maps in the last conv layer."""
        return BODY[-1][0]

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 1, H, W) images -> (N, K, h, w) last conv activations, after ReLU."""
        return self.body(x)

    def classify(self, features: torch.Tensor) -> torch.Tensor:
        """(N, K, h, w) activations -> (N, classes) pre-softmax logits."""
        if self.head == "gap":
            return self.top(features.mean(dim=(2, 3)))
        return self.top(features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify(self.features(x))

    def fold_batch_norm(self) -> CamNet:
        """A batch-norm-free copy computing the same function as this model in eval mode."""
        if not self.batch_norm or self.training:
            raise ValueError("fold batch norm on a batch-norm model in eval mode")
        folded = CamNet(self.head, n_classes=self.n_classes)
        convs = [m for m in self.body if isinstance(m, nn.Conv2d)]
        norms = [m for m in self.body if isinstance(m, nn.BatchNorm2d)]
        targets = [m for m in folded.body if isinstance(m, nn.Conv2d)]
        with torch.no_grad():
            for conv, norm, target in zip(convs, norms, targets, strict=True):
                fused = fuse_conv_bn_eval(conv, norm)
                target.weight.copy_(fused.weight)
                target.bias.copy_(fused.bias)
            folded.top.load_state_dict(self.top.state_dict())
        return folded.eval()
