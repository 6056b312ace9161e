"""HF transformers reference for the Swift Llama forward pass.

Usage: llama_reference.py MODEL.gguf NIV2_TASKS_DIR OUT_DIR

Loads the GGUF file through transformers' own GGUF loader (which dequantizes and un-permutes Q/K itself)
in float32, tokenizes three prompts with the GGUF's tokenizer, and writes to OUT_DIR:
  reference.json  {"transformers": version, "prompts": [{"name", "text", "ids", "nll", "file"}]}
  logits_N.f32    the full (T, V) fp32 logits of prompt N, little-endian, row-major
The NLL is the mean over positions of -log softmax(logits)[next token], computed in float64 from the fp32
logits, i.e. what HF's `labels=` loss is, without fp32 rounding of the reduction.
"""

import json
import os
import sys

import numpy as np
import torch
import transformers
from transformers import AutoModelForCausalLM, AutoTokenizer


def niv2_prompts(tasks_dir):
    """A Tk-Instruct two-example prompt and a long definition, both from NIV2 task files."""
    with open(os.path.join(tasks_dir, "task1146_country_capital.json")) as f:
        capital = json.load(f)
    pos = capital["Positive Examples"]
    tk = "Definition: " + capital["Definition"][0] + "\n\n"
    for i, ex in enumerate(pos[:2]):
        tk += f"Positive Example {i + 1} -\nInput: {ex['input']}\nOutput: {ex['output']}\n\n"
    tk += "Now complete the following example -\nInput: Italy\nOutput:"
    with open(os.path.join(tasks_dir, "task023_cosmosqa_question_generation.json")) as f:
        definition = "Definition: " + json.load(f)["Definition"][0]
    return tk, definition


def main():
    model_path, tasks_dir, out_dir = sys.argv[1:4]
    os.makedirs(out_dir, exist_ok=True)
    torch.manual_seed(0)
    torch.set_num_threads(2)
    directory, name = os.path.split(os.path.abspath(model_path))
    tokenizer = AutoTokenizer.from_pretrained(directory, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(directory, gguf_file=name, dtype=torch.float32)
    model.eval()
    tk, definition = niv2_prompts(tasks_dir)
    prompts = [("capital", "The capital of Italy is"), ("tk_instruct", tk), ("niv2_definition", definition)]
    out = {"transformers": transformers.__version__, "torch": torch.__version__,
           "attn_implementation": model.config._attn_implementation, "prompts": []}
    for n, (label, text) in enumerate(prompts):
        ids = tokenizer(text, add_special_tokens=True)["input_ids"]
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].float().numpy()
        assert logits.shape == (len(ids), model.config.vocab_size), logits.shape
        file = f"logits_{n}.f32"
        logits.astype("<f4").tofile(os.path.join(out_dir, file))
        wide = logits.astype(np.float64)
        shifted = wide - wide.max(axis=1, keepdims=True)
        logprobs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        nll = -float(np.mean(logprobs[np.arange(len(ids) - 1), ids[1:]]))
        out["prompts"].append({"name": label, "text": text, "ids": ids, "nll": nll, "file": file})
    with open(os.path.join(out_dir, "reference.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
