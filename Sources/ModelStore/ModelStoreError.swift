import Diagnostics

/// A model could not be made, loaded or saved: what went wrong, where it was raised, and what to do.
public typealias ModelStoreError = Failure<ModelStoreFailures>

/// The model store module's kinds of failure, for `ModelStoreError`.
public enum ModelStoreFailures: FailureDomain {
    /// Messages start `model store:`.
    public static let name = "model store"
}

extension FailureCode where Domain == ModelStoreFailures {
    /// The state directory holds no active model.
    public static let noActiveModel = Self("noActiveModel")
    /// The weights, configuration and tokenizer do not belong together.
    public static let mismatch = Self("mismatch")
    /// A checkpoint or model directory could not be read or is malformed.
    public static let unreadable = Self("unreadable")
    /// A model could not be written.
    public static let unwritable = Self("unwritable")
    /// A caller passed a value outside the allowed range.
    public static let invalidArgument = Self("invalidArgument")
}
