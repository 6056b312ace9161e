import Foundation
import Testing

/// The project's shared real data (`shared/data`), found by walking up from this file,
/// since worktrees sit at different depths below the directory that holds it.
enum SharedData {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    static func directory(filePath: String = #filePath) throws -> URL {
        var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("niv2/tasks").path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        throw Missing(description: "shared/data not found above \(filePath); the tests need the real task files")
    }

    static func niv2Task(_ name: String) throws -> URL {
        try directory().appendingPathComponent("niv2/tasks/\(name).json")
    }

    static func niv2TaskFiles() throws -> [URL] {
        let dir = try directory().appendingPathComponent("niv2/tasks")
        return try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func selfInstruct() throws -> URL {
        try directory().appendingPathComponent("self-instruct/seed_tasks.jsonl")
    }

    /// The directory of this test target's committed reference files.
    static func reference(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Reference")
    }
}
