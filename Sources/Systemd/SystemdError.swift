import Diagnostics
import Glibc

/// An error from talking to systemd: what failed, the errno it gave, where, and what to do.
public typealias SystemdError = Failure<SystemdFailures>

/// The systemd module's kinds of failure, for `SystemdError`.
public enum SystemdFailures: FailureDomain {
    /// Messages start `systemd:`.
    public static let name = "systemd"
}

extension FailureCode where Domain == SystemdFailures {
    /// `sd_notify` could not deliver a message to NOTIFY_SOCKET.
    public static let notifyFailed = Self("notifyFailed")
    /// `sd_journal_sendv` could not deliver an entry to journald.
    public static let journalSendFailed = Self("journalSendFailed")
    /// `sd_watchdog_enabled` rejected WATCHDOG_USEC / WATCHDOG_PID.
    public static let watchdogQueryFailed = Self("watchdogQueryFailed")
}

extension SystemdError {
    /// `detail` failed with the negative errno `result` that libsystemd returned; the hint follows from the code.
    static func failed(_ code: Code, result: Int32, detail: String, file: String = #fileID, line: Int = #line) -> SystemdError {
        let hint = switch code {
        case .notifyFailed: "check that NOTIFY_SOCKET names a datagram socket this process may write to"
        case .journalSendFailed: "check that journald is running (/run/systemd/journal/socket); logging falls back to stderr"
        default: "check WATCHDOG_USEC and WATCHDOG_PID in the environment (set by systemd for WatchdogSec=)"
        }
        return SystemdError(code, "\(detail): \(String(cString: strerror(-result))) (errno \(-result))", hint: hint,
                            errno: -result, file: file, line: line)
    }
}
