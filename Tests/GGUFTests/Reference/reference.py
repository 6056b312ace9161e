#!/usr/bin/env python3
"""Reference dump of a GGUF file made with gguf-py, for the Swift GGUF reader's tests.

usage: reference.py FILE.gguf OUTDIR

Writes OUTDIR/reference.json (version, alignment, data offset, metadata in file order,
tensor infos, gguf-py's ggml type table) and OUTDIR/values.f32 (every tensor dequantized
with gguf.quants.dequantize, raw little-endian float32, concatenated in tensor order).

Scalars are written as strings so nothing is lost to JSON numbers: integers in decimal,
floats as their IEEE bit pattern in hex, bools as true/false, strings as themselves.
"""
import json
import os
import struct
import sys

import numpy as np
from gguf import GGUFReader, GGUFValueType, GGMLQuantizationType, GGML_QUANT_SIZES
from gguf.quants import dequantize


def encode(value_type, v):
    if value_type == GGUFValueType.FLOAT32:
        return "0x%08x" % struct.unpack("<I", struct.pack("<f", v))[0]
    if value_type == GGUFValueType.FLOAT64:
        return "0x%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if value_type == GGUFValueType.BOOL:
        return "true" if v else "false"
    if value_type == GGUFValueType.STRING:
        return v
    return str(int(v))


def metadata(reader):
    out = []
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):  # the reader's pseudo-fields for the header
            continue
        main = field.types[0]
        if main == GGUFValueType.ARRAY:
            if len(field.types) > 2 and field.types[1] == GGUFValueType.ARRAY:
                raise SystemExit(f"{key}: nested arrays are flattened by gguf-py; cannot serve as reference")
            elem = field.types[1] if len(field.types) > 1 else None
            values = field.contents() if elem is not None else []
            out.append({"key": key, "type": "ARRAY", "elem_type": elem.name if elem is not None else None,
                        "values": [encode(elem, v) for v in values]})
        else:
            out.append({"key": key, "type": main.name, "elem_type": None, "values": [encode(main, field.contents())]})
    return out


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    reader = GGUFReader(path)
    tensors = []
    with open(os.path.join(outdir, "values.f32.partial"), "wb") as f:
        for t in reader.tensors:
            values = np.ascontiguousarray(dequantize(t.data, t.tensor_type), dtype="<f4").reshape(-1)
            assert values.size == t.n_elements, t.name
            values.tofile(f)
            tensors.append({
                "name": t.name,
                "dims": [int(d) for d in t.shape],
                "type": int(t.tensor_type),
                "offset": int(t.field.parts[5][0]),
                "file_offset": int(t.data_offset),
                "n_elements": int(t.n_elements),
                "n_bytes": int(t.n_bytes),
            })
    os.replace(os.path.join(outdir, "values.f32.partial"), os.path.join(outdir, "values.f32"))
    doc = {
        "version": int(reader.fields["GGUF.version"].contents()),
        "alignment": int(reader.alignment),
        "data_offset": int(reader.data_offset),
        "file_size": int(reader.data.size),
        "metadata": metadata(reader),
        "tensors": tensors,
        "ggml_types": [{"name": q.name, "id": int(q), "block": GGML_QUANT_SIZES[q][0], "bytes": GGML_QUANT_SIZES[q][1]}
                       for q in GGMLQuantizationType],
    }
    with open(os.path.join(outdir, "reference.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
