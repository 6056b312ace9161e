import Diagnostics

/// An error from scoring or aggregating predictions: what went wrong, where, and what to do.
public typealias EvaluationError = Failure<EvaluationFailures>

/// The evaluation module's kinds of failure, for `EvaluationError`.
public enum EvaluationFailures: FailureDomain {
    /// Messages start `evaluation:`.
    public static let name = "evaluation"

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
}
