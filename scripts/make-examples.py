#!/usr/bin/env python3
"""Builds examples/: a small sample of real NIV2 tasks for the local demo (`make run` submits them).

Picks train-split tasks (and a few test-split tasks as an evaluation set) whose "Instance License" is
permissive, whose instances are short enough for a quick demo on 2 cores, and cuts each to its first
INSTANCES instances. Deterministic: re-running it gives the same files.
Usage: scripts/make-examples.py ../shared/data/niv2 examples
"""
import json, os, shutil, statistics, sys

PERMISSIVE = {"CC BY 4.0", "MIT", "Apache 2.0", "CC BY-SA 4.0", "Public Domain", "CC0: Public Domain",
              "CC BY 3.0", "CC BY-SA 3.0", "CDLA Permissive 2.0"}
TRAIN_TASKS, TEST_TASKS, INSTANCES, MAX_MEDIAN_INPUT = 24, 4, 40, 600

def candidates(root, split):
    names = open(os.path.join(root, "splits", f"{split}_tasks.txt")).read().split()
    for name in sorted(names):
        path = os.path.join(root, "tasks", name + ".json")
        task = json.load(open(path, encoding="utf-8"))
        licences = task.get("Instance License", [])
        if not licences or not all(l in PERMISSIVE for l in licences):
            continue
        lengths = [len(i["input"]) + len(i["output"][0] if i["output"] else "") for i in task["Instances"]]
        if statistics.median(lengths) > MAX_MEDIAN_INPUT:
            continue
        yield name, task, licences

def write(task, name, out_dir):
    task = dict(task)
    task["Instances"] = task["Instances"][:INSTANCES]
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(task, f, indent=4, ensure_ascii=False)
        f.write("\n")

def main(root, out):
    rows = []
    for split, count, sub in (("train", TRAIN_TASKS, "tasks"), ("test", TEST_TASKS, "eval")):
        chosen = list(candidates(root, split))[:count]
        if len(chosen) < count:
            sys.exit(f"only {len(chosen)} permissive {split} tasks found, wanted {count}")
        for name, task, licences in chosen:
            write(task, name, os.path.join(out, sub))
            rows.append((sub, name, ", ".join(licences), task.get("Source", [""])[0] if task.get("Source") else ""))
    shutil.copy(os.path.join(root, "LICENSE"), os.path.join(out, "LICENSE"))
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write("# examples/\n\nReal task files from Super-NaturalInstructions (NIV2; Wang et al., EMNLP 2022,\n"
                "https://github.com/allenai/natural-instructions), in the original NIV2 JSON schema, each cut to its first\n"
                f"{INSTANCES} instances. `tasks/` ({TRAIN_TASKS} tasks of the default train split) is what `make run`\n"
                f"submits on its first run; `eval/` ({TEST_TASKS} tasks of the default test split) is a held-out set.\n\n"
                "Produced by `scripts/make-examples.py ../shared/data/niv2 examples` (tasks whose instance licence is\n"
                "permissive and whose median instance is short enough for a quick demo). Task definitions are Apache-2.0\n"
                "(`LICENSE`); each task's instances keep the licence below (also in its `Instance License` field).\n\n"
                "| folder | task | instance licence | source dataset |\n|---|---|---|---|\n")
        for sub, name, lic, src in rows:
            f.write(f"| {sub} | {name} | {lic} | {src} |\n")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
