#!/usr/bin/env python3
"""Random blocks of every type the Swift reader dequantizes, with gguf-py's dequantization of them.

usage: synthetic.py OUT.bin

The real SmolLM2 file only exercises F32, Q4_1 and Q8_0; this covers F16, BF16, Q4_0, Q5_0,
Q5_1, Q4_K, Q5_K and Q6_K too. Each record is little-endian:
  u32 ggml type id | u32 label length | label (UTF-8) | u64 element count | u64 byte count |
  raw bytes | element count x float32 (gguf.quants.dequantize of the raw bytes)
Quantized blocks are random bytes whose f16 scale fields are replaced by finite halves (NaN/Inf
scales would make the comparison depend on NaN payload rules, not on the layout); where gguf-py
can quantize a type, a second record quantizes normally distributed data (gguf-py 0.19 cannot
quantize Q4_K, Q5_K or Q6_K, so those have random blocks only; kquant_file.py adds a GGUF file).
"""
import struct
import sys

import numpy as np
from gguf import GGMLQuantizationType as T, GGML_QUANT_SIZES
from gguf.quants import dequantize, quantize

# Byte offsets of f16 fields inside one block.
HALF_FIELDS = {T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
               T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208]}
N = 4096  # elements per record: 128 blocks of 32 or 16 blocks of 256


def finite_halves(rng, n):
    # Mostly ordinary scales, plus zeros, negative zero and subnormals.
    h = (rng.standard_normal(n) * 0.05).astype(np.float16)
    special = np.array([0.0, -0.0, 6e-8, -6e-8, 3e-5, 65504.0], dtype=np.float16)
    h[: len(special)] = special
    return h.view(np.uint16)


def random_blocks(rng, qtype):
    block, size = GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(N // block, size), dtype=np.uint8)
    for off in HALF_FIELDS[qtype]:
        halves = finite_halves(rng, raw.shape[0])
        raw[:, off] = (halves & 0xFF).astype(np.uint8)
        raw[:, off + 1] = (halves >> 8).astype(np.uint8)
    return raw.reshape(-1)


def random_16bit(rng, qtype):
    bits = rng.integers(0, 1 << 16, size=N, dtype=np.uint32).astype(np.uint16)
    if qtype == T.F16:
        nan = ((bits & 0x7C00) == 0x7C00) & ((bits & 0x03FF) != 0)
    else:
        nan = ((bits & 0x7F80) == 0x7F80) & ((bits & 0x007F) != 0)
    bits[nan] &= 0x8000  # NaN -> signed zero: NaN payload handling is tested by hand in Swift
    bits[:6] = [0x0000, 0x8000, 0x0001, 0x8001, 0x7C00 if qtype == T.F16 else 0x7F80, 0x03FF]
    return bits.view(np.uint8)


def write(f, qtype, label, raw):
    values = np.ascontiguousarray(dequantize(raw, qtype), dtype="<f4").reshape(-1)
    assert values.size == N, (label, values.size)
    name = label.encode()
    f.write(struct.pack("<II", int(qtype), len(name)) + name + struct.pack("<QQ", N, raw.size))
    f.write(raw.tobytes())
    f.write(values.tobytes())


def main():
    rng = np.random.default_rng(20250207)
    with open(sys.argv[1], "wb") as f:
        write(f, T.F32, "F32 normal", rng.standard_normal(N).astype("<f4").view(np.uint8))
        for qtype in (T.F16, T.BF16):
            write(f, qtype, f"{qtype.name} random bits", random_16bit(rng, qtype))
        for qtype in (T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0, T.Q4_K, T.Q5_K, T.Q6_K):
            write(f, qtype, f"{qtype.name} random blocks", random_blocks(rng, qtype))
        for qtype in (T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0):
            data = (rng.standard_normal(N) * 0.1).astype(np.float32).reshape(-1, 256)
            write(f, qtype, f"{qtype.name} quantized normal", np.asarray(quantize(data, qtype)).view(np.uint8).reshape(-1))


if __name__ == "__main__":
    main()
