import Foundation
import Model
import Selection
import Tasks

/// Scores tasks for the perplexity baselines (method.md): per instance, `exp(mean NLL)` of the model's own
/// greedy output under the clean prompt (EOS included); per task the mean over `instances` sampled instances.
/// Prediction probability (the mean of `exp(-mean NLL)`) comes for free; prompt uncertainty is not computed,
/// so strategies that need it are refused.
public struct PerplexityScorer: PoolScorer {
    /// The strategies these scores serve.
    public static let strategies: Set<SelectionStrategy> = [.random, .highPerplexity, .lowPerplexity]

    /// Instances sampled per task (seeded shuffle, first n).
    public var instances: Int
    /// Tokens generated per instance.
    public var maxNewTokens: Int
    /// Seed of the instance sample.
    public var seed: UInt64

    /// A scorer; the defaults are the method's n = 10 and 128 new tokens.
    public init(instances: Int = 10, maxNewTokens: Int = 128, seed: UInt64 = 0) {
        self.instances = instances
        self.maxNewTokens = maxNewTokens
        self.seed = seed
    }

    /// Rows with perplexity and prediction probability; prompt uncertainty is left 0.
    public func scores(_ tasks: [InstructionTask], model: GPT2, tokenizer: BPETokenizer,
                       for strategy: SelectionStrategy) throws -> [TaskScore] {
        guard Self.strategies.contains(strategy) else {
            throw ExperimentError(.scoring, "strategy \(strategy.rawValue) needs prompt-uncertainty scores, which the "
                + "perplexity scorer does not compute. HINT: use the prompt-uncertainty scorer for it")
        }
        let encoder = PromptEncoder(tokenizer: tokenizer, contextLength: model.config.contextLength,
                                    maxTargetTokens: maxNewTokens)
        return try tasks.map { task in
            let sample = task.sampledInstances(instances, seed: seed)
            let prompts = sample.map { encoder.promptTokens(task: task, instance: $0) }
            let outputs = try model.greedyDecode(prompts: prompts, maxNewTokens: maxNewTokens, stopToken: tokenizer.eosID)
            let groups = zip(prompts, outputs).map { prompt, output in
                ScoringGroup(prefix: prompt, continuations: [
                    ScoringContinuation(promptSuffix: [], target: output.tokens + [tokenizer.eosID]),
                ])
            }
            let nll = try model.meanNLL(groups: groups).map { $0[0] }
            let count = Double(max(1, nll.count))
            return TaskScore(task: task.id, kind: ExperimentRunner.kind(task), promptUncertainty: 0,
                             predictionProbability: nll.reduce(0) { $0 + exp(-$1) } / count,
                             perplexity: nll.reduce(0) { $0 + exp($1) } / count, definition: task.definition)
        }
    }
}
