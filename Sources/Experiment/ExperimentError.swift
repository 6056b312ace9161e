/// An error from the experiment harness: what went wrong, where it was raised, and what to do.
public struct ExperimentError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure, open for new kinds.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable { case invalidSettings, poolTooSmall, unreadableState, scoring }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A setting is out of range.
        public static let invalidSettings = Code(.invalidSettings)
        /// The pool cannot supply the tasks the rounds ask for.
        public static let poolTooSmall = Code(.poolTooSmall)
        /// The state directory holds something unreadable.
        public static let unreadableState = Code(.unreadableState)
        /// A strategy's scores cannot be computed.
        public static let scoring = Code(.scoring)

        /// The code's name.
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

    /// Makes an error at the caller's place.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The message, code and place.
    public var description: String { "\(message) [experiment.\(code) at \(file):\(line)]" }
}
