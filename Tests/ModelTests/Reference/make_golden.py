"""Golden encodings from an independent reference: HF `tokenizers` ByteLevel BPE on the COMMITTED default
vocab.json + merges.txt. Writes golden.json (texts and ids, decode cases) and tokenizer.json (HF's own save
of the same tokenizer) beside this script. Run from anywhere:

    pip install tokenizers && python3 Tests/ModelTests/Reference/make_golden.py
"""
import json
import os
import random

from tokenizers import ByteLevelBPETokenizer

from corpus import HERE, PACKAGE, every_text

RESOURCES = os.path.join(PACKAGE, "Sources", "Model", "Resources", "tokenizer")

TRICKY = [
    "", " ", "  ", "hello", " hello", "hello ", "hello  ", "hello   world", "a  b   c    d",
    "it's they're we've I'm you'll he'd don't", "IT'S THEY'RE I'M YOU'LL HE'D DON'T", "'s", "'S", "x's's",
    "'''s", "' s", "rock'n'roll", "\t", "\t\tx", "a\tb", "\n", "\n\n", "line1\nline2\n\n\nline3",
    " \n x", "a \n\n b", "end with newline\n", "trailing tab\t", "\r\n", " \t \n", "\u00a0x\u00a0 y",
    "\u3000full width space", "\u2028\u2029", "a\u001cb\u001c\u001cc", "a\u0085b",
    "12345", "3.14159", "1,000,000", "x1y2z3", " 42", "٣٤٥ Arabic-Indic digits", "½ ⅓ Ⅻ",
    "emoji 😀👍🏽👨‍👩‍👧‍👦 🇩🇪", "😀😀😀", "CJK 中文字符 日本語のテキスト 한국어",
    "combining e\u0301 a\u0300\u0301 n\u0303", "\u0301 leading mark",
    "Arabic: مرحبا بالعالم", "Hebrew: שלום", "Devanagari: नमस्ते", "Thai: สวัสดีครับ",
    "<|endoftext|>", "before <|endoftext|> after", "<|endoftext|><|endoftext|>",
    "!!!??? ... --- ***", " !!!", "$$$100", "email@example.com https://example.com/a?b=c&d=e",
    "Definition: In this task, you're given a sentence.\n\n Positive Example 1 -\nInput: x\n Output: y.\n\n",
    "\u0000\u0001\u007f", "ᾨ title case ǅ", "mixed123abc 456def", "ÿþ Latin-1 ÀÉÎÕÜ",
]


def decode_reference(vocab, ids):
    """GPT-2's decode: token text → bytes through the byte alphabet, then UTF-8 with errors="replace"."""
    byte_of = {}
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    for b, c in zip(bs, cs):
        byte_of[chr(c)] = b
    text_of = {i: t for t, i in vocab.items()}
    out = bytearray()
    for i in ids:
        token = text_of[i]
        if all(ch in byte_of for ch in token):
            out += bytes(byte_of[ch] for ch in token)
        else:
            out += token.encode("utf-8")
    return out.decode("utf-8", errors="replace")


def main():
    vocab_path = os.path.join(RESOURCES, "vocab.json")
    merges_path = os.path.join(RESOURCES, "merges.txt")
    tokenizer = ByteLevelBPETokenizer(vocab_path, merges_path, add_prefix_space=False)
    with open(vocab_path, encoding="utf-8") as f:
        vocab = json.load(f)

    texts = list(every_text())
    rng = random.Random(20231101)
    sample = rng.sample(texts, 150)
    cases = [{"text": t, "ids": tokenizer.encode(t).ids} for t in TRICKY + sample]

    # Arbitrary id sequences (including ones that cut multi-byte characters) must decode like GPT-2.
    decodes = []
    for _ in range(200):
        ids = [rng.randrange(len(vocab)) for _ in range(rng.randrange(1, 12))]
        decodes.append({"ids": ids, "text": decode_reference(vocab, ids)})
    for text in ["é", "😀", "中文", "ÿ"]:
        ids = tokenizer.encode(text).ids
        for cut in range(1, len(ids)):
            for part in (ids[:cut], ids[cut:], ids[cut:] + ids[:cut]):
                decodes.append({"ids": part, "text": decode_reference(vocab, part)})

    with open(os.path.join(HERE, "golden.json"), "w", encoding="utf-8") as f:
        json.dump({"encodings": cases, "decodings": decodes}, f, ensure_ascii=False, indent=0)
        f.write("\n")
    # The same tokenizer in HF's own format, compact; <|endoftext|> registered as a special (added) token as
    # in GPT-2's tokenizer.json, so the Swift loader's added_tokens path is exercised too.
    tokenizer.add_special_tokens(["<|endoftext|>"])
    with open(os.path.join(HERE, "tokenizer.json"), "w", encoding="utf-8") as f:
        f.write(tokenizer._tokenizer.to_str(pretty=False))
    print(f"{len(cases)} encodings, {len(decodes)} decodings, tokenizers {__import__('tokenizers').__version__}")


if __name__ == "__main__":
    main()
