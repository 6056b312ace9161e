/// An error from scoring or aggregating predictions: what went wrong, where, and what to do.
public struct EvaluationError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; a struct over a private enum so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case noReferences, emptyInput, inconsistentKind, unreadableTasks }
        private let value: Value

        /// An instance was given an empty list of reference outputs.
        public static let noReferences = Code(value: .noReferences)
        /// There was nothing to aggregate.
        public static let emptyInput = Code(value: .emptyInput)
        /// Instances of one task were given different kinds.
        public static let inconsistentKind = Code(value: .inconsistentKind)
        /// A folder or list of task files could not be read.
        public static let unreadableTasks = Code(value: .unreadableTasks)

        /// The code's stable name.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error at the caller's source location.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// The message with the code and the place it was raised.
    public var description: String { "\(message) [\(code) at \(file):\(line)]" }
}
