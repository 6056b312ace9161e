import Diagnostics

/// A failure to configure, load or run a Llama model: what went wrong, where, and what to do about it.
public typealias LlamaError = Failure<LlamaFailures>

/// The llama module's kinds of failure, for `LlamaError`.
public enum LlamaFailures: FailureDomain {
    /// Messages start `llama:`.
    public static let name = "llama"

    /// The kind of failure; a struct over a private enum so kinds can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unsupportedModel, invalidConfig, invalidFile, invalidToken, contextOverflow
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The file describes a model this engine does not implement (another architecture, MoE, YaRN, ...).
        public static let unsupportedModel = Code(.unsupportedModel)
        /// Hyperparameters are missing, non-positive or inconsistent (heads that do not divide, ...).
        public static let invalidConfig = Code(.invalidConfig)
        /// The GGUF file cannot be read, or a tensor is missing or has the wrong shape for the config.
        public static let invalidFile = Code(.invalidFile)
        /// A token id is outside the vocabulary.
        public static let invalidToken = Code(.invalidToken)
        /// A sequence is empty or longer than the model's context length.
        public static let contextOverflow = Code(.contextOverflow)

        /// The code's stable name, e.g. `unsupportedModel`.
        public var description: String { kind.rawValue }
    }
}
