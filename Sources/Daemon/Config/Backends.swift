/// What a round trains: `training.mode`.
public enum TrainingMode: String, Sendable, CaseIterable, Codable {
    /// Retrain the base model on every task selected so far (the paper's protocol).
    case fromBase = "from-base"
    /// Fine-tune the active model on the round's new tasks only.
    case `continue`
}

/// What trains a round: `training.backend`.
public enum TrainingBackend: String, Sendable, CaseIterable, Codable {
    /// The built-in engine, in the daemon's process.
    case local
    /// `training.command`, an external trainer run on a folder the daemon prepares (`CommandTraining`).
    case command
}

/// Where tasks are scored: `scoring.backend`.
public enum ScoringBackend: String, Sendable, CaseIterable, Codable {
    /// The built-in engine, on the active model in the daemon's process.
    case local
    /// An OpenAI-compatible completions server (`scoring.url`) serving the active model (`ServerScorer`).
    case openai
}
