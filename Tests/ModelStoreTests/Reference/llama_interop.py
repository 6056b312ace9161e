#!/usr/bin/env python3
"""Reference numbers for activetune's Llama-family import and export, from transformers.

usage:
  llama_interop.py make OUT_DIR PROMPTS_JSON SMOLLM2_GGUF
      Writes tiny random HF models made with transformers' save_pretrained (OUT_DIR/llama: untied head,
      grouped-query attention, llama3 RoPE scaling, head_dim*heads != width, sharded safetensors, EOS only in
      generation_config.json; OUT_DIR/qwen2: q/k/v biases, tied head), each with SmolLM2's tokenizer (from the
      GGUF the project's set-up fetches). For each model, and for the SmolLM2 GGUF
      itself, prints per-token log-probabilities of every prompt (tokens 1.. given their prefixes) and a greedy
      continuation of 8 tokens, as JSON: {"models": {name: {"ids": [[...]], "logprobs": [[...]], "greedy": [[...]]}}}.
  llama_interop.py check KIND PATH PROMPTS_JSON
      Loads an export (KIND hf: a directory; gguf: a file) with transformers and prints its class and the same
      per-token log-probabilities and token ids: {"class": ..., "ids": [[...]], "logprobs": [[...]]}.
"""
import json
import os
import sys

import torch
from transformers import (AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM,
                          PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM)

GREEDY_TOKENS = 8


def randomize(model, seed):
    """Weights large enough that attention patterns and RoPE matter; norms near 1."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            scale = 0.2 if "norm" in name else 0.08
            p.copy_((1 if "norm" in name else 0) + scale * torch.randn(p.shape, generator=g))


def per_token(model, tokenizer, prompts):
    ids, logprobs = [], []
    for text in prompts:
        x = tokenizer(text, add_special_tokens=False, return_tensors="pt").input_ids
        with torch.no_grad():
            logits = model(x).logits[0].double()
        lp = torch.log_softmax(logits, dim=-1)
        ids.append(x[0].tolist())
        logprobs.append([lp[t, x[0, t + 1]].item() for t in range(x.shape[1] - 1)])
    return ids, logprobs


def greedy(model, tokenizer, prompts):
    out = []
    for text in prompts:
        x = tokenizer(text, add_special_tokens=False, return_tensors="pt").input_ids
        with torch.no_grad():
            g = model.generate(x, max_new_tokens=GREEDY_TOKENS, do_sample=False, eos_token_id=None, pad_token_id=0)
        out.append(g[0, x.shape[1]:].tolist())
    return out


def make(out, prompts, gguf):
    tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf))
    vocab = len(tokenizer)
    configs = {
        "llama": (LlamaForCausalLM, LlamaConfig(
            vocab_size=vocab, hidden_size=48, intermediate_size=96, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=2, head_dim=16, max_position_embeddings=1024, rms_norm_eps=1e-5, rope_theta=10000.0,
            rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                          "original_max_position_embeddings": 64},
            tie_word_embeddings=False, bos_token_id=1, eos_token_id=None)),
        "qwen2": (Qwen2ForCausalLM, Qwen2Config(
            vocab_size=vocab, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
            num_key_value_heads=1, max_position_embeddings=1024, rms_norm_eps=1e-6, rope_theta=1000.0,
            tie_word_embeddings=True, bos_token_id=1, eos_token_id=2)),
    }
    result = {}
    for seed, (name, (cls, config)) in enumerate(configs.items()):
        torch.manual_seed(seed)
        model = cls(config).eval()
        randomize(model, seed)
        directory = os.path.join(out, name)
        # A small shard size makes the llama model sharded, with model.safetensors.index.json.
        model.save_pretrained(directory, max_shard_size="2MB" if name == "llama" else "200MB")
        tokenizer.save_pretrained(directory)
        if name == "llama":
            # EOS only in generation_config.json, as some Llama checkpoints ship it.
            with open(os.path.join(directory, "generation_config.json"), "w") as f:
                json.dump({"bos_token_id": 1, "eos_token_id": [2, 0]}, f)
        ids, logprobs = per_token(model, tokenizer, prompts)
        result[name] = {"ids": ids, "logprobs": logprobs, "greedy": greedy(model, tokenizer, prompts),
                        "shards": sorted(f for f in os.listdir(directory) if f.endswith(".safetensors"))}
    smol = AutoModelForCausalLM.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf),
                                                dtype=torch.float32).eval()
    ids, logprobs = per_token(smol, tokenizer, prompts)
    result["smollm2"] = {"ids": ids, "logprobs": logprobs, "greedy": greedy(smol, tokenizer, prompts), "shards": []}
    print(json.dumps({"models": result}))


def check(kind, path, prompts):
    if kind == "hf":
        model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()
        # The file itself, not AutoTokenizer: for model_type qwen2, transformers 5 builds Qwen2Tokenizer, which
        # re-derives Qwen2's own pre-tokenizer and NFC, while the qwen2 fixture deliberately carries SmolLM2's.
        tokenizer = PreTrainedTokenizerFast(tokenizer_file=os.path.join(path, "tokenizer.json"))
    else:
        model = AutoModelForCausalLM.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path),
                                                     dtype=torch.float32).eval()
        tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    ids, logprobs = per_token(model, tokenizer, prompts)
    print(json.dumps({"class": type(model).__name__, "ids": ids, "logprobs": logprobs}))


def main():
    command = sys.argv[1]
    if command == "make":
        make(sys.argv[2], json.load(open(sys.argv[3], encoding="utf-8")), sys.argv[4])
    elif command == "check":
        check(sys.argv[2], sys.argv[3], json.load(open(sys.argv[4], encoding="utf-8")))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main()
