import Foundation
import Synchronization

/// The project's pinned Python for reference scripts: `.venv/bin/python`, made by `scripts/setup.sh --test`
/// from `Tests/requirements.txt`. Tests never run a `python3` from the PATH, whose packages are whatever that
/// machine happens to have.
public enum ReferencePython {
    /// The package root, found from this file (Tests/Support/TestSupport/ReferencePython.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.venv/bin/python` in the package root.
    public static var interpreter: URL { packageRoot.appendingPathComponent(".venv/bin/python") }

    /// The environment is missing or lacks a module a test needs; the message says how to make it.
    public struct Unavailable: Error, CustomStringConvertible {
        /// What is wrong.
        public var problem: String
        public var description: String {
            "\(problem). HINT: run ./scripts/setup.sh --test (it makes .venv from Tests/requirements.txt)"
        }
    }

    /// Modules already shown to import, so each is checked once per test process.
    private static let imported = Mutex<Set<String>>([])

    /// The interpreter, after checking that each of `modules` imports in it.
    public static func checked(importing modules: [String]) throws -> URL {
        guard FileManager.default.isExecutableFile(atPath: interpreter.path) else {
            throw Unavailable(problem: "the test Python environment \(interpreter.path) does not exist")
        }
        let needed = modules.filter { module in !imported.withLock { $0.contains(module) } }
        guard !needed.isEmpty else { return interpreter }
        let probe = try ExternalTool.run(interpreter, ["-c", needed.map { "import \($0)" }.joined(separator: "; ")])
        guard probe.status == 0 else {
            throw Unavailable(problem: "\(needed.joined(separator: ", ")) does not import in \(interpreter.path): "
                + (probe.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(probe.status)"))
        }
        imported.withLock { $0.formUnion(needed) }
        return interpreter
    }

    /// Runs `.venv/bin/python arguments...` to completion, first checking that `modules` import.
    public static func run(_ arguments: [String], importing modules: [String] = []) throws -> ExternalTool.Output {
        try ExternalTool.run(checked(importing: modules), arguments)
    }
}
