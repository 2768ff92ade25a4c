#!/usr/bin/env python3
"""check-png.py FILE WIDTHxHEIGHT: is FILE a PNG of that size showing a rendered window?

Decodes the PNG (8-bit RGB or RGBA, as the UI's libpng writer makes them) with the standard
library only, and requires a picture, not a blank: at least 16 distinct colours and at least
5% of the pixels differing from the most common (background) colour. Prints one line and
exits 0 if so, 1 otherwise."""
import struct
import sys
import zlib


def decode(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("not 8-bit RGB/RGBA non-interlaced")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # PNG filters (PNG spec, section 9)
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, size = sys.argv[1], sys.argv[2]
    want_w, want_h = (int(v) for v in size.split("x"))
    try:
        with open(path, "rb") as f:
            width, height, bpp, rows = decode(f.read())
    except (OSError, ValueError, TypeError, zlib.error) as e:
        print(f"{path}: {e}")
        return 1
    counts = {}
    for row in rows:
        for i in range(0, len(row), bpp):
            px = row[i:i + 3]
            counts[px] = counts.get(px, 0) + 1
    total = width * height
    background = max(counts.values())
    problems = []
    if (width, height) != (want_w, want_h):
        problems.append(f"size {width}x{height}, expected {size}")
    if len(counts) < 16:
        problems.append(f"only {len(counts)} colours")
    if total - background < total // 20:
        problems.append(f"{100 * (total - background) / total:.1f}% non-background pixels")
    print(f"{path}: {width}x{height}, {len(counts)} colours, "
          f"{100 * (total - background) / total:.0f}% drawn" + (": " + "; ".join(problems) if problems else ""))
    return 1 if problems else 0


sys.exit(main())
