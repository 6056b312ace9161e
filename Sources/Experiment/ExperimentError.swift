import Diagnostics

/// An error from the experiment harness: what went wrong, where it was raised, and what to do.
public typealias ExperimentError = Failure<ExperimentFailures>

/// The experiment module's kinds of failure, for `ExperimentError`.
public enum ExperimentFailures: FailureDomain {
    /// Messages start `experiment:`.
    public static let name = "experiment"

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
}
