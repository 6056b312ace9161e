#!/usr/bin/env python3
"""A GGUF file with Q4_K and Q5_K tensors written by gguf-py's GGUFWriter, and gguf-py's dequantization of it.

usage: kquant_file.py OUT.gguf OUT.f32

gguf-py 0.19 cannot quantize K-quants, so the tensors are random blocks whose f16 d and dmin fields
are finite halves (synthetic.py's finite_halves, at least 6 blocks per tensor), stored with raw_dtype. An F32 tensor of odd length
sits between them so the next tensor starts after alignment padding. OUT.f32 gets every tensor of
the file as GGUFReader reads it, dequantized with gguf.quants.dequantize, as little-endian float32
concatenated in file order.
"""
import sys

import numpy as np
from gguf import GGMLQuantizationType as T, GGML_QUANT_SIZES, GGUFReader, GGUFWriter
from gguf.quants import dequantize

from synthetic import finite_halves

# name, ggml type, NumPy shape of the float tensor (GGUF dims reversed)
TENSORS = [
    ("blk.0.ffn_down.weight", T.Q4_K, (16, 512)),
    ("blk.0.attn_norm.weight", T.F32, (7,)),
    ("blk.0.ffn_up.weight", T.Q5_K, (3, 4, 768)),
    ("blk.1.ffn_down.weight", T.Q4_K, (8, 256)),
]


def k_blocks(rng, qtype, shape):
    block, size = GGML_QUANT_SIZES[qtype]
    rows, cols = int(np.prod(shape[:-1])), shape[-1]
    raw = rng.integers(0, 256, size=(rows * cols // block, size), dtype=np.uint8)
    for off in (0, 2):  # d, dmin
        halves = rng.permutation(finite_halves(rng, raw.shape[0]))  # the special halves anywhere
        raw[:, off] = (halves & 0xFF).astype(np.uint8)
        raw[:, off + 1] = (halves >> 8).astype(np.uint8)
    return raw.reshape(shape[:-1] + (cols // block * size,))


def main():
    path, values_path = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(20250212)
    writer = GGUFWriter(path, "llama")
    for name, qtype, shape in TENSORS:
        if qtype == T.F32:
            writer.add_tensor(name, rng.standard_normal(shape).astype(np.float32))
        else:
            writer.add_tensor(name, k_blocks(rng, qtype, shape), raw_dtype=qtype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()

    reader = GGUFReader(path)
    assert [t.name for t in reader.tensors] == [name for name, _, _ in TENSORS]
    with open(values_path, "wb") as f:
        for t, (name, qtype, shape) in zip(reader.tensors, TENSORS):
            assert t.tensor_type == qtype, (name, t.tensor_type)
            values = np.ascontiguousarray(dequantize(t.data, t.tensor_type), dtype="<f4")
            assert values.shape == shape, (name, values.shape)
            f.write(values.tobytes())


if __name__ == "__main__":
    main()
