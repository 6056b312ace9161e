import Foundation

/// Runs a tool from PATH (python3, lz4); a missing tool is an error that names it, so the test fails.
public struct ExternalTool {
    /// The tool is not on PATH.
    public struct Missing: Error, CustomStringConvertible {
        /// The tool's name.
        public var name: String
        public var description: String { "required tool '\(name)' was not found in PATH; install it to run this test" }
    }

    /// The outcome of one run.
    public struct Output {
        /// The exit status.
        public var status: Int32
        /// Everything written to standard output.
        public var stdout: String
        /// Everything written to standard error.
        public var stderr: String
    }

    /// Runs `name arguments...` to completion; stderr goes to a file so a chatty tool cannot block.
    public static func run(_ name: String, _ arguments: [String]) throws -> Output {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw Missing(name: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID()).err")
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorURL.path])
        }
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}
