#!/usr/bin/env python3
"""How far apart would two strategies of an `activetune experiment` have to be to tell them apart?

usage: python3 benchmarks/experiment_noise.py EXPERIMENT.json [--against random] [--effect 0.78]

Reads the `--json` output of `activetune experiment` (settings, table, cells) and, for every strategy and round
after round 0, prints its difference to the reference strategy (default random), paired by pool seed (round 0 is
shared, so the seeds pair the runs), with the standard deviation of those paired differences, the smallest
difference 3 seeds could call significant (two-sided paired t-test, 95%), and the number of seeds a difference of
`--effect` ROUGE-L points would need for 80% power (normal approximation). The paper's gap between prompt
uncertainty and random at 340 tasks is 48.38 - 47.6 = 0.78 (method.md). It also prints the test-set sampling
noise of one cell: the standard error of the macro ROUGE-L over the test tasks' per-task scores. Standard library only.
"""
import argparse
import json
import math
import statistics

T_975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("experiment")
    ap.add_argument("--against", default="random")
    ap.add_argument("--effect", type=float, default=0.78)
    args = ap.parse_args()
    data = json.load(open(args.experiment))
    cells = {(c["seed"], c["strategy"], c["round"]): c for c in data["cells"]}
    settings = data["settings"]
    seeds, rounds = settings["seeds"], settings["rounds"]
    k0, k = settings["initial"], settings["perRound"]

    per_task_se = []
    for c in data["cells"]:
        scores = list(c["evaluation"]["rougeLByTask"].values())
        if len(scores) > 1:
            per_task_se.append(statistics.stdev(scores) / math.sqrt(len(scores)))
    print(f"test-set sampling noise of one cell: standard error of the mean over test tasks "
          f"{statistics.mean(per_task_se):.2f} ROUGE-L points (mean over {len(per_task_se)} cells)")

    strategies = [s for s in settings["strategies"] if s != args.against]
    print(f"\n| strategy − {args.against} | tasks | mean paired difference | sd over seeds | "
          f"smallest significant (paired t, 95%) | seeds needed for {args.effect} |")
    print("|---|---|---|---|---|---|")
    for strategy in strategies:
        for r in range(1, rounds + 1):
            diffs = [cells[(s, strategy, r)]["evaluation"]["rougeL"] - cells[(s, args.against, r)]["evaluation"]["rougeL"]
                     for s in seeds if (s, strategy, r) in cells and (s, args.against, r) in cells]
            if len(diffs) < 2:
                continue
            sd = statistics.stdev(diffs)
            threshold = T_975.get(len(diffs) - 1, 1.96) * sd / math.sqrt(len(diffs))
            needed = math.ceil(((1.96 + 0.84) * sd / args.effect) ** 2) if sd > 0 else 1
            print(f"| {strategy} | {k0 + r * k} | {statistics.mean(diffs):+.2f} | {sd:.2f} | {threshold:.2f} | {needed} |")


if __name__ == "__main__":
    main()
