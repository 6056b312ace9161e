import Evaluation
import Model

/// The result of one (pool seed, strategy, round): which tasks the model was trained on and how it did.
///
/// Round 0 is shared by every strategy of a seed and is stored once, under the strategy `initial`.
public struct ExperimentCell: Sendable, Codable, Equatable {
    /// The strategy name used for the shared round 0.
    public static let initialStrategy = "initial"
    /// The strategy name of the untuned base model's evaluation (a pretrained `--base`), stored as round −1 of
    /// every seed: the curves' first point, before any training task.
    public static let baseStrategy = "base"
    /// The round of `baseStrategy` cells.
    public static let baseRound = -1

    /// The pool seed.
    public var seed: UInt64
    /// The strategy's name, or `initial` for round 0.
    public var strategy: String
    /// −1 for the untuned base model, 0 for the shared start, then 1...rounds.
    public var round: Int
    /// Every task trained on, in the order selected.
    public var tasks: [String]
    /// The test scores of the round's model.
    public var evaluation: EvaluationSummary
    /// What training did.
    public var training: TrainingSummary
    /// Wall-clock seconds of the whole cell (scoring, training, evaluation).
    public var seconds: Double

    /// The key identifying the cell in the ledger.
    public var key: String { Self.key(seed: seed, strategy: strategy, round: round) }

    /// The key of (seed, strategy, round).
    public static func key(seed: UInt64, strategy: String, round: Int) -> String {
        "\(seed)/\(strategy)/\(round)"
    }
}
