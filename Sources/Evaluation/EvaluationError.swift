import Diagnostics

/// An error from scoring or aggregating predictions: what went wrong, where, and what to do.
public typealias EvaluationError = Failure<EvaluationFailures>

/// The evaluation module's kinds of failure, for `EvaluationError`.
public enum EvaluationFailures: FailureDomain {
    /// Messages start `evaluation:`.
    public static let name = "evaluation"
}

extension FailureCode where Domain == EvaluationFailures {
    /// An instance was given an empty list of reference outputs.
    public static let noReferences = Self("noReferences")
    /// There was nothing to aggregate.
    public static let emptyInput = Self("emptyInput")
    /// Instances of one task were given different kinds.
    public static let inconsistentKind = Self("inconsistentKind")
    /// A folder or list of task files could not be read.
    public static let unreadableTasks = Self("unreadableTasks")
}
