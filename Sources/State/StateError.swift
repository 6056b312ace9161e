import Diagnostics

/// The state directory cannot be used as asked: what is wrong with it and what to do.
public typealias StateError = Failure<StateFailures>

/// The state module's kinds of failure, for `StateError`.
public enum StateFailures: FailureDomain {
    /// Messages start `state:`.
    public static let name = "state"
}

extension FailureCode where Domain == StateFailures {
    /// The state directory does not exist.
    public static let notFound = Self("notFound")
    /// The state directory cannot be created or written.
    public static let unusable = Self("unusable")
    /// No daemon has created the state database yet.
    public static let noDatabase = Self("noDatabase")
    /// No model version has been stored yet.
    public static let noCheckpoints = Self("noCheckpoints")
    /// There is no active model to load.
    public static let noActiveModel = Self("noActiveModel")
    /// The base model file is gone.
    public static let baseModelMissing = Self("baseModelMissing")
}
