import Foundation

/// Runs a system tool for a test and collects its output.
struct Subprocess {
    /// The outcome of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package root, found from this file's path (Tests/SystemdTests/Subprocess.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `path ARGS...` to completion; throws `MissingTool` when the executable is absent.
    static func run(_ path: String, _ arguments: [String]) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingTool(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)")
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        // Files rather than pipes: a chatty tool can never block on a full pipe.
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: try String(contentsOf: outFile, encoding: .utf8),
                      stderr: try String(contentsOf: errFile, encoding: .utf8))
    }
}

/// A test needs a tool that is not installed; the test fails with this message.
struct MissingTool: Error, CustomStringConvertible {
    var path: String
    var description: String { "missing tool \(path). HINT: run ./scripts/setup.sh (installs the systemd package)" }
}
