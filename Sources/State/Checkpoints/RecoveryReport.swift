import Checkpoint

/// What `CheckpointStore.recover()` found and did.
public struct RecoveryReport: Sendable, Equatable {
    /// Leftover temporary files (interrupted commits or link switches) that were removed.
    public var removedTemporaryFiles: [String] = []
    /// The version active after recovery, or nil when no valid version exists.
    public var active: CheckpointID?
    /// The version that was active but failed verification, if recovery had to switch away from it.
    public var rejected: CheckpointID?
    /// Why `rejected` was rejected (the load error's description).
    public var reason: String?

    /// True when recovery changed which model is active.
    public var switchedModel: Bool { rejected != nil }
}
