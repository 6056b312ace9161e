import CSystemd
import Glibc

/// Tells the service manager about the daemon's state through `sd_pid_notify` (Type=notify units).
///
/// Every call is a no-op when NOTIFY_SOCKET is unset, so the same code runs in a terminal and under systemd.
public struct SystemdNotifier: Sendable {
    /// One assignment of the sd_notify protocol.
    public enum Message: Sendable, Equatable {
        /// Start-up (or a reload) is finished: `READY=1`.
        case ready
        /// A one-line status shown by `systemctl status`: `STATUS=...`.
        case status(String)
        /// The main loop is alive: `WATCHDOG=1`.
        case watchdog
        /// Shutdown has begun: `STOPPING=1`.
        case stopping
        /// A configuration reload has begun; send `.ready` when it is done: `RELOADING=1`.
        case reloading
        /// Asks for more time before the start/stop timeout fires: `EXTEND_TIMEOUT_USEC=...`.
        case extendTimeout(Duration)

        /// The protocol line for this message.
        public var assignment: String {
            switch self {
            case .ready: "READY=1"
            // A newline would start a new assignment, so a status is kept on one line.
            case .status(let text): "STATUS=" + text.split(whereSeparator: \.isNewline).joined(separator: " ")
            case .watchdog: "WATCHDOG=1"
            case .stopping: "STOPPING=1"
            case .reloading: "RELOADING=1"
            case .extendTimeout(let duration): "EXTEND_TIMEOUT_USEC=\(Self.microseconds(duration))"
            }
        }

        static func microseconds(_ duration: Duration) -> UInt64 {
            let (seconds, attoseconds) = duration.components
            return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds)) / 1_000_000_000_000
        }
    }

    private let pid: pid_t

    /// A notifier speaking for this process (`pid` 0) or, with NotifyAccess=all, for another one.
    public init(pid: pid_t = 0) {
        self.pid = pid
    }

    /// Whether a service manager is listening (NOTIFY_SOCKET is set).
    public var isEnabled: Bool { getenv("NOTIFY_SOCKET") != nil }

    /// How often the service manager expects WATCHDOG=1, or nil when WatchdogSec= is off for this process.
    public var watchdogInterval: Duration? {
        get throws(SystemdError) {
            var usec: UInt64 = 0
            let result = sd_watchdog_enabled(0, &usec)
            if result < 0 {
                throw SystemdError.failed(.watchdogQueryFailed, result: result, detail: "reading the watchdog interval")
            }
            return result > 0 ? .microseconds(Int64(usec)) : nil
        }
    }

    /// Sends the messages as one datagram; returns false when no service manager listens.
    @discardableResult
    public func notify(_ messages: [Message]) throws(SystemdError) -> Bool {
        let text = messages.map(\.assignment).joined(separator: "\n")
        let result = sd_pid_notify(pid, 0, text)
        if result < 0 {
            throw SystemdError.failed(.notifyFailed, result: result, detail: "sending \(text.debugDescription)")
        }
        return result > 0
    }

    /// Sends one message; returns false when no service manager listens.
    @discardableResult
    public func notify(_ message: Message) throws(SystemdError) -> Bool {
        try notify([message])
    }
}
