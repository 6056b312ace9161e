import Tasks

/// Counts and cuts prompt text in a `BPETokenizer`'s tokens, so `PromptRenderer` can fit a source budget.
struct TokenizerCounter: TokenCounter {
    let tokenizer: BPETokenizer

    func tokenCount(_ text: String) -> Int {
        tokenizer.encode(text).count
    }

    func truncate(_ text: String, toTokens maxTokens: Int) -> String {
        guard maxTokens > 0 else { return "" }
        let ids = tokenizer.encode(text)
        guard ids.count > maxTokens else { return text }
        // A cut can split a multi-byte character; back off to the longest true start of `text`.
        var start = tokenizer.decode(ids.prefix(maxTokens))
        while !start.isEmpty, !text.hasPrefix(start) { start.removeLast() }
        return start
    }
}
