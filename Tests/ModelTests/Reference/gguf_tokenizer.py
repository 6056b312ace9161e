#!/usr/bin/env python3
"""Token ids of texts by the tokenizer HF transformers builds from a GGUF file (its own GGUF conversion).

usage: gguf_tokenizer.py GGUF_FILE TEXTS_JSON
TEXTS_JSON: a JSON array of strings. Prints a JSON array of id lists, no special tokens added.

transformers' conversion gives a `smollm` file (SmolLM2) GPT-2's ByteLevel regex alone, but SmolLM2's own
tokenizer.json (and llama.cpp's `smollm` pre-tokenizer) first isolates every digit: Digits(individual_digits=True).
They differ on spaces before a number ("a  1") and on non-ASCII numbers after a space, so the model's own
pre-tokenizer is put back here; "converted_differs" counts the texts where the unpatched conversion differs.
"""
import json
import os
import sys

from tokenizers import pre_tokenizers
from transformers import AutoTokenizer


def main():
    path, texts_path = sys.argv[1], sys.argv[2]
    tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    texts = json.load(open(texts_path, encoding="utf-8"))
    converted = [tokenizer(text, add_special_tokens=False).input_ids for text in texts]
    from transformers.integrations.gguf.gguf_tokenizer_mapping import get_gguf_tokenizer
    if get_gguf_tokenizer(path)[1].get("pre_tokenizer_type") == "smollm":
        tokenizer.backend_tokenizer.pre_tokenizer = pre_tokenizers.Sequence(
            [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)])
    ids = [tokenizer(text, add_special_tokens=False).input_ids for text in texts]
    differs = sum(a != b for a, b in zip(ids, converted))
    print(json.dumps({"eos": tokenizer.eos_token_id, "vocab": len(tokenizer), "ids": ids, "converted_differs": differs}))


if __name__ == "__main__":
    main()
