import Glibc

/// An error from talking to systemd: what failed, the errno it gave, where, and what to do.
public struct SystemdError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; a struct so that codes can be added without breaking callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case notifyFailed, journalSendFailed, watchdogQueryFailed
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// `sd_notify` could not deliver a message to NOTIFY_SOCKET.
        public static let notifyFailed = Code(.notifyFailed)
        /// `sd_journal_sendv` could not deliver an entry to journald.
        public static let journalSendFailed = Code(.journalSendFailed)
        /// `sd_watchdog_enabled` rejected WATCHDOG_USEC / WATCHDOG_PID.
        public static let watchdogQueryFailed = Code(.watchdogQueryFailed)

        /// The code's name, as shown in messages.
        public var description: String {
            switch kind {
            case .notifyFailed: "notifyFailed"
            case .journalSendFailed: "journalSendFailed"
            case .watchdogQueryFailed: "watchdogQueryFailed"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// The positive errno that libsystemd returned (negated).
    public let errno: Int32
    /// What was being done, for the message.
    public let detail: String
    /// Source file where the error was made.
    public let file: String
    /// Source line where the error was made.
    public let line: Int

    /// Makes an error from a negative libsystemd return value.
    public init(_ code: Code, result: Int32, detail: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.errno = -result
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// What went wrong, where, and a hint.
    public var description: String {
        let reason = String(cString: strerror(errno))
        let hint: String
        switch code {
        case .notifyFailed:
            hint = "check that NOTIFY_SOCKET names a datagram socket this process may write to"
        case .journalSendFailed:
            hint = "check that journald is running (/run/systemd/journal/socket); logging falls back to stderr"
        default:
            hint = "check WATCHDOG_USEC and WATCHDOG_PID in the environment (set by systemd for WatchdogSec=)"
        }
        return "\(code): \(detail): \(reason) (errno \(errno)) at \(file):\(line). HINT: \(hint)"
    }
}
