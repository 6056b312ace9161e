#!/usr/bin/env python3
"""activetune's command trainer: one fine-tuning round on transformers (and accelerate), for `training.backend =
"command"`.

    train_hf.py ROUND_DIR                                   # one process (CPU, one GPU)
    accelerate launch --num_processes 8 train_hf.py ROUND_DIR  # many GPUs (DDP; FSDP/DeepSpeed by accelerate config)
    torchrun --nproc_per_node 8 train_hf.py ROUND_DIR

The daemon writes ROUND_DIR before it runs the command:
  model/                   the model to start from, as an HF directory (config.json, model.safetensors, tokenizer)
  examples.jsonl           one training example per line: task, round, prompt and target text, and the exact
                           tokens the local trainer would use (`input_ids`, `loss_start` = index of the first target
                           token; the target ends with EOS)
  hyperparameters.json     the round's recipe (epochs, batch_size, learning_rate, warmup_steps, weight_decay,
                           grad_clip, beta1, beta2, epsilon, schedule, total_steps, min_lr_fraction, seed)
and reads back, when the command exits 0:
  output/                  the trained model as an HF directory (safetensors), imported through the checkpoint store
The recipe is the local trainer's: loss on the target tokens only (mean over the batch's target tokens), AdamW with
decay on matrices only, linear warm-up then constant (or cosine to min_lr_fraction), gradient clipping, epochs over a
seeded shuffle. Progress goes to stdout as one JSON object per line, which the daemon turns into journal entries and
STATUS=: {"event": "progress", "step", "steps", "epoch", "loss", "tokens_per_s", "eta_s"}, then
{"event": "done", "final_loss", "steps", "examples", "seconds"}. Anything else on stdout or stderr is logged as is.
"""
import json
import math
import os
import shutil
import sys
import time

import torch
from accelerate import Accelerator
from transformers import AutoModelForCausalLM


def read_round(directory):
    with open(os.path.join(directory, "hyperparameters.json")) as handle:
        hyper = json.load(handle)
    with open(os.path.join(directory, "examples.jsonl")) as handle:
        examples = [json.loads(line) for line in handle if line.strip()]
    if not examples:
        raise SystemExit("train_hf.py: examples.jsonl holds no examples")
    return hyper, examples


def learning_rate(hyper, step):
    """The local trainer's schedule (AdamWOptions.learningRate(at:)), for a 0-based step."""
    peak, warmup = hyper["learning_rate"], hyper["warmup_steps"]
    if step < warmup:
        return peak * (step + 1) / warmup
    total = hyper.get("total_steps", 0)
    if hyper.get("schedule") != "cosine" or total <= warmup:
        return peak
    progress = min(1.0, (step - warmup) / (total - warmup))
    floor = peak * hyper.get("min_lr_fraction", 0.1)
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * progress))


def collate(batch, pad_id):
    """Right-pads a batch; labels are -100 on the prompt and on padding, so only target tokens carry loss."""
    width = max(len(example["input_ids"]) for example in batch)
    ids, labels, mask = [], [], []
    for example in batch:
        tokens, start = example["input_ids"], example["loss_start"]
        pad = width - len(tokens)
        ids.append(tokens + [pad_id] * pad)
        labels.append([-100] * start + tokens[start:] + [-100] * pad)
        mask.append([1] * len(tokens) + [0] * pad)
    return torch.tensor(ids), torch.tensor(labels), torch.tensor(mask)


def batch_loss(model, ids, labels, mask):
    """Mean next-token NLL over the batch's target tokens (the local trainer's loss)."""
    logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
    targets = labels[:, 1:]
    return torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), targets.reshape(-1),
                                             ignore_index=-100)


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: train_hf.py ROUND_DIR (the folder the daemon prepared for the round)")
    directory = sys.argv[1]
    hyper, examples = read_round(directory)
    accelerator = Accelerator()
    torch.manual_seed(hyper["seed"])
    model = AutoModelForCausalLM.from_pretrained(os.path.join(directory, "model"), torch_dtype=torch.float32)
    decay = [p for p in model.parameters() if p.ndim >= 2]
    no_decay = [p for p in model.parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": hyper["weight_decay"]},
                                   {"params": no_decay, "weight_decay": 0.0}],
                                  lr=hyper["learning_rate"], betas=(hyper["beta1"], hyper["beta2"]),
                                  eps=hyper["epsilon"])
    model, optimizer = accelerator.prepare(model, optimizer)
    model.train()

    batch_size, epochs = hyper["batch_size"], hyper["epochs"]
    # Each process trains on its share of every global batch; the gradients are averaged by accelerate.
    rank, world = accelerator.process_index, accelerator.num_processes
    batches = (len(examples) + batch_size - 1) // batch_size
    steps, step, tokens, started = batches * epochs, 0, 0, time.time()
    pad_id = model.config.eos_token_id if isinstance(model.config.eos_token_id, int) else 0
    final_loss = 0.0
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(examples), generator=torch.Generator().manual_seed(hyper["seed"] * 1000 + epoch))
        epoch_loss = 0.0
        for b in range(batches):
            batch = [examples[i] for i in order[b * batch_size:(b + 1) * batch_size].tolist()]
            share = batch[rank::world] or batch[:1]
            ids, labels, mask = (t.to(accelerator.device) for t in collate(share, pad_id))
            for group in optimizer.param_groups:
                group["lr"] = learning_rate(hyper, step)
            loss = batch_loss(model, ids, labels, mask)
            accelerator.backward(loss)
            if hyper["grad_clip"] > 0:
                accelerator.clip_grad_norm_(model.parameters(), hyper["grad_clip"])
            optimizer.step()
            optimizer.zero_grad()
            step += 1
            tokens += sum(len(example["input_ids"]) for example in batch)
            mean_loss = accelerator.reduce(loss.detach(), reduction="mean").item()
            epoch_loss += mean_loss
            if accelerator.is_main_process:
                elapsed = time.time() - started
                print(json.dumps({"event": "progress", "step": step, "steps": steps, "epoch": epoch,
                                  "loss": mean_loss, "tokens_per_s": tokens / max(elapsed, 1e-9),
                                  "eta_s": elapsed / step * (steps - step)}), flush=True)
        final_loss = epoch_loss / batches

    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        output = os.path.join(directory, "output")
        shutil.rmtree(output, ignore_errors=True)
        accelerator.unwrap_model(model).save_pretrained(output, safe_serialization=True)
        # The tokenizer and generation settings come with the model the round started from.
        source = os.path.join(directory, "model")
        for name in os.listdir(source):
            if name.startswith("tokenizer") or name in ("vocab.json", "merges.txt", "special_tokens_map.json",
                                                        "generation_config.json"):
                shutil.copy(os.path.join(source, name), os.path.join(output, name))
        print(json.dumps({"event": "done", "final_loss": final_loss, "steps": steps, "examples": len(examples),
                          "seconds": time.time() - started}), flush=True)


if __name__ == "__main__":
    main()
