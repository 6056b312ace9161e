/// Measures and cuts text in a model's tokens, so prompts can be fitted to a source budget.
/// The Model module's tokenizer conforms; tests use simple counters.
public protocol TokenCounter: Sendable {
    /// The number of tokens `text` encodes to, counted the way the budget is meant
    /// (include any special tokens the model appends to a source, e.g. end-of-sequence).
    func tokenCount(_ text: String) -> Int
    /// The longest start of `text` that encodes to at most `maxTokens` tokens (`""` for 0).
    func truncate(_ text: String, toTokens maxTokens: Int) -> String
}
