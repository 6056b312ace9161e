import Model
import Selection
import Tasks

/// Scores pool tasks under a model, for a strategy that needs scores (all but `random`).
///
/// The seam to the Selection scorer: the experiment only needs `TaskScore` rows whose field the
/// strategy reads (prompt uncertainty, prediction probability or perplexity) is filled in.
public protocol PoolScorer: Sendable {
    /// One row per task in `tasks`, in any order, scored under `model`, the model of the experiment cell `modelKey`
    /// ("seed/strategy/round").
    func scores(_ tasks: [InstructionTask], model: Transformer, tokenizer: BPETokenizer,
                for strategy: SelectionStrategy, modelKey: String) throws -> [TaskScore]
}
