import Diagnostics

/// An error from selecting tasks or drawing the task map: what went wrong, where, and what to do.
public typealias SelectionError = Failure<SelectionFailures>

/// The selection module's kinds of failure, for `SelectionError`.
public enum SelectionFailures: FailureDomain {
    /// Messages start `selection:`.
    public static let name = "selection"
}

extension FailureCode where Domain == SelectionFailures {
    /// A score is NaN, infinite or outside its range.
    public static let invalidScore = Self("invalidScore")
    /// Two scores name the same task.
    public static let duplicateTask = Self("duplicateTask")
    /// The pool has no tasks.
    public static let emptyPool = Self("emptyPool")
    /// A selection option is out of range.
    public static let invalidOption = Self("invalidOption")
    /// The scores could not be read or decoded.
    public static let unreadableInput = Self("unreadableInput")
}
