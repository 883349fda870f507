"""The lab's choices by name, torch-free: the manifest and the web forms offer these."""

from __future__ import annotations

from typing import Literal

Head = Literal["gap", "fc"]
HEADS: tuple[Head, ...] = ("gap", "fc")
METHOD_NAMES: tuple[str, ...] = ("cam", "gradcam", "scorecam")  # the keys of methods.METHODS, in that order
