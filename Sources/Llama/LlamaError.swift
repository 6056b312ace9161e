import Diagnostics

/// A failure to configure, load or run a Llama model: what went wrong, where, and what to do about it.
public struct LlamaError: ActivetuneError {
    /// Messages start `llama:`.
    public static let domain = "llama"

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

    /// The kind of failure.
    public let code: Code
    /// What went wrong and where (file, metadata key or tensor).
    public let message: String
    /// What the user can do about it.
    public let hint: String
    /// The source file that raised the error, so a report points at the check that fired.
    public let file: String
    /// The source line that raised the error.
    public let line: Int

    /// Makes an error that records where in the source it was raised.
    public init(_ code: Code, _ message: String, hint: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.hint = hint
        self.file = file
        self.line = line
    }
}
