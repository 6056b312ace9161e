/// A limit on the prompt's length in tokens (the paper's source budget is 1024).
public struct PromptBudget: Sendable {
    /// The most tokens a rendered prompt may have.
    public var maxTokens: Int
    /// How tokens are counted and text is cut.
    public var counter: any TokenCounter

    /// A budget of `maxTokens` tokens as `counter` counts them.
    public init(maxTokens: Int, counter: any TokenCounter) {
        self.maxTokens = maxTokens
        self.counter = counter
    }

    func fits(_ text: String) -> Bool {
        counter.tokenCount(text) <= maxTokens
    }
}
