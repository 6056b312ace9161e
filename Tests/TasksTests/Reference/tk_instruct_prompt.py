#!/usr/bin/env python3
"""Independent reference for the Swift PromptRenderer: Tk-Instruct's ni_collator source formatting,
re-implemented in Python from the method notes (definition + 2 positive examples, no task name,
no negative examples, no explanations), and the golden prompts the Swift tests compare byte for byte.

The budget case uses a "tokenizer" that counts characters (len), so example inclusion follows the
reference rule `len(tok(definition + " ".join(pos_examples) + new_example + task_input)) <= budget`.

Perturbed cases follow the documented word-drop (WordDropPerturbation): words of `str.split()` of the
definition, then of each of the first two example inputs, each dropped when the next draw of the stream
salted `word-drop/<content hash>/<variant>` is below the drop rate; kept words joined by one space.

Usage: python3 tk_instruct_prompt.py [SHARED_DATA_DIR]   (default: found by walking up from here)
Writes golden/<case>.txt and golden/cases.json next to this script.
"""
import json
import os
import string
import sys

from content_hash import content_hash
from seeded_generator import salted_state, unit_interval

HERE = os.path.dirname(os.path.abspath(__file__))


def find_shared_data():
    directory = HERE
    while directory != "/":
        candidate = os.path.join(directory, "shared", "data")
        if os.path.isdir(os.path.join(candidate, "niv2", "tasks")):
            return candidate
        directory = os.path.dirname(directory)
    sys.exit("shared/data not found; pass its path")


def tk_instruct_source(definition, positive_examples, instance_input, count_tokens=None, max_source_length=None):
    """The source text of Tk-Instruct's collator with add_task_definition, num_pos_examples=2."""
    task_input = ""
    task_input += "Now complete the following example -\n"
    task_input += f"Input: {instance_input.strip()}"
    if not task_input[-1] in string.punctuation:
        task_input += "."
    task_input += "\n"
    # Tk-Instruct writes "Output: " (T5's tokenizer absorbs the space); activetune's byte-level BPE models need
    # the space to start the target, so the prompt ends at the colon (README, deviations).
    task_input += "Output:"

    definition_text = "Definition: " + definition.strip()
    if not definition_text[-1] in string.punctuation:
        definition_text += "."
    definition_text += "\n\n"

    pos_examples = []
    for idx, pos_example in enumerate(positive_examples[:2]):
        pos_example_str = f" Positive Example {idx + 1} -\n"
        pos_example_str += f"Input: {pos_example['input'].strip()}"
        if not pos_example_str[-1] in string.punctuation:
            pos_example_str += "."
        pos_example_str += "\n"
        pos_example_str += f" Output: {pos_example['output'].strip()}"
        if not pos_example_str[-1] in string.punctuation:
            pos_example_str += "."
        pos_example_str += "\n"
        pos_example_str += "\n"
        if count_tokens is None or count_tokens(definition_text + " ".join(pos_examples) + pos_example_str + task_input) <= max_source_length:
            pos_examples.append(pos_example_str)
        else:
            break

    source = definition_text + "".join(pos_examples) + task_input
    if count_tokens is not None:
        assert count_tokens(source) <= max_source_length, "golden budget cases must not need truncation"
    return source


def load_task(shared, relative, task_id):
    """(definition, positive examples, instances as (input, outputs)) of one task."""
    path = os.path.join(shared, relative)
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                task = json.loads(line)
                if task["id"] == task_id:
                    return task["instruction"], [], [(i["input"], [i["output"]]) for i in task["instances"]]
        sys.exit(f"{task_id} not in {path}")
    with open(path, encoding="utf-8") as handle:
        task = json.load(handle)
    return (task["Definition"][0], task["Positive Examples"],
            [(i["input"], i["output"]) for i in task["Instances"]])


def perturbed(definition, examples, instances, seed, drop_rate, variant):
    """Variant `variant` of the definition and examples under word drop."""
    digest = content_hash(definition, [(e["input"], e["output"]) for e in examples], instances)
    state = salted_state(seed, f"word-drop/{digest}/{variant}")

    def drop(text):
        return " ".join(word for word in text.split() if unit_interval(state) >= drop_rate)

    new_definition = drop(definition)
    new_examples = [{"input": drop(e["input"]), "output": e["output"]} for e in examples[:2]]
    return new_definition, new_examples


# (case name, file under shared/data, task id, instance index, character budget or None,
#  perturbation (seed, drop rate, variant) or None)
CASES = [
    ("task843-classification", "niv2/tasks/task843_financial_phrasebank_classification.json",
     "task843_financial_phrasebank_classification", 0, None, None),
    ("task1452-whitespace-non-ascii", "niv2/tasks/task1452_location_entity_extraction_btc_corpus.json",
     "task1452_location_entity_extraction_btc_corpus", 14, None, None),
    ("task461-question-generation", "niv2/tasks/task461_qasper_question_generation.json",
     "task461_qasper_question_generation", 45, None, None),
    ("seed-task-0-empty-input", "self-instruct/seed_tasks.jsonl", "seed_task_0", 0, None, None),
    ("task843-budget-one-example", "niv2/tasks/task843_financial_phrasebank_classification.json",
     "task843_financial_phrasebank_classification", 0, "one-example", None),
    ("task843-perturbed-seed0-variant3", "niv2/tasks/task843_financial_phrasebank_classification.json",
     "task843_financial_phrasebank_classification", 0, None, (0, 0.2, 3)),
    ("task1452-perturbed-seed7-variant10", "niv2/tasks/task1452_location_entity_extraction_btc_corpus.json",
     "task1452_location_entity_extraction_btc_corpus", 14, None, (7, 0.5, 10)),
]


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else find_shared_data()
    out_dir = os.path.join(HERE, "golden")
    os.makedirs(out_dir, exist_ok=True)
    manifest = []
    for name, relative, task_id, index, budget, perturbation in CASES:
        definition, examples, instances = load_task(shared, relative, task_id)
        inputs = [instance_input for instance_input, _ in instances]
        if perturbation is not None:
            definition, examples = perturbed(definition, examples, instances, *perturbation)
        if budget == "one-example":
            # Room for the first example but not the second: halfway between the two sizes.
            one = len(tk_instruct_source(definition, examples[:1], inputs[index]))
            two = len(tk_instruct_source(definition, examples[:2], inputs[index])) + 1  # the join's space
            budget = (one + two) // 2
            source = tk_instruct_source(definition, examples, inputs[index], len, budget)
            assert source.count("Positive Example") == 1
        else:
            source = tk_instruct_source(definition, examples, inputs[index])
        with open(os.path.join(out_dir, name + ".txt"), "w", encoding="utf-8", newline="") as handle:
            handle.write(source)
        seed, drop_rate, variant = perturbation if perturbation is not None else (None, None, 0)
        manifest.append({"case": name, "file": relative, "task": task_id, "instance": index,
                         "budgetCharacters": budget, "seed": seed, "dropRate": drop_rate, "variant": variant})
    with open(os.path.join(out_dir, "cases.json"), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    main()
