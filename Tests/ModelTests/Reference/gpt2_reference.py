#!/usr/bin/env python3
"""Independent GPT-2 forward pass in numpy (float64), for checking the Swift engine.

usage: gpt2_reference.py MODEL_DIR INPUT_JSON
MODEL_DIR holds an HF config.json and model.safetensors (F32); INPUT_JSON is {"sequences": [[ids...], ...]}.
Prints JSON {"logits": [[[V floats] per position] per sequence], "nll": [[-log p(next) per position]]}.
Reads safetensors by hand (8-byte header length, JSON header, raw little-endian data): numpy only.
"""
import json
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32", info["dtype"]
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[base + start:base + end], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return tensors


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def forward(p, cfg, ids):
    T, C, NH = len(ids), cfg["n_embd"], cfg["n_head"]
    hs, eps = C // NH, cfg["layer_norm_epsilon"]
    x = p["wte.weight"][ids] + p["wpe.weight"][:T]
    mask = np.triu(np.ones((T, T), dtype=bool), 1)
    for l in range(cfg["n_layer"]):
        g = lambda k: p[f"h.{l}.{k}"]
        h = layer_norm(x, g("ln_1.weight"), g("ln_1.bias"), eps)
        qkv = h @ g("attn.c_attn.weight") + g("attn.c_attn.bias")
        q, k, v = np.split(qkv, 3, axis=-1)
        heads = []
        for i in range(NH):
            sl = slice(i * hs, (i + 1) * hs)
            s = q[:, sl] @ k[:, sl].T / np.sqrt(hs)
            s[mask] = -np.inf
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            heads.append(s @ v[:, sl])
        x = x + np.concatenate(heads, -1) @ g("attn.c_proj.weight") + g("attn.c_proj.bias")
        h = layer_norm(x, g("ln_2.weight"), g("ln_2.bias"), eps)
        x = x + gelu(h @ g("mlp.c_fc.weight") + g("mlp.c_fc.bias")) @ g("mlp.c_proj.weight") + g("mlp.c_proj.bias")
    x = layer_norm(x, p["ln_f.weight"], p["ln_f.bias"], eps)
    return x @ p["wte.weight"].T


def main():
    model_dir, input_path = sys.argv[1], sys.argv[2]
    cfg = json.load(open(f"{model_dir}/config.json"))
    params = load_safetensors(f"{model_dir}/model.safetensors")
    sequences = json.load(open(input_path))["sequences"]
    out = {"logits": [], "nll": []}
    for ids in sequences:
        logits = forward(params, cfg, ids)
        m = logits.max(-1, keepdims=True)
        logp = logits - (m + np.log(np.exp(logits - m).sum(-1, keepdims=True)))
        out["logits"].append(logits.tolist())
        out["nll"].append([-logp[t, ids[t + 1]] for t in range(len(ids) - 1)])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
