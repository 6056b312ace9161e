/// A spool file the daemon has claimed: moved into `processing/`, so no one else reads it.
public struct ClaimedFile: Sendable, Hashable {
    /// The file's name inside `processing/` (the submitted name, suffixed if that name was taken).
    public let name: String
    /// The full path inside `processing/`.
    public let path: String
}

/// The result of trying to claim one spool name.
public enum ClaimResult: Sendable, Equatable {
    /// The file is ours to read and then `finish`.
    case claimed(ClaimedFile)
    /// The entry was not valid input (directory, FIFO, symlink, device, socket, too large) and was moved to
    /// `failed/` under `failedName`, with `failedName.reason` holding `reason`.
    case quarantined(name: String, failedName: String, reason: String)
    /// The entry was not valid input, and the daemon may not move it (a directory it cannot write, whose `..`
    /// a move would change): it stays in the spool, and `failed/NAME.reason` (suffixed if taken) says so.
    /// Reported once: a later claim of the same entry finds that reason and returns `ignored`.
    case leftInSpool(name: String, reason: String)
    /// Nothing to do: the name is hidden, temporary, reserved, or already gone (claimed by someone else).
    case ignored
}

/// How processing of a claimed file ended.
public enum SpoolOutcome: Sendable, Equatable {
    /// Accepted: move to `done/`.
    case done
    /// Refused: move to `failed/` and write the reason (what was wrong, where, what to do) beside it.
    case failed(reason: String)
}
