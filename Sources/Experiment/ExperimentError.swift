import Diagnostics

/// An error from the experiment harness: what went wrong, where it was raised, and what to do.
public typealias ExperimentError = Failure<ExperimentFailures>

/// The experiment module's kinds of failure, for `ExperimentError`.
public enum ExperimentFailures: FailureDomain {
    /// Messages start `experiment:`.
    public static let name = "experiment"
}

extension FailureCode where Domain == ExperimentFailures {
    /// A setting is out of range.
    public static let invalidSettings = Self("invalidSettings")
    /// The pool cannot supply the tasks the rounds ask for.
    public static let poolTooSmall = Self("poolTooSmall")
    /// The state directory holds something unreadable.
    public static let unreadableState = Self("unreadableState")
    /// A strategy's scores cannot be computed.
    public static let scoring = Self("scoring")
}
