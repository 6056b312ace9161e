#!/usr/bin/env python3
"""Reference tokenizers and ids from HF `tokenizers` / transformers for TokenizerLlamaFamilyTests.

usage:
  bpe_reference.py build OUT_DIR GGUF_FILE SHARED_DATA
      writes OUT_DIR/{smollm2-gguf,smollm2-digits,llama3,qwen2}.json:
        smollm2-gguf   transformers' own conversion of the GGUF (AutoTokenizer(gguf_file=...).save_pretrained)
        smollm2-digits the same vocab/merges with SmolLM2's hub pre-tokenizer, Digits(individual_digits) + ByteLevel
        llama3         the same vocab/merges with Llama 3's Split pattern + ByteLevel(use_regex=False), ignore_merges
        qwen2          a 1,500-token BPE trained here on NIV2 text with NFC + Qwen2's Split pattern, special tokens
                       and one normalized non-special added token
  bpe_reference.py encode TOKENIZER_JSON TEXTS_JSON
      prints {"match": ids with added tokens matched (HF default), "plain": ids with no added tokens,
              "vocab": size}
  bpe_reference.py gguf OUT_FILE PRE
      writes a tokenizer-only GGUF (256 byte tokens, <|endoftext|>, "ab") whose tokenizer.ggml.pre is PRE
"""
import json
import os
import sys

from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers, trainers, decoders

LLAMA3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
          r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
QWEN2 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
         r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def split_then_byte_level(pattern):
    return pre_tokenizers.Sequence([pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
                                    pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])


def niv2_texts(shared):
    tasks = os.path.join(shared, "niv2", "tasks")
    texts = []
    for name in sorted(os.listdir(tasks))[:40]:
        task = json.load(open(os.path.join(tasks, name), encoding="utf-8"))
        texts += task.get("Definition", [])
        for instance in task.get("Instances", [])[:200]:
            texts.append(instance["input"])
            texts += instance["output"]
    return texts


def build(out, gguf_path, shared):
    from transformers import AutoTokenizer
    os.makedirs(out, exist_ok=True)
    hf = AutoTokenizer.from_pretrained(os.path.dirname(gguf_path), gguf_file=os.path.basename(gguf_path))
    converted = os.path.join(out, "smollm2-converted")
    hf.save_pretrained(converted)
    base = Tokenizer.from_file(os.path.join(converted, "tokenizer.json"))
    base.save(os.path.join(out, "smollm2-gguf.json"))

    digits = Tokenizer.from_str(base.to_str())
    digits.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Digits(individual_digits=True),
                                                    pre_tokenizers.ByteLevel(add_prefix_space=False)])
    digits.save(os.path.join(out, "smollm2-digits.json"))

    llama = json.loads(base.to_str())
    llama["model"]["ignore_merges"] = True
    llama3 = Tokenizer.from_str(json.dumps(llama))
    llama3.pre_tokenizer = split_then_byte_level(LLAMA3)
    llama3.save(os.path.join(out, "llama3.json"))

    qwen = Tokenizer(models.BPE(unk_token=None, byte_fallback=False))
    qwen.normalizer = normalizers.NFC()
    qwen.pre_tokenizer = split_then_byte_level(QWEN2)
    qwen.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=1500, show_progress=False,
                                  special_tokens=["<|endoftext|>", "<|im_start|>", "<|im_end|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    qwen.train_from_iterator(niv2_texts(shared), trainer=trainer)
    qwen.add_tokens(["<think>"])  # non-special, normalized=True: matched after NFC
    qwen.save(os.path.join(out, "qwen2.json"))


def encode(path, texts_path):
    tokenizer = Tokenizer.from_file(path)
    texts = json.load(open(texts_path, encoding="utf-8"))
    match = [tokenizer.encode(text, add_special_tokens=False).ids for text in texts]
    spec = json.loads(tokenizer.to_str())
    spec["added_tokens"] = []
    plain_tokenizer = Tokenizer.from_str(json.dumps(spec))
    plain = [plain_tokenizer.encode(text, add_special_tokens=False).ids for text in texts]
    print(json.dumps({"match": match, "plain": plain, "vocab": tokenizer.get_vocab_size()}))


def gguf_file(out, pre):
    import gguf
    from transformers.convert_slow_tokenizer import bytes_to_unicode
    writer = gguf.GGUFWriter(out, "llama")
    alphabet = bytes_to_unicode()
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre(pre)
    writer.add_token_list([alphabet[b] for b in range(256)] + ["<|endoftext|>", "ab"])
    writer.add_token_types([1] * 256 + [3, 1])
    writer.add_token_merges(["a b"])
    writer.add_eos_token_id(256)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "build":
        build(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "encode":
        encode(sys.argv[2], sys.argv[3])
    elif command == "gguf":
        gguf_file(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command}")
