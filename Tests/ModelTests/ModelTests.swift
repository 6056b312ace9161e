import Testing
@testable import Model

/// Parent of every model suite: serialized, because the suites change the process-wide thread count
/// and each one already keeps both cores busy.
@Suite(.serialized) struct ModelTests {}

/// Small models and batches shared by the model tests.
enum Fixtures {
    /// A tiny GPT-2 (vocab 11, context 12, 2 layers, 2 heads, width 8) for exhaustive checks.
    static let tiny = ModelConfig(vocabSize: 11, contextLength: 12, layers: 2, heads: 2, width: 8)

    /// A tiny Llama-family model with every optional feature: grouped-query attention (4 query heads over 2
    /// key/value heads), q/k/v biases, an untied output layer, llama3 RoPE scaling and head_dim·heads ≠ width.
    static let tinyLlama = ModelConfig.llama(
        modelType: "qwen2", vocabSize: 11, contextLength: 12, layers: 2, width: 8, ffnWidth: 12, heads: 4, kvHeads: 2,
        headDim: 4, rmsNormEpsilon: 1e-5, ropeBase: 10,
        ropeScaling: .llama3(factor: 4, lowFreqFactor: 1, highFreqFactor: 4, originalContextLength: 8),
        tiedEmbeddings: false, attentionBias: true, bosTokenId: 0, eosTokenId: 10)

    /// A tiny Llama-family model as SmolLM2 is shaped: tied embeddings, no biases, 3 query heads per key/value head.
    static let tinyTiedLlama = ModelConfig.llama(vocabSize: 11, contextLength: 12, layers: 2, width: 12, ffnWidth: 16,
                                                 heads: 3, kvHeads: 1, ropeBase: 100, bosTokenId: 0, eosTokenId: 10)

    /// A small GPT-2 (vocab 64, context 64, 2 layers, 4 heads, width 32).
    static let small = ModelConfig(vocabSize: 64, contextLength: 64, layers: 2, heads: 4, width: 32)

    /// Deterministic pseudo-random token ids below `vocab`.
    static func tokens(_ count: Int, vocab: Int, seed: UInt64) -> [Int32] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in Int32(random.next() % UInt64(vocab)) }
    }

    /// A model whose every weight (LayerNorm and biases included) is random with standard deviation
    /// `scale`, so no gradient is trivially zero.
    static func randomModel(_ config: ModelConfig, seed: UInt64, scale: Float = 0.3) throws -> Transformer {
        let model = try Transformer(config: config, seed: seed)
        var random = SeededRandom(seed: seed &+ 1)
        for tensor in model.tensors {
            // Norm weights scatter around 1 (their initial value); biases and matrices around 0.
            let isScale = tensor.shape.count == 1 && !tensor.name.hasSuffix(".bias")
            try model.setTensor(named: tensor.name,
                                values: (0..<tensor.count).map { _ in (isScale ? 1 : 0) + random.normal() * scale })
        }
        return model
    }
}
