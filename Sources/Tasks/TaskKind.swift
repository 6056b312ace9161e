/// Whether a task asks for a label from a closed set or for free text (see `TaskClassifier`).
public enum TaskKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The definition names the task's exact label set.
    case classification
    /// Free-form output.
    case generation
}
