#!/usr/bin/env python3
"""Draws Hangar's app icons (icon-192.png, icon-512.png) with the standard library only.

A white hangar (a half-cylinder roof with a door and a floor line) on a full-bleed blue
square. The drawing stays inside the central 60 % so the same file works as a maskable icon.
Edges are anti-aliased by 4x4 supersampling, then stored as an indexed PNG (17 shades),
which zlib compresses to a few kilobytes.

Run from anywhere:  python3 web/icons/make_icons.py
"""

import math
import os
import struct
import zlib

BACKGROUND = (0x1D, 0x4E, 0xD8)  # theme colour
FOREGROUND = (0xFF, 0xFF, 0xFF)
LEVELS = 16  # shades between background and foreground
SAMPLES = 4  # supersampling per axis


def inside(x, y):
    """True when the point (unit square coordinates) is white."""
    cx, base = 0.5, 0.615
    # Roof: a half disc of radius 0.30 standing on y = base.
    roof = y <= base and (x - cx) ** 2 + (y - base) ** 2 <= 0.30 ** 2
    # Ribs of the roof: a thin blue arc.
    d = math.hypot(x - cx, y - base)
    rib = y <= base and 0.205 <= d <= 0.235
    # Door: a blue opening in the middle of the front.
    door = 0.41 <= x <= 0.59 and 0.465 <= y <= base
    if roof and not rib and not door:
        return True
    # Floor: a rounded bar under the hangar.
    if 0.675 - 0.025 <= y <= 0.675 + 0.025:
        left, right = 0.17, 0.83
        if left <= x <= right:
            return True
        for ex in (left, right):
            if (x - ex) ** 2 + (y - 0.675) ** 2 <= 0.025 ** 2:
                return True
    return False


def render(size):
    rows = []
    step = 1.0 / (size * SAMPLES)
    for py in range(size):
        row = bytearray([0])  # filter type 0 (None) for each scanline
        for px in range(size):
            hits = 0
            for sy in range(SAMPLES):
                y = (py * SAMPLES + sy + 0.5) * step
                for sx in range(SAMPLES):
                    x = (px * SAMPLES + sx + 0.5) * step
                    hits += inside(x, y)
            row.append(round(hits * LEVELS / (SAMPLES * SAMPLES)))
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def palette():
    out = bytearray()
    for level in range(LEVELS + 1):
        f = level / LEVELS
        out.extend(round(b + (w - b) * f) for b, w in zip(BACKGROUND, FOREGROUND))
    return bytes(out)


def png(size):
    header = struct.pack(">IIBBBBB", size, size, 8, 3, 0, 0, 0)  # 8-bit indexed
    pixels = zlib.compress(render(size), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"PLTE", palette()) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for size in (192, 512):
        path = os.path.join(here, f"icon-{size}.png")
        with open(path, "wb") as f:
            f.write(png(size))
        print(f"{path}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
