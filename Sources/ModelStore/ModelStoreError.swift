import Diagnostics

/// A model could not be made, loaded or saved: what went wrong, where it was raised, and what to do.
public typealias ModelStoreError = Failure<ModelStoreFailures>

/// The model store module's kinds of failure, for `ModelStoreError`.
public enum ModelStoreFailures: FailureDomain {
    /// Messages start `model store:`.
    public static let name = "model store"

    /// The kind of failure; a struct over a private enum so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable { case noActiveModel, mismatch, unreadable, unwritable, invalidArgument }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The state directory holds no active model.
        public static let noActiveModel = Code(.noActiveModel)
        /// The weights, configuration and tokenizer do not belong together.
        public static let mismatch = Code(.mismatch)
        /// A checkpoint or model directory could not be read or is malformed.
        public static let unreadable = Code(.unreadable)
        /// A model could not be written.
        public static let unwritable = Code(.unwritable)
        /// A caller passed a value outside the allowed range.
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's name, e.g. `noActiveModel`.
        public var description: String { kind.rawValue }
    }
}
