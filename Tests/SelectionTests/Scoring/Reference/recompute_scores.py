#!/usr/bin/env python3
"""Independent recomputation of `activetune score --explain` numbers with numpy (float64).

usage: recompute_scores.py MODEL_DIR SCORES_JSON
MODEL_DIR: an HF directory (config.json, model.safetensors, vocab.json, merges.txt).
SCORES_JSON: the JSON array `score --explain` prints.
For every instance i and prompt j: checks the token ids (re-tokenizing the prompt texts and the output with
HF `tokenizers`), runs the model helper's numpy GPT-2 (Tests/ModelTests/Reference) on
prompt + target, p_ij = exp(-mean NLL of the target tokens, EOS included), then the task's prompt
uncertainty, prediction probability and perplexity. Prints JSON with the largest differences found.
"""
import json
import math
import os
import sys

import numpy as np
from tokenizers import Tokenizer, decoders, models, pre_tokenizers

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../ModelTests/Reference"))
import gpt2_reference  # noqa: E402


def hf_tokenizer(model_dir):
    tok = Tokenizer(models.BPE.from_file(f"{model_dir}/vocab.json", f"{model_dir}/merges.txt"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    return tok


def main():
    model_dir, scores_path = sys.argv[1], sys.argv[2]
    cfg = json.load(open(f"{model_dir}/config.json"))
    params = gpt2_reference.load_safetensors(f"{model_dir}/model.safetensors")
    eos = cfg["eos_token_id"]
    tok = hf_tokenizer(model_dir)
    tasks = json.load(open(scores_path))
    worst_p = worst_score = 0.0
    token_mismatches = []
    count = 0
    for task in tasks:
        p_rows, clean_nll = [], []
        for inst in task["instances"]:
            target = inst["target_tokens"]
            if target[-1] != eos:
                token_mismatches.append(f"{task['task']}/{inst['id']}: target does not end with EOS")
            if tok.encode(inst["output"]).ids + [eos] != target:
                token_mismatches.append(f"{task['task']}/{inst['id']}: target tokens differ from tokenizers")
            row = []
            for j, (text, ids) in enumerate(zip(inst["prompts"], inst["prompt_tokens"])):
                if tok.encode(text).ids != ids:
                    token_mismatches.append(f"{task['task']}/{inst['id']}: prompt {j} tokens differ from tokenizers")
                seq = ids + target
                logits = gpt2_reference.forward(params, cfg, seq)
                m = logits.max(-1, keepdims=True)
                logp = logits - (m + np.log(np.exp(logits - m).sum(-1, keepdims=True)))
                nll = [-logp[t, seq[t + 1]] for t in range(len(ids) - 1, len(seq) - 1)]
                mean = float(np.mean(nll))
                row.append(math.exp(-mean))
                if j == 0:
                    clean_nll.append(mean)
                worst_p = max(worst_p, abs(row[-1] - inst["p"][j]))
                count += 1
            p_rows.append(row)
        n, k = len(p_rows), len(p_rows[0]) - 1
        u = sum(abs(r[j] - r[0]) for r in p_rows for j in range(1, k + 1)) / (n * k) if k > 0 else 0.0
        prob = sum(r[0] for r in p_rows) / n
        ppl = sum(math.exp(x) for x in clean_nll) / n
        worst_score = max(worst_score, abs(u - task["prompt_uncertainty"]),
                          abs(prob - task["prediction_probability"]), abs(ppl - task["perplexity"]) / ppl)
    print(json.dumps({"sequences": count, "max_p_diff": worst_p, "max_score_diff": worst_score,
                      "token_mismatches": token_mismatches}))


if __name__ == "__main__":
    main()
