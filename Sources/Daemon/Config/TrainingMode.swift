/// What a round trains: `training.mode`.
public enum TrainingMode: String, Sendable, CaseIterable, Codable {
    /// Retrain the base model on every task selected so far (the paper's protocol).
    case fromBase = "from-base"
    /// Fine-tune the active model on the round's new tasks only.
    case `continue`
}
