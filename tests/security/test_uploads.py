"""Uploads cannot exhaust memory: an image bomb is refused from its header, before decoding."""

import base64
import struct
import time
import zlib

import pytest

from apps.demos.engines.cam.png import decode_png
from apps.demos.engines.errors import InputError


def png_bomb(side: int) -> bytes:
    """A valid PNG of side×side black pixels: a few KiB on the wire, side² bytes once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\0" * (side + 1) * 64, 9)  # only the first rows: the header is what matters
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


@pytest.mark.model
def test_a_decompression_bomb_is_refused_from_its_header():
    bomb = png_bomb(100_000)  # 10 GB of pixels
    assert len(bomb) < 20_000
    started = time.perf_counter()
    with pytest.raises(InputError) as refused:
        decode_png(bomb)
    assert refused.value.field == "image"
    assert time.perf_counter() - started < 1.0


@pytest.mark.django_db
def test_the_cam_api_refuses_a_bomb_with_a_400_naming_the_image(client):
    body = {"model": "gap", "image": base64.b64encode(png_bomb(50_000)).decode()}
    response = client.post("/api/demos/cam/", body, content_type="application/json")
    assert response.status_code == 400, response.content  # decoded (and refused) before any model is loaded
    assert response.json()["field"] == "image"
