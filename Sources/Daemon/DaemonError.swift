import Diagnostics

/// Why the daemon cannot start, or why a round's external trainer failed: what, where, and what to do.
public typealias DaemonError = Failure<DaemonFailures>

/// The daemon's kinds of failure, for `DaemonError`.
public enum DaemonFailures: FailureDomain {
    /// Messages start `daemon:`.
    public static let name = "daemon"
}

extension FailureCode where Domain == DaemonFailures {
    /// The state directory or its database cannot be opened.
    public static let stateUnusable = Self("stateUnusable")
    /// The spool directory cannot be prepared or watched.
    public static let spoolUnusable = Self("spoolUnusable")
    /// The external trainer (`training.backend = "command"`) could not run, failed, or wrote no usable model.
    public static let trainerFailed = Self("trainerFailed")
    /// The `rotation.command` could not run or failed (the rotation itself stands).
    public static let rotationCommandFailed = Self("rotationCommandFailed")
}

extension DaemonError {
    /// The daemon could not do `action` because of `underlying`; the hint follows from the code.
    init(_ code: Code, _ action: String, underlying: any Error, file: String = #fileID, line: Int = #line) {
        let hint = code == .stateUnusable
            ? "check that the state directory (--state, state.path) exists or can be created and is writable by this user"
            : "check that the spool directory (--spool, spool.path) exists and is writable by this user"
        self.init(code, "\(action): \(underlying)", hint: hint, file: file, line: line)
    }
}
