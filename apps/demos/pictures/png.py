"""Server-rendered PNG pictures as ``data:`` URIs: a grey input, a heatmap blended over it."""

from __future__ import annotations

import base64
import io

import numpy as np
from PIL import Image, ImageDraw

from apps.demos.pictures.colour import VIRIDIS, lookup_table

HEAT_ALPHA = 0.6
BOX_COLOUR, BOX_EDGE = (255, 64, 160), (0, 0, 0)  # pink: a hue viridis never uses
_LUT = lookup_table(VIRIDIS)


def data_uri(img: Image.Image) -> str:
    buffer = io.BytesIO()
    img.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def grey(pixels: np.ndarray, scale: int) -> Image.Image:
    """``pixels`` (H×W in [0, 1]) as a grey picture, each pixel a visible square (nearest-neighbour)."""
    side = pixels.shape[0] * scale
    return Image.fromarray(np.round(pixels * 255).astype(np.uint8), "L").resize((side, side), Image.NEAREST)


def draw_box(img: Image.Image, box: list[int] | None, scale: int) -> Image.Image:
    """The box [left, top, right, bottom) in input pixels, outlined dark then pink."""
    if box:
        left, top, right, bottom = (v * scale for v in box)
        draw = ImageDraw.Draw(img)
        draw.rectangle([left - 1, top - 1, right, bottom], outline=BOX_EDGE, width=4)
        draw.rectangle([left, top, right - 1, bottom - 1], outline=BOX_COLOUR, width=2)
    return img


def input_png(pixels: np.ndarray, box: list[int] | None, scale: int) -> str:
    return data_uri(draw_box(grey(pixels, scale).convert("RGB"), box, scale))


def overlay_png(pixels: np.ndarray, heat: np.ndarray, box: list[int] | None, scale: int) -> str:
    """The heatmap (bilinear upsampling, viridis) alpha-blended over the grey input."""
    side = pixels.shape[0] * scale
    background = np.asarray(grey(pixels, scale), dtype=np.float32)[..., None]
    smooth = np.asarray(Image.fromarray(heat.astype(np.float32), "F").resize((side, side), Image.BILINEAR))
    colour = _LUT[np.clip(np.round(smooth * 255), 0, 255).astype(np.uint8)]
    blended = (1 - HEAT_ALPHA) * background + HEAT_ALPHA * colour
    return data_uri(draw_box(Image.fromarray(np.round(blended).astype(np.uint8), "RGB"), box, scale))
