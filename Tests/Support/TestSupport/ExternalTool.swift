import Foundation

/// Runs a tool to completion (lz4, the reference Python); a missing tool is an error that names it, so the test fails.
public struct ExternalTool {
    /// The tool is not installed.
    public struct Missing: Error, CustomStringConvertible {
        /// The tool's name or path.
        public var name: String
        public init(name: String) { self.name = name }
        public var description: String {
            "required tool '\(name)' was not found; run ./scripts/setup.sh --test, which installs what the tests use"
        }
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

    /// The executable `name` from PATH.
    public static func locate(_ name: String) throws -> URL {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw Missing(name: name) }
        return URL(fileURLWithPath: path)
    }

    /// Runs `name arguments...`, `name` found in PATH.
    public static func run(_ name: String, _ arguments: [String]) throws -> Output {
        try run(locate(name), arguments)
    }

    /// Runs `executable arguments...` to completion; stderr goes to a file so a chatty tool cannot block.
    public static func run(_ executable: URL, _ arguments: [String]) throws -> Output {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw Missing(name: executable.path) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let errorURL = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID()).err")
        guard FileManager.default.createFile(atPath: errorURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: errorURL.path])
        }
        defer { try? FileManager.default.removeItem(at: errorURL) }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try ChildLifetime.run(process)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}
