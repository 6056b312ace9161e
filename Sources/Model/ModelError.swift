import Diagnostics

/// An error from the model engine: what went wrong, where it was raised, and what to do about it.
public typealias ModelError = Failure<ModelFailures>

/// The model module's kinds of failure, for `ModelError`.
public enum ModelFailures: FailureDomain {
    /// Messages start `model:`.
    public static let name = "model"

    /// The kind of failure, open for new kinds without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidConfig, contextOverflow, invalidToken, invalidRequest, invalidCheckpoint, unsupportedModel
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A configuration value is out of range or inconsistent.
        public static let invalidConfig = Code(.invalidConfig)
        /// A sequence is longer than the model's context length.
        public static let contextOverflow = Code(.contextOverflow)
        /// A token id is outside the vocabulary.
        public static let invalidToken = Code(.invalidToken)
        /// A request is malformed (empty target, bad offsets, empty batch).
        public static let invalidRequest = Code(.invalidRequest)
        /// Stored weights do not match the configuration or cannot be read.
        public static let invalidCheckpoint = Code(.invalidCheckpoint)
        /// The file describes a model the engine does not implement (another architecture, MoE, YaRN, ...).
        public static let unsupportedModel = Code(.unsupportedModel)

        /// The code's name, e.g. `contextOverflow`.
        public var description: String { kind.rawValue }
    }
}
