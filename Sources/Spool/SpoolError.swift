import Glibc

/// An error from the spool: which operation failed on which path, the errno, where, and what to do.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; a struct so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case spoolUnusable, ioFailed, unreadable, watchFailed, notRegularFile, tooLarge
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The spool directory is missing, not a directory, or its subdirectories cannot be made.
        public static let spoolUnusable = Code(.spoolUnusable)
        /// A read, write, rename or sync failed.
        public static let ioFailed = Code(.ioFailed)
        /// A file to read could not be opened or read (missing, no permission, a symlink).
        public static let unreadable = Code(.unreadable)
        /// inotify could not be set up or stopped working (the spool directory was removed or moved).
        public static let watchFailed = Code(.watchFailed)
        /// A file turned out not to be a regular file when opened.
        public static let notRegularFile = Code(.notRegularFile)
        /// A file is larger than the spool's size cap.
        public static let tooLarge = Code(.tooLarge)

        /// The code's name, as shown in messages.
        public var description: String {
            switch kind {
            case .spoolUnusable: "spoolUnusable"
            case .ioFailed: "ioFailed"
            case .unreadable: "unreadable"
            case .watchFailed: "watchFailed"
            case .notRegularFile: "notRegularFile"
            case .tooLarge: "tooLarge"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What was being done, on which path.
    public let detail: String
    /// The errno of the failing call, or 0 when no system call failed.
    public let errno: Int32
    /// Source file where the error was made.
    public let file: String
    /// Source line where the error was made.
    public let line: Int

    /// Makes an error; `errno` defaults to the current thread's errno.
    public init(_ code: Code, _ detail: String, errno: Int32 = Glibc.errno,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.detail = detail
        self.errno = errno
        self.file = file
        self.line = line
    }

    /// What went wrong, where, and a hint.
    public var description: String {
        let reason = errno == 0 ? "" : ": " + String(cString: strerror(errno)) + " (errno \(errno))"
        let hint: String
        switch code {
        case .spoolUnusable:
            hint = "create the spool directory (`systemd-tmpfiles --create` or `mkdir -p`) and make it writable"
        case .watchFailed:
            hint = "check the spool directory still exists; raise fs.inotify.max_user_instances if the limit is hit"
        case .unreadable:
            hint = "check the path, that it is not a symbolic link, and that this user may read it"
        case .unreadable:
            hint = "check the path, that it is not a symbolic link, and that this user may read it"
        case .notRegularFile:
            hint = "submit a regular file (directories, FIFOs, devices and symlinks are refused)"
        case .tooLarge:
            hint = "split the task file, or raise spool.max_file_bytes in the configuration"
        default:
            hint = "check permissions and free space on the spool's file system"
        }
        return "\(code): \(detail)\(reason) at \(file):\(line). HINT: \(hint)"
    }
}
