import Foundation

/// The real third-party task files the tests read: `shared/data` beside the checkout.
public enum SharedData {
    /// Thrown when `shared/data` is not above the test sources: the tests need the real files and say so.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    /// `shared/data`, found by walking up from `filePath` (worktrees and clean clones sit at different depths).
    public static func directory(filePath: String = #filePath) throws -> URL {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("niv2/tasks").path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "shared/data not found above \(filePath); the tests need the real task files")
    }

    /// The NIV2 task file of `name` (e.g. "task1364_hans_answer_generation").
    public static func niv2Task(_ name: String, filePath: String = #filePath) throws -> URL {
        try directory(filePath: filePath).appendingPathComponent("niv2/tasks/\(name).json")
    }
}
