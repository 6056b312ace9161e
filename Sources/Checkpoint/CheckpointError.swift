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

    /// The kind of failure; a struct over a private enum so codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String { case corrupt, truncated, io, diskFull, notFound, noActiveModel, invalidArgument }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A checksum, the LZ4 frame or the safetensors header is wrong.
        public static let corrupt = Code(.corrupt)
        /// The file ends before its LZ4 frame does.
        public static let truncated = Code(.truncated)
        /// A system call failed (open, read, rename, fsync, ...).
        public static let io = Code(.io)
        /// A write failed for lack of space or a file-size limit (ENOSPC, EDQUOT, EFBIG).
        public static let diskFull = Code(.diskFull)
        /// The requested checkpoint does not exist.
        public static let notFound = Code(.notFound)
        /// There is no active (or previous) model to use.
        public static let noActiveModel = Code(.noActiveModel)
        /// A caller passed a value the store cannot use.
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's stable name, e.g. `corrupt`.
        public var description: String { kind.rawValue }
    }
}

extension CheckpointError {
    /// An error for a failed system call, from `errno`; space exhaustion gets its own code and hint.
    package static func system(_ action: String, _ path: String, errno number: Int32 = errno,
                       file: String = #fileID, line: Int = #line) -> CheckpointError {
        let reason = String(cString: strerror(number))
        if number == ENOSPC || number == EDQUOT || number == EFBIG {
            return CheckpointError(.diskFull, "could not \(action) \(path): \(reason)",
                                   hint: "free disk space (or raise the file-size limit) and retry; "
                                       + "the active model is unchanged", file: file, line: line)
        }
        return CheckpointError(.io, "could not \(action) \(path): \(reason)",
                               hint: "check that the state directory exists and is writable by this user",
                               file: file, line: line)
    }
}
