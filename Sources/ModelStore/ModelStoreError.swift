/// A model could not be made, loaded or saved: what went wrong, where it was raised, and what to do.
public struct ModelStoreError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; a struct over a private enum so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable { case noActiveModel, mismatch, unreadable, unwritable, invalidArgument }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The state directory holds no active model.
        public static let noActiveModel = Code(.noActiveModel)
        /// The weights, configuration and tokenizer do not belong together.
        public static let mismatch = Code(.mismatch)
        /// A checkpoint or model directory could not be read or is malformed.
        public static let unreadable = Code(.unreadable)
        /// A model could not be written.
        public static let unwritable = Code(.unwritable)
        /// A caller passed a value outside the allowed range.
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's name, e.g. `noActiveModel`.
        public var description: String { kind.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, where, and what to do (ends with a HINT).
    public let message: String
    /// The source file that raised the error.
    public let file: String
    /// The source line that raised the error.
    public let line: Int

    /// Makes an error recording where it was raised.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The message with its code and origin, for logs and the CLI.
    public var description: String { "\(message) [model-store.\(code) at \(file):\(line)]" }
}
