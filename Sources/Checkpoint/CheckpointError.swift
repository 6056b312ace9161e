#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// A checkpoint failure: what went wrong, with the file it concerns, and what to do.
public typealias CheckpointError = Failure<CheckpointFailures>

/// The checkpoint module's kinds of failure, for `CheckpointError`.
public enum CheckpointFailures: FailureDomain {
    /// Messages start `checkpoint:`.
    public static let name = "checkpoint"
}

extension FailureCode where Domain == CheckpointFailures {
    /// A checksum, the LZ4 frame or the safetensors header is wrong.
    public static let corrupt = Self("corrupt")
    /// The file ends before its LZ4 frame does.
    public static let truncated = Self("truncated")
    /// A system call failed (open, read, rename, fsync, ...).
    public static let io = Self("io")
    /// A write failed for lack of space or a file-size limit (ENOSPC, EDQUOT, EFBIG).
    public static let diskFull = Self("diskFull")
    /// The requested checkpoint does not exist.
    public static let notFound = Self("notFound")
    /// There is no active (or previous) model to use.
    public static let noActiveModel = Self("noActiveModel")
    /// A caller passed a value the store cannot use.
    public static let invalidArgument = Self("invalidArgument")
}

extension CheckpointError {
    /// An error for a failed system call, from `errno`; space exhaustion gets its own code and hint.
    package static func system(_ action: String, _ path: String, errno number: Int32 = Glibc.errno,
                               file: String = #fileID, line: Int = #line) -> CheckpointError {
        let reason = String(cString: strerror(number))
        if number == ENOSPC || number == EDQUOT || number == EFBIG {
            return CheckpointError(.diskFull, "could not \(action) \(path): \(reason)",
                                   hint: "free disk space (or raise the file-size limit) and retry; "
                                       + "the active model is unchanged", errno: number, file: file, line: line)
        }
        return CheckpointError(.io, "could not \(action) \(path): \(reason)",
                               hint: "check that the state directory exists and is writable by this user",
                               errno: number, file: file, line: line)
    }
}
