import GGUF

extension BPETokenizer {
    /// Builds the tokenizer a GGUF file carries (`tokenizer.ggml.*`): GPT-2 style byte-level BPE, as in the
    /// files of SmolLM2, Llama 3 and Qwen2, with the file's own end-of-sequence token.
    ///
    /// Control tokens (`<|im_start|>`, ...) are vocabulary entries like any other; `encode` never produces them
    /// from text, which is what a prompt built from task files needs. Bytes the vocabulary has no token for are
    /// dropped, as HF does for these files.
    public convenience init(gguf file: GGUFFile) throws {
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else {
            throw TokenizerError(.unsupportedFormat, "GGUF file '\(file.path)' has a '\(model)' tokenizer; only "
                + "byte-level BPE ('gpt2': SmolLM2, Llama 3, Qwen2) is supported. HINT: use a model with such a tokenizer")
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
        try self.init(tokens: tokens, merges: pairs, endOfSequence: Int32(try file.integer("tokenizer.ggml.eos_token_id")),
                      droppingMissingBytes: true)
    }
}
