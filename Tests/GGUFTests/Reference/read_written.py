#!/usr/bin/env python3
"""What gguf-py's GGUFReader sees in a file the Swift GGUFWriter wrote, for the writer's tests.

usage: read_written.py FILE.gguf OUTDIR

Writes OUTDIR/written.json (version, alignment, data offset, file size, metadata in file order,
tensor infos with the NumPy shape gguf-py gives each tensor) and OUTDIR/data.bin (every tensor's
raw bytes as gguf-py maps them, concatenated in tensor order; each info gives its start).

Metadata uses reference.py's encoding (scalars as strings, floats as bit patterns). gguf-py
flattens nested arrays: for those, elem_type is ARRAY, leaf_type the innermost type of the first
element, and values the leaves in order, so only nested arrays of one leaf type can be compared.
"""
import json
import os
import sys

from gguf import GGUFReader, GGUFValueType
from gguf.quants import dequantize

from reference import encode


def to_string(part):
    return str(part.tobytes(), encoding="utf-8")


def entry(key, field):
    main = field.types[0]
    if main != GGUFValueType.ARRAY:
        return {"key": key, "type": main.name, "elem_type": None, "values": [encode(main, field.contents())]}
    if len(field.types) == 1:  # an empty array: gguf-py records no element type
        return {"key": key, "type": "ARRAY", "elem_type": None, "values": []}
    elem, leaf = field.types[1], field.types[-1]
    if elem != GGUFValueType.ARRAY:
        return {"key": key, "type": "ARRAY", "elem_type": elem.name, "values": [encode(elem, v) for v in field.contents()]}
    leaves = [field.parts[i] for i in field.data]
    values = [to_string(p) if leaf == GGUFValueType.STRING else p.tolist()[0] for p in leaves]
    return {"key": key, "type": "ARRAY", "elem_type": "ARRAY", "leaf_type": leaf.name,
            "values": [encode(leaf, v) for v in values]}


def main():
    path, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    reader = GGUFReader(path)
    tensors = []
    start = 0
    with open(os.path.join(outdir, "data.bin.partial"), "wb") as f:
        for t in reader.tensors:
            raw = t.data.tobytes()
            f.write(raw)
            tensors.append({
                "name": t.name,
                "dims": [int(d) for d in t.shape],
                "numpy_shape": [int(d) for d in dequantize(t.data, t.tensor_type).shape],
                "type": int(t.tensor_type),
                "type_name": t.tensor_type.name,
                "offset": int(t.field.parts[5][0]),
                "file_offset": int(t.data_offset),
                "n_elements": int(t.n_elements),
                "n_bytes": int(t.n_bytes),
                "data_start": start,
            })
            assert len(raw) == t.n_bytes, t.name
            start += len(raw)
    os.replace(os.path.join(outdir, "data.bin.partial"), os.path.join(outdir, "data.bin"))
    doc = {
        "version": int(reader.fields["GGUF.version"].contents()),
        "alignment": int(reader.alignment),
        "data_offset": int(reader.data_offset),
        "file_size": int(reader.data.size),
        "metadata": [entry(k, f) for k, f in reader.fields.items() if not k.startswith("GGUF.")],
        "tensors": tensors,
    }
    with open(os.path.join(outdir, "written.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
