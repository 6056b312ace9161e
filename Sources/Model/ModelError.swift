import Diagnostics

/// An error from the model engine: what went wrong, where it was raised, and what to do about it.
public typealias ModelError = Failure<ModelFailures>

/// The model module's kinds of failure, for `ModelError`.
public enum ModelFailures: FailureDomain {
    /// Messages start `model:`.
    public static let name = "model"
}

extension FailureCode where Domain == ModelFailures {
    /// A configuration value is out of range or inconsistent.
    public static let invalidConfig = Self("invalidConfig")
    /// A sequence is longer than the model's context length.
    public static let contextOverflow = Self("contextOverflow")
    /// A token id is outside the vocabulary.
    public static let invalidToken = Self("invalidToken")
    /// A request is malformed (empty target, bad offsets, empty batch).
    public static let invalidRequest = Self("invalidRequest")
    /// Stored weights do not match the configuration or cannot be read.
    public static let invalidCheckpoint = Self("invalidCheckpoint")
    /// The file describes a model the engine does not implement (another architecture, MoE, YaRN, ...).
    public static let unsupportedModel = Self("unsupportedModel")
}
