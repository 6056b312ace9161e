import Foundation
import TestSupport

/// A subprocess the tests start, wait for, or kill: the crash child built next to the test bundle,
/// or a tool from PATH (a missing tool is an error naming it, so the test fails rather than skips).
final class ChildProcess {
    private let process = Process()
    private let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID()).err")

    /// Starts `executable arguments...` with stdout and stderr captured to files.
    init(_ executable: URL, _ arguments: [String], stdout: URL? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw ExternalTool.Missing(name: executable.path)
        }
        process.executableURL = executable
        process.arguments = arguments
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorURL.path])
        }
        process.standardError = try FileHandle(forWritingTo: errorURL)
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
        }
        try ChildLifetime.run(process)
    }

    deinit { try? FileManager.default.removeItem(at: errorURL) }

    /// The crash child: `CheckpointCrashChild` next to the test bundle.
    static var crashChild: URL {
        // On Linux the bundle URL is the build directory itself; elsewhere it is the `.xctest` inside it.
        var directory = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("CheckpointCrashChild")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("CheckpointCrashChild")
    }

    /// Sends SIGKILL if the child is still running (never to a reaped, possibly reused, pid).
    func kill() {
        if process.isRunning { _ = Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits for exit; returns the status (the signal number if killed) and stderr.
    func wait() -> (status: Int32, killed: Bool, stderr: String) {
        process.waitUntilExit()
        let text = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal, text)
    }

    /// Runs a tool to completion.
    static func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let result = try ChildProcess(ExternalTool.locate(name), arguments).wait()
        return (result.status, result.stderr)
    }
}
