/// An error from selecting tasks or drawing the task map: what went wrong, where, and what to do.
public struct SelectionError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure; a struct over a private enum so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String { case invalidScore, duplicateTask, emptyPool, invalidOption, unreadableInput }
        private let value: Value

        /// A score is NaN, infinite or outside its range.
        public static let invalidScore = Code(value: .invalidScore)
        /// Two scores name the same task.
        public static let duplicateTask = Code(value: .duplicateTask)
        /// The pool has no tasks.
        public static let emptyPool = Code(value: .emptyPool)
        /// A selection option is out of range.
        public static let invalidOption = Code(value: .invalidOption)
        /// The scores could not be read or decoded.
        public static let unreadableInput = Code(value: .unreadableInput)

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
