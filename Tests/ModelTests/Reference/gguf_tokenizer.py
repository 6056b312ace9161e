#!/usr/bin/env python3
"""Token ids of texts by the tokenizer HF transformers builds from a GGUF file (its own GGUF conversion).

usage: gguf_tokenizer.py GGUF_FILE TEXTS_JSON
TEXTS_JSON: a JSON array of strings. Prints a JSON array of id lists, no special tokens added.
"""
import json
import os
import sys

from transformers import AutoTokenizer


def main():
    path, texts_path = sys.argv[1], sys.argv[2]
    tokenizer = AutoTokenizer.from_pretrained(os.path.dirname(path), gguf_file=os.path.basename(path))
    texts = json.load(open(texts_path, encoding="utf-8"))
    ids = [tokenizer(text, add_special_tokens=False).input_ids for text in texts]
    print(json.dumps({"eos": tokenizer.eos_token_id, "vocab": len(tokenizer), "ids": ids}))


if __name__ == "__main__":
    main()
