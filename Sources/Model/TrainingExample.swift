/// One training sequence: prompt and target tokens concatenated, with the loss on the target only.
public struct TrainingExample: Sendable, Equatable {
    /// Prompt tokens, then target tokens ending with the end-of-text token.
    public var tokens: [Int32]
    /// Index in `tokens` of the first target token; tokens before it are context and add no loss.
    public var lossStart: Int

    /// Makes an example from separately tokenized prompt and target (target ends with EOS).
    public init(prompt: [Int32], target: [Int32]) {
        tokens = prompt + target
        lossStart = prompt.count
    }

    /// Makes an example from a concatenated sequence and the index where the target begins.
    public init(tokens: [Int32], lossStart: Int) {
        self.tokens = tokens
        self.lossStart = lossStart
    }
}

/// What one optimiser step did.
public struct TrainingStep: Sendable, Equatable {
    /// Mean NLL over the batch's target tokens, before the update.
    public var loss: Double
    /// Global L2 norm of the gradient, before clipping.
    public var gradientNorm: Double
    /// Learning rate used.
    public var learningRate: Float
    /// Tokens processed (prompt and target).
    public var tokens: Int
    /// Target tokens that counted in the loss.
    public var targetTokens: Int
}
