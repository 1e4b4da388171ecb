#!/usr/bin/env python3
"""Writes a GGUF v3 header (qwen3, Q4_0, context 40960) followed by zeros up to SIZE bytes.

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


header = b"GGUF" + struct.pack("<IQQ", 3, 0, 3)
header += string("general.architecture") + struct.pack("<I", 8) + string("qwen3")
header += string("qwen3.context_length") + struct.pack("<II", 4, 40960)
header += string("general.file_type") + struct.pack("<II", 4, 2)
with open(path, "wb") as f:
    f.write(header)
    f.truncate(size)
