"""Writes a tiny random Llama (transformers' save_pretrained, safetensors) with SmolLM2's tokenizer to OUT_DIR, the
starting model of the command-trainer test: small enough that contrib/train_hf.py trains a round in seconds.

    tiny_llama.py OUT_DIR SMOLLM2_GGUF
"""
import os
import sys

import torch
from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM


def main():
    out, gguf = sys.argv[1], sys.argv[2]
    tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(gguf), gguf_file=os.path.basename(gguf))
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=1024,
                         tie_word_embeddings=True, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id)
    model = LlamaForCausalLM(config)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)


if __name__ == "__main__":
    main()
