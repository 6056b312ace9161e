/// An error from the model engine: what went wrong, where it was raised, and what to do about it.
public struct ModelError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, open for new kinds without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case invalidConfig, contextOverflow, invalidToken, invalidRequest, invalidCheckpoint
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

        /// The code's name, e.g. `contextOverflow`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong and what to do.
    public let message: String
    /// The source file that raised the error.
    public let file: String
    /// The line that raised the error.
    public let line: Int

    /// Makes an error recording where it was raised.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The message with its code and origin, for logs and the CLI.
    public var description: String { "model error (\(code)) at \(file):\(line): \(message)" }
}
