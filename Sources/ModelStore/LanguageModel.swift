import Model

/// A usable model: transformer weights (GPT-2 or Llama family) with the tokenizer that turns text into their ids.
public struct LanguageModel: Sendable {
    /// The weights and their configuration.
    public let transformer: Transformer
    /// The tokenizer; every id it produces is inside `transformer`'s vocabulary.
    public let tokenizer: BPETokenizer

    /// Pairs weights with a tokenizer; throws unless the tokenizer's ids fit the vocabulary and both
    /// agree on the end-of-sequence token (scoring appends it, decoding stops at it).
    public init(transformer: Transformer, tokenizer: BPETokenizer) throws {
        let config = transformer.config
        // A padded embedding (vocab_size above the tokenizer's count, as some GPT-2 ports have) is allowed.
        guard tokenizer.vocabularySize <= config.vocabSize else {
            throw ModelStoreError(.mismatch, "the tokenizer has \(tokenizer.vocabularySize) tokens but the model's "
                + "vocab_size is \(config.vocabSize). HINT: use the tokenizer saved with these weights")
        }
        guard tokenizer.eosID == config.eosTokenId else {
            throw ModelStoreError(.mismatch, "the tokenizer's end-of-sequence token \(tokenizer.tokenText(tokenizer.eosID) ?? "?") "
                + "is id \(tokenizer.eosID) but the config's eos_token_id is \(config.eosTokenId). HINT: set eos_token_id "
                + "in config.json to \(tokenizer.eosID)")
        }
        self.transformer = transformer
        self.tokenizer = tokenizer
    }

    /// The embedded default: `ModelConfig.default` with the embedded tokenizer's end-of-text id as
    /// BOS/EOS, freshly initialised from `seed` (the same seed gives the same weights).
    public static func createDefault(seed: UInt64) throws -> LanguageModel {
        try create(config: .default, seed: seed)
    }

    /// A fresh model of shape `config` with the embedded tokenizer; its BOS/EOS become the tokenizer's
    /// end-of-text id, and `vocab_size` must equal the tokenizer's 8192 tokens.
    public static func create(config: ModelConfig, seed: UInt64) throws -> LanguageModel {
        let tokenizer = try BPETokenizer.embeddedDefault()
        guard config.vocabSize == tokenizer.vocabularySize else {
            throw ModelStoreError(.mismatch, "vocab_size is \(config.vocabSize) but the embedded tokenizer has "
                + "\(tokenizer.vocabularySize) tokens. HINT: set vocab_size to \(tokenizer.vocabularySize)")
        }
        var shaped = config
        shaped.bosTokenId = tokenizer.eosID
        shaped.eosTokenId = tokenizer.eosID
        return try LanguageModel(transformer: Transformer(config: shaped, seed: seed), tokenizer: tokenizer)
    }

    /// The longest prompt, in tokens, that leaves room for `maxNewTokens` generated tokens plus the
    /// end-of-sequence token, so prompt + target always fits the context (at least 1).
    public func promptTokenLimit(maxNewTokens: Int) -> Int {
        max(1, transformer.config.contextLength - maxNewTokens - 1)
    }
}
