import Diagnostics
import Glibc

/// An error from the spool: which operation failed on which path, the errno, where, and what to do.
public typealias SpoolError = Failure<SpoolFailures>

/// The spool module's kinds of failure, for `SpoolError`.
public enum SpoolFailures: FailureDomain {
    /// Messages start `spool:`.
    public static let name = "spool"
}

extension FailureCode where Domain == SpoolFailures {
    /// The spool directory is missing, not a directory, or its subdirectories cannot be made.
    public static let spoolUnusable = Self("spoolUnusable")
    /// A read, write, rename or sync failed.
    public static let ioFailed = Self("ioFailed")
    /// A file to read could not be opened or read (missing, no permission, a symlink).
    public static let unreadable = Self("unreadable")
    /// inotify could not be set up or stopped working (the spool directory was removed or moved).
    public static let watchFailed = Self("watchFailed")
    /// A file turned out not to be a regular file when opened.
    public static let notRegularFile = Self("notRegularFile")
    /// A file is larger than the spool's size cap.
    public static let tooLarge = Self("tooLarge")
}

extension SpoolError {
    /// `detail` (what was being done, on which path) failed with `errno` (the current thread's by default; 0 when
    /// no system call failed); the hint follows from the code.
    static func failed(_ code: Code, _ detail: String, errno number: Int32 = Glibc.errno,
                       file: String = #fileID, line: Int = #line) -> SpoolError {
        let reason = number == 0 ? "" : ": " + String(cString: strerror(number)) + " (errno \(number))"
        let hint = switch code {
        case .spoolUnusable: "create the spool directory (`systemd-tmpfiles --create` or `mkdir -p`) and make it writable"
        case .watchFailed: "check the spool directory still exists; raise fs.inotify.max_user_instances if the limit is hit"
        case .unreadable: "check the path, that it is not a symbolic link, and that this user may read it"
        case .notRegularFile: "submit a regular file (directories, FIFOs, devices and symlinks are refused)"
        case .tooLarge: "split the task file, or raise spool.max_file_bytes in the configuration"
        default: "check permissions and free space on the spool's file system"
        }
        return SpoolError(code, detail + reason, hint: hint, errno: number, file: file, line: line)
    }
}
