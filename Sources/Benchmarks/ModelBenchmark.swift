import Model
import Dispatch

/// Throughput of the engine on one model shape: training, scoring and greedy decoding, in tokens/s.
public struct ModelBenchmark: Sendable {
    /// A named shape to measure.
    public struct Spec: Sendable, Equatable {
        /// Short name: S, M, G or L.
        public var name: String
        /// Model shape.
        public var config: ModelConfig
        /// Sequences per training or scoring batch.
        public var batchSize: Int
        /// Tokens per sequence.
        public var sequenceLength: Int
    }

    /// Measured throughput of one spec.
    public struct Result: Sendable, Codable, Equatable {
        /// Spec name.
        public var name: String
        /// The precision of the matrix products.
        public var precision: String
        /// The instruction set they ran on (`Precision.isa`).
        public var isa: String
        /// Forward + backward + AdamW step, tokens per second.
        public var trainTokensPerSecond: Double
        /// Forward with every position's logits and loss, tokens per second.
        public var scoreTokensPerSecond: Double
        /// Batch-1 greedy decoding with the KV cache, generated tokens per second.
        public var decodeTokensPerSecond: Double

        private enum CodingKeys: String, CodingKey {
            case name, precision, isa, trainTokensPerSecond = "train_tokens_per_s", scoreTokensPerSecond = "score_tokens_per_s"
            case decodeTokensPerSecond = "decode_tokens_per_s"
        }
    }

    /// S: vocab 512, context 128, batch 8, 4 layers, 4 heads, width 256.
    public static let small = Spec(name: "S", config: .small, batchSize: 8, sequenceLength: 128)
    /// M: vocab 8192, context 256, batch 4, 6 layers, 6 heads, width 384.
    public static let medium = Spec(name: "M", config: .medium, batchSize: 4, sequenceLength: 256)
    /// G: GPT-2 124M (context 1024) measured at T=64, batch 4.
    public static let gpt2 = Spec(name: "G", config: .gpt2, batchSize: 4, sequenceLength: 64)
    /// L: SmolLM2-135M's shape (Llama family: 30 layers, width 576, GQA 9/3 heads, vocab 49152), batch 8 × 256.
    public static let smolLM2 = Spec(name: "L", config: .smolLM2, batchSize: 8, sequenceLength: 256)
    /// Every spec, in size order.
    public static let all = [small, medium, gpt2, smolLM2]

    /// Tokens a decode run starts from.
    static let promptLength = 8

    /// Measures `spec` at `precision`, repeating each part until about `seconds` have passed (after one warm-up run).
    public static func run(_ spec: Spec, precision: Precision = .fp32, seconds: Double = 2) throws -> Result {
        try precision.check()
        let model = try Transformer(config: spec.config, seed: 1234)
        model.precision = precision
        let V = spec.config.vocabSize, T = spec.sequenceLength
        let sequences = (0..<spec.batchSize).map { b in
            var random = SeededRandom(seed: UInt64(b + 1))
            return (0..<T).map { _ in Int32(random.next() % UInt64(V)) }
        }
        let batchTokens = Double(spec.batchSize * T)
        let scoring = sequences.map { ScoringContinuation(tokens: $0, lossStart: 1) }
        let score = try rate(seconds) { _ = try model.meanNLLWithoutPrefixReuse(prefix: [], continuations: scoring) }
        let newTokens = T - promptLength
        let prompt = Array(sequences[0].prefix(promptLength))
        let decode = try rate(seconds) {
            _ = try model.greedyDecode(prompts: [prompt], maxNewTokens: newTokens, stopToken: -1)
        }
        let trainer = try Trainer(model: model, options: AdamWOptions(learningRate: 1e-5))
        let examples = sequences.map { TrainingExample(tokens: $0, lossStart: 1) }
        let train = try rate(seconds) { _ = try trainer.step(examples) }
        return Result(name: spec.name, precision: precision.rawValue, isa: precision.isa, trainTokensPerSecond: batchTokens / train,
                      scoreTokensPerSecond: batchTokens / score, decodeTokensPerSecond: Double(newTokens) / decode)
    }

    /// Seconds per call of `body`: one warm-up call, then the mean over at least two timed calls.
    private static func rate(_ seconds: Double, _ body: () throws -> Void) throws -> Double {
        try body()
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        while calls < 2 || elapsed < seconds {
            try body()
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return elapsed / Double(calls)
    }
}
