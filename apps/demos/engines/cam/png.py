"""Turn an uploaded or hand-drawn PNG into a model input: bright object on a dark ground."""

from __future__ import annotations

import io

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from apps.demos.engines.cam.data import SIZE
from apps.demos.engines.errors import InputError
from apps.demos.engines.text import gettext_noop

MAX_PNG_BYTES = 1 << 20
MAX_PNG_SIDE = 2048
_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _intensity(img: Image.Image) -> np.ndarray:
    """Grey levels in [0, 1] with the drawing bright and the background dark."""
    transparent = "A" in img.getbands() or "transparency" in img.info
    if transparent:
        alpha = np.asarray(img.convert("RGBA"), dtype=np.float32)[..., 3] / 255.0
        if alpha.min() < 1.0:
            # A canvas export: strokes are opaque on a see-through ground, whatever their colour.
            return alpha
    grey = np.asarray(img.convert("L"), dtype=np.float32) / 255.0
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    return 1.0 - grey if np.median(border) > 0.5 else grey  # dark ink on paper -> invert


def _ink(data: bytes, field: str) -> np.ndarray:
    """The decoded picture's ink intensity, refusing sides over MAX_PNG_SIDE before decoding."""
    try:
        img = Image.open(io.BytesIO(data))
        width, height = img.size
        if max(width, height) <= MAX_PNG_SIDE:
            img.load()
            return _intensity(img)
    except Exception as exc:  # Pillow reports corrupt data with many exception types
        raise InputError(field, gettext_noop("The PNG could not be decoded: %(reason)s"), reason=str(exc)) from exc
    raise InputError(
        field,
        gettext_noop("The PNG is %(width)sx%(height)s; at most %(max)s px a side."),
        width=width,
        height=height,
        max=MAX_PNG_SIDE,
    )


def decode_png(data: bytes, field: str = "image") -> np.ndarray:
    """PNG bytes -> (SIZE, SIZE) float32 in [0, 1], object bright on a dark background.

    The picture is padded to a square (keeping its aspect), resized with antialiasing and
    contrast-stretched so its brightest stroke is 1, like the generated training objects.
    Errors name ``field``, the request field the bytes came in.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(field, gettext_noop("Expected the PNG file's bytes."))
    data = bytes(data)
    if len(data) > MAX_PNG_BYTES:
        raise InputError(
            field,
            gettext_noop("The file is larger than %(kib)s KiB. Upload a smaller PNG."),
            kib=MAX_PNG_BYTES // 1024,
        )
    if not data.startswith(_SIGNATURE):
        raise InputError(field, gettext_noop("This file is not a PNG image. Upload a PNG (.png) file."))
    ink = _ink(data, field)
    height, width = ink.shape
    side = max(width, height)
    square = np.zeros((side, side), dtype=np.float32)
    top, left = (side - height) // 2, (side - width) // 2
    square[top : top + height, left : left + width] = ink
    small = F.interpolate(
        torch.from_numpy(square)[None, None], size=(SIZE, SIZE), mode="bilinear", antialias=True, align_corners=False
    )[0, 0].clamp(0, 1)
    low, high = small.min(), small.max()
    if high - low < 1e-3:
        return np.zeros((SIZE, SIZE), dtype=np.float32)
    return ((small - low) / (high - low)).numpy()
