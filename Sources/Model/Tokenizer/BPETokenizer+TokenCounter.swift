import Tasks

/// Prompt budgets in this tokenizer's tokens, so `PromptRenderer` fits prompts to the model's context.
extension BPETokenizer: TokenCounter {
    /// The number of tokens of `text` (no end-of-sequence token: the scorer reserves its place separately).
    public func tokenCount(_ text: String) -> Int {
        encode(text).count
    }

    /// The longest start of `text` made of whole tokens, at most `maxTokens` of them, that ends on a
    /// character boundary of `text`; the result is always a prefix of `text`.
    ///
    /// Byte-level tokens concatenate to the text's UTF-8 bytes, so the first m tokens cover a byte prefix;
    /// a token may end inside a multi-byte scalar or a grapheme cluster, so m shrinks until the cut is a
    /// character boundary. Re-encoding the result can merge differently; `PromptRenderer` re-measures.
    public func truncate(_ text: String, toTokens maxTokens: Int) -> String {
        guard maxTokens > 0 else { return "" }
        let ids = encode(text)
        guard ids.count > maxTokens else { return text }
        var byteCount = ids.prefix(maxTokens).reduce(0) { $0 + byteLength(of: $1) }
        var m = maxTokens
        while m > 0 {
            let index = text.utf8.index(text.utf8.startIndex, offsetBy: byteCount)
            if let boundary = index.samePosition(in: text) { return String(text[..<boundary]) }
            m -= 1
            byteCount -= byteLength(of: ids[m])
        }
        return ""
    }

    /// How many bytes of text token `id` stands for.
    private func byteLength(of id: Int32) -> Int {
        let text = tokens[Int(id)]
        return ByteLevelAlphabet.bytes(of: text)?.count ?? text.utf8.count
    }
}
