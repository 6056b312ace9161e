import Foundation
import Glibc

/// A systemd-journald run directly by a test (not PID 1's), with volatile storage.
///
/// Only journald is started: booting systemd itself would run its tmpfiles step and wipe /tmp.
/// If a journald already answers on the socket it is used and left running.
final class StandaloneJournald {
    static let binary = "/lib/systemd/systemd-journald"
    static let socketPath = "/run/systemd/journal/socket"
    private static let dropIn = "/run/systemd/journald.conf.d/activetune-test.conf"
    private var process: Process?

    init() throws {
        if Self.socketAnswers() { return }
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else { throw MissingTool(path: Self.binary) }
        try FileManager.default.createDirectory(atPath: "/run/systemd/journal", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "/run/systemd/journald.conf.d", withIntermediateDirectories: true)
        try "[Journal]\nStorage=volatile\n".write(toFile: Self.dropIn, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<100 where !Self.socketAnswers() { usleep(50_000) }
        guard Self.socketAnswers() else { throw MissingTool(path: Self.socketPath + " (journald did not start)") }
    }

    /// Stops the journald this object started (a shared one is left alone).
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: Self.dropIn)
    }

    deinit { stop() }

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
