import Foundation

extension BPETokenizer {
    /// The `tokenizer.json` HF `tokenizers` (and transformers' `PreTrainedTokenizerFast`) load into a tokenizer
    /// that gives the same ids as this one: normalizer, pre-tokenizer, added tokens, `ignore_merges`, and a BPE model
    /// without an unknown token (so bytes without a token are dropped, as here). The end-of-sequence id is not part
    /// of the format; keep it in the model's `config.json`.
    public func huggingFaceTokenizerJSON() throws -> Data {
        let byteLevel: (Bool) -> [String: Any] = { regex in
            ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": regex]
        }
        let preTokenizer: [String: Any]
        switch preTokenization {
        case .gpt2:
            preTokenizer = byteLevel(true)
        case .smollm:
            preTokenizer = ["type": "Sequence", "pretokenizers": [["type": "Digits", "individual_digits": true],
                                                                  byteLevel(true)]]
        case .llama3, .qwen2:
            let split: [String: Any] = ["type": "Split", "pattern": ["Regex": preTokenization.splitPattern ?? ""],
                                        "behavior": "Isolated", "invert": false]
            preTokenizer = ["type": "Sequence", "pretokenizers": [split, byteLevel(false)]]
        }
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() { vocab[text] = id }
        let model: [String: Any] = [
            "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": NSNull(),
            "end_of_word_suffix": NSNull(), "fuse_unk": false, "byte_fallback": false, "ignore_merges": ignoresMerges,
            "vocab": vocab, "merges": merges.map { [tokens[Int($0.left)], tokens[Int($0.right)]] },
        ]
        let added: [[String: Any]] = addedTokens.map { token in
            ["id": Int(token.id), "content": token.text, "single_word": false, "lstrip": false, "rstrip": false,
             "normalized": token.normalized, "special": token.special]
        }
        let byteLevelProcessor: [String: Any] = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false,
                                                 "use_regex": true]
        var postProcessor = byteLevelProcessor
        if let bosID {
            // BOS before every sequence, as Llama 3's file writes it; `init(huggingFaceFile:)` reads it back as `bosID`.
            let bos = tokens[Int(bosID)]
            let sequence = { (name: String) -> [String: Any] in ["Sequence": ["id": name, "type_id": 0]] }
            let special: [String: Any] = ["SpecialToken": ["id": bos, "type_id": 0]]
            let template: [String: Any] = [
                "type": "TemplateProcessing", "single": [special, sequence("A")],
                "pair": [special, sequence("A"), special, sequence("B")],
                "special_tokens": [bos: ["id": bos, "ids": [Int(bosID)], "tokens": [bos]]],
            ]
            postProcessor = ["type": "Sequence", "processors": [byteLevelProcessor, template]]
        }
        let root: [String: Any] = [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "added_tokens": added,
            "normalizer": normalization == .nfc ? ["type": "NFC"] as [String: Any] : NSNull(),
            "pre_tokenizer": preTokenizer,
            "post_processor": postProcessor,
            "decoder": ["type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true],
            "model": model,
        ]
        do {
            return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        } catch {
            throw TokenizerError(.unwritableFile, "could not encode the tokenizer as tokenizer.json: \(error)",
                                 hint: "this is a bug; report it with the tokenizer's source")
        }
    }

    /// Writes `huggingFaceTokenizerJSON()` to `url` (atomically).
    public func write(huggingFaceTokenizerFile url: URL) throws {
        let data = try huggingFaceTokenizerJSON()
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw TokenizerError(.unwritableFile, "could not write \(url.path): \(error)",
                                 hint: "check that the directory exists and is writable")
        }
    }
}
