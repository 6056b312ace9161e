/// One sequence to score after a shared prefix: the instance-specific rest of the prompt, then the
/// target ending with the end-of-text token. Only tokens from `lossStart` on are scored.
public struct ScoringContinuation: Sendable, Equatable {
    /// Prompt suffix tokens, then target tokens (ending with EOS).
    public var tokens: [Int32]
    /// Index in `tokens` of the first scored (target) token.
    public var lossStart: Int

    /// Makes a continuation from a prompt suffix and a target (which should end with EOS).
    public init(promptSuffix: [Int32], target: [Int32]) {
        tokens = promptSuffix + target
        lossStart = promptSuffix.count
    }

    /// Makes a continuation from concatenated tokens and the index where the target begins.
    public init(tokens: [Int32], lossStart: Int) {
        self.tokens = tokens
        self.lossStart = lossStart
    }
}

/// A prompt prefix shared by several continuations; its keys and values are computed once.
public struct ScoringGroup: Sendable, Equatable {
    /// Tokens common to every continuation (e.g. one prompt variant up to the instance input).
    public var prefix: [Int32]
    /// The sequences scored after `prefix`.
    public var continuations: [ScoringContinuation]

    /// Makes a group.
    public init(prefix: [Int32], continuations: [ScoringContinuation]) {
        self.prefix = prefix
        self.continuations = continuations
    }
}
