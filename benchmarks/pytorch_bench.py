#!/usr/bin/env python3
"""PyTorch eager CPU baseline for `activetune bench`: the same shapes, batches and JSON fields; fp32, or with
--bf16 under bf16 autocast (oneDNN bf16 matrix products, fp32 weights and optimizer, as `--precision bf16`).

S, M and G are GPT-2 shapes run by a nanoGPT-style model below; L is SmolLM2-135M's shape run by transformers'
own LlamaForCausalLM (random weights; speed does not depend on them), decoding with `generate`.

usage: python3 benchmarks/pytorch_bench.py [--json] [--bf16] [--config S|M|G|L ...] [--threads N] [--seconds S]
Install: pip install /opt/wheels/torch-*+cpu-*.whl
Training = forward + backward + AdamW step on B random sequences of T tokens (loss on every next token);
scoring = forward with all logits + loss under no_grad; decoding = batch-1 greedy with a key/value cache,
from 8 prompt tokens to T tokens. Peak RSS is VmHWM, reset per config via /proc/self/clear_refs.
"""
import argparse
import contextlib
import json
import math
import os
import time

import torch
import torch.nn.functional as F

SPECS = {  # name: (vocab, context, layers, heads, width, batch, T)
    "S": (512, 128, 4, 4, 256, 8, 128),
    "M": (8192, 256, 6, 6, 384, 4, 256),
    "G": (50257, 1024, 12, 12, 768, 4, 64),
    "L": (49152, 8192, 30, 9, 576, 8, 256),  # SmolLM2-135M: also 3 key/value heads, FFN 1536, tied
}
PROMPT = 8


class Block(torch.nn.Module):
    def __init__(self, C, NH):
        super().__init__()
        self.NH = NH
        self.ln_1, self.ln_2 = torch.nn.LayerNorm(C, eps=1e-5), torch.nn.LayerNorm(C, eps=1e-5)
        self.c_attn, self.c_proj = torch.nn.Linear(C, 3 * C), torch.nn.Linear(C, C)
        self.c_fc, self.mlp_proj = torch.nn.Linear(C, 4 * C), torch.nn.Linear(4 * C, C)

    def forward(self, x, cache=None):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q, k, v = (t.view(B, T, self.NH, C // self.NH).transpose(1, 2) for t in (q, k, v))
        if cache is not None:
            if cache[0] is not None:
                k, v = torch.cat([cache[0], k], 2), torch.cat([cache[1], v], 2)
            cache[0], cache[1] = k, v
        causal = cache is None or q.shape[2] > 1
        y = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
        x = x + self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT2(torch.nn.Module):
    def __init__(self, V, ctx, L, NH, C):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(V, C), torch.nn.Embedding(ctx, C)
        self.h = torch.nn.ModuleList(Block(C, NH) for _ in range(L))
        self.ln_f = torch.nn.LayerNorm(C, eps=1e-5)
        for name, p in self.named_parameters():
            if p.dim() == 2:
                std = 0.02 / math.sqrt(2 * L) if name.endswith("proj.weight") else 0.02
                torch.nn.init.normal_(p, 0, std)

    def forward(self, idx, caches=None, start=0):
        pos = torch.arange(start, start + idx.shape[1])
        x = self.wte(idx) + self.wpe(pos)
        for i, block in enumerate(self.h):
            x = block(x, None if caches is None else caches[i])
        return self.ln_f(x) @ self.wte.weight.T


def seconds_per_call(seconds, body):
    body()
    calls, start = 0, time.perf_counter()
    while calls < 2 or time.perf_counter() - start < seconds:
        body()
        calls += 1
    return (time.perf_counter() - start) / calls


def peak_rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def smollm2(V, ctx, L, NH, C):
    """transformers' LlamaForCausalLM in SmolLM2-135M's configuration, fp32."""
    from transformers import LlamaConfig, LlamaForCausalLM
    config = LlamaConfig(vocab_size=V, hidden_size=C, intermediate_size=1536, num_hidden_layers=L,
                         num_attention_heads=NH, num_key_value_heads=3, max_position_embeddings=ctx,
                         rms_norm_eps=1e-5, rope_theta=100000.0, tie_word_embeddings=True)
    return LlamaForCausalLM(config).float()


def bench(name, seconds, bf16):
    V, ctx, L, NH, C, B, T = SPECS[name]
    precision = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if bf16 else contextlib.nullcontext
    torch.manual_seed(1234)
    hf = name == "L"
    model = smollm2(V, ctx, L, NH, C) if hf else GPT2(V, ctx, L, NH, C)
    idx = torch.randint(0, V, (B, T))

    def loss():
        with precision():
            logits = model(idx[:, :-1]).logits if hf else model(idx[:, :-1])
            return F.cross_entropy(logits.reshape(-1, V), idx[:, 1:].reshape(-1))

    with torch.no_grad(), precision():
        score = seconds_per_call(seconds, loss)

        def decode():
            if hf:
                model.generate(idx[:1, :PROMPT], max_new_tokens=T - PROMPT, min_new_tokens=T - PROMPT,
                               do_sample=False, use_cache=True, pad_token_id=0)
                return
            caches = [[None, None] for _ in range(L)]
            logits = model(idx[:1, :PROMPT], caches, 0)
            for pos in range(PROMPT, T):
                token = logits[:, -1:].argmax(-1)
                logits = model(token, caches, pos)

        decode_time = seconds_per_call(seconds, decode)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, weight_decay=0)

    def step():
        opt.zero_grad(set_to_none=True)
        loss().backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    train = seconds_per_call(seconds, step)
    return {"name": name, "precision": "bf16" if bf16 else "fp32", "train_tokens_per_s": B * T / train, "score_tokens_per_s": B * T / score,
            "decode_tokens_per_s": (T - PROMPT) / decode_time}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--config", action="append", choices=list(SPECS))
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast (default: fp32)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    configs = []
    for name in args.config or list(SPECS):
        try:
            open("/proc/self/clear_refs", "w").write("5")
        except OSError:
            pass
        result = bench(name, args.seconds, args.bf16)
        result["peak_rss_bytes"] = peak_rss()
        configs.append(result)
        if not args.json:
            print(f"{name} {result['precision']}: train {result['train_tokens_per_s']:.0f} tok/s, score {result['score_tokens_per_s']:.0f} "
                  f"tok/s, decode {result['decode_tokens_per_s']:.0f} tok/s, peak RSS {result['peak_rss_bytes'] >> 20} MiB")
    report = {"blas_core": "pytorch " + torch.__version__, "threads": torch.get_num_threads(), "configs": configs}
    if args.json:
        print(json.dumps(report, sort_keys=True))


if __name__ == "__main__":
    main()
