import Foundation
import Glibc

/// The daemon's answer to a SIGHUP, kept in the state directory (`StateDirectory.reloadAcknowledgementURL`) so that
/// `activetune reload` (the unit's `ExecReload=`) can return only once the new configuration is in force, or report
/// why it was refused.
///
/// systemd 252 has no `Type=notify-reload`: with `ExecReload=kill -HUP`, `systemctl reload` would return as
/// soon as the signal is sent, before the daemon has read the file. A small file rather than the state database:
/// the helper then needs no SQLite pool, whose dispatch threads ask for a priority the unit refuses and log it.
public struct ReloadAcknowledgement: Codable, Sendable, Equatable {
    /// When the daemon took the signal, in nanoseconds of CLOCK_BOOTTIME (one clock for every process of a boot,
    /// unaffected by wall-clock changes). A reload taken after a request was sent answers that request.
    public var receivedAt: UInt64
    /// Whether the new configuration is in force (false: refused, the running one stays).
    public var applied: Bool
    /// The keys applied, or why the file was refused.
    public var detail: String

    /// Makes an acknowledgement.
    public init(receivedAt: UInt64, applied: Bool, detail: String) {
        self.receivedAt = receivedAt
        self.applied = applied
        self.detail = detail
    }

    /// The acknowledgement of a reload that began at `receivedAt` and ended with `outcome`.
    public init(receivedAt: UInt64, outcome: ConfigurationReloader.Outcome) {
        switch outcome {
        case .applied(let result):
            let changed = result.applied.isEmpty ? "no live key changed" : "applied " + result.applied.joined(separator: ",")
            let restart = result.needRestart.isEmpty ? "" : "; after a restart: " + result.needRestart.joined(separator: ",")
            self.init(receivedAt: receivedAt, applied: true, detail: changed + restart)
        case .refused(let reason):
            self.init(receivedAt: receivedAt, applied: false, detail: reason)
        }
    }

    /// Now, in nanoseconds of CLOCK_BOOTTIME.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_BOOTTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}

extension ReloadAcknowledgement {
    /// Replaces the acknowledgement at `url` (written aside, then renamed: a reader sees whole ones).
    public func write(to url: URL) throws {
        try JSONEncoder().encode(self).write(to: url, options: .atomic)
    }

    /// The latest acknowledgement at `url`, if the daemon has answered a reload.
    public static func read(from url: URL) throws -> ReloadAcknowledgement? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(ReloadAcknowledgement.self, from: Data(contentsOf: url))
    }
}
