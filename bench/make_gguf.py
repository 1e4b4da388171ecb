#!/usr/bin/env python3
"""Writes a GGUF v3 file of SIZE bytes: a header (qwen3, Q4_0, context 40960) and one I8
tensor whose data, zeros, fills the rest (Hangar checks every tensor's size and offset against
the file, so the size is the real one).

    python3 bench/make_gguf.py PATH SIZE

The zeros are a sparse hole: creating a 2 GiB file takes no time and no disk, and both
downloaders read the same bytes from the same server either way.
"""
import struct
import sys

path, size = sys.argv[1], int(sys.argv[2])


def string(text):
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def header(elements):
    head = b"GGUF" + struct.pack("<IQQ", 3, 1, 3)
    head += string("general.architecture") + struct.pack("<I", 8) + string("qwen3")
    head += string("qwen3.context_length") + struct.pack("<II", 4, 40960)
    head += string("general.file_type") + struct.pack("<II", 4, 2)
    return head + string("filler") + struct.pack("<IQIQ", 1, elements, 24, 0)


data_start = -(-len(header(0)) // 32) * 32
if size < data_start:
    sys.exit(f"a GGUF file needs at least {data_start} bytes")
with open(path, "wb") as f:
    f.write(header(size - data_start))
    f.truncate(size)
