import Foundation
import Glibc
import Testing

/// Every process a test starts ends with the test process, however that ends: here the process that started a
/// child the way the tests do (`ChildLifetime`) is killed with SIGKILL, which runs no clean-up code at all.
@Suite struct ChildLifetimeTests {
    @Test func aChildDiesWhenTheProcessThatStartedItIsKilled() async throws {
        let helper = ActiveTuneBinary.url.deletingLastPathComponent().appendingPathComponent("CheckpointCrashChild")
        try #require(FileManager.default.isExecutableFile(atPath: helper.path), "CheckpointCrashChild is not built")
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("sleeper-\(UUID()).pid")
        defer { try? FileManager.default.removeItem(at: pidFile) }
        let parent = Process()
        parent.executableURL = helper
        parent.arguments = ["spawn-sleeper", pidFile.path, "0"]
        try parent.run()
        var sleeper: Int32?
        for _ in 0..<200 where sleeper == nil {
            sleeper = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { Int32($0) }
            if sleeper == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        let pid = try #require(sleeper, "the helper never started its child")
        #expect(Self.isAlive(pid), "the child should run while its parent does")

        kill(parent.processIdentifier, SIGKILL)
        parent.waitUntilExit()
        var alive = true
        for _ in 0..<200 where alive {
            alive = Self.isAlive(pid)
            if alive { try await Task.sleep(for: .milliseconds(25)) }
        }
        if alive { kill(pid, SIGKILL) }
        #expect(!alive, "the child outlived the process that started it")
    }

    /// Running and not a zombie waiting for its new parent to reap it.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }
}
