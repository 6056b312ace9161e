/// The file format a task came from.
public enum TaskFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Super-NaturalInstructions task JSON: one task per file.
    case niv2 = "niv2"
    /// Self-Instruct JSONL: one task per line.
    case selfInstruct = "self-instruct"
}
