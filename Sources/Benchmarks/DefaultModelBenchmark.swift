import Model
import Dispatch

/// Wall-clock cost of the daemon's two jobs on a model shape (by default the embedded default model):
/// scoring one NIV2-like task for prompt uncertainty, and one epoch of a demo training round.
///
/// Scoring follows method.md: greedy outputs (up to 128 tokens) for n instances from the clean
/// prompt, then teacher-forced NLL of each output under the clean and k perturbed prompts, with
/// each prompt's shared part as the reused prefix. A random model rarely emits EOS, so outputs
/// run to the 128-token cap: the worst case.
public struct DefaultModelBenchmark: Sendable, Codable, Equatable {
    /// Model parameters.
    public var parameters: Int
    /// Greedy decoding of the n clean prompts, seconds.
    public var decodeSeconds: Double
    /// Teacher-forced NLL of n outputs under k+1 prompts with prefix reuse, seconds.
    public var scoreSeconds: Double
    /// The same NLLs recomputing every sequence from scratch, seconds (what prefix reuse saves).
    public var scoreWithoutReuseSeconds: Double
    /// One epoch over tasks × instances examples in batches of 8, seconds.
    public var trainEpochSeconds: Double
    /// Training throughput of that epoch, tokens per second.
    public var trainTokensPerSecond: Double

    private enum CodingKeys: String, CodingKey {
        case parameters, decodeSeconds = "decode_seconds", scoreSeconds = "score_seconds"
        case scoreWithoutReuseSeconds = "score_without_reuse_seconds", trainEpochSeconds = "train_epoch_seconds"
        case trainTokensPerSecond = "train_tokens_per_s"
    }

    /// Measures `config` on a task of `instances` instances and `perturbations` perturbed prompts
    /// (shared prompt part 500 tokens, instance input 100), and a round of `tasks` × `instances`
    /// examples of about 500 tokens.
    public static func run(config: ModelConfig = .default, instances: Int = 10, perturbations: Int = 10,
                           tasks: Int = 5) throws -> DefaultModelBenchmark {
        let model = try Transformer(config: config, seed: 99)
        var random = SeededRandom(seed: 5)
        func tokens(_ count: Int) -> [Int32] {
            (0..<count).map { _ in Int32(random.next() % UInt64(config.vocabSize - 1)) }
        }
        let shared = (0...perturbations).map { _ in tokens(500) }
        let inputs = (0..<instances).map { _ in tokens(100) }
        let decode = try time {
            _ = try model.greedyDecode(prompts: inputs.map { shared[0] + $0 }, maxNewTokens: 128, stopToken: -1)
        }
        let outputs = (0..<instances).map { _ in tokens(128) + [config.eosTokenId] }
        let groups = shared.map { prefix in
            ScoringGroup(prefix: prefix, continuations: zip(inputs, outputs).map {
                ScoringContinuation(promptSuffix: $0, target: $1)
            })
        }
        let score = try time { _ = try model.meanNLL(groups: groups) }
        let naive = try time {
            for group in groups {
                _ = try model.meanNLLWithoutPrefixReuse(prefix: group.prefix, continuations: group.continuations)
            }
        }
        let examples = (0..<(tasks * instances * 2)).map { _ in
            TrainingExample(prompt: tokens(400 + Int(random.next() % 200)), target: tokens(40) + [config.eosTokenId])
        }
        let trainer = try Trainer(model: model)
        let train = try time {
            for start in stride(from: 0, to: examples.count, by: 8) {
                _ = try trainer.step(Array(examples[start..<min(examples.count, start + 8)]))
            }
        }
        let trainTokens = examples.map(\.tokens.count).reduce(0, +)
        return DefaultModelBenchmark(parameters: model.parameterCount, decodeSeconds: decode, scoreSeconds: score,
                                     scoreWithoutReuseSeconds: naive, trainEpochSeconds: train,
                                     trainTokensPerSecond: Double(trainTokens) / train)
    }

    private static func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
