#!/usr/bin/env python3
"""The token ids transformers gives a model directory's prompts, special tokens added as it does by default.

usage: prompt_ids.py MODEL_DIR PROMPTS_JSON
    prints {"ids": [[...], ...]}: AutoTokenizer.from_pretrained(MODEL_DIR)(text).input_ids for each prompt, which
    starts with the BOS token when the directory's tokenizer.json post-processor puts one first.
"""
import json
import sys

from transformers import AutoTokenizer


def main():
    directory, prompts = sys.argv[1], sys.argv[2]
    tokenizer = AutoTokenizer.from_pretrained(directory)
    with open(prompts) as f:
        texts = json.load(f)
    print(json.dumps({"ids": [tokenizer(text).input_ids for text in texts]}))


if __name__ == "__main__":
    main()
