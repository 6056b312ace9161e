"""Makes the tokenizer of an HF model directory put its model's BOS token before every prompt, as Llama 2 and 3 do:
a `TemplateProcessing` post-processor after the one tokenizer.json has, written with HF `tokenizers` itself.

SmolLM2 adds no BOS, and llama-cpp-python's server echoes correct prompt log-probabilities only for a prompt that
starts with BOS (it leaves the first evaluated token out of the echo and pairs the rest with the logits one position
early); SmolLM2 with this tokenizer is the real, trained network the openai scoring backend's agreement test serves.

    add_bos.py MODEL_DIR
"""
import json
import os
import sys

from tokenizers import Tokenizer
from tokenizers.processors import Sequence, TemplateProcessing
from transformers import AutoTokenizer


def main():
    directory = sys.argv[1]
    with open(os.path.join(directory, "config.json")) as f:
        bos_id = json.load(f)["bos_token_id"]
    path = os.path.join(directory, "tokenizer.json")
    tokenizer = Tokenizer.from_file(path)
    bos = tokenizer.id_to_token(bos_id)
    template = TemplateProcessing(single=f"{bos} $A", pair=f"{bos} $A {bos} $B", special_tokens=[(bos, bos_id)])
    tokenizer.post_processor = Sequence([tokenizer.post_processor, template]) if tokenizer.post_processor else template
    tokenizer.save(path)
    ids = AutoTokenizer.from_pretrained(directory)("Input: Italy.\nOutput:").input_ids
    assert ids[0] == bos_id, f"the saved tokenizer does not start with BOS {bos_id}: {ids}"
    print(bos)


if __name__ == "__main__":
    main()
