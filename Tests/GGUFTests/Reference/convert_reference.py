#!/usr/bin/env python3
"""gguf-py's F16 and BF16 conversion of float32 values, for the writer's bit-exactness test.

usage: convert_reference.py IN.f32 OUT.bin

IN.f32 holds little-endian float32 values. OUT.bin gets gguf.quants.quantize(values, F16)
(numpy's astype(float16)) and then quantize(values, BF16) (ggml's fp32-to-bf16 rounding), each
as little-endian uint16 bit patterns, one per input value.
"""
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf.quants import quantize


def main():
    values = np.fromfile(sys.argv[1], dtype="<f4")
    with np.errstate(over="ignore", invalid="ignore"):  # overflow to inf is the point of some inputs
        f16 = np.asarray(quantize(values, T.F16)).view("<u2")
        bf16 = np.asarray(quantize(values, T.BF16)).view("<u2")
    assert f16.size == values.size and bf16.size == values.size
    with open(sys.argv[2], "wb") as f:
        f.write(f16.tobytes())
        f.write(bf16.tobytes())


if __name__ == "__main__":
    main()
