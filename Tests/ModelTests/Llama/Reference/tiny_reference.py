"""Tiny random Llama-family models written as GGUF the way llama.cpp's converter writes them, with HF logits.

Usage: tiny_reference.py OUT_DIR

Covers what SmolLM2 does not: an untied LM head (output.weight), q/k/v biases (qwen2), Llama 3.1 RoPE
scaling (baked into rope_freqs.weight as the converter does), linear RoPE scaling, and head_dim * heads
!= width (attention.key_length). The reference logits come from transformers' own modeling code
(LlamaForCausalLM / Qwen2ForCausalLM) on the same fp32 weights, not from its GGUF loader, so the GGUF side
(Q/K permutation, rope_freqs, metadata keys) is written here independently of what the Swift loader reads.

Also writes metadata-only files that the Swift config must reject. Writes OUT_DIR/tiny.json:
  {"models": [{"file", "ids", "logits"}], "rejects": [{"file", "why"}]}
"""

import json
import math
import os
import sys

import gguf
import numpy as np
import torch
from transformers import LlamaConfig, LlamaForCausalLM, Qwen2Config, Qwen2ForCausalLM

VOCAB = 97


def permute(w, n_head):
    """llama.cpp's Q/K row order: each head's rotate-half pairs (i, i + hd/2) become rows (2i, 2i + 1)."""
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def llama3_divisors(base, head_dim, rs):
    """The rope_freqs.weight the converter computes for rope_type llama3."""
    factor, low, high, old = rs["factor"], rs["low_freq_factor"], rs["high_freq_factor"], rs["original_max_position_embeddings"]
    freqs = 1.0 / (base ** (np.arange(0, head_dim, 2, dtype=np.float32) / head_dim))
    out = []
    for f in freqs:
        wavelen = 2 * math.pi / f
        if wavelen < old / high:
            out.append(1.0)
        elif wavelen > old / low:
            out.append(factor)
        else:
            smooth = (old / wavelen - low) / (high - low)
            out.append(1 / ((1 - smooth) / factor + smooth))
    return np.array(out, dtype=np.float32)


def randomize(model, seed):
    """Weights large enough that attention patterns and RoPE matter; norms near 1."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.25 * torch.randn(p.shape, generator=g))


def write_gguf(path, arch, cfg, sd, *, permute_qk, head_dim, tied, rope_freqs=None, linear=None, extra=None):
    w = gguf.GGUFWriter(path, arch)
    w.add_block_count(cfg.num_hidden_layers)
    w.add_context_length(cfg.max_position_embeddings)
    w.add_embedding_length(cfg.hidden_size)
    w.add_feed_forward_length(cfg.intermediate_size)
    w.add_head_count(cfg.num_attention_heads)
    w.add_head_count_kv(cfg.num_key_value_heads)
    w.add_rope_freq_base(cfg.rope_parameters["rope_theta"])
    w.add_layer_norm_rms_eps(cfg.rms_norm_eps)
    w.add_rope_dimension_count(head_dim)
    if head_dim * cfg.num_attention_heads != cfg.hidden_size:
        w.add_key_length(head_dim)
        w.add_value_length(head_dim)
    if linear is not None:
        w.add_rope_scaling_type(gguf.RopeScalingType.LINEAR)
        w.add_rope_scaling_factor(linear)
    for key, value in (extra or {}).items():
        if isinstance(value, str):
            w.add_string(key, value)
        else:
            w.add_uint32(key, value)
    w.add_tokenizer_model("gpt2")
    w.add_token_list([f"t{i}" for i in range(VOCAB)])

    def t(name, x):
        w.add_tensor(name, np.ascontiguousarray(x.detach().numpy().astype(np.float32)))

    t("token_embd.weight", sd["model.embed_tokens.weight"])
    if rope_freqs is not None:
        w.add_tensor("rope_freqs.weight", rope_freqs)
    nh, nkv = cfg.num_attention_heads, cfg.num_key_value_heads
    for l in range(cfg.num_hidden_layers):
        p = f"model.layers.{l}."
        q, k = sd[p + "self_attn.q_proj.weight"], sd[p + "self_attn.k_proj.weight"]
        if permute_qk:
            q, k = permute(q, nh), permute(k, nkv)
        t(f"blk.{l}.attn_norm.weight", sd[p + "input_layernorm.weight"])
        t(f"blk.{l}.attn_q.weight", q)
        t(f"blk.{l}.attn_k.weight", k)
        t(f"blk.{l}.attn_v.weight", sd[p + "self_attn.v_proj.weight"])
        if p + "self_attn.q_proj.bias" in sd:
            qb, kb = sd[p + "self_attn.q_proj.bias"], sd[p + "self_attn.k_proj.bias"]
            if permute_qk:
                qb, kb = permute(qb, nh), permute(kb, nkv)
            t(f"blk.{l}.attn_q.bias", qb)
            t(f"blk.{l}.attn_k.bias", kb)
            t(f"blk.{l}.attn_v.bias", sd[p + "self_attn.v_proj.bias"])
        t(f"blk.{l}.attn_output.weight", sd[p + "self_attn.o_proj.weight"])
        t(f"blk.{l}.ffn_norm.weight", sd[p + "post_attention_layernorm.weight"])
        t(f"blk.{l}.ffn_gate.weight", sd[p + "mlp.gate_proj.weight"])
        t(f"blk.{l}.ffn_up.weight", sd[p + "mlp.up_proj.weight"])
        t(f"blk.{l}.ffn_down.weight", sd[p + "mlp.down_proj.weight"])
    t("output_norm.weight", sd["model.norm.weight"])
    if not tied:
        t("output.weight", sd["lm_head.weight"])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    ids = [int(i) for i in torch.randint(0, VOCAB, (40,), generator=torch.Generator().manual_seed(1))]
    result = {"models": [], "rejects": []}

    def run(model, name):
        model.eval()
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].float().numpy()
        logits.astype("<f4").tofile(os.path.join(out, name + ".f32"))
        result["models"].append({"file": name + ".gguf", "ids": ids, "logits": name + ".f32"})

    # Llama 3.1-style: llama3 RoPE scaling, untied head, GQA, head_dim * heads != width, permuted Q/K.
    rope3 = {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
             "original_max_position_embeddings": 64, "rope_theta": 10000.0}
    cfg = LlamaConfig(vocab_size=VOCAB, hidden_size=48, intermediate_size=80, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=256,
                      rms_norm_eps=1e-5, rope_parameters=rope3, tie_word_embeddings=False)
    m = LlamaForCausalLM(cfg)
    randomize(m, 2)
    write_gguf(os.path.join(out, "llama3_untied.gguf"), "llama", cfg, m.state_dict(), permute_qk=True, head_dim=16,
               tied=False, rope_freqs=llama3_divisors(10000.0, 16, rope3))
    run(m, "llama3_untied")

    # Qwen2-style: q/k/v biases, tied head, linear RoPE scaling, stored in HF row order (no permutation).
    cfg = Qwen2Config(vocab_size=VOCAB, hidden_size=64, intermediate_size=96, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=1, max_position_embeddings=256, rms_norm_eps=1e-6,
                      rope_parameters={"rope_type": "linear", "factor": 2.0, "rope_theta": 1000.0},
                      tie_word_embeddings=True)
    m = Qwen2ForCausalLM(cfg)
    randomize(m, 3)
    write_gguf(os.path.join(out, "qwen2_bias.gguf"), "qwen2", cfg, m.state_dict(), permute_qk=False, head_dim=16,
               tied=True, linear=2.0)
    run(m, "qwen2_bias")

    # Files the config must reject, each with one thing wrong.
    small = LlamaConfig(vocab_size=VOCAB, hidden_size=32, intermediate_size=48, num_hidden_layers=1,
                        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    sd = LlamaForCausalLM(small).state_dict()
    # (file, metadata overrides written into the config, extra metadata keys, the ModelError code expected)
    rejects = [
        ("moe.gguf", {}, {"llama.expert_count": 8}, "unsupportedModel"),
        ("yarn.gguf", {}, {"llama.rope.scaling.type": "yarn"}, "unsupportedModel"),
        ("kv_heads.gguf", {"num_key_value_heads": 3}, {}, "invalidConfig"),
        ("vocab_size.gguf", {}, {"llama.vocab_size": VOCAB + 1}, "invalidConfig"),
        ("ffn_width.gguf", {"intermediate_size": 50}, {}, "invalidCheckpoint"),
    ]
    for name, overrides, extra, why in rejects:
        cfg_copy = LlamaConfig(**{**small.to_dict(), **overrides})
        write_gguf(os.path.join(out, name), "llama", cfg_copy, sd, permute_qk=False, head_dim=8, tied=True, extra=extra)
        result["rejects"].append({"file": name, "why": why})
    w = gguf.GGUFWriter(os.path.join(out, "gpt2_arch.gguf"), "gpt2")
    w.add_token_list([f"t{i}" for i in range(VOCAB)])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    result["rejects"].append({"file": "gpt2_arch.gguf", "why": "unsupportedModel"})

    with open(os.path.join(out, "tiny.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
