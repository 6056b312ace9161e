"""Trains HF `tokenizers`' ByteLevelBPETokenizer on the same texts as the committed default tokenizer and
compares the learned merges with Sources/Model/Resources/tokenizer/merges.txt:

    pip install tokenizers && python3 Tests/ModelTests/Reference/compare_training.py
"""
import os

from tokenizers import ByteLevelBPETokenizer

from corpus import PACKAGE, training_texts


def main():
    hf = ByteLevelBPETokenizer(add_prefix_space=False)
    # min_frequency=0: like activetune, stop only when the vocabulary is full or no pair is left.
    hf.train_from_iterator(training_texts(), vocab_size=8192, min_frequency=0,
                           special_tokens=["<|endoftext|>"], show_progress=False)
    ours_path = os.path.join(PACKAGE, "Sources", "Model", "Resources", "tokenizer", "merges.txt")
    with open(ours_path, encoding="utf-8") as f:
        ours = [tuple(line.split(" ")) for line in f.read().splitlines() if line and not line.startswith("#version")]
    theirs = [tuple(pair) for pair in __import__("json").loads(hf._tokenizer.to_str())["model"]["merges"]]
    same_prefix = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
    print(f"activetune {len(ours)} merges, HF {len(theirs)} merges")
    print(f"identical in rank order for the first {same_prefix}; same set: {set(ours) == set(theirs)}; "
          f"in both: {len(set(ours) & set(theirs))}")
    for i in range(same_prefix, min(same_prefix + 5, len(ours), len(theirs))):
        print(f"  rank {i}: activetune {ours[i]}  HF {theirs[i]}")


if __name__ == "__main__":
    main()
