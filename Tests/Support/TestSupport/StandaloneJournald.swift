import Foundation
import Glibc
import Synchronization

/// A systemd-journald run directly by the tests (not PID 1's), with volatile storage.
///
/// Only journald is started: booting systemd itself would run its tmpfiles step and wipe /tmp. Tests in one
/// process share it: the first user starts it (unless a journald already answers, which is then used and left
/// alone) and the last one to stop it ends it, so parallel suites never lose their journal mid-test.
public final class StandaloneJournald: Sendable {
    /// Where Debian installs journald.
    public static let binary = "/lib/systemd/systemd-journald"
    /// The native-protocol socket `sd_journal_sendv` writes to.
    public static let socketPath = "/run/systemd/journal/socket"
    private static let dropIn = "/run/systemd/journald.conf.d/activetune-test.conf"
    private static let shared = Mutex<(process: Process?, users: Int)>((nil, 0))
    private let stopped = Mutex(false)

    /// Starts journald unless one already answers; throws `MissingJournald` when it cannot run.
    public init() throws {
        try Self.shared.withLock { shared in
            if shared.users == 0 && !Self.socketAnswers() {
                shared.process = try Self.launch()
            }
            shared.users += 1
        }
    }

    /// Releases this user's share; the last user stops a journald the tests started.
    public func stop() {
        guard stopped.withLock({ done in defer { done = true }; return !done }) else { return }
        Self.shared.withLock { shared in
            shared.users -= 1
            guard shared.users == 0, let process = shared.process else { return }
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: Self.dropIn)
            shared.process = nil
        }
    }

    deinit { stop() }

    private static func launch() throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary) else { throw MissingJournald(path: binary) }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/systemd/journald.conf.d", withIntermediateDirectories: true)
        try "[Journal]\nStorage=volatile\n".write(toFile: dropIn, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildLifetime.run(process)
        for _ in 0..<100 where !socketAnswers() { usleep(50_000) }
        guard socketAnswers() else { throw MissingJournald(path: socketPath + " (journald did not start)") }
        return process
    }

    private static func socketAnswers() -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in socketPath.utf8.enumerated() { bytes[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
            }
        }
    }
}

/// journald is not installed or did not start: the journal tests fail with this rather than pass silently.
public struct MissingJournald: Error, CustomStringConvertible {
    /// What is missing.
    public var path: String
    public var description: String { "missing \(path). HINT: run ./scripts/setup.sh (installs the systemd package)" }
}
