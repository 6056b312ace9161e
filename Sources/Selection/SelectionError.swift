import Diagnostics

/// An error from selecting tasks or drawing the task map: what went wrong, where, and what to do.
public typealias SelectionError = Failure<SelectionFailures>

/// The selection module's kinds of failure, for `SelectionError`.
public enum SelectionFailures: FailureDomain {
    /// Messages start `selection:`.
    public static let name = "selection"

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
}
