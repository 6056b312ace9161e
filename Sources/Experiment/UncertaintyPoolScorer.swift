import Logging
import Model
import Selection
import Tasks

/// Scores the pool with the Selection module's `PromptUncertaintyScorer` (method.md). The perplexity baselines
/// read only the clean prompt's numbers, so for them the perturbed prompts are skipped (k = 0).
public struct UncertaintyPoolScorer: PoolScorer {
    /// n, k, drop rate, decoding length and seed for the strategies that need prompt uncertainty.
    public var settings: ScoringSettings
    /// Receives the scorer's per-task debug lines.
    public var logger: Logger

    /// A pool scorer with `settings`.
    public init(settings: ScoringSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// One row per task; prompt uncertainty is 0 for the perplexity strategies, which do not read it.
    public func scores(_ tasks: [InstructionTask], model: Transformer, tokenizer: BPETokenizer,
                       for strategy: SelectionStrategy, modelKey: String) throws -> [TaskScore] {
        var used = settings
        if [.highPerplexity, .lowPerplexity].contains(strategy) { used.perturbations = 0 }
        let scorer = try PromptUncertaintyScorer(model: model, tokenizer: tokenizer, settings: used, logger: logger)
        return try tasks.map { try scorer.score($0).score }
    }
}
