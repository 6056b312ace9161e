import Foundation
import Glibc

/// The daemon's answer to a SIGHUP, kept in the state store so that `activetune reload` (the unit's
/// `ExecReload=`) can return only once the new configuration is in force, or report why it was refused.
///
/// systemd 252 has no `Type=notify-reload`: with `ExecReload=kill -HUP`, `systemctl reload` would return as
/// soon as the signal is sent, before the daemon has read the file.
public struct ReloadAcknowledgement: Codable, Sendable, Equatable {
    /// When the daemon took the signal, in nanoseconds of CLOCK_BOOTTIME (one clock for every process of a boot,
    /// unaffected by wall-clock changes). A reload taken after a request was sent answers that request.
    public var receivedAt: UInt64
    /// Whether the new configuration is in force (false: refused, the running one stays).
    public var applied: Bool
    /// The keys applied, or why the file was refused.
    public var detail: String

    /// The state store's setting that holds the latest acknowledgement.
    static let settingKey = "reload_ack"

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

extension StateStore {
    /// Records the answer to the latest reload.
    public func acknowledgeReload(_ acknowledgement: ReloadAcknowledgement) throws {
        try setSetting(ReloadAcknowledgement.settingKey,
                       String(decoding: try JSONEncoder().encode(acknowledgement), as: UTF8.self))
    }

    /// The answer to the latest reload, if the daemon has answered one.
    public func lastReload() throws -> ReloadAcknowledgement? {
        try setting(ReloadAcknowledgement.settingKey)
            .map { try JSONDecoder().decode(ReloadAcknowledgement.self, from: Data($0.utf8)) }
    }
}
