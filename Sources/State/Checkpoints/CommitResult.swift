import Checkpoint

/// What `CheckpointStore.commit` did: the new version, whether it became active, and what retention removed.
public struct CommitResult: Sendable, Equatable {
    /// The new version.
    public var id: CheckpointID
    /// Its size on disk in bytes.
    public var bytes: Int
    /// Whether it became the active model.
    public var activated: Bool
    /// The version that was active before the commit, if any.
    public var previous: CheckpointID?
    /// The versions retention deleted, oldest first.
    public var pruned: [CheckpointID]
}
