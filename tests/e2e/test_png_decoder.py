"""The screenshot decoder (png.py) against PNGs written here with every row filter, RGB and RGBA."""
from __future__ import annotations

import random
import struct
import zlib

import pytest

from png import decode


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def encode(width: int, height: int, rows: list[bytes], colour: int, filters: list[int]) -> bytes:
    """A minimal PNG writer: row y is stored with filter type filters[y]."""
    bpp = {2: 3, 6: 4}[colour]
    raw, prev = bytearray(), bytes(width * bpp)
    for row, kind in zip(rows, filters):
        out = bytearray()
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind]
            out.append((x - predictor) & 0xFF)
        raw += bytes([kind]) + out
        prev = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(raw)))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("colour", [2, 6], ids=["rgb", "rgba"])
def test_decode_every_filter(colour):
    rng = random.Random(7)
    width, height, bpp = 9, 10, {2: 3, 6: 4}[colour]
    rows = [bytes(rng.randrange(256) for _ in range(width * bpp)) for _ in range(height)]
    png = encode(width, height, rows, colour, [y % 5 for y in range(height)])
    expected = [tuple(row[x * bpp:x * bpp + 3]) for row in rows for x in range(width)]
    assert decode(png) == (width, height, expected)


def test_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="not a PNG"):
        decode(b"GIF89a")
