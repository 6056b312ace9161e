import GGUF

extension BPETokenizer {
    /// The GGUF token types (`tokenizer.ggml.token_type`) that are added tokens, as llama.cpp defines them.
    private enum GGUFTokenType {
        static let control = 3, userDefined = 4
    }

    /// The pre-tokenization of each `tokenizer.ggml.pre` value activetune implements.
    static let ggufPreTokenizations: [String: PreTokenization] = [
        "gpt2": .gpt2, "smollm": .smollm, "llama-bpe": .llama3, "llama3": .llama3, "qwen2": .qwen2,
    ]

    /// Builds the tokenizer a GGUF file carries (`tokenizer.ggml.*`): byte-level BPE, as in the files of SmolLM2,
    /// Llama 3 and Qwen2, with the file's own end-of-sequence token.
    ///
    /// The pre-tokenization follows `tokenizer.ggml.pre` (`smollm`, `llama-bpe`/`llama3`, `qwen2`, `gpt2` or
    /// absent); other values are refused. Control tokens (type 3, `<|im_start|>`, ...) become special added tokens
    /// and user-defined ones (type 4) plain added tokens, as transformers' GGUF conversion makes them; those spelled
    /// outside the byte alphabet are skipped there, and here. `encode` matches them only when asked
    /// (`SpecialTokens.match`). No normalizer is applied: a GGUF file records none (llama.cpp and transformers
    /// do not NFC-normalize a `qwen2` file's text either). Bytes the vocabulary has no token for are dropped,
    /// as HF does for these files.
    ///
    /// SmolLM2 (`smollm`): the model's own `tokenizer.json` (and llama.cpp's `smollm` pre-tokenizer) isolates every
    /// number scalar (`Digits(individual_digits=true)`) before GPT-2's regex; transformers' GGUF conversion runs
    /// GPT-2's regex alone. The vocabulary has no token with two numbers, nor a space then a number, so digit runs
    /// agree, but spaces before a number do not (`"a  1"`: `a`,`Ġ`,`Ġ`,`1` by GPT-2's regex, `a`,`ĠĠ`,`1` split
    /// first), nor a space before a non-ASCII number (`" ½"` meets the partial-byte token `ĠÂ`). On the tests'
    /// 1,666 texts the two differ on 27; this tokenizer matches the Digits split on all of them.
    public convenience init(gguf file: GGUFFile) throws {
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else {
            throw TokenizerError(.unsupportedFormat, "GGUF file '\(file.path)' has a '\(model)' tokenizer; only "
                + "byte-level BPE ('gpt2': SmolLM2, Llama 3, Qwen2) is supported. HINT: use a model with such a tokenizer")
        }
        let preTokenization: PreTokenization
        if file.metadata["tokenizer.ggml.pre"] == nil {
            preTokenization = .gpt2
        } else {
            let pre = try file.string("tokenizer.ggml.pre")
            guard let known = Self.ggufPreTokenizations[pre] else {
                throw TokenizerError(.unsupportedFormat, "GGUF file '\(file.path)' asks for the pre-tokenizer "
                    + "'\(pre)' (tokenizer.ggml.pre), which activetune does not implement",
                    hint: "use a model whose tokenizer.ggml.pre is one of "
                        + Self.ggufPreTokenizations.keys.sorted().joined(separator: ", "))
            }
            preTokenization = known
        }
        let tokens = try file.stringArray("tokenizer.ggml.tokens")
        var idForText: [String: Int32] = [:]
        idForText.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() { idForText[text] = Int32(id) }
        let merges = try file.stringArray("tokenizer.ggml.merges")
        let pairs = try merges.enumerated().map { rank, merge -> (Int32, Int32) in
            // "left right": byte-level token texts never hold a plain space (it is shown as "Ġ").
            let parts = merge.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let left = idForText[String(parts[0])], let right = idForText[String(parts[1])] else {
                throw TokenizerError(.malformedMerges, "merge \(rank + 1) \"\(merge)\" of GGUF file '\(file.path)' is "
                    + "not two tokens of its vocabulary. HINT: the file's tokenizer metadata is damaged; re-convert it")
            }
            return (left, right)
        }
        var addedTokens: [AddedToken] = []
        if file.metadata["tokenizer.ggml.token_type"] != nil {
            let types = try file.integerArray("tokenizer.ggml.token_type")
            for (id, (text, type)) in zip(tokens, types).enumerated()
            where (type == GGUFTokenType.control || type == GGUFTokenType.userDefined)
                && ByteLevelAlphabet.bytes(of: text) != nil {
                addedTokens.append(AddedToken(id: Int32(id), text: text, special: type == GGUFTokenType.control))
            }
        }
        // BOS before every prompt as llama.cpp decides: `tokenizer.ggml.add_bos_token` when the file says, else its
        // default for the pre-tokenizer (on for Llama 3's, off for the others activetune reads).
        let addsBOS = file.metadata["tokenizer.ggml.add_bos_token"] != nil
            ? try file.bool("tokenizer.ggml.add_bos_token") : preTokenization == .llama3
        let bos = addsBOS ? Int32(try file.integer("tokenizer.ggml.bos_token_id")) : nil
        try self.init(tokens: tokens, merges: pairs, endOfSequence: Int32(try file.integer("tokenizer.ggml.eos_token_id")),
                      droppingMissingBytes: true, preTokenization: preTokenization, addedTokens: addedTokens,
                      // llama.cpp merges Llama 3 text with ignore_merges, as Llama 3's tokenizer.json asks (transformers'
                      // GGUF conversion leaves it off).
                      ignoreMerges: preTokenization == .llama3, beginningOfSequence: bos)
    }
}

extension BPETokenizer {
    /// The `tokenizer.ggml.*` metadata that makes a GGUF file carry this tokenizer, which `init(gguf:)`, llama.cpp
    /// and transformers read back: byte-level BPE ("gpt2"), the pre-tokenizer's llama.cpp name, every token with
    /// its type (1 normal, 3 control for special added tokens, 4 user-defined), the merges, BOS and EOS, and whether
    /// BOS starts every prompt (written either way: llama.cpp's default depends on the pre-tokenizer).
    /// `bosID` is the model's BOS when the tokenizer adds none (a GGUF file always names one).
    public func ggufMetadata(bosID modelBOS: Int32) -> [(key: String, value: GGUFValue)] {
        let pre = Self.ggufPreTokenizations.first { $0.value == preTokenization && $0.key != "llama3" }?.key ?? "gpt2"
        var types = [Int32](repeating: 1, count: tokens.count)
        for added in addedTokens where tokens.indices.contains(Int(added.id)) {
            types[Int(added.id)] = Int32(added.special ? GGUFTokenType.control : GGUFTokenType.userDefined)
        }
        let merges = self.merges.map { "\(tokens[Int($0.left)]) \(tokens[Int($0.right)])" }
        return [
            ("tokenizer.ggml.model", .string("gpt2")),
            ("tokenizer.ggml.pre", .string(pre)),
            ("tokenizer.ggml.tokens", .array(.string(tokens))),
            ("tokenizer.ggml.token_type", .array(.int32(types))),
            ("tokenizer.ggml.merges", .array(.string(merges))),
            ("tokenizer.ggml.bos_token_id", .uint32(UInt32(bitPattern: bosID ?? modelBOS))),
            ("tokenizer.ggml.add_bos_token", .bool(bosID != nil)),
            ("tokenizer.ggml.eos_token_id", .uint32(UInt32(bitPattern: eosID))),
        ]
    }
}
