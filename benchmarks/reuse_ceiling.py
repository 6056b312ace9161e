#!/usr/bin/env python3
"""How much exact prefix reuse can save when scoring NIV2 tasks for prompt uncertainty: the ceiling the
`activetune bench --uncertainty` speed-up is measured against, for every task of a folder.

For each task: the first n instances, the clean Tk-Instruct prompt (the tests' independent renderer), the
embedded 8192-token vocabulary (HF `tokenizers`), and targets as long as each instance's first gold output
(at most 128 tokens, plus EOS): what a trained model emits, roughly. Positions computed, as
`ScoringWorkload` counts them:
  naive = decoding (every prompt + the output) + (k+1) · every (prompt + target)
  reuse = decoding (the common prefix once) + (k+1) · (common prefix − 1 once, then 1 + rest + target each)
Perturbed prompts have shorter prefixes than the clean one used here, so real ceilings are a little lower.

Usage: python3 benchmarks/reuse_ceiling.py [TASKS_DIR] [--ids FILE]
  (default: ../shared/data/niv2/tasks with ../shared/data/niv2/splits/train_tasks.txt)
"""
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Tests", "TasksTests", "Reference"))
from tk_instruct_prompt import tk_instruct_source  # noqa: E402
from tokenizers import ByteLevelBPETokenizer  # noqa: E402

N, K, MAX_NEW, CONTEXT = 10, 10, 128, 1024


def common_prefix(sequences):
    length = min(map(len, sequences))
    for i in range(length):
        if any(s[i] != sequences[0][i] for s in sequences):
            return i
    return length


def ceiling(task, encode):
    instances = [i for i in task["Instances"] if i["output"]][:N]
    prompts = [encode(tk_instruct_source(task["Definition"][0], task["Positive Examples"], i["input"])) for i in instances]
    if max(map(len, prompts)) > CONTEXT - MAX_NEW - 1:
        return None  # would be truncated; left out rather than guessed
    targets = [min(MAX_NEW, len(encode(i["output"][0]))) + 1 for i in instances]
    shared = common_prefix(prompts)
    generated = sum(targets) - len(targets)
    decode_naive = sum(map(len, prompts)) + generated
    decode_reuse = shared + sum(len(p) - shared for p in prompts) + generated
    pass_naive = sum(map(len, prompts)) + sum(targets)
    pass_reuse = max(0, shared - 1) + sum(len(p) - shared + 1 for p in prompts) + sum(targets)
    return (decode_naive + (K + 1) * pass_naive) / (decode_reuse + (K + 1) * pass_reuse)


def main():
    args = sys.argv[1:]
    ids_file = None
    if "--ids" in args:
        at = args.index("--ids")
        ids_file = args[at + 1]
        del args[at:at + 2]
    root = os.path.join(HERE, "..", "..", "shared", "data", "niv2")
    folder = args[0] if args else os.path.join(root, "tasks")
    if not args and ids_file is None:
        ids_file = os.path.join(root, "splits", "train_tasks.txt")
    names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
    if ids_file:
        wanted = set(open(ids_file, encoding="utf-8").read().split())
        names = [n for n in names if n in wanted]
    vocab = os.path.join(HERE, "..", "Sources", "Model", "Resources", "tokenizer")
    tokenizer = ByteLevelBPETokenizer(os.path.join(vocab, "vocab.json"), os.path.join(vocab, "merges.txt"))
    encode = lambda text: tokenizer.encode(text).ids  # noqa: E731
    ratios = {}
    for name in names:
        with open(os.path.join(folder, name + ".json"), encoding="utf-8") as handle:
            ratio = ceiling(json.load(handle), encode)
        if ratio is not None:
            ratios[name] = ratio
    values = sorted(ratios.values())
    print(json.dumps({
        "tasks": len(values), "left_out_overlong": len(names) - len(values),
        "median_ceiling": round(statistics.median(values), 3),
        "share_at_least_4x": round(sum(v >= 4 for v in values) / len(values), 3),
        "min_ceiling": round(values[0], 3), "max_ceiling": round(values[-1], 3),
    }, indent=2))


if __name__ == "__main__":
    main()
