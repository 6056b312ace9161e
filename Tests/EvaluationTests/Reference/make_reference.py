#!/usr/bin/env python3
"""Golden values for the Evaluation tests, computed by the real reference implementations.

ROUGE-L: google-research `rouge_score` (RougeScorer(['rougeL'], use_stemmer=True)), as NIV2's
eval/automatic/evaluation.py calls it. Exact match: NIV2's normalize_answer (lower, drop string.punctuation,
collapse whitespace; articles are kept). Stemmer: NLTK's PorterStemmer() in its default mode.

Regenerate (deterministic):  pip install rouge-score nltk
    python3 Tests/EvaluationTests/Reference/make_reference.py
"""
import glob
import json
import os
import random
import re
import string

import nltk
import rouge_score
from importlib.metadata import version
from nltk.stem import porter
from rouge_score import rouge_scorer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))


def find_niv2():
    """The shared data sits beside the package root (../shared/data), or beside the worktree folder."""
    directory = ROOT
    while directory != os.path.dirname(directory):
        directory = os.path.dirname(directory)
        candidate = os.path.join(directory, "shared", "data", "niv2", "tasks")
        if os.path.isdir(candidate):
            return candidate
    raise SystemExit("no shared/data/niv2/tasks above " + ROOT)


NIV2 = find_niv2()

SCORER = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)
STEMMER = porter.PorterStemmer()


def normalize_answer(s):
    """NIV2's normalize_answer (adapted from SQuAD v1.1 without removing articles)."""
    def white_space_fix(text):
        return " ".join(text.split())

    def remove_punc(text):
        exclude = set(string.punctuation)
        return "".join(ch for ch in text if ch not in exclude)

    return white_space_fix(remove_punc(s.lower()))


HAND_MADE = [
    ("", ["abc"]), ("abc", [""]), ("", [""]), ("   ", ["a b"]), ("!!!", ["?"]),
    ("The cats are running.", ["A cat runs"]),
    ("the cat", ["cat"]), ("Yes", ["yes."]), ("yes", ["no", "Yes!", "maybe"]),
    ("The answer is: A", ["A", "B"]), ("positive", ["Positive", "negative"]),
    ("state-of-the-art models", ["state of the art model"]),
    ("3.14 is pi", ["3 14 is pi"]), ("100% sure", ["100 percent sure"]), ("1,000,000", ["1000000"]),
    ("He was 25 years old in 1990.", ["In 1990 he was 25."]),
    ("İstanbul is big", ["istanbul is big"]), ("\u212aelvin", ["kelvin"]), ("café au lait", ["cafe au lait"]),
    ("naïve approach", ["naive approaches"]), ("北京是中国的首都", ["北京"]), ("emoji 😀 test", ["emoji test"]),
    ("ΟΔΟΣ", ["οδος"]), ("ΟΔΟΣ", ["οδοσ"]), ("é", ["e\u0301"]), ("straße", ["STRASSE"]),
    ("tab\tseparated\nlines", ["tab separated lines"]), ("non\u00a0breaking", ["non breaking"]),
    ("info\x1cseparator", ["info separator"]), ("zero\u200bwidth", ["zero width"]),
    ("the the the the", ["the"]), ("a b c d e f g", ["g f e d c b a"]), ("a b a b a b", ["b a b a"]),
    ("generalization generalize general", ["generally generalizing"]),
    ("relational conditional rational", ["relate condition rational"]),
    ("The skies were dying while lying", ["sky die lie"]), ("news innings outings", ["news inning outing"]),
    ("caresses ponies ties caress cats", ["caress poni ti caress cat"]),
    ("hopping tanned falling hissing fizzed failing filing", ["hop tan fall hiss fizz fail file"]),
    ("Happy happiness happily", ["happy"]), ("Running runner runs ran", ["run"]),
    ("don't won't can't", ["do not will not cannot"]), ("U.S.A. vs USA", ["usa"]),
    ("e-mail E-Mail email", ["email"]), ("C++ and C#", ["c and c"]),
    ("<b>bold</b> &amp; text", ["bold amp text"]), ("x" * 5, ["xxxxx"]),
    ("Mr. Smith's dog's toys", ["mr smith s dog s toy"]),
    ("agreed feed plastered bled motoring sing", ["agree feed plaster bled motor sing"]),
]

SPECIAL_WORDS = """caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated troubled
sized hopping tanned falling hissing fizzed failing filing happy sky relational conditional rational valenci
hesitanci digitizer conformabli radicalli differentli vileli analogousli vietnamization predication operator
feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate formative formalize
electriciti electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible
irritant replacement adjustment dependent adoption homologou communism activate angulariti homologous effective
bowdlerize probate rate cease controll roll generalli fulli analogi apology geology yyyy syzygy toy skies dying
lying tying news innings inning outings outing cannings canning howe proceed exceed succeed dies died tied spied
flies fly spy try enjoy enjoyment by say says yes ies ied eed bed red seed speed needed needing a an is as be
ab abs abed abies ability agreement 1990s 3rd 25th 100 abc123 xyz hmm aaaa eeee yyyyy ayyy uyye yeye
Running CATS İstanbul ΣΟΦΙΑ ΟΔΟΣ naïve café straße kelvin \u212aelvin fully hopefully""".split()


def stem_words():
    words = set(SPECIAL_WORDS)
    found = set()
    for path in sorted(glob.glob(os.path.join(NIV2, "*.json"))):
        with open(path, encoding="utf-8") as f:
            task = json.load(f)
        for inst in task["Instances"]:
            for text in [inst["input"]] + inst["output"]:
                found.update(w for w in re.findall("[a-z0-9]+", text.lower()) if len(w) > 3)
    ordered = sorted(found)
    words.update(ordered[::8])  # a deterministic spread over the alphabet
    return {w: STEMMER.stem(w) for w in sorted(words)}


def perturb(text, rng):
    words = text.split()
    kept = [w for w in words if rng.random() > 0.3] or words[:1]
    if rng.random() < 0.5:
        kept = [w.upper() if rng.random() < 0.3 else w for w in kept]
    if rng.random() < 0.5:
        kept = [w + "," if rng.random() < 0.2 else w for w in kept]
    return " ".join(kept)


def niv2_pairs():
    rng = random.Random(20231102)
    pairs = []
    paths = sorted(glob.glob(os.path.join(NIV2, "*.json")))
    for path in paths[::4]:
        with open(path, encoding="utf-8") as f:
            instances = json.load(f)["Instances"]
        picks = rng.sample(range(len(instances)), 6)
        for a, b in zip(picks[0::2], picks[1::2]):
            refs_a, refs_b = instances[a]["output"], instances[b]["output"]
            pairs.append((refs_b[0], refs_a))  # another instance's answer
            pairs.append((perturb(refs_a[0], rng), refs_a))  # a damaged copy of the answer
            pairs.append((" ".join(instances[a]["input"].split()[:40]), refs_a[:3]))  # the input echoed
    return pairs


def entry(prediction, references):
    scores = [SCORER.score(target=r, prediction=prediction)["rougeL"] for r in references]
    return {
        "prediction": prediction,
        "references": references,
        "prediction_tokens": SCORER._tokenizer.tokenize(prediction),
        "scores": [[s.precision, s.recall, s.fmeasure] for s in scores],
        "rougeL": max(s.fmeasure for s in scores),
        "normalized_prediction": normalize_answer(prediction),
        "exact_match": max(normalize_answer(prediction) == normalize_answer(r) for r in references),
    }


def main():
    versions = {"rouge-score": version("rouge-score"), "nltk": nltk.__version__}
    pairs = HAND_MADE + niv2_pairs()
    with open(os.path.join(HERE, "rouge_reference.json"), "w", encoding="utf-8") as f:
        json.dump({"versions": versions, "pairs": [entry(p, r) for p, r in pairs]}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    with open(os.path.join(HERE, "stemmer_reference.json"), "w", encoding="utf-8") as f:
        json.dump({"versions": versions, "stems": stem_words()}, f, ensure_ascii=False, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
