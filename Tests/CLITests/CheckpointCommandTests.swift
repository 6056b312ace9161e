import Daemon
import Foundation
import State
import Testing

/// `activetune checkpoints` and `activetune rollback` on a state directory made by the crash child
/// (a real store with three committed versions).
@Suite struct CheckpointCommandTests {
    /// A state directory with versions 1, 2, 3 (3 active, 2 previous).
    static func seededState() throws -> String {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cli-ckpt-\(UUID())").path
        let child = ActiveTuneBinary.url.deletingLastPathComponent().appendingPathComponent("CheckpointCrashChild")
        try #require(FileManager.default.isExecutableFile(atPath: child.path),
                     "CheckpointCrashChild is not built next to activetune; run `swift build --build-tests`")
        let process = try Process.run(child, arguments: ["seed", state, "1024", "3"])
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return state
    }

    @Test func listThenRollbackThenListAgain() throws {
        let state = try Self.seededState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let listed = try ActiveTuneBinary.run(["checkpoints", "--state", state, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(versions.count == 3)
        #expect(versions.map { $0["active"] as? Bool } == [false, false, true])
        #expect(versions.map { $0["previous"] as? Bool } == [false, true, false])
        let second = try #require(versions[1]["id"] as? String)
        let third = try #require(versions[2]["id"] as? String)

        _ = try StateDirectory(state, access: .readWrite).openDatabase()  // the database a daemon would have made
        let rolled = try ActiveTuneBinary.run(["rollback", "--state", state])
        #expect(rolled.status == 0, "\(rolled.stderr)")
        #expect(rolled.stdout.contains("active model: \(second) (was \(third))"))
        // `status` says so: the active model is no longer the one the last round made.
        let status = try ActiveTuneBinary.run(["status", "--json", "--state", state])
        #expect(status.stdout.contains("\(second) (was \(third)) at"), "\(status.stdout)")

        let table = try ActiveTuneBinary.run(["checkpoints", "--state", state])
        #expect(table.stdout.contains("*  \(second)"))
        #expect(table.stdout.contains("-  \(third)"))
    }

    @Test func badArgumentsSayWhatToDo() throws {
        let missing = try ActiveTuneBinary.run(["checkpoints", "--state", "/nonexistent/state"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("HINT: pass the daemon's state directory with --state DIR"))
        let state = try Self.seededState()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let bogus = try ActiveTuneBinary.run(["rollback", "--state", state, "--to", "latest"])
        #expect(bogus.status != 0)
        #expect(bogus.stderr.contains("'latest' is not a checkpoint ID"))
        let unknown = try ActiveTuneBinary.run(["rollback", "--state", state, "--to", "000099-00000000"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("does not exist"))
    }
}
