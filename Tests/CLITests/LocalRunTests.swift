import Foundation
import Glibc
import TestSupport
import Testing

/// `make run` on a fresh clone (scripts/run-local.sh on the repository's own spool) claims nothing the repository
/// holds and writes only where .gitignore ignores, so `git status` stays clean.
@Suite(.serialized) struct LocalRunTests {
    static let root = ReferencePython.packageRoot

    @Test func aFreshLocalRunLeavesTheCheckoutClean() async throws {
        let tracked = try ExternalTool.run("git", ["-C", Self.root.path, "ls-files", "-z", "spool"])
        try #require(tracked.status == 0, "git ls-files: \(tracked.stderr)")
        let trackedFiles = tracked.stdout.split(separator: "\0").map { String($0.dropFirst("spool/".count)) }
        #expect(!trackedFiles.isEmpty, "the repository's spool/ should hold its README")

        // The repository's spool as a fresh clone has it, beside a state of its own.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("local-run-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let spool = scratch.appendingPathComponent("spool"), state = scratch.appendingPathComponent("state")
        for name in trackedFiles {
            let target = spool.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent("spool/" + name), to: target)
        }

        let process = Process()
        process.executableURL = Self.root.appendingPathComponent("scripts/run-local.sh")
        process.arguments = [ActiveTuneBinary.url.path, spool.path, state.path]
        process.currentDirectoryURL = Self.root
        let log = scratch.appendingPathComponent("run.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        var environment = ProcessInfo.processInfo.environment
        for key in ["INVOCATION_ID", "JOURNAL_STREAM", "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { environment[key] = nil }
        process.environment = environment
        try ChildLifetime.run(process)
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }

        let examples = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("examples/tasks").path)
            .filter { $0.hasSuffix(".json") }
        let done = spool.appendingPathComponent("done")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
              ((try? FileManager.default.contentsOfDirectory(atPath: done.path)) ?? []).count < examples.count {
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "run-local.sh ended with \(process.terminationStatus):\n\(output)")

        #expect(((try? FileManager.default.contentsOfDirectory(atPath: done.path)) ?? []).count == examples.count,
                "every example is accepted:\n\(output)")
        let failed = (try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("failed").path)) ?? []
        #expect(failed.isEmpty, "a fresh run refuses nothing, found \(failed)")
        for name in trackedFiles {
            let copy = try Data(contentsOf: spool.appendingPathComponent(name))
            #expect(copy == (try Data(contentsOf: Self.root.appendingPathComponent("spool/" + name))), "\(name) was moved or changed")
        }
        // Everything the run wrote lies where the repository's .gitignore ignores it.
        for (folder, directory) in [("spool", spool), ("state", state)] {
            let written = (FileManager.default.subpaths(atPath: directory.path) ?? []).map { "\(folder)/\($0)" }
                .filter { path in !trackedFiles.contains { "spool/\($0)" == path } }
            #expect(!written.isEmpty)
            let check = try ExternalTool.run("git", ["-C", Self.root.path, "check-ignore", "--no-index", "--verbose",
                                                     "--non-matching"] + written)
            let unignored = check.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
            #expect(unignored.isEmpty, "written but not ignored by .gitignore: \(unignored)")
        }
    }
}
