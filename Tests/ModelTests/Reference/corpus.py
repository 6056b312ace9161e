"""Texts of the shared data, as the Swift side sees them (shared by the reference scripts)."""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def shared_data():
    """The shared data folder: `shared/data` in the package's directory or the nearest one above it."""
    directory = PACKAGE
    while True:
        candidate = os.path.join(os.path.dirname(directory), "shared", "data")
        if os.path.isdir(candidate):
            return candidate
        if os.path.dirname(directory) == directory:
            raise SystemExit("shared/data not found above " + PACKAGE)
        directory = os.path.dirname(directory)


def all_strings(value):
    """Every string anywhere in a JSON value, in document order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from all_strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_strings(item)


def every_text():
    """All string fields of all shared task files (NIV2 train and test, Self-Instruct), file by file."""
    data = shared_data()
    tasks = os.path.join(data, "niv2", "tasks")
    for name in sorted(os.listdir(tasks)):
        with open(os.path.join(tasks, name), encoding="utf-8") as f:
            yield from all_strings(json.load(f))
    with open(os.path.join(data, "self-instruct", "seed_tasks.jsonl"), encoding="utf-8") as f:
        for line in f:
            yield from all_strings(json.loads(line))


def training_texts():
    """The texts `activetune tokenizer train` learns from, for the files the default tokenizer used."""
    data = shared_data()
    with open(os.path.join(data, "niv2", "splits", "train_tasks.txt"), encoding="utf-8") as f:
        names = [line.strip() for line in f if line.strip()]
    for name in names:
        with open(os.path.join(data, "niv2", "tasks", name + ".json"), encoding="utf-8") as f:
            task = json.load(f)
        yield from task["Definition"]
        for example in task.get("Positive Examples", []):
            yield example["input"]
            yield example["output"]
        for instance in task["Instances"]:
            yield instance["input"]
            yield from instance["output"]
    with open(os.path.join(data, "self-instruct", "seed_tasks.jsonl"), encoding="utf-8") as f:
        for line in f:
            task = json.loads(line)
            yield task["instruction"]
            for instance in task["instances"]:
                yield instance["input"]
                yield instance["output"]
